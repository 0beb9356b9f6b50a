"""The rules of domain.md §5, one small named function each, in precedence order.

Each rule reads the intake through a :class:`RuleContext` and returns a
:class:`RuleFinding` (or ``None`` when it does not fire). Rules never decide alone: the
engine (:mod:`engine`) applies the precedence in ``RULES``. Changing a rule or its
tier means bumping :data:`RULESET_VERSION`.

No rule repeats a number: every cut-off and flag is read from the catalogue through the
scores (a flag by its id, a cut-off through ``MeasureScore.positive``), so the rules,
the screen and the PDF can never disagree about a threshold.
"""

from __future__ import annotations

from collections.abc import Callable

from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import (
    Evidence,
    RuleFinding,
    SafetyAction,
    Strength,
    TherapyOrder,
)

IND, CON, REL = (
    TherapyOrder.INDIVIDUAL_FIRST,
    TherapyOrder.CONCURRENT,
    TherapyOrder.RELATIONSHIP_FIRST,
)
CHALLENGES = (
    "challenge.anxiety",
    "challenge.depression",
    "challenge.health",
    "challenge.self_esteem",
)
CHALLENGE_MEASURES = ("phq9", "gad7", "rses")
CONCERNS = (
    "rel.concern.arguments", "rel.concern.intimacy", "rel.concern.communication",
    "rel.concern.escalation", "rel.concern.trust", "rel.concern.life_change",
)  # fmt: skip
SAFETY_ITEMS = ("safety.violence", "safety.control", "safety.self_harm", "safety.affair")
SUICIDE_FLAG = ("phq9", "item9")
DEPENDENCE_FLAG = ("auditc", "dependence")
WAST = "wast"
HARD_FLAGS = (SUICIDE_FLAG, DEPENDENCE_FLAG, (WAST, "positive"))
"""The catalogue flags the hard rules read: (measure id, flag id)."""
AFFAIR_CONTINUES = ("not_ending", "unsure")
PARTNER_WILL_NOT_COME = ("no", "unavailable")
TITLES = {
    "R1_suicide_risk": "Suicide risk",
    "R2_violence_or_fear": "Violence, threats, fear or control in the relationship",
    "R3_substance_dependence": "Substance dependence",
    "R4_undisclosed_affair": "An undisclosed affair that will not end",
    "R5_trauma": "Trauma to work on one-to-one",
    "R6_repeating_pattern": "The same pattern in earlier relationships",
    "R8_joint_sessions": "Not everyone will attend joint sessions",
    "R7_challenges_and_conflict": "Personal challenges feeding unresolved conflict",
    "R9_relationship_distress": "Distress that lives mainly between the partners",
    "R10_goals": "Nothing points strongly: following the goals chosen",
}
SAFETY = {
    "R1_suicide_risk": "Safety follow-up today: assess {names}'s risk of suicide or self-harm "
    "before the session ends and agree a safety plan.",
    "R2_violence_or_fear": "See each partner alone; no joint sessions for now. Assess risk, make "
    "a safety plan and offer referral to specialist domestic-abuse services.",
    "R3_substance_dependence": "Assess {names}'s substance use and offer individual or "
    "specialised treatment before joint sessions.",
    "R4_undisclosed_affair": "Discuss the undisclosed affair with {names} alone; joint sessions "
    "are not advised while it continues.",
}
Rule = Callable[[RuleContext], RuleFinding | None]


def _finding(
    ctx: RuleContext, rule_id: str, order: TherapyOrder, pids: list[str],
    evidence: list[Evidence], *, hard: bool = False, always_private: bool = False,
    weight: Strength = Strength.MODERATE,
) -> RuleFinding | None:  # fmt: skip
    if not pids:
        return None
    ids = tuple(p for p in ctx.ids if p in pids)
    private = always_private or any(e.private for e in evidence)
    safety: tuple[SafetyAction, ...] = ()
    if hard:
        names = " and ".join(ctx.name(p) for p in ids)
        safety = (SafetyAction(rule_id, ids, SAFETY[rule_id].format(names=names), private),)
    weight = Strength.STRONG if hard else weight
    return RuleFinding(
        rule_id, TITLES[rule_id], order, ids, tuple(evidence), hard, private, safety, weight
    )


def _flag_evidence(ctx: RuleContext, pid: str, measure_id: str, flag_id: str) -> list[Evidence]:
    """The answers that raised a catalogue flag (empty when it is not raised)."""
    if not ctx.score(pid, measure_id).has_flag(flag_id):
        return []
    flag = ctx.catalogue.measures[measure_id].flag(flag_id)
    if not flag.when:
        return [ctx.ev_score(pid, measure_id)]
    return [ctx.ev_answer(pid, cond.item_id) for cond in flag.when]


def r1_suicide_risk(ctx: RuleContext) -> RuleFinding | None:
    """The PHQ-9 item-9 flag of the catalogue, or a yes to current thoughts of self-harm."""
    pids, evidence = [], []
    for pid in ctx.ids:
        hits = _flag_evidence(ctx, pid, *SUICIDE_FLAG)
        if ctx.yes(pid, "safety.self_harm"):
            hits.append(ctx.ev_answer(pid, "safety.self_harm"))
        if hits:
            pids.append(pid)
            evidence += hits
    return _finding(ctx, "R1_suicide_risk", IND, pids, evidence, hard=True)


def r2_violence_or_fear(ctx: RuleContext) -> RuleFinding | None:
    """Violence, threat or fear of the partner, coercive control, or a positive WAST-SF."""
    evidence = []
    for pid in ctx.ids:
        for item_id in ("safety.violence", "safety.control"):
            if ctx.yes(pid, item_id):
                evidence.append(ctx.ev_answer(pid, item_id))
        if ctx.score(pid, WAST).positive:
            evidence.append(ctx.ev_score(pid, WAST, "positive"))
    pids = list(ctx.ids) if evidence else []
    return _finding(ctx, "R2_violence_or_fear", IND, pids, evidence, hard=True, always_private=True)


def r3_substance_dependence(ctx: RuleContext) -> RuleFinding | None:
    """AUDIT-C of 8 or more, or dependence judged by the clinician."""
    pids, evidence = [], []
    for pid in ctx.ids:
        hits = _flag_evidence(ctx, pid, *DEPENDENCE_FLAG)
        if ctx.yes(pid, "clinician.dependence"):
            hits.append(ctx.ev_answer(pid, "clinician.dependence"))
        if hits:
            if ctx.yes(pid, "safety.substance"):
                hits.append(ctx.ev_answer(pid, "safety.substance"))
            pids.append(pid)
            evidence += hits
    return _finding(ctx, "R3_substance_dependence", IND, pids, evidence, hard=True)


def r4_undisclosed_affair(ctx: RuleContext) -> RuleFinding | None:
    """An ongoing affair the partner does not know of, that will not (or may not) end."""
    pids, evidence = [], []
    for pid in ctx.ids:
        if ctx.yes(pid, "safety.affair") and ctx.answer(pid, "safety.affair_ending") in (
            AFFAIR_CONTINUES
        ):
            pids.append(pid)
            evidence += [
                ctx.ev_answer(pid, "safety.affair"),
                ctx.ev_answer(pid, "safety.affair_ending"),
            ]
    return _finding(ctx, "R4_undisclosed_affair", IND, pids, evidence, hard=True)


def r5_trauma(ctx: RuleContext) -> RuleFinding | None:
    """Trauma the person wants to work on one-to-one, or a positive PC-PTSD-5 (≥ 3)."""
    pids, evidence = [], []
    for pid in ctx.ids:
        hits = []
        if ctx.yes(pid, "trauma.help_wanted") and ctx.yes(pid, "trauma.one_to_one"):
            hits += [
                ctx.ev_answer(pid, "trauma.help_wanted"),
                ctx.ev_answer(pid, "trauma.one_to_one"),
            ]
        if ctx.score(pid, "pcptsd5").positive:
            hits.append(ctx.ev_score(pid, "pcptsd5"))
        if hits:
            pids.append(pid)
            evidence += hits
    weight = Strength.STRONG if len(evidence) > 2 else Strength.MODERATE
    return _finding(ctx, "R5_trauma", IND, pids, evidence, weight=weight)


def r6_repeating_pattern(ctx: RuleContext) -> RuleFinding | None:
    """The present difficulties repeat a pattern from earlier relationships."""
    pids = [pid for pid in ctx.ids if ctx.yes(pid, "pattern.repeats")]
    evidence = [ctx.ev_answer(pid, "pattern.repeats") for pid in pids]
    evidence += [ctx.ev_answer(p, "pattern.where") for p in pids if ctx.peek(p, "pattern.where")]
    return _finding(ctx, "R6_repeating_pattern", IND, pids, evidence)


def r8_joint_sessions(ctx: RuleContext) -> RuleFinding | None:
    """Only one partner will attend joint sessions (or, alone: the partner will not come)."""
    if not ctx.is_couple:
        pid = ctx.ids[0]
        partner = ctx.rel("rel.partner_joint")
        client_no = ctx.answer(pid, "commit.joint_sessions") is False
        if partner not in PARTNER_WILL_NOT_COME and not client_no:
            return None
        sources: list[tuple[str | None, str]] = []
        sources += [(None, "rel.partner_joint")] if partner in PARTNER_WILL_NOT_COME else []
        sources += [(pid, "commit.joint_sessions")] if client_no else []
        evidence = [ctx.ev_answer(p, i) for p, i in sources]
        return _finding(ctx, "R8_joint_sessions", IND, [pid], evidence)
    answers = {pid: ctx.answer(pid, "commit.joint_sessions") for pid in ctx.ids}
    if not any(value is False for value in answers.values()):
        return None
    willing = [pid for pid, value in answers.items() if value is True] or list(ctx.ids)
    evidence = [
        ctx.ev_answer(pid, "commit.joint_sessions") for pid in ctx.ids if answers[pid] is not None
    ]
    return _finding(ctx, "R8_joint_sessions", IND, willing, evidence)
