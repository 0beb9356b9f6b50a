"""What to tell the user about an operation that failed: never SQL, values or a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from therapist_desk.errors import UserError
from therapist_desk.store.disk_full import disk_full_error
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.server_faults import LostConnection, lost_connection

__all__ = [
    "DatabaseProblem",
    "ServerUnavailable",
    "as_user_error",
    "failure_message",
    "reaching_server",
    "server_unavailable",
]

UNREACHABLE = (
    "The practice server cannot be reached just now: check the network (the server may "
    "also be restarting). Everything saved before is safe on the server; try again in a "
    "moment."
)
REFUSED = (
    "The practice server no longer accepts your login: it may have been removed, or its "
    "password changed. Please ask the practice admin. Everything saved before is safe on "
    "the server."
)


class ServerUnavailable(UserError):
    """The practice server went away, or no longer accepts this login (``kind``): the
    operation changed nothing, and everything committed before is on the server."""

    def __init__(self, kind: LostConnection) -> None:
        super().__init__(UNREACHABLE if kind == "unreachable" else REFUSED)
        self.kind: LostConnection = kind

    @property
    def refused(self) -> bool:
        """Whether the server turned the login away (it will not come back by waiting)."""
        return self.kind == "refused"


def server_unavailable(err: BaseException) -> ServerUnavailable | None:
    """``err`` as a `ServerUnavailable`, or None if it is not a practice server lost."""
    if isinstance(err, ServerUnavailable):
        return err
    kind = lost_connection(err)
    return ServerUnavailable(kind) if kind is not None else None


@contextmanager
def reaching_server() -> Iterator[None]:
    """Raise a practice server lost inside the block as `ServerUnavailable` (not as the
    driver's error); every other error passes unchanged."""
    try:
        yield
    except Exception as err:
        lost = server_unavailable(err)
        if lost is None or lost is err:
            raise
        raise lost from None


def failure_message(err: BaseException) -> str:
    """The message for a failed operation, in words a person can act on.

    A full disk is said as such, with what to do, and so is a practice server that went
    away or turned the login away; a `UserError` is its own message.
    Anything else is named by its kind and the driver's own short message (SQLAlchemy
    adds the statement and its parameters, which may hold a client's answers).
    """
    known = disk_full_error(err, None) or server_unavailable(err)
    if known is not None:
        return str(known)
    if isinstance(err, UserError):
        return str(err)
    cause = getattr(err, "orig", None)
    detail = str(cause if isinstance(cause, BaseException) else err).strip()
    kind = f"Something went wrong: {type(err).__name__}"
    return f"{kind}: {detail.splitlines()[0]}" if detail else kind


def as_user_error(err: BaseException) -> UserError | None:
    """``err`` as a `UserError` to show (a full disk and a practice server lost included),
    or None if it is a bug."""
    known = disk_full_error(err, None) or server_unavailable(err)
    if known is not None:
        return known
    return err if isinstance(err, UserError) else None
