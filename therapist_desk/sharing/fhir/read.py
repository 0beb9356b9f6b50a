"""A FHIR R4 Bundle read back as an answers file, for the ordinary import.

It reads the Bundles this app writes, and responses from elsewhere that use the same
LOINC codes: a response whose Questionnaire is a LOINC panel (its canonical ends in
the panel code, or the Questionnaire in the Bundle carries the code) and whose items
are LOINC questions (by ``linkId`` or by the Questionnaire's item codes), answered with
the LOINC answer codes. Anything else is refused in one line naming the problem, before
anything is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from therapist_desk.intake.answers_file import (
    AnswersFile,
    DecisionFile,
    IntakeMetaFile,
    PersonFile,
)
from therapist_desk.intake.catalogue import AnswerValue, Catalogue, Item, ItemType, Scope
from therapist_desk.intake.errors import AnswersFileError, IntakeError
from therapist_desk.intake.json_input import display, load_json_limited
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.checks import questionnaire_items, structure_problems
from therapist_desk.sharing.fhir.questionnaires import Form, coding, forms
from therapist_desk.sharing.fhir.validate import FhirError, validated

MAX_DEPTH = 24
MAX_ENTRIES = 400
MAX_RESPONSES = 60
"""An intake of two people has at most 2 × 10 responses and one about the relationship."""
SESSION = "Session notes: "
MODES = {code: mode for mode, (code, _) in codes.MODES.items()}


class _Bundle:
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
        return [e["resource"] for e in self.entries if e["resource"]["resourceType"] == kind]

    def resolve(self, reference: Mapping[str, Any] | None) -> dict[str, Any] | None:
        ref = str((reference or {}).get("reference") or "")
        found = self.by_address.get(ref)
        if found is None and "/" in ref:
            found = self.by_address.get("/".join(ref.rstrip("/").split("/")[-2:]))
        return found


def _load(path: Path) -> dict[str, Any]:
    where = display(path)
    try:
        data = load_json_limited(path, max_depth=MAX_DEPTH)
    except AnswersFileError as err:
        text = str(err).replace("an answers file", "a FHIR Bundle")
        text = text.replace(f"{where}: line ", f"{where}: not JSON: line ", 1)
        text = text.replace("export the answers again", "export the intake again")
        raise FhirError(text) from None
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise FhirError(
            f"{where}: not FHIR: the file must hold one resource with a resourceType, a Bundle "
            "as `therapist-desk export --format fhir` writes it"
        )
    if data["resourceType"] != "Bundle":
        raise FhirError(
            f"{where}: a FHIR {data['resourceType'][:40]}, not a Bundle: give the Bundle of "
            "an intake (its Patients, QuestionnaireResponses and the rest together)"
        )
    entries = data.get("entry") if isinstance(data.get("entry"), list) else []
    responses = sum(
        1
        for e in entries
        if isinstance(e, dict)
        and isinstance(e.get("resource"), dict)
        and e["resource"].get("resourceType") == "QuestionnaireResponse"
    )
    if len(entries) > MAX_ENTRIES or responses > MAX_RESPONSES:
        raise FhirError(
            f"{where}: the Bundle holds {len(entries):,} entries and {responses:,} "
            f"QuestionnaireResponses; one intake has at most {MAX_RESPONSES}: give the Bundle "
            "of one intake"
        )
    try:
        validated(data)
    except FhirError as err:
        raise FhirError(f"{where}: {err}") from None
    return data


def _panel(bundle: _Bundle, canonical: str) -> tuple[str | None, dict[str, Any] | None]:
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


def _resolver(
    catalogue: Catalogue, bundle: _Bundle, canonical: str
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


def _leaves(items: Any) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for item in items or ():
        if item.get("answer"):
            yield str(item.get("linkId")), list(item["answer"])
        yield from _leaves(item.get("item"))


def _value(item: Item, answers: list[dict[str, Any]]) -> AnswerValue:
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


def _person(patient: Mapping[str, Any], index: int) -> dict[str, Any]:
    names = patient.get("name") or []
    official = next(
        (n for n in names if n.get("use") in (None, "official")), names[0] if names else {}
    )
    name = official.get("text") or " ".join(
        [*official.get("given", []), official.get("family", "")]
    )
    usual = next((n for n in names if n.get("use") == "usual"), None)
    said = [e for e in patient.get("extension") or () if e.get("url") == codes.EXT_PRONOUNS]
    pronouns = said[0].get("valueString") if said else None
    return {
        "id": f"p{index}",
        "name": name.strip(),
        "preferred_name": " ".join(usual.get("given", [])) if usual else None,
        "pronouns": pronouns,
        "date_of_birth": patient.get("birthDate"),
        "answers": {},
    }


def _meta(bundle: _Bundle, responses: list[dict[str, Any]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    encounter = next(iter(bundle.of_type("Encounter")), None)
    if encounter is not None:
        meta["mode"] = MODES.get(str((encounter.get("class") or {}).get("code")), "in_person")
        start = (encounter.get("period") or {}).get("start")
        if start:
            meta["date"] = str(start)[:10]
        for who in encounter.get("participant") or ():
            meta.setdefault("clinician", (who.get("individual") or {}).get("display"))
    authored = next((r["authored"] for r in responses if r.get("authored")), None)
    if "date" not in meta and authored:
        meta["date"] = str(authored)[:10]
    impression = next(iter(bundle.of_type("ClinicalImpression")), None)
    if impression is not None:
        notes = [n.get("text", "") for n in impression.get("note") or ()]
        session = [
            n.removeprefix("Session notes: ") for n in notes if n.startswith("Session notes: ")
        ]
        if session:
            meta["notes"] = session[0]
    return meta


def _decision(bundle: _Bundle) -> dict[str, Any] | None:
    impression = next(iter(bundle.of_type("ClinicalImpression")), None)
    for ext in (impression or {}).get("extension") or ():
        if ext.get("url") == codes.EXT_DECISION:
            parts = {p.get("url"): p for p in ext.get("extension") or ()}
            return {
                "status": (parts.get("status") or {}).get("valueCode"),
                "order": ((parts.get("order") or {}).get("valueCoding") or {}).get("code"),
                "reason": (parts.get("reason") or {}).get("valueString"),
                "decided_on": (parts.get("date") or {}).get("valueDate"),
            }
    return None


def read_bundle(path: Path, catalogue: Catalogue) -> AnswersFile:
    """The intake in the Bundle at ``path`` as an answers file that fits ``catalogue``;
    a `FhirError` (one line, naming the file) for anything that does not."""
    where = display(path)
    data = _load(path)
    try:
        return _answers(data, catalogue)
    except (FhirError, IntakeError, ValueError) as err:
        raise FhirError(f"{where}: {_one_line(err)}") from None


def _one_line(err: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"{where}: {first['msg'].removeprefix('Value error, ')}"
    return str(err).splitlines()[0]


def _answers(data: dict[str, Any], catalogue: Catalogue) -> AnswersFile:
    problems = structure_problems(data)
    if problems:
        raise FhirError(problems[0])
    bundle = _Bundle(data)
    patients = bundle.of_type("Patient")
    if not 1 <= len(patients) <= 2:
        raise FhirError(f"an intake is about one or two Patients; the Bundle has {len(patients)}")
    people = [_person(p, i + 1) for i, p in enumerate(patients)]
    owner_of = {id(p): person["id"] for p, person in zip(patients, people, strict=True)}
    relationship: dict[str, AnswerValue] = {}
    seen: set[tuple[str, str | None]] = set()
    responses = bundle.of_type("QuestionnaireResponse")
    for response in responses:
        form, mapped = _resolver(catalogue, bundle, str(response.get("questionnaire") or ""))
        subject = bundle.resolve(response.get("subject"))
        if subject is None:
            raise FhirError(
                f"a QuestionnaireResponse to {form.label} has no subject in the Bundle: each "
                "must name the Patient who answered (or the Group, for the relationship)"
            )
        owner = None if form.scope is Scope.RELATIONSHIP else owner_of.get(id(subject))
        if form.scope is Scope.PARTICIPANT and owner is None:
            raise FhirError(f"a QuestionnaireResponse to {form.label} is not about a Patient")
        if (form.key, owner) in seen:
            raise FhirError(f"two QuestionnaireResponses to {form.label} for the same person")
        seen.add((form.key, owner))
        target = relationship if owner is None else people[int(owner[1:]) - 1]["answers"]
        for link, answers in _leaves(response.get("item")):
            item_id = mapped(link)
            if item_id is None:
                raise FhirError(f"linkId {link[:40]!r} is not a question of {form.label}")
            value = _value(catalogue.items[item_id], answers)
            target[item_id] = list(value) if isinstance(value, tuple) else value
    meta = _meta(bundle, responses)
    decision = _decision(bundle)
    parsed = AnswersFile(
        catalogue_version=catalogue.version,
        kind="couple" if len(people) == 2 else "individual",
        intake=IntakeMetaFile.model_validate(meta) if meta else None,
        participants=[PersonFile.model_validate(p) for p in people],
        relationship=relationship,
        decision=DecisionFile.model_validate(decision) if decision else None,
    )
    parsed.to_intake(catalogue)
    return parsed
