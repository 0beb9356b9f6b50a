"""A re-assessment: a new intake of a client seen before, carrying the history forward.

It asks the measures and the safety questions again; the answers to what it does not
ask (the first consultation's history: the presenting concerns, the goals, a pattern
from earlier relationships) are copied from the client's latest completed intake, so
that the rules run on a whole picture. The intake it copies from is not changed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from therapist_desk.errors import UserError
from therapist_desk.intake import IntakeAnswers, recommend
from therapist_desk.intake.catalogue import Catalogue, asked_alone_choices, for_reassessment
from therapist_desk.models import (
    Answer,
    Client,
    Intake,
    IntakeCreate,
    IntakePurpose,
    IntakeStatus,
)
from therapist_desk.models._base import utcnow
from therapist_desk.store.answers import answer_rows, save_answers
from therapist_desk.store.clients import get_client
from therapist_desk.store.completion import complete_intake
from therapist_desk.store.intake_input import load_intake_answers


class NothingToReassessError(UserError):
    """A re-assessment needs a completed consultation to compare with."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"{name} has no completed intake yet, so there is nothing to re-assess. "
            "Complete a first intake (Start intake) before a re-assessment. Nothing was changed."
        )


def current_intakes(*, session: Session, client_id: int) -> Sequence[Intake]:
    """The client's completed intakes, oldest first, each as last corrected: an intake
    amended or re-evaluated by a completed one is left out for the one that replaces it."""
    completed = session.exec(
        select(Intake)
        .where(Intake.client_id == client_id, Intake.status == IntakeStatus.COMPLETED.value)
        .order_by(col(Intake.date), col(Intake.id))
    ).all()
    replaced = {i.amends_intake_id for i in completed if i.amends_intake_id is not None}
    return [i for i in completed if i.id not in replaced]


def start_reassessment(*, session: Session, data: IntakeCreate, carried: Collection[str]) -> Intake:
    """Start a re-assessment draft; copy the answers to the ``carried`` items from the
    client's latest completed intake (in one commit). `NothingToReassessError` when the
    client has none."""
    client = get_client(session=session, client_id=data.client_id)
    earlier = current_intakes(session=session, client_id=data.client_id)
    if not earlier:
        raise NothingToReassessError(client.display_name)
    source = earlier[-1]
    now = utcnow()
    intake = Intake.model_validate(
        data,
        update={"purpose": IntakePurpose.REASSESSMENT, "created_at": now, "updated_at": now},
    )
    try:
        session.add(intake)
        session.flush()
        assert intake.id is not None
        answers = session.exec(
            select(Answer).where(
                Answer.intake_id == source.id, col(Answer.item_id).in_(list(carried))
            )
        ).all()
        session.add_all(
            Answer(
                intake_id=intake.id,
                participant_id=a.participant_id,
                item_id=a.item_id,
                value_json=a.value_json,
                answered_at=a.answered_at,
            )
            for a in answers
        )
        client.last_activity_at = now
        session.add(client)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return intake


class UnknownClientError(UserError):
    """No client has this reference."""

    def __init__(self, reference: str) -> None:
        super().__init__(
            f"No client has the reference {reference!r}. `therapist-desk clients` lists them "
            "with their references. Nothing was stored."
        )


def client_by_reference(*, session: Session, reference: str) -> Client:
    """The client with this reference; `UnknownClientError` when there is none."""
    client = session.exec(select(Client).where(Client.reference == reference.strip())).first()
    if client is None:
        raise UnknownClientError(reference)
    return client


def import_reassessment(
    *,
    engine: Engine,
    reference: str,
    data: IntakeCreate,
    catalogue: Catalogue,
    answers: IntakeAnswers,
    carried: Collection[str],
    actor: str,
) -> int:
    """Store a completed re-assessment of the client ``reference`` from ``answers`` (the
    file's, by position: the file's first participant is the client's first).

    The history is carried forward first; an answer the file gives replaces it. The
    rules run on the answers as stored. All in one transaction: on any problem nothing
    is stored. Returns the new intake's id.
    """
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            client = client_by_reference(session=session, reference=reference)
            _check_people(client, answers)
            assert client.id is not None
            came = [  # a partner given with no answers at all did not come
                p.position
                for p, person in zip(client.participants, answers.participants, strict=True)
                if person.answers
            ]
            fields = data.model_dump() | {"client_id": client.id, "present_json": came or None}
            intake = start_reassessment(
                session=session, data=IntakeCreate.model_validate(fields), carried=carried
            )
            assert intake.id is not None
            rows = answer_rows([p.id for p in client.participants], answers)
            save_answers(session=session, intake_id=intake.id, answers=rows)
            stored = load_intake_answers(session=session, intake_id=intake.id)
            full = recommend(for_reassessment(catalogue), stored).to_dict(include_private=True)
            complete_intake(
                session=session,
                intake_id=intake.id,
                scores_json=full.get("scores", {}),
                recommendation_json=full,
                actor=actor,
                asked_alone=asked_alone_choices(catalogue),
            )
            outer.commit()
        except BaseException:
            outer.rollback()
            raise
        finally:
            session.close()
    return intake.id


def _check_people(client: Client, answers: IntakeAnswers) -> None:
    """The file must be of the client's kind and have as many participants."""
    if answers.kind.value != client.kind:
        raise UserError(
            f"{client.display_name} is kept as {_kind(client.kind)}, but the file is for "
            f"{_kind(answers.kind.value)}. For a couple where one partner came alone, keep "
            '"kind": "couple" and give the other partner with no answers ("answers": {}): '
            "their measures stay not answered that day. Nothing was stored."
        )
    if len(answers.participants) != len(client.participants):
        raise UserError(
            f"The file has {len(answers.participants)} participants; {client.display_name} "
            f"has {len(client.participants)}. Nothing was stored."
        )


def _kind(kind: str) -> str:
    return "a couple" if kind == "couple" else "one person"
