"""Clients: find, add, edit, archive and erase them, and what their page shows."""

from __future__ import annotations

from typing import Any

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.models import ClientCreate, IntakeStatus, ParticipantUpdate
from therapist_desk.services.client_list import count_clients as count_clients
from therapist_desk.services.client_list import search_clients as search_clients
from therapist_desk.services.estimates import times_for
from therapist_desk.services.practice import Practice
from therapist_desk.services.progress import progress_of
from therapist_desk.services.views import (
    ClientForm,
    ClientView,
    IntakeRow,
    PersonView,
)
from therapist_desk.store import clients as store_clients
from therapist_desk.store import fileset
from therapist_desk.store import intakes as store_intakes
from therapist_desk.store.erase import erase_client as erase_everywhere
from therapist_desk.store.history import IntakeHistoryEntry, client_history

STATUS_LABELS = {IntakeStatus.DRAFT: "Draft", IntakeStatus.COMPLETED: "Completed"}
NOT_YET = "—"


def create_client(*, practice: Practice, data: ClientCreate) -> int:
    """Save a new client; returns its id."""
    with practice.writing("the new client"), practice.session() as s:
        client = store_clients.create_client(session=s, data=data, actor=practice.clinician)
        assert client.id is not None
        return client.id


def similar_clients(*, practice: Practice, data: ClientCreate) -> list[str]:
    """Clients already kept with a person of the same name and date of birth as in ``data``.

    Each as it is listed ("Mira Castellano & Joon Park", "(archived)" added when it is).
    A person without a date of birth is not compared: a name alone is too common.
    """
    lines: dict[int, str] = {}
    with practice.session() as s:
        for person in data.participants:
            if person.date_of_birth is None:
                continue
            for client in store_clients.clients_with_person(
                session=s, name=person.name, date_of_birth=person.date_of_birth
            ):
                assert client.id is not None
                archived = " (archived)" if client.archived_at is not None else ""
                lines[client.id] = client.display_name + archived
    return list(lines.values())


def client_form(*, practice: Practice, client_id: int) -> ClientForm:
    """The details the edit dialog starts from."""
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        people = tuple(PersonView.of(p) for p in client.participants)
        return ClientForm(IntakeKind(client.kind), people)


def update_client(*, practice: Practice, client_id: int, data: ClientCreate) -> None:
    """Save edited participant details."""
    with practice.writing("the client's details"), practice.session() as s:
        for position, person in enumerate(data.participants, start=1):
            changes = ParticipantUpdate.model_validate(person.model_dump())
            store_clients.update_participant(
                session=s, client_id=client_id, position=position, changes=changes
            )


def set_archived(*, practice: Practice, client_id: int, archived: bool) -> None:
    """Hide a client from the active list, or bring them back."""
    with practice.writing(), practice.session() as s:
        action = store_clients.archive_client if archived else store_clients.unarchive_client
        action(session=s, client_id=client_id, actor=practice.clinician)


def erase_client(*, practice: Practice, client_id: int) -> None:
    """Remove every trace of a client from the database and its backups (slow: a worker)."""
    with practice.writing("the erasure"):
        erase_everywhere(
            engine=practice.database.engine,
            client_id=client_id,
            actor=practice.clinician,
            key=practice.database.key,
        )
        if practice.on_server:  # the drafts beside a file went with it; these are local
            fileset.remove_drafts(practice.files_anchor)


def client_view(*, practice: Practice, client_id: int) -> ClientView:
    """The client page: who they are, their intakes and their measures over time."""
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        people = tuple(PersonView.of(p) for p in client.participants)
        history = client_history(session=s, client_id=client_id)
        draft = store_intakes.latest_draft_for_client(session=s, client_id=client_id)
        return ClientView(
            client_id=client_id,
            kind=IntakeKind(client.kind),
            display_name=client.display_name,
            archived=client.archived_at is not None,
            people=people,
            intakes=tuple(_row(entry) for entry in history),
            draft_id=draft.id if draft else None,
            progress=progress_of(practice=practice, session=s, client=client, history=history),
            times=times_for(
                practice.catalogue, IntakeKind(client.kind), [p.position for p in people]
            ),
        )


def _row(entry: IntakeHistoryEntry) -> IntakeRow:
    intake, rec = entry.intake, entry.recommendation
    assert intake.id is not None
    return IntakeRow(
        intake.id,
        intake.date.isoformat(),
        STATUS_LABELS[IntakeStatus(intake.status)],
        rec["order_label"] if rec else NOT_YET,
        decision_text(entry.decision),
    )


def decision_text(decision: Any) -> str:
    """The final order of a decision, marked when it overrode the suggestion."""
    if decision is None:
        return NOT_YET
    label = explain.order_label(TherapyOrder(decision.final_order))
    return label if decision.accepted else f"{label} (override)"
