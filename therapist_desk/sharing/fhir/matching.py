"""How a response's items are found in the catalogue: ours by ``linkId``, LOINC-coded
ones from elsewhere by their panel, question and answer codes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from therapist_desk.intake.catalogue import AnswerValue, Catalogue, Item, ItemType
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.checks import questionnaire_items
from therapist_desk.sharing.fhir.questionnaires import Form, coding, forms
from therapist_desk.sharing.fhir.validate import FhirError


class BundleIndex:
    """The entries of a Bundle, found by their address or ``Type/id``."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.entries = [e for e in data.get("entry") or () if isinstance(e.get("resource"), dict)]
        self.by_address: dict[str, dict[str, Any]] = {}
        for entry in self.entries:
            resource = entry["resource"]
            if entry.get("fullUrl"):
                self.by_address[entry["fullUrl"]] = resource
            if resource.get("id"):
                self.by_address[f"{resource['resourceType']}/{resource['id']}"] = resource

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        """The resources of one type, in the Bundle's order."""
        return [e["resource"] for e in self.entries if e["resource"]["resourceType"] == kind]

    def resolve(self, reference: Mapping[str, Any] | None) -> dict[str, Any] | None:
        """The resource a Reference points to (by full address, or its last ``Type/id``)."""
        ref = str((reference or {}).get("reference") or "")
        found = self.by_address.get(ref)
        if found is None and "/" in ref:
            found = self.by_address.get("/".join(ref.rstrip("/").split("/")[-2:]))
        return found


def _panel(bundle: BundleIndex, canonical: str) -> tuple[str | None, dict[str, Any] | None]:
    """The measure a foreign canonical stands for (by its LOINC panel), and its
    Questionnaire if the Bundle has it."""
    url = canonical.split("|")[0]
    theirs = next((q for q in bundle.of_type("Questionnaire") if q.get("url") == url), None)
    panels = {code: measure for measure, code in codes.PANELS.items()}
    if theirs is not None:
        for code in theirs.get("code") or ():
            if code.get("system") == codes.LOINC and code.get("code") in panels:
                return panels[code["code"]], theirs
    tail = url.rstrip("/").split("/")[-1]
    return panels.get(tail), theirs


def resolver(
    catalogue: Catalogue, bundle: BundleIndex, canonical: str
) -> tuple[Form, Callable[[str], str | None]]:
    """The form a response answers and how its linkIds map to item ids."""
    by_url = {f.url: f for f in forms(catalogue)}
    form = by_url.get(canonical.split("|")[0])
    if form is not None:
        return form, lambda link: link if link in form.item_ids else None
    measure, theirs = _panel(bundle, canonical)
    if measure is None:
        raise FhirError(
            f"a QuestionnaireResponse answers {canonical[:80]!r}, a questionnaire this app does "
            "not know (it reads its own, and the LOINC panels of PHQ-9, GAD-7, AUDIT-C and "
            "PC-PTSD-5)"
        )
    form = next(f for f in forms(catalogue) if f.measure_id == measure)
    by_loinc = {code: item for item, code in codes.ITEM_CODES.items() if item in form.item_ids}
    their_codes = {
        link: next((c["code"] for c in item.get("code") or () if c.get("system") == codes.LOINC),
                   None)
        for link, item in (questionnaire_items(theirs) if theirs else {}).items()
    }  # fmt: skip

    def mapped(link: str) -> str | None:
        if link in form.item_ids:
            return link
        code = their_codes.get(link) or link.lstrip("/")
        return by_loinc.get(code or "")

    return form, mapped


def leaves(items: Any) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for item in items or ():
        if item.get("answer"):
            yield str(item.get("linkId")), list(item["answer"])
        yield from leaves(item.get("item"))


def answer_value(item: Item, answers: list[dict[str, Any]]) -> AnswerValue:
    def one(answer: Mapping[str, Any]) -> AnswerValue:
        if item.type is ItemType.YES_NO and isinstance(answer.get("valueBoolean"), bool):
            return bool(answer["valueBoolean"])
        if item.type is ItemType.TEXT and isinstance(answer.get("valueString"), str):
            return str(answer["valueString"])
        if item.type is ItemType.INTEGER and isinstance(answer.get("valueInteger"), int):
            return int(answer["valueInteger"])
        given = answer.get("valueCoding") or {}
        for value in item.allowed_values():
            ours = coding(item, value)
            if (given.get("system"), given.get("code")) == (ours["system"], ours["code"]):
                return value
        also = codes.ALSO_READ.get(str(given.get("code")))
        if given.get("system") == codes.LOINC and also in item.allowed_values():
            return also
        number = answer.get("valueInteger")
        if (
            isinstance(number, int)
            and not isinstance(number, bool)
            and number in item.allowed_values()
        ):
            return number
        raise FhirError(
            f"the answer to {item.id} is not one of its options ({item.allowed_text()})"
        )

    if item.type is ItemType.MULTI_CHOICE:
        return tuple(str(one(a)) for a in answers)
    if len(answers) > 1:
        raise FhirError(f"{item.id} takes one answer; the response gives {len(answers)}")
    return one(answers[0])
