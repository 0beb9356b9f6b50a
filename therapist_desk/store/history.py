"""A client's intakes with their results and decisions, read in one query."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from therapist_desk.models import Decision, Intake, RecommendationSnapshot


@dataclass(frozen=True)
class IntakeHistoryEntry:
    """One intake of a client, its stored recommendation (None for a draft) and decision."""

    intake: Intake
    recommendation: dict[str, Any] | None
    decision: Decision | None


def client_history(*, session: Session, client_id: int) -> Sequence[IntakeHistoryEntry]:
    """Every intake of a client, oldest first, with its result and decision (one query)."""
    statement = (
        select(Intake, RecommendationSnapshot.recommendation_json, Decision)
        .outerjoin(RecommendationSnapshot, col(RecommendationSnapshot.intake_id) == Intake.id)
        .outerjoin(Decision, col(Decision.intake_id) == Intake.id)
        .where(Intake.client_id == client_id)
        .order_by(col(Intake.created_at), col(Intake.id))
    )
    return [
        IntakeHistoryEntry(intake, json.loads(rec) if rec else None, decision)
        for intake, rec, decision in session.exec(statement).all()
    ]
