"""The catalogue as FHIR R4 Questionnaires: one per measure and one per kind of question.

Each measure is one Questionnaire (LOINC-coded where LOINC has it). The app's own
questions are grouped by who may see them, so that a whole response can carry one
confidentiality label: the personal questions, the private (safety) questions, the
clinician's observations, and the questions about the relationship. Items keep the
catalogue's ids as ``linkId``; choices carry LOINC answer codes where confirmed, else
the app's own, with the option's score as ``ordinalValue`` when it counts toward a total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from therapist_desk.intake.catalogue import (
    AnswerValue,
    Catalogue,
    Condition,
    Item,
    ItemType,
    Scope,
    Section,
)
from therapist_desk.sharing.fhir import codes

TYPES = {
    ItemType.CHOICE: "choice",
    ItemType.YES_NO: "boolean",
    ItemType.MULTI_CHOICE: "choice",
    ItemType.TEXT: "text",
    ItemType.INTEGER: "integer",
}
OWN_FORMS = {
    "personal": ("IntakePersonal", "About each person: challenges, trauma, patterns, commitment"),
    "private": ("IntakePrivate", "Asked of each person alone: safety"),
    "clinician": ("ClinicianObservations", "The clinician's observations"),
    "relationship": ("IntakeRelationship", "About the relationship: concerns and goals"),
    "relationship-private": ("IntakeRelationshipPrivate", "About the relationship, in private"),
}


@dataclass(frozen=True)
class Form:
    """One Questionnaire: a measure, or a group of the app's own sections."""

    key: str
    name: str
    title: str
    scope: Scope
    private: bool
    sections: tuple[Section, ...]
    measure_id: str | None = None
    measure_name: str = ""

    @property
    def url(self) -> str:
        """Its canonical address (without the version)."""
        return f"{codes.QUESTIONNAIRE}/{self.key}"

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every item it asks, in order."""
        return tuple(i for s in self.sections for i in s.item_ids)

    @property
    def label(self) -> str:
        """How messages name it: the measure's name, or the title."""
        return self.title if self.measure_id is None else self.measure_name

    @property
    def file_name(self) -> str:
        """The file OpenEMR's importer expects: ``<name>.R4.json``."""
        return f"{self.name}.R4.json"


def _own_key(section: Section) -> str:
    if section.clinician_only:
        return "clinician"
    if section.scope is Scope.RELATIONSHIP:
        return "relationship-private" if section.private else "relationship"
    return "private" if section.private else "personal"


def forms(catalogue: Catalogue) -> tuple[Form, ...]:
    """Every Questionnaire of the catalogue: the measures in catalogue order, then the
    app's own groups."""
    measures: list[Form] = []
    own: dict[str, list[Section]] = {}
    for section in catalogue.sections:
        if section.measure_id:
            m = catalogue.measures[section.measure_id]
            name = "".join(ch for ch in m.name if ch.isalnum())
            measures.append(Form(m.id, name, m.title, m.scope, m.private, (section,), m.id, m.name))
        else:
            own.setdefault(_own_key(section), []).append(section)
    groups = [
        Form(key, *OWN_FORMS[key], sections[0].scope, any(s.private for s in sections),
             tuple(sections))
        for key, sections in sorted(own.items(), key=lambda kv: list(OWN_FORMS).index(kv[0]))
    ]  # fmt: skip
    return (*measures, *groups)


def form_of(catalogue: Catalogue, item_id: str) -> Form:
    """The Questionnaire that asks ``item_id``."""
    for form in forms(catalogue):
        if item_id in form.item_ids:
            return form
    raise KeyError(item_id)


def points(item: Item, value: AnswerValue) -> int | None:
    """What the option counts toward its measure's total (a reverse-keyed item counts
    highest + lowest − value), or None when it does not count."""
    if not item.scored or not isinstance(value, int) or isinstance(value, bool):
        return None
    if not item.reverse:
        return value
    numbers = [v for v in item.allowed_values() if isinstance(v, int)]
    return max(numbers) + min(numbers) - value


def coding(item: Item, value: AnswerValue) -> dict[str, Any]:
    """The Coding of one option of a choice item, LOINC's where confirmed."""
    listed = codes.ANSWER_LISTS.get(item.measure_id or "", {})
    if isinstance(value, int) and not isinstance(value, bool) and value in listed:
        code, display = listed[value]
        return codes.loinc(code, display)
    return {
        "system": codes.ANSWERS,
        "code": codes.answer_code(item.id, value),
        "display": item.label_for(value),
    }


def ordinal(item: Item, value: AnswerValue) -> list[dict[str, Any]]:
    """The ``ordinalValue`` extension of an option that counts toward a total."""
    counted = points(item, value)
    return [] if counted is None else [{"url": codes.ORDINAL, "valueDecimal": counted}]


def _enable_when(catalogue: Catalogue, condition: Condition) -> dict[str, Any]:
    gate = catalogue.items[condition.item_id]
    operator = "!=" if condition.negate else "="
    whens = []
    for value in sorted(condition.values, key=str):
        answer = (
            {"answerBoolean": value}
            if isinstance(value, bool)
            else {"answerCoding": coding(gate, value)}
        )
        whens.append({"question": gate.id, "operator": operator, **answer})
    behaviour = {"enableBehavior": "all" if condition.negate else "any"} if len(whens) > 1 else {}
    return {"enableWhen": whens, **behaviour}


def _item(catalogue: Catalogue, item: Item) -> dict[str, Any]:
    loinc = codes.ITEM_CODES.get(item.id)
    data: dict[str, Any] = {
        "linkId": item.id,
        "code": [codes.loinc(loinc)] if loinc else [{"system": codes.ITEMS, "code": item.id}],
        "text": item.wording,
        "type": TYPES[item.type],
        "required": not item.optional,
    }
    if item.number is not None:
        data["prefix"] = str(item.number)
    if item.type is ItemType.MULTI_CHOICE:
        data["repeats"] = True
    if item.type is ItemType.TEXT and item.max_length:
        data["maxLength"] = item.max_length
    if item.type in (ItemType.CHOICE, ItemType.MULTI_CHOICE):
        data["answerOption"] = [
            {"valueCoding": coding(item, o.value), **_extension(ordinal(item, o.value))}
            for o in item.options
        ]
    if item.ask_if is not None:
        data.update(_enable_when(catalogue, item.ask_if))
    return data


def _extension(found: list[dict[str, Any]]) -> dict[str, Any]:
    return {"extension": found} if found else {}


def _items(catalogue: Catalogue, form: Form) -> Iterator[dict[str, Any]]:
    if form.measure_id:
        yield from (_item(catalogue, catalogue.items[i]) for i in form.item_ids)
        return
    for section in form.sections:
        yield {
            "linkId": section.id,
            "text": section.title,
            "type": "group",
            "item": [_item(catalogue, catalogue.items[i]) for i in section.item_ids],
        }


def questionnaire(catalogue: Catalogue, form: Form) -> dict[str, Any]:
    """The Questionnaire resource of ``form`` (plain JSON data)."""
    data: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": form.key,
        "url": form.url,
        "version": catalogue.version,
        "name": form.name,
        "title": form.title,
        "status": "active",
        "subjectType": ["Group" if form.scope is Scope.RELATIONSHIP else "Patient"],
        "publisher": "Therapist Desk",
    }
    intro = " ".join(s.intro for s in form.sections if s.intro)
    if intro:
        data["description"] = intro
    if form.measure_id:
        measure = catalogue.measures[form.measure_id]
        data["copyright"] = measure.licence
        panel = codes.PANELS.get(measure.id)
        own = {"system": codes.ITEMS, "code": measure.id, "display": measure.name}
        data["code"] = [codes.loinc(panel, measure.name) if panel else own]
    data["item"] = list(_items(catalogue, form))
    return data


def questionnaire_files(catalogue: Catalogue) -> dict[str, str]:
    """Every Questionnaire as the text of its own file, by file name (``PHQ9.R4.json``),
    validated like every resource written."""
    import json

    from therapist_desk.sharing.fhir.validate import built

    return {
        form.file_name: json.dumps(built(questionnaire(catalogue, form)), ensure_ascii=False,
                                   indent=2) + "\n"
        for form in forms(catalogue)
    }  # fmt: skip
