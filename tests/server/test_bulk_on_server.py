"""Many clients written at once on a practice server read back as the app reads them.

`store.bulk.add_clients` on PostgreSQL (`store.bulk_server`) fills a server for trying
the app and for benchmarks/bench_server.py; these tests write a few synthetic clients
with it and read them through the app's own store functions, as the clinicians whose
clients they are, against the same clients written to the embedded file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pg_cluster import OWNER, OWNER_PASSWORD, Cluster, clinician_url
from sqlalchemy import Engine

from therapist_desk.demo.practice import in_turn, plan_practice
from therapist_desk.intake import load_catalogue
from therapist_desk.store import bulk_server, server_admin
from therapist_desk.store.answers import load_answers
from therapist_desk.store.audit import list_events
from therapist_desk.store.bulk import BulkClient, add_clients
from therapist_desk.store.clients import get_client
from therapist_desk.store.database import open_database, open_server_database
from therapist_desk.store.history import client_history
from therapist_desk.store.search import count_lines, search_lines
from therapist_desk.store.server import parse_url
from therapist_desk.store.session import new_session

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def planned() -> list[BulkClient]:
    """Eight synthetic clients (couples and individuals, completed intakes and drafts),
    shared in turn by dr_ada and dr_ben."""
    clients = plan_practice(load_catalogue(), clients=8, seed=5, today=TODAY)
    return list(in_turn(clients, ("dr_ada", "dr_ben")))


def owner_url(cluster: Cluster, database: str) -> str:
    return cluster.url(OWNER, OWNER_PASSWORD, database)


@pytest.fixture
def as_clinician(pg_cluster: Cluster, pg_database: str) -> Iterator[Any]:
    """Open the test database as a clinician (``as_clinician("dr_ben")``), as the app does."""
    opened: list[Any] = []

    def open_as(user: str = "dr_ada") -> Engine:
        database = open_server_database(*parse_url(clinician_url(pg_cluster, pg_database, user)))
        opened.append(database)
        return database.engine

    yield open_as
    for database in opened:
        database.engine.dispose()


def written(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every client ``engine``'s login sees, by reference, as the store functions read it:
    the list line, the people, each intake with its answers and record, the audit trail."""
    seen: dict[str, dict[str, Any]] = {}
    lines = search_lines(engine=engine, include_archived=True, limit=100)
    with new_session(engine) as session:
        for line in lines:
            client = get_client(session=session, client_id=line.id)
            intakes = [
                {
                    "date": entry.intake.date,
                    "at": entry.intake.created_at,
                    "clinician": entry.intake.clinician,
                    "status": str(entry.intake.status),
                    "answers": load_answers(session=session, intake_id=entry.intake.id or 0),
                    "recommendation": entry.recommendation,
                }
                for entry in client_history(session=session, client_id=line.id)
            ]
            events = list_events(session=session, client_ref=client.reference)
            seen[client.reference] = {
                "line": (line.kind, line.display_name, line.last_activity_at, line.archived),
                "people": [
                    (p.position, p.name, p.preferred_name, p.date_of_birth, p.pronouns)
                    for p in client.participants
                ],
                "assigned_to": client.assigned_to,
                "intakes": intakes,
                "events": sorted((e.action, e.at) for e in events),
            }
    return seen


def stored(value: Any) -> Any:
    """``value`` as it comes back from its JSON (tuples become lists)."""
    return json.loads(json.dumps(value))


def expected(client: BulkClient) -> dict[str, Any]:
    """What the store functions should read of ``client``."""
    names = [str(p["name"]) for p in client.people]
    last = max([client.created_at, *(i.at for i in client.intakes)])
    if client.archived_at:
        last = max(last, client.archived_at)
    intakes = []
    for i in client.intakes:
        answers: dict[int | None, dict[str, Any]] = {}
        for position, item_id, value in i.answers:
            answers.setdefault(position, {})[item_id] = stored(value)
        status = "completed" if i.recommendation is not None else "draft"
        intakes.append(
            {
                "date": i.date,
                "at": i.at,
                "clinician": i.clinician,
                "status": status,
                "answers": answers,
                "recommendation": None if i.recommendation is None else stored(i.recommendation),
            }
        )
    events = [("created", client.created_at)] + [
        ("completed", i.at) for i in client.intakes if i.recommendation is not None
    ]
    if client.archived_at:
        events.append(("archived", client.archived_at))
    return {
        "line": (client.kind, " & ".join(names), last, client.archived_at is not None),
        "people": [
            (
                n,
                p["name"],
                p["preferred_name"],
                dt.date.fromisoformat(str(p["date_of_birth"])),
                p["pronouns"],
            )
            for n, p in enumerate(client.people, start=1)
        ],
        "assigned_to": client.assigned_to,
        "intakes": intakes,
        "events": sorted(events),
    }


def test_each_clinician_reads_back_exactly_their_clients_as_written(
    pg_cluster: Cluster, pg_database: str, as_clinician: Any, planned: list[BulkClient]
) -> None:
    with server_admin.owner_engine(owner_url(pg_cluster, pg_database)) as engine:
        assert add_clients(engine=engine, clients=planned, actor="Demo data") == 8
    kinds = {c.kind for c in planned}
    statuses = {i.recommendation is None for c in planned for i in c.intakes}
    assert kinds == {"individual", "couple"} and statuses == {True, False}  # both of each
    for login in ("dr_ada", "dr_ben"):
        engine = as_clinician(login)
        theirs = {c.reference: expected(c) for c in planned if c.assigned_to == login}
        assert len(theirs) == 4
        assert written(engine) == theirs
        assert count_lines(engine=engine, include_archived=True) == 4


def test_the_server_holds_what_the_embedded_file_holds(
    pg_cluster: Cluster, pg_database: str, tmp_path: Path, planned: list[BulkClient]
) -> None:
    file = open_database(tmp_path / "practice.sqlite3")
    try:
        unassigned = [dataclasses.replace(c, assigned_to=None) for c in planned]
        add_clients(engine=file.engine, clients=unassigned, actor="Demo data")
        on_file = written(file.engine)
    finally:
        file.engine.dispose()
    with server_admin.owner_engine(owner_url(pg_cluster, pg_database)) as engine:
        add_clients(engine=engine, clients=planned, actor="Demo data")
        on_server = written(engine)  # the owner sees every clinician's clients
    for reference, client in on_server.items():
        assert client.pop("assigned_to") in ("dr_ada", "dr_ben")
        assert on_file[reference].pop("assigned_to") is None
    assert on_server == on_file


def test_a_clinician_writing_in_bulk_writes_only_their_own_clients(
    pg_cluster: Cluster, pg_database: str, as_clinician: Any, planned: list[BulkClient]
) -> None:
    mine = [dataclasses.replace(c, assigned_to=None) for c in planned[:3]]
    assert add_clients(engine=as_clinician("dr_ben"), clients=mine, actor="Dr Ben") == 3
    assert {c["assigned_to"] for c in written(as_clinician("dr_ben")).values()} == {"dr_ben"}
    assert written(as_clinician("dr_ada")) == {}
    claimed = [dataclasses.replace(planned[3], assigned_to="dr_ada")]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        add_clients(engine=as_clinician("dr_ben"), clients=claimed, actor="Dr Ben")


def test_a_client_that_cannot_be_written_leaves_nothing_written(
    pg_cluster: Cluster, pg_database: str, planned: list[BulkClient], monkeypatch: Any
) -> None:
    monkeypatch.setattr(bulk_server, "BATCH", 1)  # the first client is written before
    first = planned[0]
    too_long = dataclasses.replace(first.intakes[0], answers=[(1, "notes.free", "x" * 5000)])
    broken = dataclasses.replace(planned[1], intakes=[too_long])
    with server_admin.owner_engine(owner_url(pg_cluster, pg_database)) as engine:
        with pytest.raises(ValueError, match="too long"):
            add_clients(engine=engine, clients=[first, broken], actor="Demo data")
        assert count_lines(engine=engine, include_archived=True) == 0
