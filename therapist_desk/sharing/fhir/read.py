"""A FHIR R4 Bundle read back as an answers file, for the ordinary import.

It reads the Bundles this app writes, and responses from elsewhere that use the same
LOINC codes: a response whose Questionnaire is a LOINC panel (its canonical ends in
the panel code, or the Questionnaire in the Bundle carries the code) and whose items
are LOINC questions (by ``linkId`` or by the Questionnaire's item codes), answered with
the LOINC answer codes. Anything else is refused in one line naming the problem, before
anything is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from therapist_desk.intake.answers_file import (
    AnswersFile,
    DecisionFile,
    IntakeMetaFile,
    PersonFile,
)
from therapist_desk.intake.catalogue import AnswerValue, Catalogue, Scope
from therapist_desk.intake.errors import AnswersFileError, IntakeError
from therapist_desk.intake.json_input import display, load_json_limited
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.checks import structure_problems
from therapist_desk.sharing.fhir.matching import BundleIndex, answer_value, leaves, resolver
from therapist_desk.sharing.fhir.validate import FhirError, validated

MAX_DEPTH = 24
MAX_ENTRIES = 400
MAX_RESPONSES = 60
"""An intake of two people has at most 2 × 10 responses and one about the relationship."""
SESSION = "Session notes: "
MODES = {code: mode for mode, (code, _) in codes.MODES.items()}


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


def _meta(bundle: BundleIndex, responses: list[dict[str, Any]]) -> dict[str, Any]:
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


def _decision(bundle: BundleIndex) -> dict[str, Any] | None:
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
    bundle = BundleIndex(data)
    patients = bundle.of_type("Patient")
    if not 1 <= len(patients) <= 2:
        raise FhirError(f"an intake is about one or two Patients; the Bundle has {len(patients)}")
    people = [_person(p, i + 1) for i, p in enumerate(patients)]
    owner_of = {id(p): person["id"] for p, person in zip(patients, people, strict=True)}
    relationship: dict[str, AnswerValue] = {}
    seen: set[tuple[str, str | None]] = set()
    responses = bundle.of_type("QuestionnaireResponse")
    for response in responses:
        form, mapped = resolver(catalogue, bundle, str(response.get("questionnaire") or ""))
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
        for link, answers in leaves(response.get("item")):
            item_id = mapped(link)
            if item_id is None:
                raise FhirError(f"linkId {link[:40]!r} is not a question of {form.label}")
            value = answer_value(catalogue.items[item_id], answers)
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
