"""Clients: create, change, find, archive. Erasing a client lives in `erase`."""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, col, select

from therapist_desk.models import (
    AuditAction,
    Client,
    ClientCreate,
    ClientSummary,
    Participant,
    ParticipantUpdate,
)
from therapist_desk.models._base import utcnow
from therapist_desk.store.audit import add_event
from therapist_desk.store.errors import NotFoundError
from therapist_desk.store.search import (
    LIKE_ESCAPE,
    display_name,
    like_pattern,
    normalise,
    search_key,
)

_client = Client.__table__  # type: ignore[attr-defined]


def new_reference() -> str:
    """An opaque client reference for audit rows: random, meaningless, never reused."""
    return secrets.token_hex(8)


def _refresh_names(client: Client) -> None:
    people = sorted(client.participants, key=lambda p: p.position)
    client.display_name = display_name(p.name for p in people)
    client.search_key = search_key(n for p in people for n in (p.name, p.preferred_name))


def create_client(*, session: Session, data: ClientCreate, actor: str | None = None) -> Client:
    """Create a client and its participants (positions 1, 2 in the given order); commit."""
    if not isinstance(data, ClientCreate):
        data = ClientCreate.model_validate(data)
    now = utcnow()
    client = Client(
        kind=data.kind,
        reference=new_reference(),
        display_name="",
        search_key="",
        created_at=now,
        last_activity_at=now,
    )
    client.participants = [
        Participant(**person.model_dump(), position=position)
        for position, person in enumerate(data.participants, start=1)
    ]
    _refresh_names(client)
    session.add(client)
    add_event(session, client_ref=client.reference, action=AuditAction.CREATED, actor=actor)
    session.commit()
    return client


def get_client(*, session: Session, client_id: int) -> Client:
    """The client with its participants loaded; `NotFoundError` if there is none."""
    client = session.get(Client, client_id)
    if client is None:
        raise NotFoundError(f"Client {client_id} does not exist (it may have been erased).")
    _ = client.participants  # load while the session is open
    return client


def participants_with_email(*, session: Session) -> list[tuple[int, int, str, str]]:
    """``(client id, position, name, email)`` of every participant who gave an address;
    the name is the one they go by (their preferred name, else their name)."""
    rows = session.exec(
        select(Participant)
        .where(col(Participant.email).is_not(None))
        .order_by(col(Participant.client_id), col(Participant.position))
    )
    return [
        (p.client_id, p.position, p.preferred_name or p.name, p.email)
        for p in rows
        if p.email and p.email.strip()
    ]


def update_participant(
    *, session: Session, client_id: int, position: int, changes: ParticipantUpdate
) -> Participant:
    """Change the fields set in ``changes`` for the participant at ``position``; commit."""
    client = get_client(session=session, client_id=client_id)
    person = next((p for p in client.participants if p.position == position), None)
    if person is None:
        raise NotFoundError(f"Client {client_id} has no participant {position}.")
    if not isinstance(changes, ParticipantUpdate):
        changes = ParticipantUpdate.model_validate(changes)
    for field, value in changes.model_dump(exclude_unset=True).items():
        if field == "name" and value is None:
            continue
        setattr(person, field, value)
    _refresh_names(client)
    client.last_activity_at = utcnow()
    session.add(client)
    session.commit()
    return person


def clients_with_person(*, session: Session, name: str, date_of_birth: dt.date) -> list[Client]:
    """Clients (archived ones too) with a participant of this name born on this day.

    Names match whatever their case and accents ("Zoë Ng" is "zoe ng").
    """
    wanted = normalise(name)
    statement = select(Participant).where(col(Participant.date_of_birth) == date_of_birth)
    found: dict[int, Client] = {}
    for person in session.exec(statement):
        if normalise(person.name) == wanted and person.client_id not in found:
            found[person.client_id] = person.client
    return sorted(found.values(), key=lambda c: c.display_name)


def _filtered(statement, query: str, include_archived: bool):  # type: ignore[no-untyped-def]
    pattern = like_pattern(query)
    if pattern is not None:
        statement = statement.where(col(Client.search_key).like(pattern, escape=LIKE_ESCAPE))
    if not include_archived:
        statement = statement.where(col(Client.archived_at).is_(None))
    return statement


def search_clients(
    *,
    session: Session,
    query: str = "",
    include_archived: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[ClientSummary]:
    """One page of clients whose names contain ``query``, most recent activity first.

    Matching is partial and ignores case and accents ("moré" finds "Moreau").
    """
    c = _client.c
    statement = sa.select(
        c.id, c.reference, c.kind, c.display_name, c.last_activity_at, c.archived_at
    ).order_by(col(Client.last_activity_at).desc(), col(Client.id).desc())
    statement = _filtered(statement, query, include_archived).limit(limit).offset(offset)
    return [
        ClientSummary(
            id=row[0],
            reference=row[1],
            kind=row[2],
            display_name=row[3],
            last_activity_at=row[4],
            archived=row[5] is not None,
        )
        for row in session.execute(statement)
    ]


def count_clients(*, session: Session, query: str = "", include_archived: bool = False) -> int:
    """How many clients `search_clients` would page through."""
    statement = _filtered(select(func.count()).select_from(Client), query, include_archived)
    return int(session.exec(statement).one())


def _set_archived(session: Session, client_id: int, archived: bool, actor: str | None) -> Client:
    client = get_client(session=session, client_id=client_id)
    now = utcnow()
    client.archived_at = now if archived else None
    client.last_activity_at = now
    session.add(client)
    action = AuditAction.ARCHIVED if archived else AuditAction.UNARCHIVED
    add_event(session, client_ref=client.reference, action=action, actor=actor)
    session.commit()
    return client


def archive_client(*, session: Session, client_id: int, actor: str | None = None) -> Client:
    """Hide a client from the list (nothing is deleted); commit."""
    return _set_archived(session, client_id, True, actor)


def unarchive_client(*, session: Session, client_id: int, actor: str | None = None) -> Client:
    """Show an archived client in the list again; commit."""
    return _set_archived(session, client_id, False, actor)
