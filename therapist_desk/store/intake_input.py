"""The one mapping from stored answers to the intake engine's input (`IntakeAnswers`).

The engine knows participants by a string id; the store knows them by position. A
participant at position ``n`` is ``"p<n>"`` for the engine, in every intake.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session

from therapist_desk.intake import IntakeAnswers, IntakeKind
from therapist_desk.intake import Participant as IntakeParticipant
from therapist_desk.models import Participant
from therapist_desk.models.intake import present_of
from therapist_desk.store.answers import StoredAnswers, load_answers
from therapist_desk.store.clients import get_client
from therapist_desk.store.intakes import get_intake


def engine_id(position: int) -> str:
    """The engine's id of the participant at ``position`` (1 → ``"p1"``)."""
    return f"p{position}"


def _engine_value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _engine_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    return {item_id: _engine_value(value) for item_id, value in answers.items()}


def to_intake_answers(
    *,
    kind: str,
    participants: Sequence[Participant],
    stored: StoredAnswers,
    present: Sequence[int] | None = None,
) -> IntakeAnswers:
    """Build the engine's input from a client's participants and an intake's stored answers.

    Lists (multi-choice answers, stored as JSON arrays) become tuples, as the engine
    expects; the display name is the preferred name if there is one.
    """
    people = tuple(
        IntakeParticipant(
            id=engine_id(p.position),
            display_name=p.preferred_name or p.name,
            answers=_engine_answers(stored.get(p.position, {})),
        )
        for p in sorted(participants, key=lambda p: p.position)
    )
    absent = frozenset(
        engine_id(p.position) for p in participants if present and p.position not in present
    )
    return IntakeAnswers(
        IntakeKind(kind), people, _engine_answers(stored.get(None, {})), absent=absent
    )


def load_intake_answers(*, session: Session, intake_id: int) -> IntakeAnswers:
    """An intake's answers in the shape `therapist_desk.intake.recommend` takes."""
    intake = get_intake(session=session, intake_id=intake_id)
    client = get_client(session=session, client_id=intake.client_id)
    stored = load_answers(session=session, intake_id=intake_id)
    return to_intake_answers(
        kind=client.kind,
        participants=client.participants,
        stored=stored,
        present=present_of(intake.present_json),
    )
