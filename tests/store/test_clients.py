"""Clients: created with their people, found by any part of a name, archived."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from therapist_desk.models import AuditAction, Client, ClientCreate, ParticipantUpdate
from therapist_desk.store.audit import list_events, record_event
from therapist_desk.store.clients import (
    archive_client,
    count_clients,
    create_client,
    get_client,
    search_clients,
    unarchive_client,
    update_participant,
)
from therapist_desk.store.errors import NotFoundError
from therapist_desk.store.search import (
    ClientLine,
    count_lines,
    like_pattern,
    normalise,
    search_lines,
)

from .factories import couple_data


def individual(name: str) -> ClientCreate:
    return ClientCreate.model_validate({"kind": "individual", "participants": [{"name": name}]})


def names(summaries) -> list[str]:
    return [s.display_name for s in summaries]


Search = Callable[..., list]


@pytest.fixture(params=["search_clients", "search_lines"])
def search(request: pytest.FixtureRequest, session: Session, engine: Engine) -> Search:
    """Both ways to search: the store's query, and the client list's one-statement query."""
    if request.param == "search_clients":
        return lambda **kw: search_clients(session=session, **kw)
    return lambda **kw: search_lines(engine=engine, **kw)


def test_a_couple_is_saved_with_both_people_in_order(session: Session, couple: Client) -> None:
    assert couple.id is not None
    loaded = get_client(session=session, client_id=couple.id)
    assert [p.name for p in loaded.participants] == ["Amélie Moreau", "Jonas Berg"]
    assert [p.position for p in loaded.participants] == [1, 2]
    assert loaded.display_name == "Amélie Moreau & Jonas Berg"
    assert loaded.created_at.tzinfo is not None


def test_creating_a_client_is_audited_without_the_name(session: Session, couple: Client) -> None:
    events = list_events(session=session, client_ref=couple.reference)
    assert [e.action for e in events] == [AuditAction.CREATED]
    assert "Moreau" not in repr(events)


@pytest.mark.parametrize("query", ["moré", "MOREAU", "reau", "amélie", "amy", "jonas", "  berg "])
def test_search_is_partial_and_ignores_case_and_accents(
    session: Session, couple: Client, search: Search, query: str
) -> None:
    create_client(session=session, data=individual("Zoë Quinn"))
    assert names(search(query=query)) == [couple.display_name]


def test_search_treats_wildcards_literally(
    session: Session, couple: Client, search: Search
) -> None:
    create_client(session=session, data=individual("Ana 100%_Real"))
    create_client(session=session, data=individual("Ana 1000 Real"))
    assert names(search(query="%")) == ["Ana 100%_Real"]
    assert names(search(query="_")) == ["Ana 100%_Real"]
    assert names(search(query="0%_r")) == ["Ana 100%_Real"]
    assert names(search(query="\\")) == []
    assert like_pattern("  ") is None
    assert normalise("Straße  Ölçer Økland Łukasz") == "strasse olcer okland lukasz"


def test_lists_are_sorted_by_last_activity_and_paged(session: Session, search: Search) -> None:
    for name in ["Ada", "Bea", "Cai", "Dov", "Eli"]:
        create_client(session=session, data=individual(name))
    bea = next(s for s in search() if s.display_name == "Bea")
    record_event(session=session, client_id=bea.id, action=AuditAction.PRINTED)
    assert names(search()) == ["Bea", "Eli", "Dov", "Cai", "Ada"]
    assert names(search(limit=2, offset=2)) == ["Dov", "Cai"]
    assert names(search(limit=2, offset=4)) == ["Ada"]
    assert count_clients(session=session) == 5


def test_archived_clients_are_hidden_unless_asked_for(
    session: Session, couple: Client, search: Search
) -> None:
    assert couple.id is not None
    archive_client(session=session, client_id=couple.id)
    assert search(query="moreau") == []
    assert search() == []
    assert count_clients(session=session, query="moreau") == 0
    found = search(query="moreau", include_archived=True)
    assert [s.archived for s in found] == [True]
    assert [s.archived for s in search(include_archived=True)] == [True]
    unarchive_client(session=session, client_id=couple.id)
    assert names(search(query="moreau")) == [couple.display_name]
    assert [s.archived for s in search(query="moreau")] == [False]
    actions = [e.action for e in list_events(session=session, client_ref=couple.reference)]
    assert actions[:2] == [AuditAction.UNARCHIVED, AuditAction.ARCHIVED]


def test_renaming_a_participant_updates_search(
    session: Session, couple: Client, search: Search
) -> None:
    assert couple.id is not None
    update_participant(
        session=session,
        client_id=couple.id,
        position=2,
        changes=ParticipantUpdate(name="Jonas Økland", phone="0123 456"),
    )
    loaded = get_client(session=session, client_id=couple.id)
    assert loaded.participants[1].phone == "0123 456"
    assert loaded.participants[1].pronouns == "he/him"  # not in the update: unchanged
    assert names(search(query="økland")) == ["Amélie Moreau & Jonas Økland"]
    assert search(query="berg") == []


def test_a_missing_client_is_reported(session: Session) -> None:
    with pytest.raises(NotFoundError, match="Client 42 does not exist"):
        get_client(session=session, client_id=42)


def test_the_list_query_gives_the_store_query_line_for_line(
    session: Session, engine: Engine
) -> None:
    """Same clients, same order (ties broken by newest id), same fields, page by page."""
    for name in ["Ada Lind", "Bea Lind", "Cai Moreau", "Dov Lind", "Eli Lindqvist"]:
        create_client(session=session, data=individual(name))
    couple = create_client(session=session, data=couple_data("Fay Lind", "Gus Okafor"))
    same_moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    for client in search_clients(session=session, query="lind")[:3]:
        loaded = get_client(session=session, client_id=client.id)
        loaded.last_activity_at = same_moment
        session.add(loaded)
    session.commit()
    assert couple.id is not None
    archive_client(session=session, client_id=couple.id)
    for query in ["", "lind", "LIND ", "okafor", "zzz"]:
        for archived in (False, True):
            for limit, offset in ((50, 0), (2, 0), (2, 2), (2, 4)):
                kw = {"query": query, "include_archived": archived, "limit": limit}
                expected = [
                    ClientLine(s.id, s.kind.value, s.display_name, s.last_activity_at, s.archived)
                    for s in search_clients(session=session, offset=offset, **kw)
                ]
                assert search_lines(engine=engine, offset=offset, **kw) == expected
    lines = search_lines(engine=engine, query="lind", include_archived=True)
    assert [(line.display_name, line.kind, line.archived) for line in lines] == [
        ("Fay Lind & Gus Okafor", "couple", True),  # archived just now: the newest activity
        ("Bea Lind", "individual", False),
        ("Ada Lind", "individual", False),
        ("Eli Lindqvist", "individual", False),  # a tie with Dov: the newer client first
        ("Dov Lind", "individual", False),
    ]
    assert all(line.last_activity_at.tzinfo == UTC for line in lines)


def test_the_list_count_gives_the_store_count(session: Session, engine: Engine) -> None:
    """The count the window starts with: the same number as the store's, filter by filter."""
    for name in ["Ada Lind", "Bea Lind", "Cai Moreau", "Dov Lind_%"]:
        create_client(session=session, data=individual(name))
    archived = create_client(session=session, data=couple_data("Fay Lind", "Gus Okafor"))
    assert archived.id is not None
    archive_client(session=session, client_id=archived.id)
    counts = {}
    for query in ["", "lind", "LIND ", "okafor", "_%", "zzz"]:
        for include in (False, True):
            expected = count_clients(session=session, query=query, include_archived=include)
            found = count_lines(engine=engine, query=query, include_archived=include)
            assert found == expected, (query, include)
            counts[query, include] = found
    assert counts["", True] == 5 and counts["", False] == 4 and counts["_%", True] == 1


def test_search_uses_the_index(session: Session, couple: Client) -> None:
    from sqlalchemy import text

    if session.get_bind().dialect.name == "postgresql":
        pytest.skip(
            "on a server the plan follows the table's statistics: benchmarks/bench_server.py "
            "records it on 100,000 clients"
        )
    plan = session.execute(
        text(
            "EXPLAIN QUERY PLAN SELECT id, display_name FROM client WHERE search_key LIKE :q"
            " AND archived_at IS NULL ORDER BY last_activity_at DESC LIMIT 50"
        ),
        {"q": "%mor%"},
    ).all()
    assert "ix_client_activity_search" in " ".join(str(row) for row in plan)


def test_couple_data_is_valid() -> None:
    assert len(couple_data().participants) == 2
