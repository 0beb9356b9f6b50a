"""A group practice on a PostgreSQL server: whose clients, who acted, who may see what.

On both dialects: ``client.assigned_to`` (the login role of the clinician whose client it
is; NULL on the embedded file, where there is one user), ``audit_event.db_role`` (the
login role that acted), and the audit action ``assigned``. SQLite copies ``audit_event``
for its CHECK constraint (batch mode), keeping every row; nothing else changes there.

On PostgreSQL only, access is decided in the database, keyed on the connected login role
(``current_user``), never on a setting a client could change for itself:

- two group roles, ``therapist_desk_clinician`` and ``therapist_desk_admin`` (created if
  missing; login roles are added to them by ``therapist-desk server add-clinician``);
- row-level security on every table with client data: a clinician reads, changes,
  searches and counts only the clients assigned to them, and everything hanging from
  those clients; a new client is theirs (a trigger fills ``assigned_to``), and a row
  claiming another clinician's client is refused;
- the practice admin reads the client list (names, not answers), reassigns clients and
  records that in the audit trail; they have no privilege on any table holding answers;
  they add and remove logins only through two functions that run as the owner
  (``td_add_login``, ``td_remove_login``), never with CREATEROLE of their own (which on
  PostgreSQL 15 could reset a clinician's password); a removed login's name cannot be
  given again while clients are still assigned to it;
- ``audit_event.db_role`` is set by a trigger to the role that inserted it (not forgeable);
- the completed-intake triggers of 0002 keep protecting data, whoever is connected;
- partial, accent-insensitive search keeps its indexes: a clinician's list is read
  through ``(assigned_to, last_activity_at, id)``, in the list's order; ``LIKE`` is not a
  leakproof operator, so under row security PostgreSQL filters that clinician's rows
  with it rather than use an index on the text. A trigram index (``pg_trgm``) on the
  normalised ``search_key`` serves searches not narrowed by row security (the owner's).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

CLINICIAN = "therapist_desk_clinician"
ADMIN = "therapist_desk_admin"
BEFORE = (
    'created', 'completed', 'amended', 'exported', 'printed', 'emailed', 'archived',
    'unarchived', 'erased', 'viewed', 'overridden',
)
ADDED = ('assigned',)
CLIENT_TABLES = (
    "client", "participant", "intake", "answer", "decision", "recommendation_snapshot",
    "score_snapshot", "consent_record", "audit_event",
)
_OWN_INTAKE = (
    "EXISTS (SELECT 1 FROM intake i JOIN client c ON c.id = i.client_id"
    " WHERE i.id = {table}.intake_id AND c.assigned_to = current_user)"
)
_OWN_CLIENT = (
    "EXISTS (SELECT 1 FROM client c WHERE c.id = {table}.client_id"
    " AND c.assigned_to = current_user)"
)
_IS_CLINICIAN = (
    "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
    f" JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = '{CLINICIAN}'"
    " AND r.rolname = assigned_to)"
)
POLICIES = {
    "client": "assigned_to = current_user",
    "participant": _OWN_CLIENT.format(table="participant"),
    "intake": _OWN_CLIENT.format(table="intake"),
    **{
        table: _OWN_INTAKE.format(table=table)
        for table in (
            "answer", "decision", "recommendation_snapshot", "score_snapshot", "consent_record"
        )
    },
}
_AUDIT_VISIBLE = (
    "db_role = current_user OR EXISTS (SELECT 1 FROM client c"
    " WHERE c.reference = audit_event.client_ref AND c.assigned_to = current_user)"
)
_ADMIN_CLIENT_COLUMNS = (
    "id, reference, kind, display_name, search_key, assigned_to, created_at, "
    "last_activity_at, archived_at"
)


def _allow(actions: tuple[str, ...]) -> str:
    return "action IN (" + ", ".join(f"'{a}'" for a in actions) + ")"


def _replace_check(actions: tuple[str, ...]) -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_audit_event_action'), type_='check')
        batch_op.create_check_constraint(op.f('ck_audit_event_action'), _allow(actions))


def _ensure_role(name: str) -> None:
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN "
        f"CREATE ROLE {name} NOLOGIN; END IF; END $$"
    )


def _postgresql_upgrade() -> None:
    _ensure_role(CLINICIAN)
    _ensure_role(ADMIN)
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_client_search_trgm ON client USING gin (search_key gin_trgm_ops)"
    )
    op.create_index(
        "ix_client_assigned_activity", "client", ["assigned_to", "last_activity_at", "id"]
    )
    op.execute("""
        CREATE FUNCTION td_client_owner() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.assigned_to := coalesce(NEW.assigned_to, current_user);
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_client_owner BEFORE INSERT ON client
        FOR EACH ROW EXECUTE FUNCTION td_client_owner()""")
    op.execute("""
        CREATE FUNCTION td_audit_role() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.db_role := current_user;
            RETURN NEW;
        END $$;
        CREATE TRIGGER trg_audit_role BEFORE INSERT OR UPDATE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION td_audit_role()""")
    # Nobody else may connect to the practice's database or make tables in it.
    op.execute("DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', "
               "current_database()); END $$")
    op.execute(f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {CLINICIAN}, "
               f"{ADMIN}', current_database()); END $$")
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {CLINICIAN}, {ADMIN}")
    tables = ", ".join(CLIENT_TABLES)
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {CLINICIAN}")
    op.execute(f"GRANT SELECT, INSERT ON consent_version TO {CLINICIAN}")
    op.execute(f"GRANT SELECT ON app_info, alembic_version TO {CLINICIAN}, {ADMIN}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {CLINICIAN}")
    op.execute(f"GRANT SELECT ({_ADMIN_CLIENT_COLUMNS}), UPDATE (assigned_to) ON client TO {ADMIN}")
    op.execute(f"GRANT SELECT, INSERT ON audit_event TO {ADMIN}")
    op.execute(f"GRANT USAGE, SELECT ON SEQUENCE audit_event_id_seq TO {ADMIN}")
    for table in CLIENT_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY td_owner_all ON {table} TO CURRENT_USER USING (true) WITH CHECK (true)"
        )
    for table, condition in POLICIES.items():
        op.execute(
            f"CREATE POLICY td_clinician ON {table} TO {CLINICIAN}"
            f" USING ({condition}) WITH CHECK ({condition})"
        )
    op.execute(
        f"CREATE POLICY td_clinician ON audit_event TO {CLINICIAN}"
        f" USING ({_AUDIT_VISIBLE}) WITH CHECK (db_role = current_user)"
    )
    op.execute(
        f"CREATE POLICY td_admin ON client TO {ADMIN} USING (true)"
        f" WITH CHECK (assigned_to IS NULL OR {_IS_CLINICIAN})"
    )
    op.execute(f"CREATE POLICY td_admin_read ON audit_event FOR SELECT TO {ADMIN} USING (true)")
    op.execute(
        f"CREATE POLICY td_admin_write ON audit_event FOR INSERT TO {ADMIN}"
        " WITH CHECK (db_role = current_user)"
    )
    op.execute(_LOGIN_FUNCTIONS)


_LOGIN_FUNCTIONS = f"""
    CREATE FUNCTION td_add_login(name text, password text, admin boolean) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    BEGIN
        IF name !~ '^[a-z][a-z0-9_]{{0,62}}$' OR name ~ '^(pg_|td_)' THEN
            RAISE EXCEPTION 'not a login name this practice can use' USING ERRCODE = '22023';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
            RAISE EXCEPTION 'there is already a login %', name USING ERRCODE = '42710';
        END IF;
        IF EXISTS (SELECT 1 FROM client WHERE assigned_to = name) THEN
            RAISE EXCEPTION 'clients of a removed login % are still assigned to it', name
                USING ERRCODE = '42710';
        END IF;
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOBYPASSRLS NOCREATEDB'
                       ' NOCREATEROLE IN ROLE %I', name, password,
                       CASE WHEN admin THEN '{ADMIN}' ELSE '{CLINICIAN}' END);
    END $$;
    CREATE FUNCTION td_remove_login(name text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    DECLARE clients bigint;
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member
                       JOIN pg_roles g ON g.oid = m.roleid
                       WHERE r.rolname = name AND g.rolname IN ('{CLINICIAN}', '{ADMIN}')) THEN
            RAISE EXCEPTION 'no clinician or admin login %', name USING ERRCODE = '42704';
        END IF;
        IF name = session_user THEN
            RAISE EXCEPTION 'a login cannot remove itself' USING ERRCODE = '42501';
        END IF;
        SELECT count(*) INTO clients FROM client WHERE assigned_to = name;
        EXECUTE format('ALTER ROLE %I NOLOGIN', name);
        BEGIN
            PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = name;
        EXCEPTION WHEN insufficient_privilege THEN
            NULL;  -- without pg_signal_backend: their next statement fails instead
        END;
        EXECUTE format('DROP ROLE %I', name);
        RETURN clients;
    END $$;
    REVOKE ALL ON FUNCTION td_add_login(text, text, boolean), td_remove_login(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION td_add_login(text, text, boolean), td_remove_login(text)
        TO {ADMIN};
"""


def upgrade() -> None:
    op.add_column("client", sa.Column("assigned_to", sa.String(length=63), nullable=True))
    op.add_column("audit_event", sa.Column("db_role", sa.String(length=63), nullable=True))
    _replace_check(BEFORE + ADDED)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()


def _postgresql_downgrade() -> None:
    op.execute("DROP FUNCTION IF EXISTS td_add_login(text, text, boolean)")
    op.execute("DROP FUNCTION IF EXISTS td_remove_login(text)")
    for table in CLIENT_TABLES:
        for policy in ("td_owner_all", "td_clinician", "td_admin", "td_admin_read",
                       "td_admin_write"):
            op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP TRIGGER IF EXISTS trg_audit_role ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS td_audit_role()")
    op.execute("DROP TRIGGER IF EXISTS trg_client_owner ON client")
    op.execute("DROP FUNCTION IF EXISTS td_client_owner()")
    op.drop_index("ix_client_assigned_activity", table_name="client")
    op.execute("DROP INDEX IF EXISTS ix_client_search_trgm")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_downgrade()
    op.execute("DELETE FROM audit_event WHERE action = 'assigned'")
    _replace_check(BEFORE)
    op.execute("ALTER TABLE audit_event DROP COLUMN db_role")  # SQLite 3.35+: in place
    op.execute("ALTER TABLE client DROP COLUMN assigned_to")
