"""The sentences of :mod:`whatif`: which answers would change, and what the new run gave.

"If Jo were willing to attend joint sessions, this would be individual therapy for Jo
alongside relationship therapy for Jo and Sam (strong)." For a hard rule: "Joint
sessions wait until the clinician has addressed Alex's substance use. Run again as if
(…), the rules would suggest …".
"""

from __future__ import annotations

from collections.abc import Sequence

from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.explain import names_text
from therapist_desk.intake.findings import AnswerChange, RuleFinding, TherapyOrder

TEXTS = {
    "if": "If {what}, this would {still}be {result}.",
    "still": "still ",
    "hard": "Joint sessions wait until the clinician has addressed {resolve}. Run again as "
    "if {what}, the rules would {still}suggest {result}.",
    "result": "{headline} ({strength})",
    "answered": "{who} answered '{label}' to {what}",
    "measure": "{who}'s {measure} no longer met '{label}'",
    "couple": "the couple",
    "no_distress": "the answers showed no relationship distress",
    "joined": ", and ",
}
PHRASES = {
    ("commit.joint_sessions", True): "{who} were willing to attend joint sessions",
    ("rel.partner_joint", "yes"): "{who}'s partner were willing to come to joint sessions",
    ("trauma.one_to_one", False): "{who} preferred not to work on the trauma one-to-one",
    ("pattern.repeats", False): "{who}'s present difficulties did not repeat an earlier pattern",
    ("safety.self_harm", False): "{who} had no current thoughts of self-harm",
    ("safety.violence", False): "{who} reported no violence, threats or fear of the partner",
    ("safety.control", False): "{who} reported no controlling behaviour by the partner",
    ("safety.affair_ending", "ending"): "{who}'s affair were ending",
    ("clinician.dependence", False): "the clinician no longer judged {who} dependent",
    ("rel.tried_alone", "some_success"): "{who} could settle some of it on their own",
}
RESOLVE = {
    "R1_suicide_risk": "{names}'s risk of suicide or self-harm",
    "R2_violence_or_fear": "the violence, threats, fear or control reported by {names}",
    "R3_substance_dependence": "{names}'s substance use",
    "R4_undisclosed_affair": "{names}'s undisclosed affair",
}


def _who(ctx: RuleContext, pid: str | None) -> str:
    if pid is not None:
        return ctx.name(pid)
    return TEXTS["couple"] if ctx.is_couple else ctx.name(ctx.ids[0])


def _phrases(
    ctx: RuleContext, found: Sequence[RuleFinding], changes: Sequence[AnswerChange]
) -> list[str]:
    if len(found) == 1 and found[0].rule_id == "R9_relationship_distress":
        return [TEXTS["no_distress"]]
    out: list[str] = []
    measures_done: set[tuple[str | None, str]] = set()
    for change in changes:
        item = ctx.catalogue.items[change.item_id]
        who = _who(ctx, change.participant_id)
        if item.measure_id is not None and _moves_total(ctx, item.measure_id, change):
            key = (change.participant_id, item.measure_id)
            if key not in measures_done:
                measures_done.add(key)
                out.append(_measure_phrase(ctx, change.participant_id, who, item.measure_id))
            continue
        phrase = PHRASES.get((change.item_id, change.value))
        if phrase is None:
            label = item.label_for(change.value)
            phrase = TEXTS["answered"].format(
                who="{who}", label=label, what=ctx.catalogue.describe(change.item_id)
            )
        out.append(phrase.format(who=who))
    return out


def _moves_total(ctx: RuleContext, measure_id: str | None, change: AnswerChange) -> bool:
    """Whether a change to a measure's item is part of moving its total (said once, as a
    total), rather than clearing an item flag (said as the answer: "… 'Not at all' to …")."""
    if measure_id is None or (change.item_id, change.value) in PHRASES:
        return False
    measure = ctx.catalogue.measures[measure_id]
    return not any(c.item_id == change.item_id for f in measure.flags for c in f.when)


def _measure_phrase(ctx: RuleContext, pid: str | None, who: str, measure_id: str) -> str:
    """ "Alex's AUDIT-C no longer met 'Likely dependence (AUDIT-C ≥ 8)'": the raised risk
    flag the change clears, else the measure's cut-off."""
    measure = ctx.catalogue.measures[measure_id]
    label = measure.cutoff.label if measure.cutoff else measure.name
    score = ctx.scores[pid][measure_id] if pid is not None else None
    raised = [hit for hit in (score.flags if score else ()) if hit.risk]
    if raised and not (measure.cutoff and measure.cutoff.flag):
        label = raised[0].label
    return TEXTS["measure"].format(who=who, measure=measure.name, label=label)


def counterfactual_text(
    ctx: RuleContext,
    found: Sequence[RuleFinding],
    changes: Sequence[AnswerChange],
    run,  # decide.Outcome (not imported: it would import this module's users)
    order: TherapyOrder,
) -> tuple[str, str | None]:
    """The sentence, and (for hard rules) what the clinician must resolve."""
    what = TEXTS["joined"].join(_phrases(ctx, found, changes))
    headline = run.headline[:1].lower() + run.headline[1:]
    result = TEXTS["result"].format(headline=headline, strength=run.strength.value)
    still = TEXTS["still"] if run.order is order else ""
    hard = [f for f in found if f.hard]
    if not hard:
        return TEXTS["if"].format(what=what, still=still, result=result), None
    resolve = names_text(
        [
            RESOLVE[f.rule_id].format(names=names_text([ctx.name(p) for p in _reported(f)]))
            for f in hard
        ]
    )
    text = TEXTS["hard"].format(resolve=resolve, what=what, still=still, result=result)
    return text, resolve


def _reported(finding: RuleFinding) -> list[str]:
    """Whose answers fired the finding (rule 2 concerns both, but one may have reported)."""
    owners = [e.participant_id for e in finding.evidence if e.participant_id is not None]
    return list(dict.fromkeys(owners)) or list(finding.participant_ids)
