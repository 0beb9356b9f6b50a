"""An intake as a FHIR R4 ``collection`` Bundle, as one audience may see it.

What the clinician's version holds and what the clients' version leaves out is asked of
`therapist_desk.intake.audience`, piece by piece, with the same marks as the client PDF
(`answer_marks`, `shared_scores`, `recommendation_for`): nothing here decides.
Private responses and scores carry the confidentiality label *restricted*.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from therapist_desk.intake.answers_file import AnswersFile
from therapist_desk.intake.audience import Audience, answer_marks, shared_scores
from therapist_desk.intake.catalogue import Catalogue, IntakeKind, Scope
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.impression import clinical_impression
from therapist_desk.sharing.fhir.questionnaires import forms, questionnaire
from therapist_desk.sharing.fhir.responses import (
    is_complete,
    response_items,
    score_observation,
)
from therapist_desk.sharing.fhir.validate import built

SEX_ITEM = "about.sex"
GENDERS = {"female": "female", "male": "male", "other": "other", "prefer_not_to_say": "unknown"}


@dataclass
class _Entries:
    """The Bundle's entries as they are added, each with a ``urn:uuid`` address."""

    namespace: uuid.UUID
    items: list[dict[str, Any]]

    def add(self, key: str, resource: dict[str, Any]) -> dict[str, str]:
        """Add ``resource`` (validated with the whole Bundle); a Reference to it."""
        rid = str(uuid.uuid5(self.namespace, key))
        self.items.append({"fullUrl": f"urn:uuid:{rid}", "resource": {**resource, "id": rid}})
        return {"reference": f"urn:uuid:{rid}"}


def _patient(person: Any, gender: str | None) -> dict[str, Any]:
    names: list[dict[str, Any]] = [{"use": "official", "text": person.name}]
    if person.preferred_name:
        names.append({"use": "usual", "given": [person.preferred_name]})
    data: dict[str, Any] = {"resourceType": "Patient", "name": names}
    if person.pronouns:
        data["extension"] = [{"url": codes.EXT_PRONOUNS, "valueString": person.pronouns}]
    if gender:
        data["gender"] = gender
    if person.date_of_birth:
        data["birthDate"] = person.date_of_birth.isoformat()
    return data


def _encounter(answers: AnswersFile, group: dict[str, str]) -> dict[str, Any]:
    meta = answers.intake
    code, display = codes.MODES[(meta.mode if meta else None) or "in_person"]
    data: dict[str, Any] = {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": codes.ACT_CODE, "code": code, "display": display},
        "subject": group,
    }
    if meta and meta.date:
        data["period"] = {"start": meta.date.isoformat()}
    if meta and meta.clinician:
        data["participant"] = [{"individual": {"display": meta.clinician}}]
    return data


def build_bundle(
    *,
    catalogue: Catalogue,
    answers: AnswersFile,
    recommendation: Recommendation,
    audience: Audience,
    timestamp: datetime | None = None,
    bundle_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """The Bundle of one intake: Patients, the Group and Encounter, one response per person
    per Questionnaire, one Observation per score, the ClinicalImpression, and the
    Questionnaires answered. ``recommendation`` uses the participant ids of ``answers``."""
    intake = answers.to_intake(catalogue)
    couple = intake.kind is IntakeKind.COUPLE
    shared = shared_scores({p.id: p.answers for p in intake.participants}, couple=couple)

    def visible(source: str, owner: str | None) -> bool:
        marks = answer_marks(catalogue, source, owner, couple=couple)
        return audience.sees(shared=shared, **marks)

    def score_visible(measure_id: str, owner: str | None) -> bool:
        marks = answer_marks(catalogue, measure_id, owner, couple=couple)
        return audience.sees_score(shared=shared, **marks)  # as the summary's scores

    ident = bundle_id or uuid.uuid4()
    entries = _Entries(ident, [])
    people = {}
    for person, given in zip(answers.participants, intake.participants, strict=True):
        sex = given.answers.get(SEX_ITEM) if visible(SEX_ITEM, person.id) else None
        people[person.id] = entries.add(
            f"patient/{person.id}", _patient(person, GENDERS.get(str(sex)) if sex else None)
        )
    group = entries.add(
        "group",
        {
            "resourceType": "Group",
            "type": "person",
            "actual": True,
            "quantity": len(people),
            "member": [{"entity": ref} for ref in people.values()],
        },
    )
    encounter = entries.add("encounter", _encounter(answers, group))
    meta = answers.intake
    when = meta.date.isoformat() if meta and meta.date else None
    clinician = meta.clinician if meta and meta.clinician else None
    used, evidence = [], []
    owners = [(p.id, p.answers) for p in intake.participants] + [(None, intake.relationship)]
    for form in forms(catalogue):
        for owner, given in owners:
            if (owner is None) != (form.scope is Scope.RELATIONSHIP):
                continue
            items = response_items(catalogue, form, given, owner, visible)
            score = recommendation.scores.get(owner or "", {}).get(form.measure_id or "")
            if score is not None and (
                score.total is None or not score_visible(score.measure_id, owner)
            ):
                score = None
            if not items and score is None:
                continue
            subject = group if owner is None else people[owner]
            derived: list[dict[str, str]] = []  # a shared score asked alone: not its answers
            if items:
                complete = is_complete(catalogue, form, given, intake.kind)
                response: dict[str, Any] = {
                    "resourceType": "QuestionnaireResponse",
                    "questionnaire": f"{form.url}|{catalogue.version}",
                    "status": "completed" if complete else "in-progress",
                    "subject": subject,
                    "encounter": encounter,
                    **({"authored": when} if when else {}),
                    "item": items,
                }
                if form.key == "clinician":
                    response["author"] = {"display": clinician or "Clinician"}
                elif owner is not None:
                    response["source"] = subject
                if form.private:
                    response["meta"] = {"security": [codes.RESTRICTED]}
                ref = entries.add(f"response/{form.key}/{owner}", response)
                evidence.append(ref)
                derived.append(ref)
                if form not in used:
                    used.append(form)
            if score is not None:
                refs = {
                    "subject": subject,
                    "encounter": encounter,
                    **({"effectiveDateTime": when} if when else {}),
                    **({"derivedFrom": derived} if derived else {}),
                }
                observation = score_observation(
                    score, catalogue=catalogue, plain=not audience.is_clinician, refs=refs
                )
                evidence.append(entries.add(f"score/{form.key}/{owner}", observation))
    impression = clinical_impression(
        catalogue=catalogue,
        answers=answers,
        recommendation=recommendation,
        audience=audience,
        shared=shared,
        refs={"subject": group, "encounter": encounter, "investigated": evidence},
    )
    entries.add("impression", impression)
    for form in used:
        entries.add(f"questionnaire/{form.key}", questionnaire(catalogue, form))
    restricted = any(
        codes.RESTRICTED in e["resource"].get("meta", {}).get("security", []) for e in entries.items
    )
    stamp = (timestamp or datetime.now(UTC)).isoformat(timespec="seconds")
    return built(
        {
            "resourceType": "Bundle",
            "id": str(ident),
            **({"meta": {"security": [codes.RESTRICTED]}} if restricted else {}),
            "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{ident}"},
            "type": "collection",
            "timestamp": stamp,
            "entry": entries.items,
        }
    )
