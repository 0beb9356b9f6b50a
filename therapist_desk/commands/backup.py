"""``therapist-desk backup [--to PATH]``: a consistent copy of the database, now."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "backup"
HELP = "copy the database to the backups folder (or to --to PATH) and print where"
DESCRIPTION = (
    "Make a consistent copy of the database with SQLite's backup API. Without --to, the "
    "copy goes to the backups folder beside the database and old backups are rotated. The "
    "file is checked first; a damaged file is not copied. While the app is open, use its "
    "Settings > Back up now instead (the command waits for the practice lock)."
)
ORDER = 20
HOLDER = "`therapist-desk backup`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--to PATH``: write the backup there instead of the backups folder."""
    parser.add_argument(
        "--to", metavar="PATH", type=Path, help="write the backup to this file instead"
    )


def run(args: argparse.Namespace) -> int:
    """Check the database, copy it, print the backup's path."""
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.commands._practice import db_path_of, file_only, told
    from therapist_desk.errors import UserError
    from therapist_desk.services.backups import back_up_file
    from therapist_desk.store.lock import COMMAND_WAIT_SECONDS, take_lock

    file_only(args, "`therapist-desk backup`")

    db_path = db_path_of(args)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise UserError(f"There is no database at {db_path} to back up.")
    key = passphrase_for(db_path)
    target = args.to.expanduser().absolute() if args.to else None
    if target is not None and target.exists() and not target.is_dir():
        raise UserError(f"{target} already exists; choose a new file name for the backup.")
    with take_lock(db_path, holder=HOLDER, wait=COMMAND_WAIT_SECONDS), told(db_path):
        made = back_up_file(db_path=db_path, key=key, to=target)
    print(made)
    return 0
