"""A synthetic couple seen six times: a first consultation and five re-assessments.

For the screenshots, the tests and the benchmark of the client page. The people are
invented; the answers are made to reach chosen totals on each measure, item by item,
with the catalogue's own scoring key (reverse-keyed Rosenberg items included).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from therapist_desk.intake.catalogue import Catalogue, Measure

PEOPLE = ("Mira Castellano", "Joon Park")

# Totals per visit (first, then five re-assessments), per partner. Mira's low mood lifts
# reliably and recovers; Joon's worry rises for a while; their satisfaction recovers.
STORY: Mapping[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "phq9": ((16, 14, 12, 9, 8, 6), (7, 8, 6, 7, 6, 5)),
    "gad7": ((11, 10, 9, 8, 8, 6), (6, 9, 12, 11, 8, 7)),
    "rses": ((12, 13, 14, 16, 18, 19), (19, 19, 18, 19, 20, 20)),
    "csi4": ((9, 10, 11, 12, 14, 15), (10, 10, 11, 13, 14, 16)),
    "pcptsd5": ((3, 3, 2, 2, 1, 1), (0, 0, 0, 0, 0, 0)),
    "auditc": ((2, 2, 1, 1, 1, 1), (5, 4, 4, 3, 3, 2)),
}
VISITS = 6


def answers_for_total(measure: Measure, catalogue: Catalogue, total: int) -> dict[str, Any]:
    """Answers to ``measure``'s scored items whose total is ``total`` (as far as reachable)."""
    out: dict[str, Any] = {}
    left = total
    for item_id in measure.scored_item_ids:
        item = catalogue.items[item_id]
        if item.type.value == "yes_no":
            out[item_id] = left > 0
            left -= 1 if left > 0 else 0
            continue
        values = [int(v) for v in item.option_numbers()]
        top, low = max(values), min(values)
        want = max(low, min(top, left))
        out[item_id] = top + low - want if item.reverse else want
        left -= want
    return out


def _person(catalogue: Catalogue, visit: int, who: int, first: bool) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    if first:
        answers |= {
            "about.sex": "female" if who == 0 else "male",
            "challenge.anxiety": who == 1,
            "challenge.depression": who == 0,
            "challenge.health": False,
            "challenge.self_esteem": who == 0,
            "pattern.repeats": False,
        }
        if who == 1:
            answers["challenge.anxiety.severity"] = "moderate"
        else:
            answers["challenge.depression.severity"] = "moderate"
            answers["challenge.self_esteem.severity"] = "mild"
    for measure_id, totals in STORY.items():
        measure = catalogue.measures[measure_id]
        answers |= answers_for_total(measure, catalogue, totals[who][visit])
    answers["pcptsd5.gate"] = who == 0
    if who == 1:
        answers = {
            k: v for k, v in answers.items() if not k.startswith("pcptsd5.") or k == "pcptsd5.gate"
        }
    answers |= {
        "trauma.help_wanted": who == 0,
        "commit.self": True,
        "commit.relationship": True,
        "commit.joint_sessions": True,
        "safety.violence": False,
        "safety.control": False,
        "safety.self_harm": False,
        "safety.affair": False,
        "safety.substance": False,
        "wast.1": 1,
        "wast.2": 1,
        "share.scores": who == 0,  # Mira agrees; Joon keeps his own scores to himself
    }
    if who == 0:
        answers["trauma.one_to_one"] = visit < 3  # the trauma work gets under way
    return answers


def story_files(catalogue: Catalogue, start: dt.date) -> list[dict[str, Any]]:
    """The six answers files, oldest first (the first a first consultation)."""
    files = []
    for visit in range(VISITS):
        first = visit == 0
        day = start + dt.timedelta(days=42 * visit)
        relationship: dict[str, Any] = {}
        if first:
            relationship = {
                "rel.concern.arguments": True,
                "rel.concern.intimacy": False,
                "rel.concern.communication": True,
                "rel.concern.escalation": True,
                "rel.concern.trust": False,
                "rel.concern.life_change": False,
                "rel.duration": "1_3_years",
                "rel.tried_alone": "cannot",
                "rel.goals": ["communication", "conflict_resolution", "self_awareness"],
            }
        else:
            relationship = {"since.events": ["work"] if visit == 2 else []}
            if visit == 3:
                relationship["since.changes"] = (
                    "Fewer arguments; Mira has started her own sessions."
                )
        files.append(
            {
                "format": "therapist-desk-answers",
                "format_version": 1,
                "catalogue_version": catalogue.version,
                "kind": "couple",
                "intake": {
                    "date": day.isoformat(),
                    "clinician": "Dr Synthetic",
                    "mode": "in_person",
                },
                "participants": [
                    {
                        "id": f"p{i + 1}",
                        "name": name,
                        "answers": _person(catalogue, visit, i, first),
                    }
                    for i, name in enumerate(PEOPLE)
                ],
                "relationship": relationship,
            }
        )
    return files
