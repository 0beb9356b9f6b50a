"""The variant filter: what the client may see, decided in this one place.

The client version carries nothing from a private item and nothing derived from one:
no private reason, flag, measure, answer, note or counterfactual, no safety action at all
(they are instructions to the clinician) and no rule trace. When the decisive reason for
the order was private, the explanation is replaced by the neutral one, and the strength,
the counterfactuals and even the public supporting reasons are withheld: each would
invite the question why the order differs from what they point to.
"""

from __future__ import annotations

from dataclasses import replace

from therapist_desk.reports.data import (
    Decision,
    Line,
    MeasureResult,
    Reason,
    RecommendationView,
    ReportInput,
)

NEUTRAL_EXPLANATION = (
    "Your clinician suggests this order after looking at everything you shared. "
    "They will talk the reasons through with you."
)


def _public_lines(lines: tuple[Line, ...]) -> tuple[Line, ...]:
    return tuple(line for line in lines if not line.private)


def _public_reason(reason: Reason) -> Reason:
    return replace(reason, evidence=_public_lines(reason.evidence))


def _public_measure(measure: MeasureResult) -> MeasureResult:
    return replace(measure, flags=_public_lines(measure.flags))


def _public_recommendation(rec: RecommendationView) -> RecommendationView:
    decisive_private = rec.decisive_private or any(r.private and r.decisive for r in rec.reasons)
    return replace(
        rec,
        explanation=(rec.neutral_explanation or NEUTRAL_EXPLANATION)
        if decisive_private
        else rec.explanation,
        strength="" if decisive_private else rec.strength,
        neutral_explanation="",
        decisive_private=False,
        plan=_public_lines(rec.plan),
        reasons=()
        if decisive_private
        else tuple(_public_reason(r) for r in rec.reasons if not r.private),
        safety_actions=(),
        counterfactuals=() if decisive_private else _public_lines(rec.counterfactuals),
    )


def _public_decision(decision: Decision | None) -> Decision | None:
    if decision is None or not decision.reason_private:
        return decision
    return replace(decision, reason="", reason_private=False)


def client_view(data: ReportInput) -> ReportInput:
    """``data`` with every private item, and everything derived from one, removed."""
    return replace(
        data,
        recommendation=_public_recommendation(data.recommendation),
        measures=tuple(_public_measure(m) for m in data.measures if not m.private),
        discrepancies=_public_lines(data.discrepancies),
        presenting_concerns=_public_lines(data.presenting_concerns),
        goals=_public_lines(data.goals),
        answers=tuple(a for a in data.answers if not a.private),
        notes=tuple(n for n in data.notes if not n.private),
        decision=_public_decision(data.decision),
        next_steps=_public_lines(data.next_steps),
        rule_trace=(),
    )
