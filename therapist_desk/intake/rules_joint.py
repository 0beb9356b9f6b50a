"""The rules that weigh toward joint work (7, 9) and the fallback (10), and the rule table.

``RULES`` lists every rule with its precedence tier (lower wins): the hard rules 1-4,
then 5, 6 and 8 (individual first), then 7 (concurrent), then 9 (relationship first).
Rule 10 is the fallback the engine uses only when no other rule fired.
"""

from __future__ import annotations

from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import Evidence, RuleFinding, Strength
from therapist_desk.intake.rules import (
    CHALLENGE_MEASURES,
    CHALLENGES,
    CON,
    CONCERNS,
    IND,
    PARTNER_WILL_NOT_COME,
    REL,
    Rule,
    _finding,
    r1_suicide_risk,
    r2_violence_or_fear,
    r3_substance_dependence,
    r4_undisclosed_affair,
    r5_trauma,
    r6_repeating_pattern,
    r8_joint_sessions,
)

INDIVIDUAL_GOALS = frozenset({"self_awareness"})
JOINT_GOALS = frozenset({"intimacy", "communication", "conflict_resolution"})


def _challenges(ctx: RuleContext, pid: str) -> list[Evidence]:
    evidence = []
    for item_id in CHALLENGES:
        if ctx.yes(pid, item_id):
            evidence.append(ctx.ev_answer(pid, item_id))
            if ctx.peek(pid, item_id + ".severity") is not None:
                evidence.append(ctx.ev_answer(pid, item_id + ".severity"))
    for measure_id in CHALLENGE_MEASURES:
        if ctx.score(pid, measure_id).positive:
            evidence.append(ctx.ev_score(pid, measure_id))
    return evidence


def _conflict(ctx: RuleContext) -> list[Evidence]:
    evidence = [ctx.ev_score(pid, "csi4") for pid in ctx.ids if ctx.score(pid, "csi4").positive]
    if ctx.rel("rel.tried_alone") == "cannot":
        evidence.append(ctx.ev_answer(None, "rel.tried_alone"))
    return evidence


def r7_challenges_and_conflict(ctx: RuleContext) -> RuleFinding | None:
    """Personal challenges in either partner AND unresolved conflict AND both committed."""
    challenged: list[str] = []
    challenge_ev: list[Evidence] = []
    for pid in ctx.ids:
        found = _challenges(ctx, pid)
        if found:
            challenged.append(pid)
            challenge_ev += found
    conflict_ev = _conflict(ctx)
    commit_items = [(p, i) for p in ctx.ids for i in ("commit.self", "commit.relationship")]
    committed = all([ctx.yes(p, i) for p, i in commit_items])
    if not ctx.is_couple:
        committed = ctx.rel("rel.partner_joint") == "yes" and committed
        commit_items.append((None, "rel.partner_joint"))  # type: ignore[arg-type]
    if not (challenged and conflict_ev and committed):
        return None
    evidence = challenge_ev + conflict_ev + [ctx.ev_answer(p, i) for p, i in commit_items]
    measured = any(e.source in CHALLENGE_MEASURES for e in challenge_ev)
    strong = measured and any(e.source == "csi4" for e in conflict_ev)
    weight = Strength.STRONG if strong else Strength.MODERATE
    return _finding(ctx, "R7_challenges_and_conflict", CON, challenged, evidence, weight=weight)


def joint_possible(ctx: RuleContext) -> bool:
    """For a client who came alone: nobody has said no to joint sessions (rule 8 does not hold).

    A partner who is unsure, not yet asked or not known about still leaves relationship
    work possible; it then needs the partner (see :func:`needs_partner`).
    """
    if ctx.is_couple:
        return True
    partner = ctx.rel("rel.partner_joint")
    return (
        partner not in PARTNER_WILL_NOT_COME
        and ctx.answer(ctx.ids[0], "commit.joint_sessions") is not False
    )


def needs_partner(ctx: RuleContext) -> bool:
    """A client who came alone, whose partner has not (yet) agreed to come."""
    return not ctx.is_couple and ctx.rel("rel.partner_joint") != "yes"


def r9_relationship_distress(ctx: RuleContext) -> RuleFinding | None:
    """Relationship distress (concerns, CSI-4 below its cut-off, cannot resolve it alone).

    For a client who came alone it holds unless rule 8 does (the partner or the client
    will not come): a partner who is unsure or not yet asked does not make distress
    point nowhere. It is then at most moderate, and the plan says the work needs the
    partner.
    """
    concerns = [ctx.ev_answer(None, item_id) for item_id in CONCERNS if ctx.yes(None, item_id)]
    distress = concerns + _conflict(ctx)
    if not distress or not joint_possible(ctx):
        return None
    extra: list[Evidence] = []
    if not ctx.is_couple:
        pid = ctx.ids[0]
        extra = [
            ctx.ev_answer(pid, "commit.joint_sessions"),
            ctx.ev_answer(None, "rel.partner_joint"),
        ]
    evidence = distress + extra
    strong = len(concerns) >= 2 and any(e.source == "csi4" for e in evidence)
    weight = Strength.STRONG if strong and not needs_partner(ctx) else Strength.MODERATE
    return _finding(ctx, "R9_relationship_distress", REL, list(ctx.ids), evidence, weight=weight)


def r10_goals(ctx: RuleContext) -> RuleFinding:
    """Fallback: the order that fits the goals chosen, always weak."""
    raw = ctx.rel("rel.goals")
    goals = set(raw) if isinstance(raw, tuple) else set()
    individual = bool(goals & INDIVIDUAL_GOALS)
    joint = bool(goals & JOINT_GOALS)
    if not ctx.is_couple and ctx.rel("rel.partner_joint") != "yes":
        joint = False
    if individual and joint:
        order = CON
    elif individual or (not joint and not ctx.is_couple):
        order = IND
    else:
        order = REL
    evidence = [ctx.ev_answer(None, "rel.goals")] if goals else []
    finding = _finding(ctx, "R10_goals", order, list(ctx.ids), evidence, weight=Strength.WEAK)
    assert finding is not None
    return finding


RULES: tuple[tuple[int, Rule], ...] = (
    (0, r1_suicide_risk),
    (0, r2_violence_or_fear),
    (0, r3_substance_dependence),
    (0, r4_undisclosed_affair),
    (1, r5_trauma),
    (1, r6_repeating_pattern),
    (1, r8_joint_sessions),
    (2, r7_challenges_and_conflict),
    (3, r9_relationship_distress),
)
"""Every rule but the fallback, in precedence order, with its tier (lower wins)."""
FALLBACK_TIER = 4
