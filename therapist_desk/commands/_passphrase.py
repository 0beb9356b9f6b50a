"""The passphrase of an encrypted database, for commands run in a terminal or a script.

It is asked on the terminal (not echoed), or read from ``THERAPIST_DESK_PASSPHRASE`` for
scripts; it is never a command-line argument, where other users could read it in the
process list.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.store import driver

PASSPHRASE_ENV = "THERAPIST_DESK_PASSPHRASE"
_taken: list[str] = []


def take_from_environment() -> None:
    """Move the passphrase out of the environment (child processes never see it)."""
    given = os.environ.pop(PASSPHRASE_ENV, None)
    _taken[:] = [given] if given else []


def passphrase_for(path: Path) -> str | None:
    """The passphrase to open ``path`` with; ``None`` when it is not an encrypted file."""
    path = path.expanduser()
    if not path.is_file() or path.stat().st_size == 0 or driver.is_plain_sqlite(path):
        return None
    if not driver.could_be_encrypted(path):
        return None  # not a database at all: inspecting it says so
    given = os.environ.get(PASSPHRASE_ENV) or (_taken[0] if _taken else None)
    if given:
        return given
    if sys.stdin.isatty():
        try:
            return getpass.getpass(f"Passphrase for {path}: ")
        except (EOFError, KeyboardInterrupt):
            raise UserError("No passphrase given; nothing was done.") from None
    raise UserError(
        f"The database {path} is encrypted. Run the command in a terminal to be asked for "
        f"its passphrase, or set {PASSPHRASE_ENV} for a script."
    )
