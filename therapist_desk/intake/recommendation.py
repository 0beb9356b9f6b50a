"""The result of :func:`recommend`, its JSON shape, and the view safe for the couple.

``Recommendation.to_dict()`` is what ``therapist-desk recommend --format json`` prints
and what the reports read. ``client_safe()`` drops everything private or derived from a
private item; when the decisive reason itself is private, the order is given in neutral
words and nothing hints at why.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from therapist_desk.intake import explain
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.findings import (
    Counterfactual,
    Discrepancy,
    FocusArea,
    MissingItem,
    Part,
    RuleFinding,
    SafetyAction,
    Strength,
    TherapyOrder,
)
from therapist_desk.intake.scoring import MeasureScore


@dataclass(frozen=True)
class Recommendation:
    """The suggested order, how strong it is, and everything that explains it."""

    kind: str
    participants: tuple[tuple[str, str], ...]
    order: TherapyOrder
    strength: Strength
    headline: str
    explanation: str
    parts: tuple[Part, ...]
    findings: tuple[RuleFinding, ...]
    safety: tuple[SafetyAction, ...]
    counterfactuals: tuple[Counterfactual, ...]
    focus_areas: tuple[FocusArea, ...]
    discrepancies: tuple[Discrepancy, ...]
    scores: Mapping[str, Mapping[str, MeasureScore]]
    provisional: bool
    missing: tuple[MissingItem, ...]
    ruleset_version: str
    catalogue_version: str
    client_view: bool = False
    strength_capped: bool = False
    """The strength was capped at weak because a safety screen has gaps."""
    safety_incomplete: tuple[str, ...] = ()
    """Participants whose safety questions could still fire a hard rule (clinician only)."""
    strength_shown: bool = True
    """False in a view that withholds the strength (`audience.Withheld`)."""

    @property
    def decisive(self) -> tuple[RuleFinding, ...]:
        """The findings that decided the order."""
        return tuple(f for f in self.findings if f.decisive)

    def client_safe(
        self, catalogue: Catalogue | None = None, shared: Collection[str] = ()
    ) -> Recommendation:
        """What both partners (or the one client) may see: `audience.recommendation_for`.

        ``shared``: the participants who agreed that their own scores appear in what both
        see; with the ``catalogue`` those scores can be told apart (without it, no one's
        own score is kept).
        """
        if self.client_view:
            return self
        from therapist_desk.intake.audience import Audience, recommendation_for

        return recommendation_for(self, Audience.clients(), catalogue, shared)

    def to_dict(self, include_private: bool = True) -> dict[str, Any]:
        """The JSON shape (keys ``order``, ``strength``, ``reasons``, ``safety``, …)."""
        rec = self if include_private or self.client_view else self.client_safe()
        return {
            "view": "client" if rec.client_view else "clinician",
            "kind": rec.kind,
            "participants": [{"id": pid, "name": name} for pid, name in rec.participants],
            "order": rec.order.value,
            "order_label": explain.order_label(rec.order),
            "strength": rec.strength.value if rec.strength_shown else None,
            "strength_label": explain.strength_label(rec.strength, rec.strength_capped)
            if rec.strength_shown
            else "",
            "strength_capped": rec.strength_capped and rec.strength_shown,
            "headline": rec.headline,
            "explanation": rec.explanation,
            "parts": [_plain(p) for p in rec.parts],
            "reasons": [_reason(f) for f in rec.findings],
            "safety": [_plain(s) for s in rec.safety],
            "counterfactuals": [_plain(c) for c in rec.counterfactuals],
            "focus_areas": [_plain(a) for a in rec.focus_areas],
            "discrepancies": [_plain(d) for d in rec.discrepancies],
            "scores": {
                pid: {m: _score(s) for m, s in by_measure.items()}
                for pid, by_measure in rec.scores.items()
            },
            "provisional": rec.provisional,
            "safety_incomplete": list(rec.safety_incomplete),
            "missing": [_plain(m) for m in rec.missing],
            "ruleset_version": rec.ruleset_version,
            "catalogue_version": rec.catalogue_version,
        }


def _plain(obj: Any) -> Any:
    return _jsonable(asdict(obj))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value.value if isinstance(value, TherapyOrder | Strength) else value


def _reason(finding: RuleFinding) -> dict[str, Any]:
    data = _plain(finding)
    data["text"] = explain.finding_sentence(finding)
    return data


def _score(score: MeasureScore) -> dict[str, Any]:
    data = _plain(score)
    data["status"] = score.status.value
    data["prorated"] = score.prorated
    return data
