"""The same migration history on PostgreSQL: down to nothing and up again, as the owner."""

from __future__ import annotations

import pytest
from pg_cluster import OWNER, OWNER_PASSWORD, Cluster
from server_tools import raw
from service_data import add_people, example

from therapist_desk.services import clients
from therapist_desk.services.practice import Practice
from therapist_desk.store import migrate, server_admin


@pytest.mark.parametrize("target", ["0010", "base"])
def test_the_schema_goes_down_and_up_again_and_the_app_works_after(
    pg_cluster: Cluster, pg_database: str, ada: Practice, target: str
) -> None:
    from alembic import command

    owner = pg_cluster.url(OWNER, OWNER_PASSWORD, pg_database)
    with server_admin.owner_engine(owner) as engine, engine.begin() as connection:
        config = migrate._config()
        config.attributes["connection"] = connection
        command.downgrade(config, target)
    with raw(owner) as conn:
        tables = {t for (t,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()}  # fmt: skip
        functions = {f for (f,) in conn.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE 'td_%'").fetchall()}  # fmt: skip
    assert "td_add_login" not in functions
    assert ("client" in tables) == (target == "0010")
    assert server_admin.setup(owner) == migrate.head_revision()
    add_people(ada, example("individual-client.json"))
    assert clients.count_clients(practice=ada) == 1
