"""Completing an intake (with snapshots of scores and recommendation) and the decision."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from therapist_desk.models import (
    AuditAction,
    Decision,
    DecisionCreate,
    Intake,
    IntakeStatus,
    RecommendationSnapshot,
    ScoreSnapshot,
)
from therapist_desk.models._base import utcnow
from therapist_desk.models.intake import asked_alone_text
from therapist_desk.store.audit import ORDER_OVERRIDDEN, add_event
from therapist_desk.store.clients import get_client
from therapist_desk.store.errors import IntakeCompletedError, IntakeNotCompletedError
from therapist_desk.store.intakes import get_intake


@dataclass(frozen=True)
class Snapshots:
    """What the engine produced at completion, parsed back from JSON."""

    catalogue_version: str
    scores: Any
    ruleset_version: str
    recommendation: Any


def _as_json(value: str | Mapping[str, Any] | list[Any]) -> str:
    if isinstance(value, str):
        json.loads(value)  # refuse text that is not JSON
        return value
    # key order is kept: it is the order the engine gives (measures as in the catalogue)
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def complete_intake(
    *,
    session: Session,
    intake_id: int,
    scores_json: str | Mapping[str, Any] | list[Any],
    recommendation_json: str | Mapping[str, Any],
    catalogue_version: str | None = None,
    ruleset_version: str | None = None,
    actor: str | None = None,
    asked_alone: Mapping[str, bool] | None = None,
) -> Intake:
    """Mark a draft completed and keep the scores and recommendation as produced; commit.

    The versions default to the intake's; pass the ones that actually produced the
    snapshots if they changed while the draft was open. ``asked_alone`` (section id →
    asked alone) is the way the answers were put, kept with the intake from then on;
    None keeps what the draft recorded.
    """
    intake = get_intake(session=session, intake_id=intake_id)
    if intake.status != IntakeStatus.DRAFT:
        raise IntakeCompletedError(intake_id)
    now = utcnow()
    intake.catalogue_version = catalogue_version or intake.catalogue_version
    intake.ruleset_version = ruleset_version or intake.ruleset_version
    if asked_alone is not None:
        intake.asked_alone_json = asked_alone_text(asked_alone)
    intake.status = IntakeStatus.COMPLETED
    intake.completed_at = now
    intake.updated_at = now
    session.add(intake)
    session.add(
        ScoreSnapshot(
            intake_id=intake_id,
            catalogue_version=intake.catalogue_version,
            scores_json=_as_json(scores_json),
            taken_at=now,
        )
    )
    session.add(
        RecommendationSnapshot(
            intake_id=intake_id,
            ruleset_version=intake.ruleset_version,
            recommendation_json=_as_json(recommendation_json),
            taken_at=now,
        )
    )
    client = get_client(session=session, client_id=intake.client_id)
    client.last_activity_at = now
    session.add(client)
    add_event(
        session,
        client_ref=client.reference,
        action=AuditAction.COMPLETED,
        intake_id=intake_id,
        actor=actor or intake.clinician,
    )
    session.commit()
    return intake


def get_snapshots(*, session: Session, intake_id: int) -> Snapshots | None:
    """The snapshots of a completed intake, or ``None`` for a draft."""
    scores = session.exec(select(ScoreSnapshot).where(ScoreSnapshot.intake_id == intake_id)).first()
    rec = session.exec(
        select(RecommendationSnapshot).where(RecommendationSnapshot.intake_id == intake_id)
    ).first()
    if scores is None or rec is None:
        return None
    return Snapshots(
        catalogue_version=scores.catalogue_version,
        scores=json.loads(scores.scores_json),
        ruleset_version=rec.ruleset_version,
        recommendation=json.loads(rec.recommendation_json),
    )


def record_decision(*, session: Session, data: DecisionCreate) -> Decision:
    """Record the clinician's final order for a completed intake; commit.

    Accepted when the final order is the suggested one; otherwise the reason (required
    by `DecisionCreate`) is kept and the override is added to the audit trail, in the
    same commit (the event says that the order was overridden, never the reason). An
    intake has one decision; a later change of mind is an amendment of the intake.
    """
    if not isinstance(data, DecisionCreate):
        data = DecisionCreate.model_validate(data)
    intake = get_intake(session=session, intake_id=data.intake_id)
    if intake.status != IntakeStatus.COMPLETED:
        raise IntakeNotCompletedError(data.intake_id)
    if get_decision(session=session, intake_id=data.intake_id) is not None:
        raise IntakeCompletedError(data.intake_id)
    decision = Decision.model_validate(
        data,
        update={"accepted": data.final_order == data.suggested_order, "decided_at": utcnow()},
    )
    session.add(decision)
    if not decision.accepted:
        client = get_client(session=session, client_id=intake.client_id)
        add_event(
            session,
            client_ref=client.reference,
            action=AuditAction.OVERRIDDEN,
            intake_id=data.intake_id,
            actor=data.decided_by,
            detail=ORDER_OVERRIDDEN,
        )
    session.commit()
    return decision


def get_decision(*, session: Session, intake_id: int) -> Decision | None:
    """The clinician's decision on an intake, or ``None`` if not yet decided."""
    return session.exec(select(Decision).where(Decision.intake_id == intake_id)).first()
