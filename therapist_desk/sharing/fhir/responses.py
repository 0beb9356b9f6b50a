"""One person's (or the relationship's) answers as QuestionnaireResponses, and the scores
as Observations, keeping only what the audience may see."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from therapist_desk.intake.answers import is_asked
from therapist_desk.intake.catalogue import AnswerValue, Catalogue, IntakeKind, Item, ItemType
from therapist_desk.intake.scoring import MeasureScore
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.questionnaires import Form, coding, ordinal

Visible = Callable[[str, str | None], bool]
"""Whether the audience may see ``owner``'s answer to an item (or score of a measure)."""


def answer(item: Item, value: AnswerValue) -> list[dict[str, Any]]:
    """The ``answer`` list of one item's stored value."""
    if item.type is ItemType.YES_NO:
        return [{"valueBoolean": value}]
    if item.type is ItemType.TEXT:
        return [{"valueString": value}]
    if item.type is ItemType.INTEGER:
        return [{"valueInteger": value}]
    values = value if isinstance(value, tuple) else (value,)
    return [{"valueCoding": {**coding(item, v), **_ext(ordinal(item, v))}} for v in values]


def _ext(found: list[dict[str, Any]]) -> dict[str, Any]:
    return {"extension": found} if found else {}


def is_complete(
    catalogue: Catalogue, form: Form, given: Mapping[str, AnswerValue], kind: IntakeKind
) -> bool:
    """Whether every required question of ``form`` that was asked has an answer."""
    for item_id in form.item_ids:
        item = catalogue.items[item_id]
        if item.optional or kind not in item.kinds or is_asked(item, given) is False:
            continue
        if item_id not in given:
            return False
    return True


def response_items(
    catalogue: Catalogue,
    form: Form,
    given: Mapping[str, AnswerValue],
    owner: str | None,
    visible: Visible,
) -> list[dict[str, Any]]:
    """The answered items the audience may see, grouped by section for the app's own forms."""

    def leaf(item_id: str) -> dict[str, Any] | None:
        if item_id not in given or not visible(item_id, owner):
            return None
        item = catalogue.items[item_id]
        return {"linkId": item_id, "text": item.wording, "answer": answer(item, given[item_id])}

    if form.measure_id:
        return [found for i in form.item_ids if (found := leaf(i)) is not None]
    groups = []
    for section in form.sections:
        inner = [found for i in section.item_ids if (found := leaf(i)) is not None]
        if inner:
            groups.append({"linkId": section.id, "text": section.title, "item": inner})
    return groups


def score_observation(
    score: MeasureScore,
    *,
    catalogue: Catalogue,
    plain: bool,
    refs: Mapping[str, Any],
) -> dict[str, Any]:
    """The Observation of one total score; ``plain``: the band in the clients' words."""
    measure = catalogue.measures[score.measure_id]
    total = codes.TOTALS.get(measure.id)
    code = codes.loinc(total) if total else {"system": codes.SCORES, "code": f"{measure.id}.total"}
    data: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [codes.SURVEY]}],
        "code": {"coding": [{**code, "display": f"{measure.name} total score"}],
                 "text": f"{measure.name} total score"},
        **refs,
        "valueQuantity": {"value": score.total, **codes.SCORE_UNIT},
    }  # fmt: skip
    if score.band is not None:
        band = next((b for b in measure.bands if b.id == score.band.id), None)
        words = (band.plain if band and plain and band.plain else "") or score.band.label
        data["interpretation"] = [
            {
                "coding": [
                    {
                        "system": codes.BANDS,
                        "code": f"{measure.id}.{score.band.id}",
                        "display": score.band.label,
                    }
                ],
                "text": words,
            }
        ]
    if measure.private:
        data["meta"] = {"security": [codes.RESTRICTED]}
    return data
