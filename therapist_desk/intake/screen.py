"""Whether each participant's safety screen is complete enough to rule the hard rules out.

An unanswered item that could still make a hard rule fire (PHQ-9 item 9, thoughts of
self-harm, violence, control, the affair and whether it will end, AUDIT-C, WAST-SF) is a
*gap*. While any participant has a gap the result is provisional, it is never stronger
than weak (a hard rule that decides keeps its order, individual first), and the
clinician is asked to complete that person's safety questions before deciding on joint
sessions. Which flags count is read from the catalogue (the flags the hard rules read),
never repeated here.
"""

from __future__ import annotations

from therapist_desk.intake import explain
from therapist_desk.intake.context import RuleContext
from therapist_desk.intake.findings import SAFETY_SCREEN, SafetyAction
from therapist_desk.intake.rules import HARD_FLAGS, SAFETY_ITEMS

AFFAIR, AFFAIR_ENDING = "safety.affair", "safety.affair_ending"


def safety_gaps(ctx: RuleContext) -> dict[str, tuple[str, ...]]:
    """For each participant with a gap, the unanswered items that could fire a hard rule."""
    gaps: dict[str, tuple[str, ...]] = {}
    for pid in ctx.ids:
        items = [i for i in SAFETY_ITEMS if ctx.unanswered(pid, i)]
        if ctx.yes(pid, AFFAIR) and ctx.unanswered(pid, AFFAIR_ENDING):
            items.append(AFFAIR_ENDING)
        for measure_id, flag_id in HARD_FLAGS:
            score = ctx.score(pid, measure_id)
            if flag_id in score.undetermined_flags:
                flag = ctx.catalogue.measures[measure_id].flag(flag_id)
                read = {c.item_id for c in flag.when}
                items += [i for i in score.missing if not read or i in read]
        if items:
            gaps[pid] = tuple(items)
    return gaps


def gap_actions(ctx: RuleContext, gaps: dict[str, tuple[str, ...]]) -> tuple[SafetyAction, ...]:
    """One clinician-only action per participant with a gap, naming what is unanswered."""
    return tuple(
        SafetyAction(
            SAFETY_SCREEN,
            (pid,),
            explain.safety_gap_text(
                ctx.name(pid),
                [ctx.catalogue.describe(i) for i in items],
                absent=pid in ctx.intake.absent,
            ),
            True,
        )
        for pid, items in gaps.items()
    )
