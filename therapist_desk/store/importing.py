"""Importing an answers file: a new client with a completed intake, all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake import AnswersFile, IntakeAnswers, Recommendation
from therapist_desk.intake.record import rename_participants
from therapist_desk.models import ClientCreate, DecisionCreate, IntakeCreate, field_errors
from therapist_desk.store.answers import answer_rows, save_answers
from therapist_desk.store.clients import create_client
from therapist_desk.store.completion import complete_intake, record_decision
from therapist_desk.store.intake_input import engine_id
from therapist_desk.store.intakes import start_intake

UNKNOWN_CLINICIAN = "Not recorded (imported)"


def _validated(shape: Any, data: dict[str, Any], what: str) -> Any:
    try:
        return shape.model_validate(data)
    except ValidationError as err:
        problems = "; ".join(f"{field}: {msg}" for field, msg in field_errors(err).items())
        raise UserError(f"Cannot import the {what}: {problems}.") from None


def import_intake(
    *,
    engine: Engine,
    parsed: AnswersFile,
    answers: IntakeAnswers,
    recommendation: Recommendation,
    actor: str | None = None,
    asked_alone: Mapping[str, bool] | None = None,
) -> int:
    """Store a client, a completed intake with its answers and snapshots, and the decision.

    ``answers`` and ``recommendation`` are what the engine made of ``parsed``, with the
    catalogue whose choices of what is asked alone are ``asked_alone`` (section id →
    asked alone), which the intake records (None: no record, read as the more private of
    shipped and today's). Everything is written in one transaction: if anything fails,
    nothing is stored. Returns the new intake's id.
    """
    meta = parsed.intake
    clinician = (meta.clinician if meta else None) or UNKNOWN_CLINICIAN
    people = [
        {
            "name": p.name,
            "preferred_name": p.preferred_name,
            "pronouns": p.pronouns,
            "date_of_birth": p.date_of_birth,
        }
        for p in parsed.participants
    ]
    client_data = _validated(
        ClientCreate, {"kind": parsed.kind.value, "participants": people}, "client"
    )
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        try:
            client = create_client(session=session, data=client_data, actor=actor or clinician)
            intake_fields: dict[str, Any] = {
                "client_id": client.id,
                "clinician": clinician,
                "mode": (meta.mode if meta and meta.mode else "in_person"),
                "catalogue_version": recommendation.catalogue_version,
                "ruleset_version": recommendation.ruleset_version,
            }
            if meta and meta.date:
                intake_fields["date"] = meta.date
            if meta and meta.notes:
                intake_fields["notes"] = meta.notes
            if asked_alone is not None:
                intake_fields["asked_alone_json"] = dict(asked_alone)
            intake = start_intake(
                session=session, data=_validated(IntakeCreate, intake_fields, "intake")
            )
            assert intake.id is not None
            rows = answer_rows([p.id for p in client.participants], answers)
            save_answers(session=session, intake_id=intake.id, answers=rows)
            # recorded with the store's ids (p1, p2), not the file's: one record, one key
            full = rename_participants(
                recommendation.to_dict(),
                {p.id: engine_id(i + 1) for i, p in enumerate(answers.participants)},
            )
            complete_intake(
                session=session,
                intake_id=intake.id,
                scores_json=full.get("scores", {}),
                recommendation_json=full,
                actor=actor or clinician,
            )
            if parsed.decision is not None:
                decision = {
                    "intake_id": intake.id,
                    "suggested_order": recommendation.order.value,
                    "final_order": parsed.decision.order,
                    "reason": parsed.decision.reason,
                    "decided_by": clinician,
                }
                record_decision(
                    session=session, data=_validated(DecisionCreate, decision, "decision")
                )
            outer.commit()
        except BaseException:
            outer.rollback()
            raise
        finally:
            session.close()
    return intake.id
