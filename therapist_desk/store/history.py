"""A client's intakes with their results and decisions, read in one query."""

from __future__ import annotations

import json
from collections import OrderedDict
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
        IntakeHistoryEntry(intake, _parsed(rec) if rec else None, decision)
        for intake, rec, decision in session.exec(statement).all()
    ]


_PARSED: OrderedDict[str, dict[str, Any]] = OrderedDict()
PARSED_KEPT = 200
"""Records kept parsed (about 75 kB each with their text, so at most about 15 MB): the
client page of a couple seen 50 times reads 50 of them."""


def _parsed(text: str) -> dict[str, Any]:
    """A stored recommendation parsed, kept by its text: a completed record never changes,
    so the same text is parsed once (a client page opened again reads it at once). The
    dict is shared: callers only read it."""
    found = _PARSED.get(text)
    if found is None:
        found = _PARSED[text] = json.loads(text)
        if len(_PARSED) > PARSED_KEPT:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(text)
    return found


def forget_parsed() -> None:
    """Drop the records kept parsed (a benchmark of the first visit clears them)."""
    _PARSED.clear()
