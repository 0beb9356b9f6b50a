"""One run of the rules over an intake: which fired, what decides, how strongly, the plan.

:func:`evaluate` is what :func:`therapist_desk.intake.recommend` explains, and what
:mod:`whatif` runs again on changed answers. See :mod:`engine` for the precedence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import Part, RuleFinding, Strength, TherapyOrder
from therapist_desk.intake.plan import build_plan, first_of
from therapist_desk.intake.rules import SAFETY_ITEMS
from therapist_desk.intake.rules_joint import FALLBACK_TIER, RULES, r10_goals
from therapist_desk.intake.screen import safety_gaps

Fired = Sequence[tuple[int, RuleFinding]]


@dataclass(frozen=True)
class Outcome:
    """What one run of the rules decided, before it is explained."""

    fired: tuple[tuple[int, RuleFinding], ...]
    fallback: RuleFinding
    order: TherapyOrder
    decisive: tuple[RuleFinding, ...]
    strength: Strength
    capped: bool
    gaps: dict[str, tuple[str, ...]]
    parts: tuple[Part, ...]
    headline: str


def select(
    fired: Fired, fallback: RuleFinding, ids: Sequence[str]
) -> tuple[TherapyOrder, list[RuleFinding]]:
    """The order and the decisive findings (see the module doc), in precedence order."""
    order, decisive = first_of(fired, fallback)
    if order is TherapyOrder.INDIVIDUAL_FIRST and fired:
        for pid in ids:
            own = [(t, f) for t, f in fired if f.order is order and pid in f.participant_ids]
            if own:
                low = min(t for t, _ in own)
                decisive += [f for t, f in own if t == low and all(f is not d for d in decisive)]
        rank = {id(f): i for i, (_, f) in enumerate(fired)}
        decisive.sort(key=lambda f: rank[id(f)])
    return order, decisive


def _strength(
    decisive: Sequence[RuleFinding], gaps: dict[str, tuple[str, ...]]
) -> tuple[Strength, bool]:
    if gaps:
        return Strength.WEAK, True
    if any(f.hard for f in decisive) or len(decisive) > 1:
        return Strength.STRONG, False
    return decisive[0].weight, False


def evaluate(ctx: RuleContext) -> Outcome:
    """Run every rule over ``ctx`` and decide order, strength and plan."""
    fired = [(tier, f) for tier, rule in RULES if (f := rule(ctx)) is not None]
    fallback = r10_goals(ctx)
    for pid in ctx.ids:
        ctx.mark_needed(pid, SAFETY_ITEMS)
    gaps = safety_gaps(ctx)
    order, decisive = select(fired, fallback, ctx.ids)
    parts, headline = build_plan(ctx, order, fired, fallback)
    strength, capped = _strength(decisive, gaps)
    kept = tuple(fired) or ((FALLBACK_TIER, fallback),)
    return Outcome(kept, fallback, order, tuple(decisive), strength, capped, gaps, parts, headline)
