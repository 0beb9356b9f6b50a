"""``recommend()``: from an intake's answers to a suggested therapy order, explained.

Pure and deterministic: no I/O, no clock, no randomness. The steps: score every
participant; run every rule of :mod:`rules` / :mod:`rules_joint`; the lowest tier that
fired decides (all its findings are *decisive*, the rest *supporting*); when nothing
fired, rule 10 (the goals) decides, weakly. Counterfactuals re-run only the selection
without each decisive finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from therapist_desk.intake import explain
from therapist_desk.intake.answers import IntakeAnswers
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import (
    RULESET_VERSION,
    Counterfactual,
    Discrepancy,
    MissingItem,
    Part,
    RuleFinding,
    Strength,
    TherapyOrder,
)
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.intake.rules import SAFETY_ITEMS
from therapist_desk.intake.rules_joint import FALLBACK_TIER, RULES, r10_goals

Fired = Sequence[tuple[int, RuleFinding]]


def select(fired: Fired, fallback: RuleFinding) -> tuple[TherapyOrder, list[RuleFinding]]:
    """The order and the decisive findings: the lowest tier that fired, else the fallback."""
    if not fired:
        return fallback.order, [fallback]
    top = min(tier for tier, _ in fired)
    decisive = [f for tier, f in fired if tier == top]
    return decisive[0].order, decisive


def recommend(catalogue: Catalogue, intake: IntakeAnswers) -> Recommendation:
    """The suggested order for ``intake`` with its full explanation (see module doc)."""
    ctx = RuleContext.build(catalogue, intake)
    fired: list[tuple[int, RuleFinding]] = []
    for tier, rule in RULES:
        finding = rule(ctx)
        if finding is not None:
            fired.append((tier, finding))
    fallback = r10_goals(ctx)
    for pid in ctx.ids:
        ctx.mark_needed(pid, SAFETY_ITEMS)
    order, decisive = select(fired, fallback)
    if not fired:
        fired = [(FALLBACK_TIER, fallback)]
    fired_ids = {f.rule_id for _, f in fired}
    names = {p.id: p.display_name for p in intake.participants}
    findings = tuple(_mark(f, any(f is d for d in decisive), fired_ids) for _, f in fired)
    parts = _parts(order, decisive, fired, fallback, names)
    strength = _strength(decisive)
    goals = intake.relationship.get("rel.goals")
    return Recommendation(
        kind=intake.kind.value,
        participants=tuple(names.items()),
        order=order,
        strength=strength,
        headline=parts[0].text,
        explanation=explain.ORDER_EXPLANATIONS[order],
        parts=parts,
        findings=findings,
        safety=tuple(a for f in findings for a in f.safety),
        counterfactuals=_counterfactuals(decisive, fired, fallback, order),
        focus_areas=explain.focus_areas(goals if isinstance(goals, tuple) else ()),
        discrepancies=_discrepancies(ctx),
        scores=ctx.scores,
        provisional=bool(ctx.missing),
        missing=_ordered_missing(ctx),
        ruleset_version=RULESET_VERSION,
        catalogue_version=catalogue.version,
    )


def _mark(finding: RuleFinding, decisive: bool, fired_ids: set[str]) -> RuleFinding:
    note = finding.note
    if finding.rule_id == "R5_trauma" and "R7_challenges_and_conflict" in fired_ids:
        note = explain.TEXTS["trauma_then_concurrent"]
    return replace(finding, decisive=decisive, note=note)


def _strength(decisive: list[RuleFinding]) -> Strength:
    if any(f.hard for f in decisive) or len(decisive) > 1:
        return Strength.STRONG
    return decisive[0].weight


def _parts(
    order: TherapyOrder, decisive: list[RuleFinding], fired: Fired, fallback: RuleFinding,
    names: dict[str, str],
) -> tuple[Part, ...]:  # fmt: skip
    everyone = tuple(names)
    if order is TherapyOrder.CONCURRENT:
        challenged = [names[p] for p in decisive[0].participant_ids]
        text = explain.part_text(order, list(names.values()), challenged)
        return (Part(1, order, everyone, text),)
    if order is TherapyOrder.RELATIONSHIP_FIRST:
        return (Part(1, order, everyone, explain.part_text(order, list(names.values()))),)
    concerned = tuple(p for p in everyone if any(p in f.participant_ids for f in decisive))
    first = Part(1, order, concerned, explain.part_text(order, [names[p] for p in concerned]))
    rest = [(t, f) for t, f in fired if f.order is not TherapyOrder.INDIVIDUAL_FIRST]
    then, _ = select(rest, fallback)
    if then is TherapyOrder.INDIVIDUAL_FIRST or (len(everyone) == 1 and _fired(fired, "R8")):
        return (first,)
    condition = "after_individual"
    if any(f.hard for f in decisive):
        condition = "after_safety"
    elif _fired(fired, "R8"):
        condition = "after_joint"
    text = explain.then_text(then, list(names.values()), condition)
    return first, Part(2, then, everyone, text)


def _fired(fired: Fired, prefix: str) -> bool:
    return any(f.rule_id.startswith(prefix + "_") for _, f in fired)


def _counterfactuals(
    decisive: list[RuleFinding], fired: Fired, fallback: RuleFinding, order: TherapyOrder
) -> tuple[Counterfactual, ...]:
    if decisive == [fallback]:
        return ()
    groups = [[f] for f in decisive] + ([decisive] if len(decisive) > 1 else [])
    result = []
    for group in groups:
        rest = [(t, f) for t, f in fired if f not in group]
        alt, alt_decisive = select(rest, fallback)
        ids = tuple(f.rule_id for f in group)
        by_goals = alt_decisive == [fallback]
        text = explain.counterfactual_text(ids, alt, same=alt is order, by_goals=by_goals)
        private = any(f.private for f in group) or any(f.private for f in alt_decisive)
        result.append(Counterfactual(ids, alt, text, private))
    return tuple(result)


def _discrepancies(ctx: RuleContext) -> tuple[Discrepancy, ...]:
    if len(ctx.ids) != 2:
        return ()
    a, b = ctx.ids
    found = []
    for measure_id, score_a in ctx.scores[a].items():
        score_b = ctx.scores[b][measure_id]
        band_a, band_b = score_a.band, score_b.band
        if band_a is None or band_b is None or band_a.index is None or band_b.index is None:
            continue
        diff = abs(band_a.index - band_b.index)
        if diff >= 1:
            bands = ((a, band_a.id), (b, band_b.id))
            shown = ", ".join(
                f"{ctx.name(p)} {band.label.lower()} ({s.total})"
                for p, band, s in ((a, band_a, score_a), (b, band_b, score_b))
            )
            text = explain.TEXTS["discrepancy"].format(
                measure=score_a.name, bands=shown, diff=diff, s="s" if diff > 1 else ""
            )
            found.append(Discrepancy(measure_id, bands, diff, text, score_a.private))
    return tuple(found)


def _ordered_missing(ctx: RuleContext) -> tuple[MissingItem, ...]:
    position = {item_id: i for i, item_id in enumerate(ctx.catalogue.items)}
    owners = {pid: i for i, pid in enumerate(ctx.ids)}
    return tuple(
        sorted(
            ctx.missing.values(),
            key=lambda m: (owners.get(m.participant_id or "", len(owners)), position[m.item_id]),
        )
    )
