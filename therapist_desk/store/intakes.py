"""Intakes: start, resume where answering stopped, complete, amend.

A completed intake is never edited in place (the database refuses it too, with
triggers): a correction is an amendment, a new draft that copies the answers and
points at the original, recording who made it and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from therapist_desk.models import (
    Answer,
    AuditAction,
    Intake,
    IntakeCreate,
    IntakeStatus,
)
from therapist_desk.models._base import utcnow
from therapist_desk.models.intake import asked_alone_of, asked_alone_text
from therapist_desk.store.audit import add_event
from therapist_desk.store.clients import get_client
from therapist_desk.store.errors import (
    IntakeCompletedError,
    IntakeNotCompletedError,
    NotFoundError,
)


@dataclass(frozen=True)
class ResumePoint:
    """Where answering stopped in a draft: the section and the participant (None: both)."""

    intake_id: int
    section_id: str | None
    participant_position: int | None


def get_intake(*, session: Session, intake_id: int) -> Intake:
    """The intake; `NotFoundError` if there is none."""
    intake = session.get(Intake, intake_id)
    if intake is None:
        raise NotFoundError(f"Intake {intake_id} does not exist.")
    return intake


def start_intake(*, session: Session, data: IntakeCreate) -> Intake:
    """Start a draft intake for a client; commit."""
    if not isinstance(data, IntakeCreate):
        data = IntakeCreate.model_validate(data)
    client = get_client(session=session, client_id=data.client_id)
    now = utcnow()
    intake = Intake.model_validate(data, update={"created_at": now, "updated_at": now})
    client.last_activity_at = now
    session.add_all([intake, client])
    session.commit()
    return intake


def _draft(session: Session, intake_id: int) -> Intake:
    intake = get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.DRAFT:
        raise IntakeCompletedError(intake_id)
    return intake


def set_position(
    *,
    session: Session,
    intake_id: int,
    section_id: str | None,
    participant_position: int | None = None,
) -> None:
    """Remember where answering is (section, and whose turn); commit."""
    intake = _draft(session, intake_id)
    intake.current_section = section_id
    intake.current_participant = participant_position
    intake.updated_at = utcnow()
    session.add(intake)
    session.commit()


def recorded_asked_alone(*, session: Session, intake_id: int) -> dict[str, bool] | None:
    """Which sections the intake was put alone, as recorded (None: from before 0007)."""
    return asked_alone_of(get_intake(session=session, intake_id=intake_id).asked_alone_json)


def record_asked_alone(*, session: Session, intake_id: int, choices: Mapping[str, bool]) -> bool:
    """Keep ``choices`` as the way a draft is put (section id → asked alone); commit.

    Whether anything changed. A completed intake keeps its record (`IntakeCompletedError`).
    """
    intake = _draft(session, intake_id)
    text = asked_alone_text(choices)
    if text == intake.asked_alone_json:
        return False
    intake.asked_alone_json = text
    intake.updated_at = utcnow()
    session.add(intake)
    session.commit()
    return True


def get_resume_point(*, session: Session, intake_id: int) -> ResumePoint:
    """Where to pick a draft up again after the app stopped."""
    intake = get_intake(session=session, intake_id=intake_id)
    assert intake.id is not None
    return ResumePoint(intake.id, intake.current_section, intake.current_participant)


def list_intakes_for_client(*, session: Session, client_id: int) -> Sequence[Intake]:
    """All intakes of a client, oldest first (amendments after what they amend)."""
    statement = (
        select(Intake)
        .where(Intake.client_id == client_id)
        .order_by(col(Intake.created_at), col(Intake.id))
    )
    return session.exec(statement).all()


def latest_draft_for_client(*, session: Session, client_id: int) -> Intake | None:
    """The most recently touched draft of a client, to offer "resume", or ``None``."""
    statement = (
        select(Intake)
        .where(Intake.client_id == client_id, Intake.status == IntakeStatus.DRAFT.value)
        .order_by(col(Intake.updated_at).desc(), col(Intake.id).desc())
    )
    return session.exec(statement).first()


def amend_intake(*, session: Session, intake_id: int, amended_by: str) -> Intake:
    """A draft copy of a completed intake, with its answers, linked to it; commit.

    The original stays as it was. If a draft amendment of it already exists, that one
    is returned instead of a second copy.
    """
    if not amended_by or not amended_by.strip():
        raise ValueError("an amendment records who made it")
    original = get_intake(session=session, intake_id=intake_id)
    if original.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(intake_id)
    existing = session.exec(
        select(Intake).where(
            Intake.amends_intake_id == intake_id, Intake.status == IntakeStatus.DRAFT.value
        )
    ).first()
    if existing is not None:
        return existing
    now = utcnow()
    copy = Intake(
        client_id=original.client_id,
        date=original.date,
        clinician=original.clinician,
        mode=original.mode,
        catalogue_version=original.catalogue_version,
        ruleset_version=original.ruleset_version,
        amends_intake_id=original.id,
        amended_by=amended_by.strip(),
        asked_alone_json=original.asked_alone_json,  # its answers were put that way
        purpose=original.purpose,
        present_json=original.present_json,  # who came stays who came
        created_at=now,
        updated_at=now,
    )
    session.add(copy)
    session.flush()
    answers = session.exec(select(Answer).where(Answer.intake_id == intake_id)).all()
    session.add_all(
        Answer(
            intake_id=copy.id,  # type: ignore[arg-type]
            participant_id=a.participant_id,
            item_id=a.item_id,
            value_json=a.value_json,
            answered_at=a.answered_at,
        )
        for a in answers
    )
    from therapist_desk.store.consent import copy_records  # consent imports this module

    copy_records(session=session, from_intake=intake_id, to_intake=copy.id)  # type: ignore[arg-type]
    client = get_client(session=session, client_id=original.client_id)
    client.last_activity_at = now
    session.add(client)
    add_event(
        session,
        client_ref=client.reference,
        action=AuditAction.AMENDED,
        intake_id=copy.id,
        actor=amended_by.strip(),
    )
    session.commit()
    return copy
