"""The practice server: where a PostgreSQL database is, how to reach it, what went wrong.

One therapist on one laptop keeps the embedded SQLite file; a group practice keeps one
PostgreSQL database that every clinician's app connects to with their own login role
(docs/practice-server.md). This module knows the address (`ServerAddress`), makes the
engine (psycopg 3, TLS verified for any host but this machine) and turns the driver's
errors into one sentence each (`server_problem`). Nothing here runs SQLite-only SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlmodel import create_engine

from therapist_desk.errors import UserError

DEFAULT_PORT = 5432
DEFAULT_DATABASE = "therapist_desk"
CONNECT_TIMEOUT_S = 5
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
"""A login role this app creates or names: lower case, so it is never quoted differently."""

ServerProblemKind = Literal[
    "unreachable",
    "wrong_password",
    "certificate",
    "no_login",
    "no_database",
    "old_schema",
    "newer_schema",
    "not_set_up",
    "owner_login",
]


class ServerProblem(UserError):
    """The practice server cannot be used as asked; ``kind`` says why (one sentence each)."""

    def __init__(self, message: str, *, kind: ServerProblemKind) -> None:
        super().__init__(message)
        self.kind: ServerProblemKind = kind


@dataclass(frozen=True)
class ServerAddress:
    """Where the practice's database is and who connects: never the password.

    ``sslmode`` None means the safe default: ``verify-full`` (the server's certificate
    checked against ``sslrootcert``, or the system's authorities, and its name against
    the host) for any host but this machine, ``prefer`` on this machine.
    """

    host: str
    user: str
    port: int = DEFAULT_PORT
    database: str = DEFAULT_DATABASE
    sslmode: str | None = None
    sslrootcert: str | None = None

    @property
    def local(self) -> bool:
        """Whether the server is on this machine (a local host name or a socket folder)."""
        return self.host in LOCAL_HOSTS or self.host.startswith("/")

    @property
    def effective_sslmode(self) -> str:
        """The TLS mode used: the one asked for, else ``verify-full`` unless local."""
        return self.sslmode or ("prefer" if self.local else "verify-full")

    def describe(self) -> str:
        """How the server is named in messages: ``user@host:port/database``."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def keyring_name(self) -> str:
        """The name its password is kept under in the system keyring."""
        return f"postgresql://{self.describe()}"

    def url(self, password: str | None) -> URL:
        """The SQLAlchemy URL (psycopg 3) with ``password``; never logged or shown."""
        query: dict[str, str] = {"sslmode": self.effective_sslmode}
        if self.sslrootcert:
            query["sslrootcert"] = self.sslrootcert
        socket_dir = self.host.startswith("/")
        if socket_dir:
            query["host"] = self.host
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password,
            host=None if socket_dir else self.host,
            port=self.port,
            database=self.database,
            query=query,
        )

    def as_user(self, user: str) -> ServerAddress:
        """The same server, another login."""
        return replace(self, user=user)


def is_server_url(text: str) -> bool:
    """Whether ``text`` names a PostgreSQL server rather than a file."""
    return text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def parse_url(text: str) -> tuple[ServerAddress, str | None]:
    """The address and the password (if the URL holds one) of ``postgresql://…``.

    Raises `UserError` saying what is wrong with the URL and what one looks like.
    """
    example = "postgresql://USER@HOST:5432/DATABASE"
    if not is_server_url(text):
        raise UserError(f"A practice server URL starts with postgresql://, for example {example}.")
    try:
        parts = urlsplit(text)
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise UserError(
            "The practice server URL is not valid (the port must be a number); "
            f"for example {example}."
        ) from None
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = parts.hostname or query.get("host", "")
    user = unquote(parts.username or "")
    if not host or not user:
        missing = "host name" if not host else "user name"
        raise UserError(f"The practice server URL has no {missing}; for example {example}.")
    sslmode = query.get("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise UserError(f"sslmode must be one of {', '.join(SSL_MODES)} (it was {sslmode!r}).")
    database = unquote(parts.path.lstrip("/")) or DEFAULT_DATABASE
    address = ServerAddress(
        host=host,
        user=user,
        port=port,
        database=database,
        sslmode=sslmode,
        sslrootcert=query.get("sslrootcert"),
    )
    password = unquote(parts.password) if parts.password is not None else None
    return address, password


def make_server_engine(address: ServerAddress, password: str | None) -> Engine:
    """An engine on the practice server: psycopg 3, a short connect timeout, TLS as
    `ServerAddress.effective_sslmode` says, each pooled connection checked before use
    (a server that restarted is reconnected to, not reported as an error)."""
    return create_engine(
        address.url(password),
        hide_parameters=True,  # error messages never quote what a client said
        pool_pre_ping=True,
        pool_size=3,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "Therapist Desk",
            # Timestamps written as naive UTC text (the hot paths) are read as UTC.
            "options": "-c TimeZone=UTC",
            # A network that drops silently (nothing refused) is noticed in seconds, not
            # after the system's TCP timeout of minutes: the save that meets it waits.
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 2,
            "keepalives_count": 3,
            "tcp_user_timeout": 8000,
        },
    )


def password_accepted(address: ServerAddress, password: str) -> bool | None:
    """Whether the server takes ``password`` for ``address.user`` (it connects to ask);
    ``None`` when it could not tell (unreachable, or another problem than the password)."""
    from sqlalchemy.exc import OperationalError

    engine = make_server_engine(address, password)
    try:
        with engine.connect():
            return True
    except OperationalError as err:
        problem = server_problem(err, address)
        return False if problem is not None and problem.kind == "wrong_password" else None
    finally:
        engine.dispose()


def check_role_name(name: str) -> str:
    """``name`` if it can be a clinician's login role, else a `UserError` saying why."""
    if not ROLE_NAME.fullmatch(name):
        raise UserError(
            f"{name!r} cannot be a login name: use 1 to 63 lower-case letters, digits or "
            "underscores, starting with a letter (for example dr_lee)."
        )
    if name.startswith(("pg_", "td_")):
        raise UserError(f"{name!r} cannot be a login name: pg_ and td_ names are reserved.")
    return name


def _chain(err: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = err
    while current is not None and current not in found:
        found.append(current)
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return found


def _sqlstate(err: BaseException) -> str | None:
    for current in _chain(err):
        state = getattr(current, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def is_disconnect(err: BaseException) -> bool:
    """Whether ``err`` means the server went away (not that it refused what was asked)."""
    if getattr(err, "connection_invalidated", False):
        return True
    state = _sqlstate(err)
    if state is not None:
        return state.startswith(("08", "57P"))  # connection exception, admin shutdown
    text = " ".join(str(e).lower() for e in _chain(err))
    return any(
        words in text
        for words in (
            "connection refused",
            "server closed the connection",
            "connection timeout",
            "could not connect",
            "terminating connection",
            "consuming input failed",
            "connection is closed",
            "the connection is lost",
        )
    )


def server_problem(err: BaseException, address: ServerAddress) -> ServerProblem | None:
    """The one message for a failed connection to ``address``, or ``None`` if ``err`` is
    not about connecting (a refused statement is the caller's to report)."""
    state = _sqlstate(err)
    text = " ".join(str(e).lower() for e in _chain(err))
    where = address.describe()
    if state == "28P01" or "password authentication failed" in text:
        return ServerProblem(
            f"The practice server refused the password for {address.user} ({where}). "
            "Type it again; if it still fails, ask the practice's IT person (the password "
            "may have been reset, or the login removed).",
            kind="wrong_password",
        )
    if "no password supplied" in text:
        return ServerProblem(
            f"The practice server asks for a password for {address.user}; give it in "
            "Settings › Practice server or when asked.",
            kind="wrong_password",
        )
    if state == "28000" or ("role" in text and "does not exist" in text):
        return ServerProblem(
            f"The practice server has no login {address.user!r} ({where}): it may have been "
            "removed. Ask the practice admin; the clients stay on the server.",
            kind="no_login",
        )
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return ServerProblem(
            f"The practice server has no database {address.database!r}. Check the name, or ask "
            "the IT person to run: therapist-desk server setup --url …",
            kind="no_database",
        )
    if "certificate" in text or ("ssl" in text and "verify" in text):
        return ServerProblem(
            f"The practice server's certificate could not be verified for {address.host}: "
            "the connection was not made, and nothing was sent. Give the practice's CA "
            "certificate (sslrootcert) or ask the IT person.",
            kind="certificate",
        )
    if "server does not support ssl" in text:
        return ServerProblem(
            f"The practice server at {address.host} does not offer an encrypted connection, "
            "so none was made. Ask the IT person to switch TLS on.",
            kind="certificate",
        )
    if is_disconnect(err) or "could not translate host name" in text or "timeout" in text:
        return ServerProblem(
            f"The practice server at {address.host}:{address.port} cannot be reached. "
            "Check the network and that the server is running, then try again.",
            kind="unreachable",
        )
    return None


def is_postgresql(engine: Engine) -> bool:
    """Whether ``engine`` is on a practice server (else the embedded SQLite file)."""
    return engine.dialect.name == "postgresql"


def connection_facts(connection: Any) -> tuple[bool, bool, bool]:
    """(superuser, bypasses row security, owns tables) of the connected login role."""
    row = connection.exec_driver_sql(
        "SELECT r.rolsuper, r.rolbypassrls, EXISTS ("
        " SELECT 1 FROM pg_tables t WHERE t.schemaname = current_schema()"
        " AND t.tableowner = current_user)"
        " FROM pg_roles r WHERE r.rolname = current_user"
    ).one()
    return bool(row[0]), bool(row[1]), bool(row[2])
