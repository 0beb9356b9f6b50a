"""Errors whose message is meant for the person using the app.

A `UserError` says what is wrong and how to fix it. The CLI prints it as one line on
stderr and exits with `exit_code`; the GUI shows it in a dialog. Neither shows a
traceback.
"""


class UserError(Exception):
    """A problem the user can fix; `str(err)` is the whole message."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
