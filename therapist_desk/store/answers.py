"""Answers: each one committed (fsynced) the moment it is given; no Save button anywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlmodel import Session, select

from therapist_desk.errors import UserError
from therapist_desk.models import Answer, Intake, Participant
from therapist_desk.models._base import utcnow
from therapist_desk.store import sql_style
from therapist_desk.store.errors import IntakeCompletedError, NotFoundError

if TYPE_CHECKING:
    from therapist_desk.intake.answers import IntakeAnswers

#: Answers of one intake by participant position (1, 2) or ``None`` for the
#: relationship, then by item id: ``{1: {"phq9.1": 2}, None: {"concerns.trust": True}}``.
StoredAnswers = dict[int | None, dict[str, Any]]

VALUE_MAX = 4000
"""The longest answer: characters of a text answer, or of any other answer as JSON."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_answer = Answer.__table__  # type: ignore[attr-defined]

# The hot path is plain SQL on the session's connection: answering is the one thing
# done hundreds of times per intake, and compiling ORM statements each time would
# cost more than the commit itself (see benchmarks/bench_store.py).
# "Last activity" and "updated" are kept to the minute: rewriting them on every answer
# would dirty two more tables (and the client list's index) in each commit. One SELECT
# finds the draft's client, whether either mark is over a minute old, and (when asked)
# whose the participant is; the marks are rewritten only when one is old. On a practice
# server each statement is a round trip: an answer within the minute takes two (this
# SELECT and the upsert) instead of five.
_DRAFT = (
    "SELECT i.client_id, i.updated_at < ? OR c.last_activity_at < ?, {owner}"
    " FROM intake i JOIN client c ON c.id = i.client_id WHERE i.id = ? AND i.status = 'draft'"
)
_DRAFT_CLIENT = _DRAFT.format(owner="NULL")
_DRAFT_CLIENT_OWNER = _DRAFT.format(owner="(SELECT p.client_id FROM participant p WHERE p.id = ?)")
_TOUCH_INTAKE = "UPDATE intake SET updated_at = ? WHERE id = ? AND updated_at < ?"
_TOUCH_CLIENT = "UPDATE client SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?"
TOUCH_EVERY = timedelta(minutes=1)
_OWNER = "SELECT client_id FROM participant WHERE id = ?"
_UPSERT_PERSON = (
    "INSERT INTO answer (intake_id, participant_id, item_id, value_json, answered_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (intake_id, participant_id, item_id)"
    " WHERE participant_id IS NOT NULL"
    " DO UPDATE SET value_json = excluded.value_json, answered_at = excluded.answered_at"
)
_UPSERT_RELATIONSHIP = (
    "INSERT INTO answer (intake_id, participant_id, item_id, value_json, answered_at)"
    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (intake_id, item_id) WHERE participant_id IS NULL"
    " DO UPDATE SET value_json = excluded.value_json, answered_at = excluded.answered_at"
)


def _stamp(when: datetime) -> str:
    """``when`` in the stored form of `UTCDateTime` (naive UTC text)."""
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _cursor(session: Session) -> Any:
    """A DB-API cursor inside the session's current transaction (BEGIN already sent),
    taking the ``?`` placeholders of the statements above on either driver."""
    return sql_style.cursor(session.connection())


def _claim_draft(session: Session, intake_id: int, participant_id: int | None = None) -> int:
    """Return the draft's client id, marking both as active (to the minute); refuse a
    completed intake, and a ``participant_id`` that is not one of the draft's client."""
    cursor = _cursor(session)
    now = utcnow()
    stamp, stale = _stamp(now), _stamp(now - TOUCH_EVERY)
    if participant_id is None:
        row = cursor.execute(_DRAFT_CLIENT, (stale, stale, intake_id)).fetchone()
    else:
        params = (stale, stale, participant_id, intake_id)
        row = cursor.execute(_DRAFT_CLIENT_OWNER, params).fetchone()
    if row is None:
        if session.get(Intake, intake_id) is None:
            raise NotFoundError(f"Intake {intake_id} does not exist.")
        raise IntakeCompletedError(intake_id)
    client_id = int(row[0])
    if participant_id is not None and row[2] != client_id:
        raise NotFoundError(f"Participant {participant_id} does not belong to this intake.")
    if row[1]:
        cursor.execute(_TOUCH_INTAKE, (stamp, intake_id, stale))
        cursor.execute(_TOUCH_CLIENT, (stamp, client_id, stale))
    return client_id


def _check_participant(session: Session, client_id: int, participant_id: int | None) -> None:
    if participant_id is None:
        return
    row = _cursor(session).execute(_OWNER, (participant_id,)).fetchone()
    owner = row[0] if row else None
    if owner != client_id:
        raise NotFoundError(f"Participant {participant_id} does not belong to this intake.")


def _value_json(item_id: str, value: Any) -> str:
    """``value`` as stored; refuses text too long to keep, and lone surrogates."""
    value_json = json.dumps(
        list(value) if isinstance(value, tuple) else value, ensure_ascii=False, allow_nan=False
    )
    size = len(value) if isinstance(value, str) else len(value_json)
    if size > VALUE_MAX:
        raise UserError(
            f"The answer to {item_id} is too long to store ({size} characters; "
            f"at most {VALUE_MAX}). Shorten it."
        )
    if _SURROGATE.search(value_json):
        raise UserError(
            f"The answer to {item_id} holds half of a character (a lone surrogate) "
            "that cannot be stored. Remove it."
        )
    return value_json


def check_value(item_id: str, value: Any) -> None:
    """Refuse (a `UserError`) an answer too long to keep or holding half a character."""
    _value_json(item_id, value)


def _upsert(
    session: Session, intake_id: int, participant_id: int | None, item_id: str, value: Any
) -> None:
    value_json = _value_json(item_id, value)
    sql = _UPSERT_RELATIONSHIP if participant_id is None else _UPSERT_PERSON
    params = (intake_id, participant_id, item_id, value_json, _stamp(utcnow()))
    _cursor(session).execute(sql, params)


_PARTICIPANT_AT = (
    "SELECT participant.id FROM participant JOIN intake ON intake.client_id ="
    " participant.client_id WHERE intake.id = ? AND participant.position = ?"
)


def participant_at(*, session: Session, intake_id: int, position: int) -> int:
    """The id of the intake's participant at ``position`` (1 or 2), in one statement."""
    row = _cursor(session).execute(_PARTICIPANT_AT, (intake_id, position)).fetchone()
    if row is None:
        raise NotFoundError(f"Intake {intake_id} has no participant {position}.")
    return int(row[0])


def save_answer(
    *, session: Session, intake_id: int, participant_id: int | None, item_id: str, value: Any
) -> None:
    """Save (or replace) one answer and commit it durably before returning.

    ``participant_id`` is ``None`` for an item asked once about the relationship.
    ``value`` is any JSON value (number, text, yes/no, list). Raises
    `IntakeCompletedError` for a completed intake: amend it instead.
    """
    try:
        _claim_draft(session, intake_id, participant_id)
        _upsert(session, intake_id, participant_id, item_id, value)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def save_answers(
    *,
    session: Session,
    intake_id: int,
    answers: Iterable[tuple[int | None, str, Any]],
) -> int:
    """Save several ``(participant_id, item_id, value)`` answers in one commit (all or none).

    For imports and for a page answered at once; returns how many were saved.
    """
    saved = 0
    try:
        client_id = _claim_draft(session, intake_id)
        checked: set[int | None] = set()
        for participant_id, item_id, value in answers:
            if participant_id not in checked:
                _check_participant(session, client_id, participant_id)
                checked.add(participant_id)
            _upsert(session, intake_id, participant_id, item_id, value)
            saved += 1
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return saved


def answer_rows(
    participant_ids: Sequence[int | None], answers: IntakeAnswers
) -> list[tuple[int | None, str, Any]]:
    """The engine's ``answers`` as `save_answers` rows: each participant's under the stored
    participant id in the same position, then the relationship's (participant None)."""
    rows: list[tuple[int | None, str, Any]] = [
        (participant_ids[index], item_id, value)
        for index, person in enumerate(answers.participants)
        for item_id, value in person.answers.items()
    ]
    rows += [(None, item_id, value) for item_id, value in answers.relationship.items()]
    return rows


def clear_answer(
    *, session: Session, intake_id: int, participant_id: int | None, item_id: str
) -> bool:
    """Remove one answer from a draft (the item becomes unanswered); commit.

    Returns whether there was an answer to remove.
    """
    try:
        _claim_draft(session, intake_id)
        condition = (
            _answer.c.participant_id.is_(None)
            if participant_id is None
            else _answer.c.participant_id == participant_id
        )
        result = session.execute(
            sa.delete(_answer).where(
                _answer.c.intake_id == intake_id, _answer.c.item_id == item_id, condition
            )
        )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return bool(result.rowcount)  # type: ignore[attr-defined]


def load_answers(*, session: Session, intake_id: int) -> StoredAnswers:
    """Every answer of an intake, by participant position (``None``: the relationship)."""
    statement = (
        select(Participant.position, Answer.item_id, Answer.value_json)
        .select_from(Answer)
        .join(Participant, Answer.participant_id == Participant.id, isouter=True)  # type: ignore[arg-type]
        .where(Answer.intake_id == intake_id)
        .order_by(Answer.id)  # type: ignore[arg-type]
    )
    stored: StoredAnswers = {}
    for position, item_id, value_json in session.exec(statement):
        stored.setdefault(position, {})[item_id] = json.loads(value_json)
    return stored


def count_answers(*, session: Session, intake_id: int) -> int:
    """How many answers an intake holds."""
    statement = sa.select(sa.func.count()).select_from(_answer)
    return int(session.execute(statement.where(_answer.c.intake_id == intake_id)).scalar_one())
