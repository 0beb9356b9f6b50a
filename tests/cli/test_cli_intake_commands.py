"""``therapist-desk items`` and ``recommend`` end to end, including every bad input."""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
REQUIRED_KEYS = {
    "order", "strength", "reasons", "safety", "counterfactuals", "focus_areas",
    "discrepancies", "provisional", "ruleset_version",
}  # fmt: skip


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def test_items_json_lists_every_item_with_its_fields():
    result = run("items", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    ids = [item["id"] for item in data["items"]]
    assert {"phq9.9", "gad7.7", "rses.10", "csi4.4", "pcptsd5.gate", "auditc.3", "wast.2"} <= set(
        ids
    )
    wast = next(item for item in data["items"] if item["id"] == "wast.1")
    assert (wast["scope"], wast["private"], wast["type"]) == ("participant", True, "choice")
    assert [a["label"] for a in wast["allowed"]] == [
        "A lot of tension",
        "Some tension",
        "No tension",
    ]
    assert data["catalogue_version"] == "1.3.0"


def test_items_text_shows_wording_and_values():
    result = run("items")
    assert result.returncode == 0, result.stderr
    assert (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
        in result.stdout
    )
    assert "rses.2  (choice, reverse-scored)" in result.stdout
    assert "== Private questions [participant, private] ==" in result.stdout


@pytest.mark.parametrize(
    ("example", "order", "safety"),
    [
        ("relationship-first.json", "relationship_first", False),
        ("concurrent.json", "concurrent", False),
        ("individual-first-trauma.json", "individual_first", False),
        ("safety-suicide-risk.json", "individual_first", True),
        ("safety-violence.json", "individual_first", True),
        ("individual-client.json", "individual_first", False),
        ("provisional-missing-answers.json", "relationship_first", True),
    ],
)
def test_recommend_json_for_each_example(example, order, safety):
    result = run("recommend", str(EXAMPLES / example), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= REQUIRED_KEYS
    assert data["order"] == order
    assert bool(data["safety"]) is safety
    assert data["reasons"]
    assert data["provisional"] is (example == "provisional-missing-answers.json")


def test_recommend_text_explains_for_a_clinician():
    result = run("recommend", "examples/individual-first-trauma.json")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Suggested order: Individual therapy first")
    assert "[DECISIVE] R5_trauma" in out
    assert (
        "If Sam Okafor preferred not to work on the trauma one-to-one, and Sam Okafor's "
        "PC-PTSD-5 no longer met 'Positive screen (PC-PTSD-5 ≥ 3)', this would be individual "
        "therapy for Sam Okafor alongside relationship therapy for Alex Moreau and Sam Okafor"
    ) in out


def test_client_safe_output_hides_the_private_violence_rule():
    full = run("recommend", "examples/safety-violence.json", "--format", "json")
    client = run("recommend", "examples/safety-violence.json", "--format", "json", "--client-safe")
    assert "R2_violence_or_fear" in full.stdout
    assert client.returncode == 0
    for secret in (
        "R2_violence_or_fear",
        "safety.violence",
        "wast",
        "domestic-abuse",
        "overridden",
    ):
        assert secret not in client.stdout
    assert json.loads(client.stdout)["view"] == "client"


def test_non_ascii_names_survive():
    result = run("recommend", "examples/concurrent.json")
    assert (
        "Individual therapy for Zoë alongside relationship therapy for Zoë and Dan" in result.stdout
    )


def _answers(**changes) -> dict:
    data = json.loads((EXAMPLES / "relationship-first.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def _participant(answers: dict, pid: str = "p1") -> dict:
    return {"id": pid, "name": "Sam Okafor", "answers": answers}


BAD = [
    ("malformed JSON", b'{\n  "format": "therapist-desk-answers",\n  "kind": "couple"\n  "x": 1\n}', "line 4, column 3: Expecting ',' delimiter"),
    ("unknown item", _answers(participants=[_participant({"phq9.10": 1}), _participant({}, "p2")]), "unknown item 'phq9.10' for participant p1 — did you mean 'phq9.1'?"),
    ("value not allowed", _answers(relationship={"rel.tried_alone": "maybe"}), "allowed: \"not_tried\" (We have not really tried yet), \"some_success\""),
    ("missing participant", _answers(participants=[_participant({})]), "a couple intake needs exactly 2 participants; found 1"),
    ("third participant", _answers(participants=[_participant({}), _participant({}, "p2"), _participant({}, "p3")]), "found 3"),
    ("wrong format version", _answers(format_version=3), "unsupported format_version 3"),
    ("not UTF-8", '{"name": "Zoë"}'.encode("utf-16"), "not UTF-8 text"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "answers.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    result = run("recommend", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert result.stderr.startswith(f"therapist-desk: error: {path}: ")


def test_huge_file_exits_2(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)
    result = run("recommend", str(path))
    assert (result.returncode, "Traceback" in result.stderr) == (2, False)
    assert "the file is too big" in result.stderr


@pytest.mark.parametrize(
    ("name", "message"), [("missing.json", "no such file"), ("", "is a folder")]
)
def test_missing_path_or_folder_exits_2(tmp_path, name, message):
    result = run("recommend", str(tmp_path / name) if name else str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
