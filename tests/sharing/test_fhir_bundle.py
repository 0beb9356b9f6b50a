"""FHIR R4 Bundles of every example, in both versions: valid, coded, and private kept.

Built once for the module from the examples (no database): each resource is validated
by its ``fhir.resources`` R4B model and by our own checks; the client version is proved
to hold nothing private and to keep exactly what the client PDF keeps.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.intake.audience import Audience, answer_marks, shared_scores
from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file
from therapist_desk.reports.variant import view_for
from therapist_desk.sharing.fhir import codes
from therapist_desk.sharing.fhir.bundle import build_bundle
from therapist_desk.sharing.fhir.checks import bundle_problems
from therapist_desk.sharing.fhir.questionnaires import forms
from therapist_desk.sharing.fhir.read import read_bundle

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
VARIANTS = {"clinician": Audience.clinician(), "client": Audience.clients()}
CATALOGUE = load_catalogue()
FORMS = {f.url: f for f in forms(CATALOGUE)}


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], dict[str, Any]]:
    """For every example and version: the answers file, its recommendation, the Bundle."""
    found = {}
    for path in EXAMPLES:
        answers = parse_answers_file(path, CATALOGUE)
        rec = recommend(CATALOGUE, answers.to_intake(CATALOGUE))
        for variant, audience in VARIANTS.items():
            bundle = build_bundle(
                catalogue=CATALOGUE, answers=answers, recommendation=rec, audience=audience
            )
            found[path.name, variant] = {"answers": answers, "rec": rec, "bundle": bundle}
    return found


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def owners(bundle: dict[str, Any]) -> dict[str, str]:
    """Each Patient's address → the participant id of the answers file (by order)."""
    return {
        e["fullUrl"]: str(i)
        for i, e in enumerate(
            e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
        )
    }


def answered(bundle: dict[str, Any], ids: list[str]) -> set[tuple[str | None, str]]:
    """(participant id or None, item id) of every answer in the Bundle."""
    who = {ref: ids[int(i)] for ref, i in owners(bundle).items()}
    found = set()
    for response in of_type(bundle, "QuestionnaireResponse"):
        owner = who.get(response["subject"]["reference"])
        stack = list(response["item"])
        while stack:
            item = stack.pop()
            stack += item.get("item", [])
            if "answer" in item:
                found.add((owner, item["linkId"]))
    return found


def security(resource: dict[str, Any]) -> list[dict[str, Any]]:
    return resource.get("meta", {}).get("security", [])


def test_every_resource_is_valid_r4_and_passes_our_checks(built) -> None:
    for (name, variant), made in built.items():
        bundle = made["bundle"]
        assert bundle["type"] == "collection"
        assert bundle_problems(bundle) == [], (name, variant)
        for entry in bundle["entry"]:
            resource = entry["resource"]
            model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
            if name == "concurrent.json":  # written as the library writes it
                assert model.model_dump(mode="json", exclude_none=True) == resource
            assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        responses = of_type(bundle, "QuestionnaireResponse")
        assert responses and all(
            r["subject"] and r["questionnaire"].count("|") == 1 for r in responses
        )
        assert {r["status"] for r in responses} <= {"completed", "in-progress"}
        addresses = {e["fullUrl"]: e["resource"]["resourceType"] for e in bundle["entry"]}
        for observation in of_type(bundle, "Observation"):
            assert observation["category"][0]["coding"][0]["code"] == "survey"
            assert observation["valueQuantity"]["code"] == "{score}"
            [source] = observation["derivedFrom"]
            assert addresses[source["reference"]] == "QuestionnaireResponse"
        [impression] = of_type(bundle, "ClinicalImpression")
        assert impression["protocol"] == [f"{codes.RULESET}|{made['rec'].ruleset_version}"]


def test_a_wrong_answer_or_linkid_is_caught_where_the_library_lets_it_pass(built) -> None:
    bundle = json.loads(json.dumps(built["concurrent.json", "clinician"]["bundle"]))
    response = of_type(bundle, "QuestionnaireResponse")[0]
    response["item"][0]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    response["item"][1]["linkId"] = "phq9.99"
    response["status"] = "done"
    model = get_fhir_model_class("Bundle")
    model.model_validate(bundle)  # the generic validation sees nothing wrong
    problems = bundle_problems(bundle)
    assert any("not one of its options" in p for p in problems)
    assert any("'phq9.99' is not in" in p for p in problems)
    assert any("status 'done'" in p for p in problems)


def test_loinc_codes_where_confirmed_and_the_apps_own_elsewhere(built) -> None:
    bundle = built["concurrent.json", "clinician"]["bundle"]
    questionnaires = {q["url"].rsplit("/", 1)[-1]: q for q in of_type(bundle, "Questionnaire")}
    assert questionnaires["phq9"]["code"][0] == codes.loinc("44249-1", "PHQ-9")
    assert [i["code"][0]["code"] for i in questionnaires["phq9"]["item"]][:2] == [
        "44250-9",
        "44255-8",
    ]
    option = questionnaires["phq9"]["item"][0]["answerOption"][3]
    assert option["valueCoding"]["code"] == "LA6571-9"
    assert option["extension"] == [{"url": codes.ORDINAL, "valueDecimal": 3}]
    assert questionnaires["gad7"]["code"][0]["code"] == "69737-5"
    assert questionnaires["auditc"]["code"][0]["code"] == "72109-2"
    assert questionnaires["rses"]["code"][0]["system"] == codes.ITEMS
    reverse = questionnaires["rses"]["item"][1]["answerOption"][0]  # item 2 is reverse-keyed
    assert reverse["extension"][0]["valueDecimal"] == 3
    totals = {o["code"]["coding"][0]["code"] for o in of_type(bundle, "Observation")}
    assert {"44261-6", "70274-6", "75626-2", "csi4.total"} <= totals


def test_private_responses_are_labelled_restricted_in_the_clinicians_version(built) -> None:
    for (name, variant), made in built.items():
        if variant != "clinician":
            continue
        for response in of_type(made["bundle"], "QuestionnaireResponse"):
            form = FORMS[response["questionnaire"].split("|")[0]]
            assert (codes.RESTRICTED in security(response)) == form.private, (name, form.key)
        assert made["bundle"]["meta"]["security"] == [codes.RESTRICTED]


def test_the_client_version_holds_nothing_private(built) -> None:
    clinician_only = {
        i for i in CATALOGUE.items if answer_marks(CATALOGUE, i, None, couple=True)["private"]
    }
    for (name, variant), made in built.items():
        if variant != "client":
            continue
        bundle, answers, rec = made["bundle"], made["answers"], made["rec"]
        intake = answers.to_intake(CATALOGUE)
        couple = len(intake.participants) > 1
        ids = [p.id for p in answers.participants]
        shared = shared_scores({p.id: p.answers for p in intake.participants}, couple=couple)
        text = json.dumps(bundle, ensure_ascii=False)
        assert "security" not in text and codes.EXT_DECISION not in text, name
        given = answered(bundle, ids)
        assert not {i for _, i in given} & clinician_only, name
        for owner, item_id in given:
            item = CATALOGUE.items[item_id]
            if couple:
                assert not item.asked_alone, (name, item_id)
                if item.measure_id and CATALOGUE.measures[item.measure_id].personal:
                    assert owner in shared, (name, item_id)
        for item_id in clinician_only:
            wording = CATALOGUE.items[item_id].wording
            assert wording not in text, (name, item_id)
        for finding in rec.findings:
            if finding.private or finding.hard:
                assert finding.title not in text, (name, finding.rule_id)
        for action in rec.safety:
            assert action.text not in text, name
        if answers.decision and answers.decision.reason:
            assert answers.decision.reason not in text, name
        if answers.intake and answers.intake.notes:
            assert answers.intake.notes not in text, name
        [impression] = of_type(bundle, "ClinicalImpression")
        assert "note" not in impression


def test_the_client_version_keeps_exactly_what_the_client_pdf_keeps(built) -> None:
    practice = PracticeInfo("Synthetic Practice")
    for (name, variant), made in built.items():
        if variant != "client":
            continue
        answers, bundle = made["answers"], made["bundle"]
        data = report_input_from_answers_file(answers, CATALOGUE, made["rec"], practice=practice)
        view = view_for(data, Audience.clients())
        ids = [p.id for p in answers.participants]
        who = {ref: ids[int(i)] for ref, i in owners(bundle).items()}
        scores = {
            (who[o["subject"]["reference"]], o["code"]["text"].removesuffix(" total score"))
            for o in of_type(bundle, "Observation")
        }
        assert scores == {(m.participant, m.name) for m in view.measures if m.score is not None}, (
            name
        )
        sections = {s.id: s.title for s in CATALOGUE.sections}
        pdf_answers = {
            (a.participant or None, a.section, a.question, a.answer)
            for a in view.answers
            if a.answer is not None
        }
        values = {p.id: p.answers for p in answers.to_intake(CATALOGUE).participants}
        values[None] = answers.to_intake(CATALOGUE).relationship  # type: ignore[index]
        own = set()
        for owner, item_id in answered(bundle, ids):
            item = CATALOGUE.items[item_id]
            if item.measure_id or item.type.value == "text":
                continue
            label = item.label_for(values[owner][item_id])  # type: ignore[index]
            own.add((owner, sections[item.section_id], item.wording, label))
        assert own == pdf_answers, name


def test_every_example_reads_back_as_the_same_answers(built, tmp_path) -> None:
    for (name, variant), made in built.items():
        if variant != "clinician":
            continue
        path = tmp_path / f"{name}.fhir.json"
        path.write_text(json.dumps(made["bundle"]), encoding="utf-8")
        back = read_bundle(path, CATALOGUE).model_dump(exclude={"catalogue_version"})
        expected = made["answers"].model_dump(exclude={"catalogue_version"})
        for index, person in enumerate(expected["participants"]):
            person["id"] = f"p{index + 1}"
        assert back == expected, name


def test_a_shared_stress_screen_is_in_the_client_bundle_without_its_answers(tmp_path) -> None:
    """As in the client PDF: a yes to sharing shares the PC-PTSD-5 score (asked alone),
    not the responses it comes from."""
    data = json.loads((EXAMPLES[0].parent / "concurrent.json").read_text(encoding="utf-8"))
    screen = {f"pcptsd5.{i}": i <= 3 for i in range(1, 6)} | {"pcptsd5.gate": True}
    data["participants"][0]["answers"].update(screen | {"share.scores": True})
    path = tmp_path / "shared.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    answers = parse_answers_file(path, CATALOGUE)
    rec = recommend(CATALOGUE, answers.to_intake(CATALOGUE))
    bundle = build_bundle(
        catalogue=CATALOGUE, answers=answers, recommendation=rec, audience=Audience.clients()
    )
    assert not bundle_problems(bundle)
    first = next(iter(owners(bundle)))
    stress = [
        o for o in of_type(bundle, "Observation") if o["code"]["text"] == "PC-PTSD-5 total score"
    ]
    assert [(o["subject"]["reference"], o["valueQuantity"]["value"]) for o in stress] == [
        (first, 3)
    ]
    assert "derivedFrom" not in stress[0]  # its answers stay asked alone
    assert not [
        r for r in of_type(bundle, "QuestionnaireResponse") if "pcptsd5" in r["questionnaire"]
    ]
    report = report_input_from_answers_file(
        answers, CATALOGUE, rec, practice=PracticeInfo("Synthetic Practice")
    )
    assert "PC-PTSD-5" in {m.name for m in view_for(report, Audience.clients()).measures}
