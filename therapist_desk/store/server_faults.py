"""A practice server lost while working: gone away, or no longer taking this login.

`server.server_problem` names what went wrong while *opening* a server. Once the app is
working on it, only two faults matter to the person at the keyboard: the server (or the
network to it) went away, and will likely come back; or the server turned this login
away (the practice admin removed it, or changed its password). `lost_connection` tells
either from a statement the server refused, which stays the caller's to report.

Only errors of the PostgreSQL driver are looked at: the embedded SQLite file never
"goes away", and its errors are read by `store.problems` and `store.disk_full`.
"""

from __future__ import annotations

from typing import Literal

LostConnection = Literal["unreachable", "refused"]

_REFUSED_STATES = frozenset({"28P01", "28000"})  # invalid password, invalid authorization
_REFUSED_WORDS = (
    "password authentication failed",
    "no password supplied",
    "is not permitted to log in",
)


def _related(err: BaseException) -> list[BaseException]:
    """``err`` and every error it wraps, was raised from, or was raised while handling
    (a rollback on a dead connection fails too, while the first failure is handled)."""
    found: list[BaseException] = []
    waiting: list[object] = [err]
    while waiting:
        current = waiting.pop()
        if not isinstance(current, BaseException) or any(current is e for e in found):
            continue
        found.append(current)
        waiting += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return found


def _from_postgresql(chain: list[BaseException]) -> bool:
    return any(type(e).__module__.split(".")[0] == "psycopg" for e in chain)


def lost_connection(err: BaseException) -> LostConnection | None:
    """``"unreachable"`` when the server went away (or cannot be reached), ``"refused"``
    when it no longer accepts this login, None for anything else (a refused statement,
    a bug, or any error of the embedded SQLite file)."""
    chain = _related(err)
    if not _from_postgresql(chain):
        return None
    from therapist_desk.store.server import is_disconnect  # loaded with the server's engine

    states = {getattr(e, "sqlstate", None) for e in chain}
    text = " ".join(str(e).lower() for e in chain)
    if states & _REFUSED_STATES or any(words in text for words in _REFUSED_WORDS):
        return "refused"
    if "role" in text and "does not exist" in text:
        return "refused"
    return "unreachable" if any(is_disconnect(e) for e in chain) else None
