"""The password of a practice server login, for commands run in a terminal or a script.

In the URL (``postgresql://user:password@host/db``, for a script on a trusted machine),
in ``THERAPIST_DESK_SERVER_PASSWORD`` (taken out of the environment at start, so no
child process inherits it), in the system keyring where the app remembered it, or asked
on the terminal (not echoed). Never a command-line argument of its own.
"""

from __future__ import annotations

import getpass
import os
import sys

from therapist_desk.errors import UserError
from therapist_desk.store.server import ServerAddress

PASSWORD_ENV = "THERAPIST_DESK_SERVER_PASSWORD"
_taken: list[str] = []


def take_from_environment() -> None:
    """Move the server password out of the environment (child processes never see it)."""
    given = os.environ.pop(PASSWORD_ENV, None)
    _taken[:] = [given] if given else []


def password_for(address: ServerAddress, in_url: str | None) -> str:
    """The password to connect to ``address`` with, from the first place that has one."""
    if in_url:
        return in_url
    given = os.environ.get(PASSWORD_ENV) or (_taken[0] if _taken else None)
    if given:
        return given
    from therapist_desk.sharing import secrets

    kept = secrets.get_password(address.keyring_name())
    if kept:
        return kept
    if sys.stdin.isatty():
        try:
            return getpass.getpass(f"Password for {address.describe()}: ")
        except (EOFError, KeyboardInterrupt):
            raise UserError("No password given; nothing was done.") from None
    raise UserError(
        f"The practice server asks for the password of {address.user}. Run the command in "
        f"a terminal to be asked for it, or set {PASSWORD_ENV} for a script."
    )
