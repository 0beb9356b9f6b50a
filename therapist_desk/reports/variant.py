"""What an audience may see of a summary: the one filter of every document and screen.

Each piece of a `ReportInput` carries its marks (private, whose asked-alone answers,
whose own scores); `view_for` keeps the pieces the audience may see, asking
`therapist_desk.intake.audience.Audience.sees`, and nothing else decides. The clinician
version is everything; the client version is what both partners may see (or the one
client); a personal summary is what one partner may see, their own scores included.

Beyond dropping pieces, the rules of `audience.withheld` (the same as for
``recommend --client-safe``) keep what is left from hinting at what was dropped: a
reason shows only in full; when one that decided the order does not, the order is given
in neutral words without reasons; the plan, the strength and what would change the
suggestion show only when every reason and every unanswered question does. Once the
clinician has decided, the order shown is the decision, in plain words, with neither the
suggestion nor the reason for an override.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from therapist_desk.intake.audience import Audience, AudienceKind, withheld
from therapist_desk.intake.explain import NEUTRAL_EXPLANATION, in_plain_words, order_explanation
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.reports.data import (
    Consent,
    Line,
    MeasureResult,
    Reason,
    RecommendationView,
    ReportInput,
)

CLINICIAN, CLIENT, PERSONAL = "clinician", "client", "personal-"


def audience_of(variant: str) -> Audience:
    """The audience a document variant is for (``"personal-p1"``: p1 alone)."""
    if variant == CLINICIAN:
        return Audience.clinician()
    if variant == CLIENT:
        return Audience.clients()
    if variant.startswith(PERSONAL) and len(variant) > len(PERSONAL):
        return Audience.alone(variant.removeprefix(PERSONAL))
    raise ValueError(
        f"unknown report variant {variant!r}; use 'clinician', 'client' or 'personal-p1'"
    )


def variant_of(audience: Audience) -> str:
    """The document variant written for ``audience``."""
    if audience.kind is AudienceKind.ALONE:
        return f"{PERSONAL}{audience.participant}"
    return CLINICIAN if audience.is_clinician else CLIENT


def view_for(data: ReportInput, audience: Audience) -> ReportInput:
    """``data`` as ``audience`` may see it."""
    if audience.is_clinician:
        return data
    shared = data.shared_scores

    def seen(piece: Any) -> bool:
        return audience.sees(
            private=piece.private,
            alone_of=piece.alone_of,
            personal_of=piece.personal_of,
            shared=shared,
        )

    def seen_score(measure: MeasureResult) -> bool:
        return audience.sees_score(
            private=measure.private,
            alone_of=measure.alone_of,
            personal_of=measure.personal_of,
            shared=shared,
        )

    def lines(found: tuple[Line, ...]) -> tuple[Line, ...]:
        return tuple(line for line in found if seen(line))

    rec = _recommendation(data, data.recommendation, seen, lines)
    rec = replace(
        rec,
        plan=_plain(data, rec.plan),
        reasons=tuple(replace(r, evidence=_plain(data, r.evidence)) for r in rec.reasons),
        counterfactuals=_plain(data, rec.counterfactuals),
    )
    decided = data.decision is not None and data.decision.status != "pending"
    if decided:
        rec = _decided(rec, data)
    return replace(
        data,
        recommendation=rec,
        # One partner's own summary holds their own scores only ("your own results"),
        # not the other partner's shared ones.
        measures=tuple(
            _measure(m, items=seen(m))  # a shared score asked alone: not its questions
            for m in data.measures
            if seen_score(m) and audience.participant in (None, m.participant)
        ),
        discrepancies=_plain(data, lines(data.discrepancies)),
        presenting_concerns=lines(data.presenting_concerns),
        goals=lines(data.goals),
        answers=tuple(a for a in data.answers if seen(a)),
        notes=tuple(n for n in data.notes if n.from_clients and seen(n)),  # theirs only
        decision=None,
        next_steps=lines(data.next_steps),
        references=tuple(r for r in data.references if isinstance(r, str) or seen(r)),
        rule_trace=(),
        for_person=audience.participant or "",
        consent=_consent(data.consent, audience.participant),
    )


def _consent(consent: Consent | None, alone: str | None) -> Consent | None:
    """The consent section; one partner's own summary names only that partner's agreement."""
    if consent is None or alone is None:
        return consent
    return replace(consent, people=tuple(p for p in consent.people if p.key == alone))


def _recommendation(
    data: ReportInput, rec: RecommendationView, seen: Any, lines: Any
) -> RecommendationView:
    """The suggestion as the audience may see it: the rules of `audience.withheld`."""

    def in_full(reason: Reason) -> bool:
        return seen(reason) and all(seen(e) for e in reason.evidence)

    shown = [(r, in_full(r)) for r in rec.reasons]
    missing_seen = all(seen(m) for m in rec.missing)
    rules = withheld(
        [(r.decisive, ok) for r, ok in shown] + ([(True, False)] if rec.decisive_private else []),
        missing_seen=missing_seen,
    )
    return replace(
        rec,
        explanation=(rec.neutral_explanation or NEUTRAL_EXPLANATION)
        if rules.neutral
        else rec.explanation,
        strength=rec.strength if rules.detail else "",
        neutral_explanation="",
        decisive_private=False,
        provisional=rec.provisional and (not rec.missing or bool(lines(rec.missing))),
        plan=lines(rec.plan) if rules.detail else (),
        reasons=() if rules.neutral else tuple(r for r, ok in shown if ok),
        safety_actions=(),
        counterfactuals=lines(rec.counterfactuals) if rules.detail else (),
        missing=lines(rec.missing),
    )


def _plain(data: ReportInput, found: tuple[Line, ...]) -> tuple[Line, ...]:
    """The sentences in the clients' words: each clinical band or cut-off name replaced."""
    if not data.plain_words:
        return found
    return tuple(replace(line, text=in_plain_words(line.text, data.plain_words)) for line in found)


def _decided(rec: RecommendationView, data: ReportInput) -> RecommendationView:
    """The clinician's decision as the order the clients read, in plain words."""
    decision = data.decision
    assert decision is not None
    try:
        explanation = order_explanation(TherapyOrder(decision.final_order), couple=data.couple)
    except ValueError:
        explanation = rec.explanation
    if not decision.overridden:
        return replace(rec, decided=True)
    return replace(
        rec,
        order_label=decision.final_order_label or rec.order_label,
        explanation=explanation,
        strength="",
        plan=(),
        reasons=(),
        counterfactuals=(),
        decided=True,
    )


def _measure(measure: MeasureResult, *, items: bool = True) -> MeasureResult:
    """A score as the clients read it: everyday words, no clinical flags; without
    ``items``, not which of its questions were left open (they were asked alone)."""
    return replace(
        measure,
        band=measure.plain_band or measure.band,
        cutoff_text=measure.plain_cutoff,
        flags=(),  # clinical flags and cut-off names are for the clinician
        missing_items=measure.missing_items if items else (),
    )


def client_view(data: ReportInput) -> ReportInput:
    """What both partners (or the one client) may see of ``data``."""
    return view_for(data, Audience.clients())
