"""Intakes: each answer saved when given, resumable, completed once, amended as a copy."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from therapist_desk.models import AuditAction, Client, DecisionCreate, Intake, IntakeStatus
from therapist_desk.store.answers import clear_answer, count_answers, load_answers, save_answer
from therapist_desk.store.audit import list_events
from therapist_desk.store.completion import (
    complete_intake,
    get_decision,
    get_snapshots,
    record_decision,
)
from therapist_desk.store.errors import (
    IntakeCompletedError,
    IntakeNotCompletedError,
    NotFoundError,
)
from therapist_desk.store.intakes import (
    amend_intake,
    get_intake,
    get_resume_point,
    latest_draft_for_client,
    list_intakes_for_client,
    set_position,
)
from therapist_desk.store.session import new_session

RECOMMENDATION = {"order": "concurrent", "ruleset_version": "1.0.0", "reasons": ["r7"]}


def people(couple: Client) -> tuple[int, int]:
    first, second = couple.participants
    assert first.id is not None and second.id is not None
    return first.id, second.id


def answer_all(session: Session, draft: Intake, couple: Client) -> None:
    assert draft.id is not None
    first, second = people(couple)
    save_answer(
        session=session, intake_id=draft.id, participant_id=first, item_id="phq9.1", value=2
    )
    save_answer(
        session=session, intake_id=draft.id, participant_id=second, item_id="phq9.1", value=0
    )
    save_answer(
        session=session,
        intake_id=draft.id,
        participant_id=None,
        item_id="concerns",
        value=["trust"],
    )


def complete(session: Session, draft: Intake) -> Intake:
    assert draft.id is not None
    return complete_intake(
        session=session,
        intake_id=draft.id,
        scores_json={"phq9": {"1": 2}},
        recommendation_json=RECOMMENDATION,
    )


def test_each_answer_is_committed_when_given(engine, session, draft, couple) -> None:
    answer_all(session, draft, couple)
    with new_session(engine) as other:  # a second connection sees them: they are committed
        assert load_answers(session=other, intake_id=draft.id) == {
            1: {"phq9.1": 2},
            2: {"phq9.1": 0},
            None: {"concerns": ["trust"]},
        }


def test_saving_again_replaces_the_value(session, draft, couple) -> None:
    first, _ = people(couple)
    for value in (1, 3):
        save_answer(
            session=session, intake_id=draft.id, participant_id=first, item_id="x", value=value
        )
        save_answer(
            session=session, intake_id=draft.id, participant_id=None, item_id="y", value=value
        )
    assert load_answers(session=session, intake_id=draft.id) == {1: {"x": 3}, None: {"y": 3}}
    assert count_answers(session=session, intake_id=draft.id) == 2


def test_an_answer_can_be_cleared(session, draft, couple) -> None:
    first, _ = people(couple)
    save_answer(session=session, intake_id=draft.id, participant_id=first, item_id="x", value=1)
    assert clear_answer(session=session, intake_id=draft.id, participant_id=first, item_id="x")
    assert not clear_answer(session=session, intake_id=draft.id, participant_id=first, item_id="x")
    assert load_answers(session=session, intake_id=draft.id) == {}


def test_answers_of_someone_else_are_refused(session, draft) -> None:
    with pytest.raises(NotFoundError):
        save_answer(session=session, intake_id=draft.id, participant_id=999, item_id="x", value=1)
    with pytest.raises(NotFoundError):
        save_answer(session=session, intake_id=999, participant_id=None, item_id="x", value=1)
    assert count_answers(session=session, intake_id=draft.id) == 0


def test_saving_an_answer_moves_the_client_up_the_list(session, draft, couple) -> None:
    """Activity is kept to the minute: an hour-old client moves up at the next answer."""
    an_hour_ago = couple.last_activity_at - timedelta(hours=1)
    couple.last_activity_at = an_hour_ago
    session.add(couple)
    session.commit()
    save_answer(session=session, intake_id=draft.id, participant_id=None, item_id="x", value=1)
    session.expire_all()
    moved = session.get(Client, couple.id).last_activity_at
    assert moved > an_hour_ago + timedelta(minutes=59)


def test_answers_within_a_minute_leave_the_marks_of_activity_as_they_are(
    session, draft, couple, monkeypatch
) -> None:
    """Each answer is saved at once; "last activity" and "updated" move once a minute."""
    import therapist_desk.store.answers as answers

    start = couple.last_activity_at + timedelta(hours=1)
    later = start + timedelta(seconds=61)
    first = couple.participants[0].id
    for seconds, marked in ((0, start), (30, start), (59, start), (61, later)):
        monkeypatch.setattr(answers, "utcnow", lambda s=seconds: start + timedelta(seconds=s))
        save_answer(
            session=session, intake_id=draft.id, participant_id=first, item_id=f"i{seconds}",
            value=1,
        )  # fmt: skip
        session.expire_all()
        client, intake = session.get(Client, couple.id), session.get(Intake, draft.id)
        assert (client.last_activity_at, intake.updated_at) == (marked, marked), seconds
    assert count_answers(session=session, intake_id=draft.id) == 4


def test_a_draft_resumes_where_it_stopped(engine, session, draft, couple) -> None:
    set_position(session=session, intake_id=draft.id, section_id="private", participant_position=2)
    with new_session(engine) as later:
        resumed = latest_draft_for_client(session=later, client_id=couple.id)
        assert resumed is not None and resumed.id == draft.id
        point = get_resume_point(session=later, intake_id=draft.id)
    assert (point.section_id, point.participant_position) == ("private", 2)


def test_completion_keeps_the_snapshots_and_freezes_the_intake(session, draft, couple) -> None:
    answer_all(session, draft, couple)
    done = complete(session, draft)
    assert done.status == IntakeStatus.COMPLETED and done.completed_at is not None
    snapshots = get_snapshots(session=session, intake_id=draft.id)
    assert snapshots is not None
    assert snapshots.recommendation == RECOMMENDATION
    assert (snapshots.catalogue_version, snapshots.ruleset_version) == ("1.0.0", "1.0.0")
    with pytest.raises(IntakeCompletedError, match="Amend it"):
        save_answer(session=session, intake_id=draft.id, participant_id=None, item_id="x", value=1)
    with pytest.raises(IntakeCompletedError):
        set_position(session=session, intake_id=draft.id, section_id="s")
    with pytest.raises(IntakeCompletedError):
        complete(session, draft)
    assert latest_draft_for_client(session=session, client_id=couple.id) is None
    events = list_events(session=session, client_ref=couple.reference)
    assert events[0].action == AuditAction.COMPLETED


def test_the_database_itself_refuses_to_edit_a_completed_intake(session, draft, couple) -> None:
    answer_all(session, draft, couple)
    complete(session, draft)
    for sql in (
        "UPDATE answer SET value_json = '3'",
        "UPDATE intake SET clinician = 'someone else'",
        f"INSERT INTO answer (intake_id, item_id, value_json, answered_at)"
        f" VALUES ({draft.id}, 'new', '1', '2026-01-01')",
    ):
        with pytest.raises(IntegrityError, match="never edited in place"):
            session.execute(sa.text(sql))
        session.rollback()


def test_an_amendment_keeps_the_original(session, draft, couple) -> None:
    answer_all(session, draft, couple)
    original = complete(session, draft)
    first, _ = people(couple)
    amendment = amend_intake(session=session, intake_id=draft.id, amended_by="Dr Second")
    assert (amendment.amends_intake_id, amendment.amended_by) == (draft.id, "Dr Second")
    assert amendment.status == IntakeStatus.DRAFT and amendment.created_at is not None
    assert amend_intake(session=session, intake_id=draft.id, amended_by="Dr Second").id == (
        amendment.id
    )
    save_answer(
        session=session, intake_id=amendment.id, participant_id=first, item_id="phq9.1", value=3
    )
    assert load_answers(session=session, intake_id=amendment.id)[1] == {"phq9.1": 3}
    assert load_answers(session=session, intake_id=draft.id)[1] == {"phq9.1": 2}
    session.expire_all()
    kept = get_intake(session=session, intake_id=draft.id)
    assert kept.status == IntakeStatus.COMPLETED and kept.updated_at == original.updated_at
    assert [i.id for i in list_intakes_for_client(session=session, client_id=couple.id)] == [
        draft.id,
        amendment.id,
    ]
    event = list_events(session=session, client_ref=couple.reference)[0]
    assert (event.action, event.actor, event.intake_id) == (
        AuditAction.AMENDED,
        "Dr Second",
        amendment.id,
    )


def test_only_a_completed_intake_is_amended_or_decided(session, draft) -> None:
    with pytest.raises(IntakeNotCompletedError):
        amend_intake(session=session, intake_id=draft.id, amended_by="Dr A")
    decision = DecisionCreate(
        intake_id=draft.id, suggested_order="concurrent", final_order="concurrent", decided_by="A"
    )
    with pytest.raises(IntakeNotCompletedError):
        record_decision(session=session, data=decision)


def test_the_decision_records_an_override_and_its_reason(session, draft) -> None:
    complete(session, draft)
    data = DecisionCreate(
        intake_id=draft.id,
        suggested_order="concurrent",
        final_order="individual_first",
        reason="Safety planning comes first.",
        decided_by="Dr Test",
    )
    record_decision(session=session, data=data)
    decision = get_decision(session=session, intake_id=draft.id)
    assert decision is not None
    assert (decision.accepted, decision.reason) == (False, "Safety planning comes first.")
    assert decision.decided_at.tzinfo is not None
    with pytest.raises(IntakeCompletedError):
        record_decision(session=session, data=data)
