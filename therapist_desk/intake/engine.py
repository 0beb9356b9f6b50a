"""``recommend()``: from an intake's answers to a suggested therapy order, explained.

Pure and deterministic: no I/O, no clock, no randomness. The steps (:func:`evaluate`):
score every participant; run every rule of :mod:`rules` / :mod:`rules_joint`; the lowest
tier that fired decides the headline order, and when it is individual first, each
participant's own lowest individual-first tier is decisive for them too (a hard rule for
one partner never hides the other's trauma or pattern). When nothing fired, rule 10
(the goals) decides, weakly. A safety screen with gaps (:mod:`screen`) makes the result
provisional and weak, whatever decides. What would change the order is
found by changing answers and evaluating again (:mod:`whatif`).
"""

from __future__ import annotations

from dataclasses import replace

from therapist_desk.intake import explain
from therapist_desk.intake.answers import IntakeAnswers
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.decide import evaluate
from therapist_desk.intake.discrepancy import discrepancies
from therapist_desk.intake.findings import RULESET_VERSION, MissingItem, RuleFinding
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.intake.screen import gap_actions
from therapist_desk.intake.whatif import counterfactuals


def recommend(catalogue: Catalogue, intake: IntakeAnswers) -> Recommendation:
    """The suggested order for ``intake`` with its full explanation (see module doc)."""
    ctx = RuleContext.build(catalogue, intake)
    outcome = evaluate(ctx)
    fired_ids = {f.rule_id for _, f in outcome.fired}
    findings = tuple(
        _mark(f, any(f is d for d in outcome.decisive), fired_ids) for _, f in outcome.fired
    )
    names = {p.id: p.display_name for p in intake.participants}
    goals = intake.relationship.get("rel.goals")
    actions = tuple(a for f in findings for a in f.safety) + gap_actions(ctx, outcome.gaps)
    return Recommendation(
        kind=intake.kind.value,
        participants=tuple(names.items()),
        order=outcome.order,
        strength=outcome.strength,
        headline=outcome.headline,
        explanation=explain.order_explanation(outcome.order, couple=len(names) > 1),
        parts=outcome.parts,
        findings=findings,
        safety=actions,
        counterfactuals=counterfactuals(ctx, outcome),
        focus_areas=explain.focus_areas(goals if isinstance(goals, tuple) else ()),
        discrepancies=discrepancies(ctx, on_hold=any(f.hard for f in outcome.decisive)),
        scores=ctx.scores,
        provisional=bool(ctx.missing),
        missing=_ordered_missing(ctx),
        ruleset_version=RULESET_VERSION,
        catalogue_version=catalogue.version,
        strength_capped=outcome.capped,
        safety_incomplete=tuple(outcome.gaps),
    )


def _mark(finding: RuleFinding, decisive: bool, fired_ids: set[str]) -> RuleFinding:
    note = finding.note
    if finding.rule_id == "R5_trauma" and "R7_challenges_and_conflict" in fired_ids:
        note = explain.TEXTS["trauma_then_concurrent"]
    return replace(finding, decisive=decisive, note=note)


def _ordered_missing(ctx: RuleContext) -> tuple[MissingItem, ...]:
    position = {item_id: i for i, item_id in enumerate(ctx.catalogue.items)}
    owners = {pid: i for i, pid in enumerate(ctx.ids)}
    return tuple(
        sorted(
            ctx.missing.values(),
            key=lambda m: (owners.get(m.participant_id or "", len(owners)), position[m.item_id]),
        )
    )
