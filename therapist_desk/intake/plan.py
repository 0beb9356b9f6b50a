"""The plan: each participant's own first step, and what follows for whom.

Every participant with an individual-first indicator (a hard rule, trauma, a repeating
pattern, being the only one willing to come) appears in the first step, with their own
reasons, whatever decided the headline: a hard rule for one partner never hides the
other partner's own indicator. The next step is what the joint rules (7, 9, else the
goals) point to, for both partners; a concurrent step names whose individual work runs
beside the couple work. A client who came alone and whose partner has not agreed to
come gets a step saying the relationship work needs the partner.
"""

from __future__ import annotations

from collections.abc import Sequence

from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.explain import names_text
from therapist_desk.intake.findings import Part, RuleFinding, TherapyOrder
from therapist_desk.intake.rules_joint import needs_partner

IND, CON, REL = (
    TherapyOrder.INDIVIDUAL_FIRST,
    TherapyOrder.CONCURRENT,
    TherapyOrder.RELATIONSHIP_FIRST,
)
Fired = Sequence[tuple[int, RuleFinding]]
TEXTS = {
    "individual": "Individual therapy first for {who}",
    "with_reasons": "{names} ({reasons})",
    "concurrent": "Individual therapy for {individual} alongside relationship therapy for {couple}",
    "relationship": "Relationship therapy first for {couple}",
    "then": "Then {what} {condition}",
    "then_relationship": "relationship therapy for {couple}",
    "then_concurrent": "individual therapy for {individual} alongside relationship therapy "
    "for {couple}",
    "after_safety": "once the clinician has addressed the safety concerns",
    "after_joint": "if both partners later agree to joint sessions",
    "after_individual": "once the individual work is under way",
    "with_partner": "{name} and their partner",
    "needs_partner": "The relationship work needs {name}'s partner, who has not yet agreed to "
    "come: talk with {name} about inviting them before the first joint session",
    "and_for": " and for ",
}
REASONS = {
    "R1_suicide_risk": "suicide risk",
    "R2_violence_or_fear": "violence, threats, fear or control",
    "R3_substance_dependence": "substance use",
    "R4_undisclosed_affair": "an undisclosed affair",
    "R5_trauma": "trauma to work on one-to-one",
    "R5_trauma_screen": "a positive trauma screen",
    "R6_repeating_pattern": "a pattern from earlier relationships",
    "R8_joint_sessions": "no joint sessions for now",
}


def couple_names(ctx: RuleContext) -> str:
    """Who relationship therapy is for: "Alex and Zoë", or "Noor and their partner"."""
    if ctx.is_couple:
        return names_text([ctx.name(p) for p in ctx.ids])
    return TEXTS["with_partner"].format(name=ctx.name(ctx.ids[0]))


def _who_with_reasons(ctx: RuleContext, people: list[str], ind: list[RuleFinding]) -> str:
    """ "Alex (substance use) and for Zoë (…)"; people with the same reasons go together."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for pid in people:
        mine = [f for f in ind if pid in f.participant_ids]
        reasons = tuple(dict.fromkeys(_reason(f, pid) for f in mine))
        groups.setdefault(reasons, []).append(ctx.name(pid))
    return TEXTS["and_for"].join(
        TEXTS["with_reasons"].format(names=names_text(names), reasons=", ".join(reasons))
        for reasons, names in groups.items()
    )


def _reason(finding: RuleFinding, pid: str) -> str:
    """The short reason of a finding for one person (trauma: wanted one-to-one, or a screen)."""
    if finding.rule_id == "R5_trauma" and not any(
        e.participant_id == pid and e.source == "trauma.one_to_one" for e in finding.evidence
    ):
        return REASONS["R5_trauma_screen"]
    return REASONS[finding.rule_id]


def first_of(fired: Fired, fallback: RuleFinding) -> tuple[TherapyOrder, list[RuleFinding]]:
    """The order of the lowest tier that fired and its findings (else the fallback's)."""
    if not fired:
        return fallback.order, [fallback]
    top = min(tier for tier, _ in fired)
    decisive = [f for tier, f in fired if tier == top]
    return decisive[0].order, decisive


def build_plan(
    ctx: RuleContext, order: TherapyOrder, fired: Fired, fallback: RuleFinding
) -> tuple[tuple[Part, ...], str]:
    """The steps of the plan, and the headline: the first step without its reasons."""
    everyone = ctx.ids
    couple = couple_names(ctx)
    ind = [f for _, f in fired if f.order is IND]
    parts: list[Part] = []
    if ind:
        people = [p for p in everyone if any(p in f.participant_ids for f in ind)]
        headline = TEXTS["individual"].format(who=names_text([ctx.name(p) for p in people]))
        who = _who_with_reasons(ctx, people, ind)
        parts.append(Part(1, IND, tuple(people), TEXTS["individual"].format(who=who)))
        then, then_findings = first_of([(t, f) for t, f in fired if f.order is not IND], fallback)
        alone_r8 = not ctx.is_couple and any(f.rule_id.startswith("R8_") for f in ind)
        if then is not IND and not alone_r8:
            parts.append(_then(ctx, then, then_findings, ind, couple))
    else:
        found = first_of(fired, fallback)[1][0]
        if order is CON:
            individual = found.participant_ids
            headline = TEXTS["concurrent"].format(
                individual=names_text([ctx.name(p) for p in individual]), couple=couple
            )
            parts.append(Part(1, CON, everyone, headline, individual))
        elif order is REL:
            headline = TEXTS["relationship"].format(couple=couple)
            parts.append(Part(1, REL, everyone, headline))
        else:
            headline = TEXTS["individual"].format(who=names_text([ctx.name(p) for p in everyone]))
            parts.append(Part(1, IND, everyone, headline))
    if needs_partner(ctx) and any(p.order is not IND for p in parts):
        text = TEXTS["needs_partner"].format(name=ctx.name(everyone[0]))
        parts.append(Part(len(parts) + 1, REL, everyone, text))
    return tuple(parts), headline


def _then(
    ctx: RuleContext,
    then: TherapyOrder,
    then_findings: list[RuleFinding],
    ind: list[RuleFinding],
    couple: str,
) -> Part:
    if any(f.hard for f in ind):
        condition = TEXTS["after_safety"]
    elif any(f.rule_id.startswith("R8_") for f in ind):
        condition = TEXTS["after_joint"]
    else:
        condition = TEXTS["after_individual"]
    individual: tuple[str, ...] = ()
    if then is CON:
        individual = then_findings[0].participant_ids
        what = TEXTS["then_concurrent"].format(
            individual=names_text([ctx.name(p) for p in individual]), couple=couple
        )
    else:
        what = TEXTS["then_relationship"].format(couple=couple)
    text = TEXTS["then"].format(what=what, condition=condition)
    return Part(2, then, ctx.ids, text, individual)
