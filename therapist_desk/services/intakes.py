"""Intakes: start one, answer it page by page, finish it, and correct it later.

Every change is committed before the operation returns; a full disk is reported as a
`DiskFullError` naming the data folder, and nothing of that change is kept.

An intake records which sections it puts to each partner alone (Settings › The room)
when it starts. Each time a draft is opened, any section the practice now asks alone is
added to its record (never taken away: the record only becomes more private), since the
window may put it alone from then on. Completing keeps the record with the frozen result,
and every later document of the intake reads it, whatever the settings say then.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake.answers import IntakeAnswers
from therapist_desk.intake.catalogue import (
    Catalogue,
    IntakeKind,
    asked_alone_choices,
    carried_forward,
    for_reassessment,
    more_alone,
)
from therapist_desk.intake.engine import recommend
from therapist_desk.intake.findings import RULESET_VERSION
from therapist_desk.models import IntakeCreate, IntakeMode, IntakePurpose, IntakeStatus
from therapist_desk.models.intake import present_of
from therapist_desk.services.errors import reaching_server
from therapist_desk.services.practice import Practice
from therapist_desk.services.views import IntakeSession
from therapist_desk.store import answers as store_answers
from therapist_desk.store import clients as store_clients
from therapist_desk.store import completion
from therapist_desk.store import intakes as store_intakes
from therapist_desk.store import reassessment as store_reassessment
from therapist_desk.store.intake_input import load_intake_answers


def start_intake(*, practice: Practice, client_id: int, mode: IntakeMode) -> int:
    """Open a new draft intake for a client; returns its id."""
    data = IntakeCreate(
        client_id=client_id,
        clinician=practice.clinician,
        mode=mode,
        catalogue_version=practice.catalogue.version,
        ruleset_version=RULESET_VERSION,
        asked_alone_json=asked_alone_choices(practice.catalogue),
    )
    with practice.writing("the new intake"), practice.session() as s:
        intake = store_intakes.start_intake(session=s, data=data)
        assert intake.id is not None
        return intake.id


def start_reassessment(
    *,
    practice: Practice,
    client_id: int,
    mode: IntakeMode,
    present: Sequence[int] | None = None,
) -> int:
    """Open a re-assessment draft for a client seen before; returns its id.

    It asks the measures and safety questions again (asked alone as the practice asks
    today) and what has changed since; the history answers come from the client's
    latest completed intake. `NothingToReassessError` when there is none. ``present``:
    the positions of who came (a couple's partner alone); None or everyone: all came.
    Only they are asked; the stored intake says who came.
    """
    with practice.session() as s:
        positions = {
            p.position
            for p in store_clients.get_client(session=s, client_id=client_id).participants
        }
    came = sorted(set(present)) if present is not None else sorted(positions)
    if not came or not set(came) <= positions:
        raise UserError("Choose who came today: at least one of the client's people.")
    data = IntakeCreate(
        client_id=client_id,
        clinician=practice.clinician,
        mode=mode,
        catalogue_version=practice.catalogue.version,
        ruleset_version=RULESET_VERSION,
        asked_alone_json=asked_alone_choices(practice.catalogue),
        purpose=IntakePurpose.REASSESSMENT,
        present_json=came,
    )
    carried = carried_forward(practice.catalogue)
    with practice.writing("the new re-assessment"), practice.session() as s:
        intake = store_reassessment.start_reassessment(session=s, data=data, carried=carried)
        assert intake.id is not None
        return intake.id


def latest_draft(*, practice: Practice, client_id: int) -> int | None:
    """The client's unfinished intake to resume, if there is one."""
    with practice.session() as s:
        draft = store_intakes.latest_draft_for_client(session=s, client_id=client_id)
        return draft.id if draft else None


def _catalogue_of(practice: Practice, s: Session, intake_id: int) -> Catalogue:
    """The catalogue as the intake was put (its recorded choices of what is asked alone),
    with only a re-assessment's pages for a re-assessment."""
    catalogue = practice.catalogue_for(
        store_intakes.recorded_asked_alone(session=s, intake_id=intake_id)
    )
    intake = store_intakes.get_intake(session=s, intake_id=intake_id)
    return (
        for_reassessment(catalogue) if intake.purpose == IntakePurpose.REASSESSMENT else catalogue
    )


def intake_catalogue(*, practice: Practice, intake_id: int) -> Catalogue:
    """The catalogue as this intake is put: what it recorded as asked alone."""
    with practice.session() as s:
        return _catalogue_of(practice, s, intake_id)


def intake_session(*, practice: Practice, intake_id: int) -> IntakeSession:
    """Everything the wizard needs to show a draft where it stopped.

    A draft opened while the practice asks alone a section the draft did not records
    that section as asked alone from now on (see the module's doc); ``catalogue`` is
    the catalogue as the draft is put.
    """
    if intake_status(practice=practice, intake_id=intake_id) is IntakeStatus.DRAFT:
        with practice.session() as s:
            recorded = store_intakes.recorded_asked_alone(session=s, intake_id=intake_id)
        kept = asked_alone_choices(practice.catalogue_for(recorded))
        wanted = more_alone(kept, asked_alone_choices(practice.catalogue))
        if wanted != recorded:
            with practice.writing("which sections this intake asks alone"), practice.session() as s:
                store_intakes.record_asked_alone(session=s, intake_id=intake_id, choices=wanted)
    with practice.session() as s:
        catalogue = _catalogue_of(practice, s, intake_id)
        intake = store_intakes.get_intake(session=s, intake_id=intake_id)
        client = store_clients.get_client(session=s, client_id=intake.client_id)
        came = present_of(intake.present_json)
        people = {
            p.position: p.preferred_name or p.name
            for p in client.participants
            if came is None or p.position in came
        }
        stored = store_answers.load_answers(session=s, intake_id=intake_id)
        point = store_intakes.get_resume_point(session=s, intake_id=intake_id)
    answers = {
        owner: {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        for owner, values in stored.items()
    }
    return IntakeSession(
        intake_id=intake_id,
        kind=IntakeKind(client.kind),
        people=people,
        answers=answers,
        resume=(point.section_id, point.participant_position),
        title=f"{_kind_word(intake)} — {client.display_name} — {intake.date.isoformat()}",
        status=IntakeStatus(intake.status),
        catalogue=catalogue,
    )


def _kind_word(intake: Any) -> str:
    return "Re-assessment" if intake.purpose == IntakePurpose.REASSESSMENT else "Intake"


def intake_status(*, practice: Practice, intake_id: int) -> IntakeStatus:
    """Whether an intake is a draft or completed."""
    with practice.session() as s:
        return IntakeStatus(store_intakes.get_intake(session=s, intake_id=intake_id).status)


def save_answer(
    *, practice: Practice, intake_id: int, position: int | None, item_id: str, value: Any
) -> None:
    """Commit one answer of the participant at ``position`` (None: the relationship).

    ``value`` None clears the answer. After a withdrawal of consent nothing is saved.
    A practice server that went away, or turned the login away, is `ServerUnavailable`
    (nothing of this answer was saved; the caller keeps it to save again).
    """
    from therapist_desk.services.consent import check_still_asking

    with reaching_server(), practice.writing("the answer"), practice.session() as s:
        check_still_asking(session=s, intake_id=intake_id)
        pid = (
            None
            if position is None
            else store_answers.participant_at(session=s, intake_id=intake_id, position=position)
        )
        if value is None:
            store_answers.clear_answer(
                session=s, intake_id=intake_id, participant_id=pid, item_id=item_id
            )
            return
        stored = list(value) if isinstance(value, tuple) else value
        store_answers.save_answer(
            session=s, intake_id=intake_id, participant_id=pid, item_id=item_id, value=stored
        )


def check_answer(*, item_id: str, value: Any) -> None:
    """Refuse, as `save_answer` would, an answer that cannot be stored (too long, or
    holding half a character), without asking the database."""
    if value is not None:
        store_answers.check_value(item_id, value)


def set_position(
    *, practice: Practice, intake_id: int, section_id: str, position: int | None
) -> None:
    """Remember the page the wizard is on, to resume there (`ServerUnavailable` as
    `save_answer`)."""
    with practice.writing("the place you reached in the intake"), practice.session() as s:
        store_intakes.set_position(
            session=s, intake_id=intake_id, section_id=section_id, participant_position=position
        )


def intake_answers(*, practice: Practice, intake_id: int) -> IntakeAnswers:
    """A stored intake as the engine's input."""
    with practice.session() as s:
        return load_intake_answers(session=s, intake_id=intake_id)


def complete_intake(*, practice: Practice, intake_id: int) -> None:
    """Score and recommend, and keep both as they are now; the intake becomes read-only.

    The catalogue is the one the intake was put with (what it recorded as asked alone),
    and the record is kept with the result: its documents read it from then on.
    """
    catalogue = intake_catalogue(practice=practice, intake_id=intake_id)
    rec = recommend(catalogue, intake_answers(practice=practice, intake_id=intake_id))
    data = rec.to_dict(include_private=True)
    with practice.writing("the finished intake"), practice.session() as s:
        completion.complete_intake(
            session=s,
            intake_id=intake_id,
            scores_json=data["scores"],
            recommendation_json=data,
            catalogue_version=rec.catalogue_version,
            ruleset_version=rec.ruleset_version,
            actor=practice.clinician,
            asked_alone=asked_alone_choices(catalogue),
        )


def amend_intake(*, practice: Practice, intake_id: int) -> int:
    """A draft copy of a completed intake to correct; the original stays as it was."""
    with practice.writing("the amendment"), practice.session() as s:
        draft = store_intakes.amend_intake(
            session=s, intake_id=intake_id, amended_by=practice.clinician
        )
        assert draft.id is not None
        return draft.id


def safety_actions(*, practice: Practice, intake_id: int) -> list[str]:
    """The safety actions the rules ask for on a draft's answers so far (clinician only)."""
    catalogue = intake_catalogue(practice=practice, intake_id=intake_id)
    rec = recommend(catalogue, intake_answers(practice=practice, intake_id=intake_id))
    return [action.text for action in rec.safety]
