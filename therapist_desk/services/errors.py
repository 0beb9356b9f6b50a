"""What to tell the user about an operation that failed: never SQL, values or a traceback."""

from __future__ import annotations

from therapist_desk.errors import UserError
from therapist_desk.store.disk_full import disk_full_error
from therapist_desk.store.errors import DatabaseProblem

__all__ = ["DatabaseProblem", "as_user_error", "failure_message"]


def failure_message(err: BaseException) -> str:
    """The message for a failed operation, in words a person can act on.

    A full disk is said as such, with what to do; a `UserError` is its own message.
    Anything else is named by its kind and the driver's own short message (SQLAlchemy
    adds the statement and its parameters, which may hold a client's answers).
    """
    full = disk_full_error(err, None)
    if full is not None:
        return str(full)
    if isinstance(err, UserError):
        return str(err)
    cause = getattr(err, "orig", None)
    detail = str(cause if isinstance(cause, BaseException) else err).strip()
    kind = f"Something went wrong: {type(err).__name__}"
    return f"{kind}: {detail.splitlines()[0]}" if detail else kind


def as_user_error(err: BaseException) -> UserError | None:
    """``err`` as a `UserError` to show (a full disk included), or None if it is a bug."""
    full = disk_full_error(err, None)
    if full is not None:
        return full
    return err if isinstance(err, UserError) else None
