"""A clinician's search on a practice server: only their own clients, read quickly.

Row security narrows a clinician's client list to ``assigned_to = current_user``; since
0012 the index ``ix_client_assigned_activity`` serves that condition, in the list's
order, so a keystroke reads that clinician's clients and not the whole practice's
(docs/benchmarks.md, "Practice server"). What each clinician sees is unchanged. A
keystroke's query runs in autocommit, and leaves its pooled connection as it found it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from pg_cluster import OWNER, OWNER_PASSWORD, Cluster, clinician_url

from therapist_desk.demo.practice import in_turn, plan_practice
from therapist_desk.intake import load_catalogue
from therapist_desk.store import migrate, server_admin
from therapist_desk.store.bulk import add_clients
from therapist_desk.store.database import open_server_database
from therapist_desk.store.search import count_lines, like_pattern, page_sql, search_lines
from therapist_desk.store.server import parse_url
from therapist_desk.store.session import new_session
from therapist_desk.store.sql_style import in_style


@pytest.fixture
def practice(pg_cluster: Cluster, pg_database: str) -> Iterator[str]:
    """The owner's URL of a test database holding 12 clients, 6 each for dr_ada and dr_ben."""
    url = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    planned = in_turn(plan_practice(load_catalogue(), clients=12, seed=2), ("dr_ada", "dr_ben"))
    with server_admin.owner_engine(url) as engine:
        add_clients(engine=engine, clients=planned, actor="Demo data")
    yield url


def plan_of(connection: psycopg.Connection[Any], query: str) -> str:
    """The plan of one page of the search for ``query``, with every scan but an index
    scan ruled out: the question is whether the index can serve it at all."""
    connection.execute("SET enable_seqscan = off")
    connection.execute("SET enable_bitmapscan = off")
    sql = in_style(page_sql(True, False), "pyformat")
    rows = connection.execute(f"EXPLAIN {sql}", (like_pattern(query), 50, 0)).fetchall()
    return "\n".join(row[0] for row in rows)


def test_a_clinicians_search_is_read_in_order_through_the_index_of_their_clients(
    pg_cluster: Cluster, pg_database: str, practice: str
) -> None:
    with psycopg.connect(clinician_url(pg_cluster, pg_database, "dr_ada")) as connection:
        plan = plan_of(connection, "a")
    scan = "Index Scan Backward using ix_client_assigned_activity"
    assert scan in plan, plan
    condition = next(line for line in plan.splitlines() if "Index Cond" in line)
    assert "assigned_to" in condition and "CURRENT_USER" in condition, plan
    assert "Sort" not in plan, plan  # the index gives the list's order


def test_each_clinician_still_sees_and_may_claim_only_their_own_clients(
    pg_cluster: Cluster, pg_database: str, practice: str
) -> None:
    for login, other in (("dr_ada", "dr_ben"), ("dr_ben", "dr_ada")):
        url = clinician_url(pg_cluster, pg_database, login)
        with psycopg.connect(url) as connection:
            owners = connection.execute("SELECT DISTINCT assigned_to FROM client").fetchall()
            assert owners == [(login,)]
            moved = connection.execute(
                "UPDATE client SET display_name = 'x' WHERE assigned_to = %s", (other,)
            )
            assert moved.rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("UPDATE client SET assigned_to = %s", (other,))


def test_a_downgrade_to_0011_and_back_keeps_the_same_clients_visible(
    pg_cluster: Cluster, pg_database: str, practice: str
) -> None:
    from alembic import command

    def seen() -> list[tuple[Any, ...]]:
        with psycopg.connect(clinician_url(pg_cluster, pg_database, "dr_ada")) as connection:
            return connection.execute("SELECT id FROM client ORDER BY id").fetchall()

    before = seen()
    with server_admin.owner_engine(practice) as engine:
        config = migrate._config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0011")
        assert seen() == before and len(before) == 6
        migrate.upgrade(engine)
    assert seen() == before


def test_a_search_leaves_its_connection_to_sessions_as_it_was(
    pg_cluster: Cluster, pg_database: str, practice: str
) -> None:
    database = open_server_database(*parse_url(clinician_url(pg_cluster, pg_database)))
    engine = database.engine
    try:
        lines = search_lines(engine=engine, query="", limit=50)
        assert len(lines) == count_lines(engine=engine) > 0
        with new_session(engine) as session:  # the same pooled connection, in a transaction
            session.connection().exec_driver_sql("UPDATE client SET display_name = 'changed'")
            session.rollback()
        assert "changed" not in {line.display_name for line in search_lines(engine=engine)}
    finally:
        engine.dispose()
