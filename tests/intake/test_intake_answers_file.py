"""Answers files: reading, refusing bad input with one clear message, and round-tripping."""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import json
from pathlib import Path

import pytest
from intake_builders import CATALOGUE

from therapist_desk.intake import (
    AnswerError,
    AnswersFile,
    AnswersFileError,
    IntakeKind,
    check_intake,
    parse_answers_file,
    write_answers_file,
)

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
MINIMAL = {
    "format": "therapist-desk-answers",
    "format_version": 1,
    "kind": "couple",
    "participants": [
        {"id": "p1", "name": "Alex Moreau", "answers": {"phq9.1": 1}},
        {"id": "p2", "name": "Zoë Lefèvre", "answers": {}},
    ],
    "relationship": {"rel.goals": ["intimacy"]},
}


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _with(**changes):
    data = json.loads(json.dumps(MINIMAL))
    data.update(changes)
    return data


def test_there_are_examples():
    assert len(EXAMPLES) >= 7


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_parse_and_round_trip(path, tmp_path):
    parsed = parse_answers_file(path, CATALOGUE)
    intake = parsed.to_intake(CATALOGUE)
    check_intake(CATALOGUE, intake)
    copy = tmp_path / "copy.json"
    write_answers_file(copy, parsed)
    again = parse_answers_file(copy, CATALOGUE)
    assert again == parsed
    assert again.to_intake(CATALOGUE) == intake
    assert copy.read_text(encoding="utf-8") == parsed.to_json()


def test_multi_choice_becomes_a_tuple_and_none_means_not_answered(tmp_path):
    data = _with(relationship={"rel.goals": ["intimacy", "communication"], "rel.duration": None})
    intake = parse_answers_file(_write(tmp_path, data), CATALOGUE).to_intake(CATALOGUE)
    assert intake.kind is IntakeKind.COUPLE
    assert intake.relationship == {"rel.goals": ("intimacy", "communication")}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with(format="something"), 'not an answers file: "format" must be "therapist-desk-answers"'),
        (_with(format_version=2), "unsupported format_version 2; this version of Therapist Desk reads format_version 1"),
        (_with(format_version="1"), 'unsupported format_version "1"'),
        (_with(participants=MINIMAL["participants"][:1]), "a couple intake needs exactly 2 participants; found 1"),
        (_with(participants=[*MINIMAL["participants"], {"id": "p3", "name": "Sam"}]), "a couple intake needs exactly 2 participants; found 3"),
        (_with(kind="individual"), "an individual intake needs exactly 1 participant; found 2"),
        (_with(kind="throuple"), "kind: Input should be 'individual' or 'couple'"),
        (_with(participants=[{"id": "p1", "answers": {}}, {"id": "p2", "name": "Sam"}]), "participants[0].name: missing field"),
        (_with(extra=1), "extra: unknown field"),
        (_with(participants=[{"id": "p1", "name": "A", "answers": {"phq9.10": 1}}, {"id": "p2", "name": "B"}]), "unknown item 'phq9.10' for participant p1 — did you mean 'phq9.1'?"),
        (_with(participants=[{"id": "p1", "name": "A", "answers": {"phq9.1": 7}}, {"id": "p2", "name": "B"}]), "participant p1: item 'phq9.1': 7 is not allowed; allowed: 0 (Not at all), 1 (Several days), 2 (More than half the days), 3 (Nearly every day)"),
        (_with(participants=[{"id": "p1", "name": "A", "answers": {"commit.self": "yes"}}, {"id": "p2", "name": "B"}]), 'item \'commit.self\': "yes" is not allowed; allowed: true (yes), false (no)'),
        (_with(participants=[{"id": "p1", "name": "A", "answers": {"rel.goals": []}}, {"id": "p2", "name": "B"}]), "item 'rel.goals' is about the relationship: put it under \"relationship\""),
        (_with(relationship={"phq9.1": 0}), "item 'phq9.1' is asked of each participant"),
        (_with(relationship={"rel.partner_joint": "no"}), "item 'rel.partner_joint' is not asked in couple intakes"),
        (_with(relationship={"rel.goals": ["fun"]}), "item 'rel.goals': [\"fun\"] is not allowed"),
        (_with(participants=[{"id": "p1", "name": "A"}, {"id": "p1", "name": "B"}]), "participant ids must be different"),
        (_with(decision={"status": "overridden", "order": "concurrent"}), "an overridden order needs a reason"),
        ([1, 2], "the file must hold a JSON object"),
    ],
)  # fmt: skip
def test_bad_answers_give_one_clear_message(tmp_path, data, message):
    path = _write(tmp_path, data)
    with pytest.raises(AnswersFileError) as caught:
        parse_answers_file(path, CATALOGUE)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            b'{\n  "format": "therapist-desk-answers",\n  "kind" "couple"\n}',
            "line 3, column 10: Expecting ':' delimiter",
        ),
        (b'{"format": "x", "format": "y"}', "duplicate key 'format'"),
        ('{"kind": "caf\u00e9"}'.encode("latin-1"), "not UTF-8 text (invalid byte at offset 13)"),
        (b"[" * 100000, "nested too deeply"),
        (b'{"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}', "nested too deeply (at most 5 levels)"),
        (b"", "line 1, column 1: Expecting value"),
    ],
)
def test_unreadable_files_are_refused(tmp_path, raw, message):
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    with pytest.raises(AnswersFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_answers_file(path)


def test_a_huge_file_is_refused_before_reading_it(tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    with pytest.raises(AnswersFileError, match=r"too big \(6.0 MB; at most 5 MB\)"):
        parse_answers_file(path)


@pytest.mark.parametrize(("name", "message"), [("nope.json", "no such file"), (".", "is a folder")])
def test_missing_path_or_folder(tmp_path, name, message):
    with pytest.raises(AnswersFileError, match=message):
        parse_answers_file(tmp_path / name)


def test_answer_error_lists_every_problem():
    answers = AnswersFile.model_validate(
        _with(
            participants=[
                {"id": "p1", "name": "A", "answers": {"x.y": 1, "phq9.1": 9}},
                {"id": "p2", "name": "B"},
            ]
        )
    )
    with pytest.raises(AnswerError) as caught:
        answers.to_intake(CATALOGUE)
    assert len(caught.value.problems) == 2
    assert str(caught.value).endswith("(and 1 more problem)")
