"""Answers files that contradict themselves: refused with a clear message, or kept and named
as not used (the documented ignoring of docs/answers-format.md)."""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from therapist_desk.intake import (
    AnswersFileError,
    catalogue_dir,
    load_catalogue,
    parse_answers_file,
)

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60,
    )  # fmt: skip


def answers_file(
    tmp_path: Path, example: str, who: int, changes: dict, rel: dict | None = None
) -> Path:
    data = json.loads((ROOT / "examples" / example).read_text(encoding="utf-8"))
    data["participants"][who]["answers"].update(changes)
    data["relationship"].update(rel or {})
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


IGNORED = [
    # id, changes to Sam's answers (relationship-first example), the note, the order still given
    ("affair ending without an affair", {"safety.affair": False, "safety.affair_ending": "not_ending"}, "participant p2: the answer to 'safety.affair_ending' is ignored: it is asked only when 'safety.affair' is 'Yes', and 'safety.affair' was answered 'No'", "relationship_first"),
    ("AUDIT-C items 2-3 after 'Never'", {"auditc.1": 0, "auditc.2": 4, "auditc.3": 4}, "participant p2: the answer to 'auditc.2' is ignored: it is asked only when 'auditc.1' is not 'Never', and 'auditc.1' was answered 'Never' (it scores 0, as the instrument says)", "relationship_first"),
    ("affair ending while the affair question is unanswered", {"safety.affair": None, "safety.affair_ending": "ending"}, "participant p2: the answer to 'safety.affair_ending' is not used while 'safety.affair' is unanswered: it is asked only when 'safety.affair' is 'Yes'", "relationship_first"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "note", "order"), [c[1:] for c in IGNORED], ids=[c[0] for c in IGNORED]
)
def test_answers_that_do_not_fit_the_others_are_named_and_not_used(tmp_path, changes, note, order):
    path = answers_file(tmp_path, "relationship-first.json", 1, changes)
    result = run("recommend", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert f"therapist-desk: note: {path}: {note}" in result.stderr.splitlines()
    data = json.loads(result.stdout)
    assert data["order"] == order
    used = {e["source"] for r in data["reasons"] for e in r["evidence"]}
    assert not used & set(changes)  # what was ignored is never evidence
    if "auditc.1" in changes:
        assert data["scores"]["p2"]["auditc"]["total"] == 0


def test_a_couple_only_item_in_an_individual_intake_is_refused_with_its_name(tmp_path):
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue_dir(), target)
    personal = json.loads((target / "questions-personal.json").read_text(encoding="utf-8"))
    for section in personal["sections"]:
        for item in section["items"]:
            if item["id"] == "commit.joint_sessions":
                item["kinds"] = ["couple"]
    (target / "questions-personal.json").write_text(json.dumps(personal), encoding="utf-8")
    catalogue = load_catalogue(target)
    path = answers_file(tmp_path, "individual-client.json", 0, {"commit.joint_sessions": True})
    with pytest.raises(
        AnswersFileError,
        match=r"participant c1: item 'commit\.joint_sessions' is not asked in individual intakes",
    ):
        parse_answers_file(path, catalogue)


def test_an_individual_only_item_in_a_couple_intake_is_refused_on_the_command_line(tmp_path):
    path = answers_file(tmp_path, "relationship-first.json", 0, {}, {"rel.partner_joint": "yes"})
    result = run("recommend", str(path))
    assert result.returncode == 2
    assert "item 'rel.partner_joint' is not asked in couple intakes" in result.stderr
