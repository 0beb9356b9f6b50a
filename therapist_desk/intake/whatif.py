"""What would change the suggestion: change the answers, evaluate again, say what came out.

For each decisive finding, and each participant it rests on, the answers that made it
fire are set to a value that does not (the *levers* below), the intake is evaluated
again, and the order and strength of that run are kept with the changes that produced
them. When several groups of changes exist, one more run changes them all. A finding is
never simply dropped. For a hard rule the sentence says what the clinician must resolve
before joint sessions, then what the answers would point to once it is.

A measure is changed through its catalogue data: a flag is cleared by setting one of
its items to a value that does not meet it; a cut-off by moving the fewest items to
their other end until the total no longer meets it.
"""

from __future__ import annotations

from dataclasses import replace

from therapist_desk.intake.answers import IntakeAnswers, is_asked
from therapist_desk.intake.catalogue import AnswerValue, FlagCondition, Item, Measure
from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.decide import Outcome, evaluate
from therapist_desk.intake.findings import AnswerChange, Counterfactual, Evidence, RuleFinding
from therapist_desk.intake.rules import (
    CHALLENGE_MEASURES,
    CHALLENGES,
    CONCERNS,
    DEPENDENCE_FLAG,
    SUICIDE_FLAG,
    WAST,
)
from therapist_desk.intake.scoring import MeasureScore, participant_sex, score_measure
from therapist_desk.intake.whatif_text import counterfactual_text

ITEM_LEVERS: dict[str, dict[str, AnswerValue]] = {
    "R1_suicide_risk": {"safety.self_harm": False},
    "R2_violence_or_fear": {"safety.violence": False, "safety.control": False},
    "R3_substance_dependence": {"clinician.dependence": False},
    "R4_undisclosed_affair": {"safety.affair_ending": "ending"},
    "R5_trauma": {"trauma.one_to_one": False},
    "R6_repeating_pattern": {"pattern.repeats": False},
    "R8_joint_sessions": {"commit.joint_sessions": True, "rel.partner_joint": "yes"},
    "R7_challenges_and_conflict": dict.fromkeys(CHALLENGES, False),
    "R9_relationship_distress": {
        **dict.fromkeys(CONCERNS, False),
        "rel.tried_alone": "some_success",
    },
}
"""Per rule, the items whose answer made it fire and a value under which it does not."""
MEASURE_LEVERS: dict[str, dict[str, str | None]] = {
    "R1_suicide_risk": {SUICIDE_FLAG[0]: SUICIDE_FLAG[1]},
    "R2_violence_or_fear": {WAST: "positive"},
    "R3_substance_dependence": {DEPENDENCE_FLAG[0]: DEPENDENCE_FLAG[1]},
    "R5_trauma": {"pcptsd5": None},
    "R7_challenges_and_conflict": dict.fromkeys(CHALLENGE_MEASURES),
    "R9_relationship_distress": {"csi4": None},
}
"""Per rule, the measures that made it fire: a flag id, or None for the cut-off."""
ONE_GROUP = frozenset({"R9_relationship_distress"})
"""Rules whose evidence is changed all at once (the couple's distress), not per person."""
Changes = tuple[AnswerChange, ...]


def counterfactuals(ctx: RuleContext, outcome: Outcome) -> tuple[Counterfactual, ...]:
    """Every counterfactual of ``outcome`` (see the module doc), each from a fresh run."""
    groups = _groups(ctx, outcome)
    if len(groups) > 1:
        every = tuple(dict.fromkeys(f for found, _ in groups for f in found))
        groups.append((every, _unique(c for _, changes in groups for c in changes)))
    result = []
    for found, changes in groups:
        run = evaluate(rerun_context(ctx, changes))
        text, resolve = counterfactual_text(ctx, found, changes, run, outcome.order)
        private = (
            any(f.private or f.hard for f in found)
            or any(ctx.catalogue.items[c.item_id].private for c in changes)
            or any(f.private or f.hard for f in run.decisive)
        )
        ids = tuple(f.rule_id for f in found)
        result.append(Counterfactual(ids, run.order, text, private, changes, run.strength, resolve))
    return tuple(result)


def apply_changes(intake: IntakeAnswers, changes: Changes) -> IntakeAnswers:
    """``intake`` with the answers in ``changes`` set (the rest untouched)."""
    people = []
    for person in intake.participants:
        mine = {c.item_id: c.value for c in changes if c.participant_id == person.id}
        people.append(replace(person, answers={**person.answers, **mine}) if mine else person)
    rel = {c.item_id: c.value for c in changes if c.participant_id is None}
    relationship = {**intake.relationship, **rel} if rel else intake.relationship
    return IntakeAnswers(intake.kind, tuple(people), relationship)


def rerun_context(ctx: RuleContext, changes: Changes) -> RuleContext:
    """A context for the changed intake; only the measures whose items changed are re-scored."""
    intake = apply_changes(ctx.intake, changes)
    scores: dict[str, dict[str, MeasureScore]] = {p: dict(s) for p, s in ctx.scores.items()}
    for person in intake.participants:
        touched = {ctx.catalogue.items[c.item_id].measure_id for c in changes}
        touched |= {c.item_id for c in changes if c.item_id in ctx.catalogue.measures}
        for measure_id in touched - {None}:
            if measure_id in scores[person.id] and any(
                c.participant_id == person.id for c in changes
            ):
                measure = ctx.catalogue.measures[measure_id]  # type: ignore[index]
                sex = participant_sex(person.answers)
                scores[person.id][measure.id] = score_measure(
                    ctx.catalogue, measure, person.answers, sex
                )
    return RuleContext.build(ctx.catalogue, intake, scores)


def _groups(ctx: RuleContext, outcome: Outcome) -> list[tuple[tuple[RuleFinding, ...], Changes]]:
    groups: list[tuple[tuple[RuleFinding, ...], Changes]] = []
    for finding in outcome.decisive:
        if finding is outcome.fallback or finding.rule_id == outcome.fallback.rule_id:
            continue
        by_owner: dict[str | None, list[AnswerChange]] = {}
        done: set[tuple[str | None, str]] = set()
        for evidence in finding.evidence:
            owner = evidence.participant_id or (None if ctx.is_couple else ctx.ids[0])
            if finding.rule_id in ONE_GROUP:
                owner = None
            key = (evidence.participant_id, _measure_of(ctx, evidence) or evidence.source)
            if key in done:
                continue
            done.add(key)
            by_owner.setdefault(owner, []).extend(_lever(ctx, finding.rule_id, evidence))
        groups += [((finding,), _unique(c)) for c in by_owner.values() if c]
    return groups


def _unique(changes) -> Changes:  # type: ignore[no-untyped-def]
    seen: dict[tuple[str | None, str], AnswerChange] = {}
    for change in changes:
        seen.setdefault((change.participant_id, change.item_id), change)
    return tuple(seen.values())


def _measure_of(ctx: RuleContext, evidence: Evidence) -> str | None:
    if evidence.source in ctx.catalogue.measures:
        return evidence.source
    return ctx.catalogue.items[evidence.source].measure_id


def _lever(ctx: RuleContext, rule_id: str, evidence: Evidence) -> list[AnswerChange]:
    pid = evidence.participant_id
    measure_id = _measure_of(ctx, evidence)
    levers = MEASURE_LEVERS.get(rule_id, {})
    if pid is not None and measure_id in levers:
        return _clear_measure(ctx, pid, ctx.catalogue.measures[measure_id], levers[measure_id])  # type: ignore[index]
    counter = ITEM_LEVERS.get(rule_id, {}).get(evidence.source)
    if counter is None or evidence.value == counter:
        return []
    return [AnswerChange(pid, evidence.source, counter)]


def _clear_measure(
    ctx: RuleContext, pid: str, measure: Measure, flag_id: str | None
) -> list[AnswerChange]:
    answers = dict(ctx.intake.participant(pid).answers)
    items = ctx.catalogue.items
    if flag_id is None and measure.cutoff is not None and measure.cutoff.flag is not None:
        flag_id = measure.cutoff.flag
    flag = measure.flag(flag_id) if flag_id is not None else None
    if flag is not None and flag.when:
        for cond in flag.when:
            value = answers.get(cond.item_id)
            safe = _value_not_meeting(items[cond.item_id], cond)
            if value is not None and value != safe:
                return [AnswerChange(pid, cond.item_id, safe)]
        return []
    lower = flag is not None or (measure.cutoff is not None and measure.cutoff.at_least is not None)
    return _move_total(ctx, pid, measure, flag_id, lower, answers)


def _value_not_meeting(item: Item, cond: FlagCondition) -> AnswerValue:
    for value in sorted(item.allowed_values(), key=int):
        if cond.at_least is not None and int(value) >= cond.at_least:
            continue
        if cond.values is not None and value in cond.values:
            continue
        return value
    raise ValueError(f"{item.id}: every value meets the flag")  # a broken catalogue


def _move_total(
    ctx: RuleContext, pid: str, measure: Measure, flag_id: str | None, lower: bool,
    answers: dict[str, AnswerValue],
) -> list[AnswerChange]:  # fmt: skip
    items = ctx.catalogue.items
    sex = participant_sex(answers)
    risk_items = {c.item_id for f in measure.flags if f.risk and f.when for c in f.when}
    gates = {items[i].ask_if.item_id for i in measure.item_ids if items[i].ask_if}  # type: ignore[union-attr]

    def scored(item: Item, value: AnswerValue) -> int:
        number = int(value)  # type: ignore[arg-type]
        if item.reverse:
            values = [int(o.value) for o in item.options]
            return max(values) + min(values) - number
        return number

    ends: dict[str, AnswerValue] = {}
    for i in measure.scored_item_ids:
        ranked = sorted(items[i].allowed_values(), key=lambda v, it=items[i]: scored(it, v))  # type: ignore[misc]
        ends[i] = ranked[0] if lower else ranked[-1]

    def end(item: Item) -> AnswerValue:
        return ends[item.id]

    def met(score: MeasureScore) -> bool:
        return score.has_flag(flag_id) if flag_id is not None else bool(score.positive)

    candidates = [
        items[i] for i in measure.scored_item_ids
        if answers.get(i) is not None and is_asked(items[i], answers) is not False
    ]  # fmt: skip
    candidates.sort(  # the fewest, largest moves; never a risk item or a gate unless needed
        key=lambda it: (
            it.id in risk_items,
            it.id in gates,
            -abs(scored(it, answers[it.id]) - scored(it, end(it))),
        )
    )
    changes: list[AnswerChange] = []
    for item in candidates:
        if not met(score_measure(ctx.catalogue, measure, answers, sex)):
            break
        if answers[item.id] != end(item):
            answers[item.id] = end(item)
            changes.append(AnswerChange(pid, item.id, end(item)))
    return changes
