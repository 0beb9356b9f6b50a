"""What the practice's IT person does on the server: set it up, add and remove logins,
assign clients, and move a single-user practice's file onto it.

Each function connects with the owner's URL (the role that owns the practice's tables,
with CREATEROLE; docs/practice-server.md), except `assign`, which the practice admin may
run too. Roles: one login per clinician in ``therapist_desk_clinician``, practice admins
in ``therapist_desk_admin`` (migration 0011 makes both groups and every policy). Nothing
here is run by a clinician's app.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from therapist_desk.errors import UserError
from therapist_desk.store import migrate
from therapist_desk.store.server import (
    ServerAddress,
    ServerProblem,
    check_role_name,
    parse_url,
    server_problem,
)

CLINICIAN_GROUP = "therapist_desk_clinician"
ADMIN_GROUP = "therapist_desk_admin"
PASSWORD_BYTES = 18
UNASSIGNED = "(unassigned)"


@dataclass(frozen=True)
class Login:
    """A login role of the practice: a clinician or an admin, and how many clients."""

    name: str
    admin: bool
    clients: int


@contextmanager
def owner_engine(url: str, password: str | None = None) -> Iterator[Engine]:
    """An engine on the practice's database as the URL's user (the owner or an admin)."""
    from therapist_desk.store.database import open_server_database

    address, in_url = parse_url(url)
    database = open_server_database(address, password or in_url, as_owner=True)
    try:
        yield database.engine
    finally:
        database.engine.dispose()


@contextmanager
def _told(address: ServerAddress) -> Iterator[None]:
    """The server's refusals inside the block, as one sentence each."""
    try:
        yield
    except OperationalError as err:
        raise (server_problem(err, address) or _refused(err)) from None
    except DBAPIError as err:
        raise _refused(err) from None


def _refused(err: DBAPIError) -> UserError:
    state = getattr(err.orig, "sqlstate", None)
    if state == "42501":
        return UserError(
            "The server refused this: the login used has no right to do it. Use the "
            "practice owner's login (the one `server setup` was run with)."
        )
    first = str(err.orig).strip().splitlines()[0] if err.orig is not None else type(err).__name__
    return UserError(f"The server refused this ({first}). Nothing was changed.")


def setup(url: str, password: str | None = None) -> str:
    """Create or bring up to date the schema, the two groups and every policy; safe to
    run again. Returns the schema revision the database is now at."""
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address):
        with engine.connect() as connection:
            can = connection.exec_driver_sql(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
            ).scalar()
        if not can:
            raise ServerProblem(
                f"{address.user} cannot create the practice's roles (it needs CREATEROLE). "
                "Run setup with the practice owner's login (docs/practice-server.md).",
                kind="owner_login",
            )
        migrate.upgrade(engine)
        with engine.begin() as connection:
            _grant_connect(connection)
            _note_creator(connection)
            try:  # to end a removed clinician's open sessions; a superuser has it already
                with connection.begin_nested():
                    connection.exec_driver_sql("GRANT pg_signal_backend TO current_user")
            except DBAPIError:
                pass
    return migrate.head_revision()


def _grant_connect(connection: Connection) -> None:
    """Only the practice's groups may connect to its database (not copied by a template)."""
    connection.exec_driver_sql(
        "DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %%I FROM PUBLIC', "
        "current_database()); EXECUTE format('GRANT CONNECT ON DATABASE %%I TO "
        f"{CLINICIAN_GROUP}, {ADMIN_GROUP}', current_database()); END $$"
    )


def _note_creator(connection: Connection) -> None:
    from therapist_desk import __version__

    connection.execute(
        text(
            "INSERT INTO app_info (key, value) VALUES ('created_by', :by), "
            "('created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')) "
            "ON CONFLICT (key) DO NOTHING"
        ),
        {"by": f"Therapist Desk {__version__}"},
    )


def add_login(
    url: str,
    name: str,
    *,
    new_password: str | None = None,
    admin: bool = False,
    password: str | None = None,
) -> str:
    """Add a clinician's (or, with ``admin``, a practice admin's) login; its password.

    Run as the owner or a practice admin (through the database's ``td_add_login``, which
    runs as the owner: an admin never holds CREATEROLE). Without ``new_password`` a random
    one is made (shown once by the command). The login can connect only to this
    practice's database and has no privilege of its own: what it may see comes from its
    group's policies. A removed login's name is refused while clients are assigned to it.
    """
    check_role_name(name)
    address, _ = parse_url(url)
    new_password = new_password or secrets.token_urlsafe(PASSWORD_BYTES)
    with owner_engine(url, password) as engine, _told(address), engine.begin() as connection:
        if _role_exists(connection, name):
            raise UserError(f"There is already a login {name!r} on this server.")
        left = connection.execute(
            text("SELECT count(*) FROM client WHERE assigned_to = :n"), {"n": name}
        ).scalar_one()
        if left:
            raise UserError(
                f"{left} client(s) are still assigned to the removed login {name!r}: reassign "
                "them first (therapist-desk server assign), or choose another name."
            )
        connection.execute(
            text("SELECT td_add_login(:n, :p, :a)"), {"n": name, "p": new_password, "a": admin}
        )
    return new_password


def remove_login(url: str, name: str, *, password: str | None = None) -> int:
    """Remove a clinician's or admin's login; returns how many clients were theirs.

    Run as the owner or a practice admin (through ``td_remove_login``). Their clients
    stay, assigned to the removed name, until the practice admin reassigns them
    (`assign`). An app they have open is disconnected at once; it cannot connect again.
    """
    check_role_name(name)
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address), engine.begin() as connection:
        if not _role_exists(connection, name):
            raise UserError(f"There is no login {name!r} on this server.")
        if not _member_of(connection, name, CLINICIAN_GROUP, ADMIN_GROUP):
            raise UserError(f"{name!r} is not a clinician or admin login of this practice.")
        clients = connection.execute(text("SELECT td_remove_login(:n)"), {"n": name}).scalar_one()
    return int(clients)


def _role_exists(connection: Connection, name: str) -> bool:
    return bool(
        connection.execute(
            text("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :n)"), {"n": name}
        ).scalar()
    )


def logins(url: str, *, password: str | None = None) -> list[Login]:
    """Every clinician and admin login of the practice, with their number of clients."""
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address), engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT r.rolname, g.rolname = :a,"
                " (SELECT count(*) FROM client c WHERE c.assigned_to = r.rolname)"
                " FROM pg_roles r JOIN pg_auth_members m ON m.member = r.oid"
                " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname IN (:c, :a)"
                " ORDER BY r.rolname"
            ),
            {"c": CLINICIAN_GROUP, "a": ADMIN_GROUP},
        ).all()
    return [Login(name, bool(admin), int(count)) for name, admin, count in rows]


def assign(
    url: str,
    reference: str,
    clinician: str,
    *,
    actor: str | None = None,
    password: str | None = None,
) -> None:
    """Give the client ``reference`` to ``clinician`` (the admin's or the owner's act),
    with an ``assigned`` event in the audit trail (which records the role that did it)."""
    check_role_name(clinician)
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address), engine.begin() as connection:
        if not _is_clinician(connection, clinician):
            raise UserError(f"{clinician!r} is not a clinician login of this practice.")
        changed = connection.execute(
            text("UPDATE client SET assigned_to = :c WHERE reference = :r"),
            {"c": clinician, "r": reference},
        ).rowcount
        if not changed:
            raise UserError(f"There is no client with the reference {reference!r}.")
        connection.execute(
            text(
                "INSERT INTO audit_event (client_ref, action, at, actor, detail)"
                " VALUES (:r, 'assigned', now(), :actor, 'client reassigned')"
            ),
            {"r": reference, "actor": actor or address.user},
        )


def _member_of(connection: Connection, name: str, *groups: str) -> bool:
    """Whether the login ``name`` is in one of ``groups``."""
    return bool(
        connection.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON"
                " r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = :n"
                " AND g.rolname = ANY(:groups))"
            ),
            {"n": name, "groups": list(groups)},
        ).scalar()
    )


def _is_clinician(connection: Connection, name: str) -> bool:
    return _member_of(connection, name, CLINICIAN_GROUP)


def assignments(url: str, *, password: str | None = None) -> list[tuple[str, str, str]]:
    """(reference, display name, assigned to) of every client, for the admin's list."""
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address), engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT reference, display_name, coalesce(assigned_to, :u) FROM client"
                " ORDER BY display_name, reference"
            ),
            {"u": UNASSIGNED},
        ).all()
    return [(str(a), str(b), str(c)) for a, b, c in rows]


def move_from_sqlite(
    url: str,
    file: Path,
    *,
    clinician: str,
    key: str | None = None,
    password: str | None = None,
) -> dict[str, int]:
    """Copy a single-user practice's file onto the server, its clients ``clinician``'s.

    The file is only read (opened read-only). Rows get the server's own ids (several
    practices' files can be moved onto one server); the copy is one transaction, and
    the rows of every table are counted on both sides before it commits. Returns the
    counts. See `store.moving`.
    """
    from therapist_desk.store.moving import copy_file_to_server

    check_role_name(clinician)
    address, _ = parse_url(url)
    with owner_engine(url, password) as engine, _told(address), engine.begin() as connection:
        if not _is_clinician(connection, clinician):
            raise UserError(
                f"{clinician!r} is not a clinician login of this practice; add it first "
                "with: therapist-desk server add-clinician NAME"
            )
        return copy_file_to_server(file, key, connection, clinician)


def count_rows(connection: Any, table: str) -> int:
    """How many rows ``table`` holds (as the connected role may see them)."""
    return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
