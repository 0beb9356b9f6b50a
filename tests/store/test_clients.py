"""Clients: created with their people, found by any part of a name, archived."""

from __future__ import annotations

import pytest
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
from therapist_desk.store.search import like_pattern, normalise

from .factories import couple_data


def individual(name: str) -> ClientCreate:
    return ClientCreate.model_validate({"kind": "individual", "participants": [{"name": name}]})


def names(summaries) -> list[str]:
    return [s.display_name for s in summaries]


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
    session: Session, couple: Client, query: str
) -> None:
    create_client(session=session, data=individual("Zoë Quinn"))
    assert names(search_clients(session=session, query=query)) == [couple.display_name]


def test_search_treats_wildcards_literally(session: Session, couple: Client) -> None:
    create_client(session=session, data=individual("Ana 100%_Real"))
    assert names(search_clients(session=session, query="%")) == ["Ana 100%_Real"]
    assert names(search_clients(session=session, query="_")) == ["Ana 100%_Real"]
    assert like_pattern("  ") is None
    assert normalise("Straße  Ölçer Økland Łukasz") == "strasse olcer okland lukasz"


def test_lists_are_sorted_by_last_activity_and_paged(session: Session) -> None:
    for name in ["Ada", "Bea", "Cai", "Dov", "Eli"]:
        create_client(session=session, data=individual(name))
    bea = next(s for s in search_clients(session=session) if s.display_name == "Bea")
    record_event(session=session, client_id=bea.id, action=AuditAction.PRINTED)
    assert names(search_clients(session=session)) == ["Bea", "Eli", "Dov", "Cai", "Ada"]
    assert names(search_clients(session=session, limit=2, offset=2)) == ["Dov", "Cai"]
    assert count_clients(session=session) == 5


def test_archived_clients_are_hidden_unless_asked_for(session: Session, couple: Client) -> None:
    assert couple.id is not None
    archive_client(session=session, client_id=couple.id)
    assert search_clients(session=session, query="moreau") == []
    assert count_clients(session=session, query="moreau") == 0
    found = search_clients(session=session, query="moreau", include_archived=True)
    assert [s.archived for s in found] == [True]
    unarchive_client(session=session, client_id=couple.id)
    assert names(search_clients(session=session, query="moreau")) == [couple.display_name]
    actions = [e.action for e in list_events(session=session, client_ref=couple.reference)]
    assert actions[:2] == [AuditAction.UNARCHIVED, AuditAction.ARCHIVED]


def test_renaming_a_participant_updates_search(session: Session, couple: Client) -> None:
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
    assert names(search_clients(session=session, query="økland")) == [
        "Amélie Moreau & Jonas Økland"
    ]
    assert search_clients(session=session, query="berg") == []


def test_a_missing_client_is_reported(session: Session) -> None:
    with pytest.raises(NotFoundError, match="Client 42 does not exist"):
        get_client(session=session, client_id=42)


def test_search_uses_the_index(session: Session, couple: Client) -> None:
    from sqlalchemy import text

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
