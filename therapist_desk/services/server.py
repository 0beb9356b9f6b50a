"""The practice server, for the window: its address from the settings, its password in
the system keyring, and a test connection that says what it found.

A group practice keeps its records in one PostgreSQL database that each clinician's app
reaches with their own login (docs/practice-server.md). The password is never written
to the settings file: it is kept in the system keyring under the server's address
(`ServerAddress.keyring_name`), or asked at each start where there is no keyring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.settings import Settings, load_settings
from therapist_desk.sharing import secrets
from therapist_desk.store.server import (
    DEFAULT_DATABASE,
    DEFAULT_PORT,
    ServerAddress,
    ServerProblem,
    ServerProblemKind,
    is_server_url,
    parse_url,
    server_problem,
)

__all__ = [
    "DEFAULT_DATABASE",
    "DEFAULT_PORT",
    "ConnectionCheck",
    "ServerAddress",
    "ServerProblem",
    "ServerProblemKind",
    "address_from_settings",
    "address_settings",
    "check_connection",
    "configured_server",
    "forget_password",
    "is_server_url",
    "keyring_available",
    "parse_url",
    "problem_while_opening",
    "remember_password",
    "saved_password",
    "server_at_start",
]


def address_from_settings(settings: Settings) -> ServerAddress | None:
    """The server named in Settings › Practice server, or ``None`` without a host and user."""
    host, user = settings.server_host.strip(), settings.server_user.strip()
    if not host or not user:
        return None
    return ServerAddress(
        host=host,
        user=user,
        port=settings.server_port,
        database=settings.server_database.strip() or DEFAULT_DATABASE,
        sslmode=settings.server_sslmode or None,
        sslrootcert=str(Path(root).expanduser())
        if (root := settings.server_sslrootcert.strip())
        else None,
    )


def configured_server(settings: Settings) -> ServerAddress | None:
    """The server the app opens at start, if the settings say to use one."""
    return address_from_settings(settings) if settings.use_server else None


def server_at_start(db_path: Path | None) -> tuple[ServerAddress, None] | None:
    """The server the app opens at start (and no password yet): the one the settings
    name, unless a file was given (``--db``) or the settings cannot be read (which is
    said as the file is opened)."""
    if db_path is not None:
        return None
    try:
        address = configured_server(load_settings())
    except UserError:
        return None
    return None if address is None else (address, None)


def address_settings(address: ServerAddress) -> dict[str, Any]:
    """The settings fields that name ``address`` (to keep a server given on the command
    line, or to show it in Settings)."""
    return {
        "server_host": address.host,
        "server_port": address.port,
        "server_database": address.database,
        "server_user": address.user,
        "server_sslmode": address.sslmode or "",
        "server_sslrootcert": address.sslrootcert or "",
    }


def keyring_available() -> bool:
    """Whether this computer has a system keyring to keep the password in."""
    return secrets.keyring_available()


def saved_password(address: ServerAddress) -> str | None:
    """The password kept in the system keyring for ``address``, if any."""
    return secrets.get_password(address.keyring_name())


def remember_password(address: ServerAddress, password: str) -> bool:
    """Keep ``password`` for ``address`` in the system keyring; whether it was kept."""
    return secrets.store_password(address.keyring_name(), password)


def forget_password(address: ServerAddress) -> None:
    """Remove the password kept for ``address`` (quiet if there is none)."""
    secrets.forget_password(address.keyring_name())


@dataclass(frozen=True)
class ConnectionCheck:
    """What a test connection found: ``kind`` is ``None`` when the practice's database is
    ready for this login, a `ServerProblem` kind when not, ``"failed"`` for anything else;
    ``message`` is the full explanation."""

    kind: ServerProblemKind | str | None
    message: str

    @property
    def ok(self) -> bool:
        """Whether the app can open the practice on this server as this login."""
        return self.kind is None


def check_connection(address: ServerAddress, password: str | None) -> ConnectionCheck:
    """Connect to ``address`` as its user, check the database as the app would open it,
    and disconnect (slow: run it off the UI thread). Never raises for a server problem."""
    from therapist_desk.store.database import open_server_database

    try:
        database = open_server_database(address, password)
    except ServerProblem as problem:
        return ConnectionCheck(problem.kind, str(problem))
    except UserError as err:
        return ConnectionCheck("failed", str(err))
    database.engine.dispose()
    return ConnectionCheck(
        None, f"Connected to {address.host} as {address.user}: the practice's records are ready."
    )


def problem_while_opening(err: BaseException, address: ServerAddress) -> ServerProblem:
    """``err`` (from reading the server) as the one message for its kind; a failure that
    is not about connecting is said as the server not being usable now."""
    return server_problem(err, address) or ServerProblem(
        f"The practice server at {address.host}:{address.port} did not answer as expected. "
        "Try again; if it happens again, tell the practice's IT person.",
        kind="unreachable",
    )
