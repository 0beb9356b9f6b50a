"""Safety-relevant answers, as soon as they are given: what the clinician is told at once.

A *risk signal* is an answer that the catalogue marks as safety-relevant: a yes to a
question marked ``risk`` (thoughts of self-harm, violence or fear of the partner,
controlling behaviour), or a measure's risk flag raised by the answers so far (PHQ-9
item 9 above 0, a positive WAST-SF, AUDIT-C in the dependence range). The wizard counts
them on every answer; no threshold is repeated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from therapist_desk.intake.catalogue import AnswerValue, Catalogue, Scope
from therapist_desk.intake.scoring import participant_sex, score_measure


@dataclass(frozen=True)
class RiskSignal:
    """One safety-relevant answer: whose, from which item or measure, in words."""

    participant: str
    source: str
    label: str


def risk_signals(
    catalogue: Catalogue, answers: Mapping[str, Mapping[str, AnswerValue]]
) -> tuple[RiskSignal, ...]:
    """Every risk signal in ``answers`` (participant id → their answers), in order."""
    found: list[RiskSignal] = []
    risky_measures = [
        m
        for m in catalogue.measures.values()
        if m.scope is Scope.PARTICIPANT and any(f.risk for f in m.flags)
    ]
    for pid, given in answers.items():
        for item in catalogue.items.values():
            if item.risk and given.get(item.id) is True:
                found.append(RiskSignal(pid, item.id, item.short))
        sex = participant_sex(given)
        for measure in risky_measures:
            if not any(i in given for i in measure.item_ids):
                continue
            score = score_measure(catalogue, measure, given, sex)
            found += [RiskSignal(pid, measure.id, hit.label) for hit in score.flags if hit.risk]
    return tuple(found)
