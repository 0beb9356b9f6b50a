"""``therapist-desk restore PATH``: put a backup back in place of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "restore"
HELP = "replace the database with a backup (the backup is checked; the current file is kept)"
DESCRIPTION = (
    "Check the backup (an SQLite file that passes its integrity check and has a schema this "
    "app knows), keep the current database aside as <name>.replaced-<time> (never deleted), "
    "and swap a copy of the backup in its place in one step. A plain backup restored into "
    "an encrypted practice is encrypted with the practice's passphrase. Close the app "
    "first: the command refuses while it is open."
)
ORDER = 21


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``PATH``: the backup file to restore."""
    parser.add_argument("backup", metavar="PATH", type=Path, help="the backup file to restore")


def run(args: argparse.Namespace) -> int:
    """Restore and say where the previous file went."""
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.commands._practice import db_path_of, file_only, told
    from therapist_desk.services.backups import restore_backup
    from therapist_desk.store import driver

    file_only(args, "`therapist-desk restore`")

    db_path = db_path_of(args)
    backup_key = passphrase_for(args.backup)
    practice_key = None
    if args.backup.is_file() and driver.is_plain_sqlite(args.backup):
        practice_key = passphrase_for(db_path)  # to encrypt the restored copy, if encrypted
    with told(db_path):
        aside = restore_backup(
            backup=args.backup, db_path=db_path, key=backup_key, practice_key=practice_key
        )
    print(f"restored {args.backup.expanduser().absolute()} to {db_path}")
    if aside is not None:
        print(f"the previous database was kept as {aside}")
    return 0
