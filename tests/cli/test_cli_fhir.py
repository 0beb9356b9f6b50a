"""`export --format fhir`, `import --format fhir` and `items --format fhir-questionnaire`:
the round trip holds, and every bad input is refused in one line, exit 2, nothing stored."""

from __future__ import annotations

import copy
import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from therapist_desk.cli import main
from therapist_desk.models import AuditAction
from therapist_desk.sharing.fhir import codes
from therapist_desk.store.audit import list_events
from therapist_desk.store.database import open_database
from therapist_desk.store.session import new_session

ROOT = Path(__file__).resolve().parents[2]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def normalised(path: Path) -> dict[str, Any]:
    """The Bundle with its ids numbered in order of appearance and no timestamp."""
    ids: dict[str, str] = {}
    text = UUID.sub(lambda m: ids.setdefault(m.group(0), f"id-{len(ids)}"), path.read_text())
    data = json.loads(text)
    del data["timestamp"]
    return data


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A practice with the suicide-risk couple (decided) imported, and both its Bundles."""
    folder = tmp_path_factory.mktemp("fhir")
    db = folder / "practice.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("THERAPIST_DESK_HOME", str(folder / "home"))
        assert (
            main(["--db", str(db), "import", str(ROOT / "examples/safety-suicide-risk.json")]) == 0
        )
        for variant in ("clinician", "client"):
            out = folder / f"{variant}.json"
            args = ["--db", str(db), "export", "1", "--format", "fhir", "-o", str(out)]
            assert main([*args, "--variant", variant] if variant == "clinician" else args) == 0
    return {"db": db, "clinician": folder / "clinician.json", "client": folder / "client.json"}


def test_export_writes_both_versions_privately_and_audits_them(exported) -> None:
    for variant in ("clinician", "client"):
        assert stat.S_IMODE(exported[variant].stat().st_mode) == 0o600
    clinician = json.loads(exported["clinician"].read_text())
    client = json.loads(exported["client"].read_text())
    assert clinician["meta"]["security"] == [codes.RESTRICTED] and "meta" not in client
    get_fhir_model_class("Bundle").model_validate(client)
    assert len(client["entry"]) < len(clinician["entry"])
    database = open_database(exported["db"])
    with new_session(database.engine) as s:
        details = [e.detail for e in list_events(session=s) if e.action == AuditAction.EXPORTED]
    database.engine.dispose()
    assert sorted(details) == [
        "client FHIR bundle (command line)",
        "clinician FHIR bundle (command line)",
    ]


def test_export_import_export_is_identical_apart_from_ids_and_timestamps(
    exported, tmp_path, capsys
) -> None:
    other = tmp_path / "other.sqlite3"
    code, out, err = run(capsys, "--db", other, "import", "--format", "fhir", exported["clinician"])
    assert code == 0, err
    again = tmp_path / "again.json"
    args = ("--db", other, "export", out.strip(), "--format", "fhir", "--variant", "clinician")
    assert run(capsys, *args, "-o", again)[0] == 0
    assert normalised(again) == normalised(exported["clinician"])


def test_fhir_export_has_two_versions_and_no_password(exported, tmp_path, capsys) -> None:
    base = ("--db", exported["db"], "export", "1", "--format", "fhir", "-o", tmp_path / "x.json")
    code, _, err = run(capsys, *base, "--variant", "personal-1")
    assert code == 2 and "two versions" in err
    secret = tmp_path / "secret.txt"
    secret.write_text("a long secret\n")
    code, _, err = run(capsys, *base, "--password-file", secret)
    assert code == 2 and "cannot carry a password" in err
    assert not (tmp_path / "x.json").exists()


def _responses(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]


def _bad_inputs(good: dict[str, Any], folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input and a word of the one line that refuses it."""
    cases: dict[str, tuple[Any, str]] = {
        "not JSON": ('{"resourceType": "Bundle", ', "not JSON"),
        "not FHIR": ({"format": "something else"}, "not FHIR"),
        "another resource type": ({"resourceType": "Patient"}, "not a Bundle"),
    }
    unknown = copy.deepcopy(good)
    _responses(unknown)[0]["questionnaire"] = "http://example.org/Questionnaire/x|1"
    cases["unknown questionnaire"] = (unknown, "does not know")
    outside = copy.deepcopy(good)
    _responses(outside)[0]["item"][0]["answer"][0]["valueCoding"]["code"] = "LA0000-0"
    cases["answer outside the options"] = (outside, "not one of its options")
    orphan = copy.deepcopy(good)
    del _responses(orphan)[0]["subject"]
    cases["missing subject"] = (orphan, "no subject")
    many = copy.deepcopy(good)
    many["entry"] += [
        {"resource": {"resourceType": "QuestionnaireResponse", "status": "completed"}}
    ] * 10_000
    cases["10,000 responses"] = (many, "one intake has at most")
    huge = copy.deepcopy(good)
    huge["entry"][0]["resource"]["name"][0]["text"] = "x" * (6 * 1024 * 1024)
    cases["a huge file"] = (huge, "too big")
    written = {}
    for name, (content, word) in cases.items():
        path = folder / (re.sub(r"\W+", "-", name) + ".json")
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        written[name] = (path, word)
    return written


def test_bad_bundles_are_refused_in_one_line_and_nothing_is_stored(
    exported, tmp_path, capsys
) -> None:
    good = json.loads(exported["clinician"].read_text())
    db = tmp_path / "empty.sqlite3"
    for name, (path, word) in _bad_inputs(good, tmp_path).items():
        code, out, err = run(capsys, "--db", db, "import", "--format", "fhir", path)
        assert code == 2, name
        assert out == "" and len(err.strip().splitlines()) == 1, (name, err)
        assert word in err and str(path) in err, (name, err)
    assert not db.exists()


def test_an_answers_import_of_a_bundle_says_to_add_format_fhir(exported, capsys) -> None:
    code, _, err = run(capsys, "import", exported["client"])
    assert code == 2 and "add --format fhir" in err


def test_loinc_coded_phq9_from_elsewhere_is_read(tmp_path, capsys) -> None:
    answers = ["LA6569-3", "LA6568-5", "LA6570-1", "LA6568-5", "LA6568-5",
               "LA6571-9", "LA6568-5", "LA6568-5", "LA6568-5"]  # fmt: skip
    items = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
             "44258-2", "44252-5", "44253-3", "44260-8"]  # fmt: skip
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "http://ehr.example/fhir/Patient/7",
                "resource": {"resourceType": "Patient", "id": "7", "name": [{"text": "Ada Test"}]},
            },
            {
                "resource": {
                    "resourceType": "QuestionnaireResponse",
                    "questionnaire": "http://loinc.org/q/44249-1",
                    "status": "completed",
                    "subject": {"reference": "Patient/7"},
                    "authored": "2025-01-15T10:00:00Z",
                    "item": [
                        {"linkId": f"/{code}", "answer": [{"valueCoding": codes.loinc(given)}]}
                        for code, given in zip(items, answers, strict=True)
                    ],
                }
            },
        ],
    }
    path = tmp_path / "from-elsewhere.json"
    path.write_text(json.dumps(bundle))
    db = tmp_path / "p.sqlite3"
    code, out, err = run(capsys, "--db", db, "import", "--format", "fhir", path)
    assert code == 0, err
    exported = tmp_path / "back.json"
    assert (
        run(capsys, "--db", db, "export", out.strip(), "--format", "fhir", "-o", exported)[0] == 0
    )
    back = json.loads(exported.read_text())
    [phq9] = [r for r in _responses(back) if "/phq9|" in r["questionnaire"]]
    assert [i["answer"][0]["valueCoding"]["code"] for i in phq9["item"]] == answers
    [total] = [
        e["resource"]
        for e in back["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "44261-6"
    ]
    assert total["valueQuantity"]["value"] == 6


def test_questionnaire_files_for_openemr(tmp_path, capsys) -> None:
    code, _, _ = run(capsys, "items", "--format", "fhir-questionnaire", "-o", tmp_path)
    assert code == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "PHQ9.R4.json" in files and "IntakeRelationship.R4.json" in files
    assert all(name.endswith(".R4.json") for name in files) and len(files) == 11
    model = get_fhir_model_class("Questionnaire")
    for path in tmp_path.iterdir():
        model.model_validate_json(path.read_text())
    phq9 = json.loads((tmp_path / "PHQ9.R4.json").read_text())
    assert phq9["code"][0]["code"] == "44249-1" and phq9["item"][8]["code"][0]["code"] == "44260-8"
    code, _, err = run(capsys, "items", "--format", "fhir-questionnaire")
    assert code == 2 and "-o DIR" in err
