"""``therapist-desk restore PATH``: put a backup back in place of the database."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "restore"
HELP = "replace the database with a backup (the backup is checked; the current file is kept)"
DESCRIPTION = (
    "Check the backup (an SQLite file that passes its integrity check and has a schema this "
    "app knows), move the current database aside as <name>.replaced-<time> (never deleted), "
    "and copy the backup in its place. Close the app first."
)
ORDER = 21


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``PATH``: the backup file to restore."""
    parser.add_argument("backup", metavar="PATH", type=Path, help="the backup file to restore")


def run(args: argparse.Namespace) -> int:
    """Restore and say where the previous file went."""
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.paths import default_db_path
    from therapist_desk.store.restore import restore_backup

    db_path = (args.db or default_db_path()).expanduser().absolute()
    aside = restore_backup(backup=args.backup, db_path=db_path, key=passphrase_for(args.backup))
    print(f"restored {args.backup.expanduser().absolute()} to {db_path}")
    if aside is not None:
        print(f"the previous database was kept as {aside}")
    return 0
