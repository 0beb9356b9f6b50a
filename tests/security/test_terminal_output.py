"""What the command line prints never quotes a client's words in errors, nor lets a name
drive the terminal.

Issue 17, item 9: an over-long ``clinician.notes`` was echoed on stderr, and
``recommend --format text`` passed ANSI/OSC escape sequences in names to the terminal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from therapist_desk.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "relationship-first.json"
SECRET = "Confided-Marker-Zephyrine "
HOSTILE_NAMES = {
    "OSC title": "\x1b]0;owned\x07Alex",
    "clear screen": "\x1b[2J\x1b[HSam",
    "C1 CSI": "Ren\x9b31mée",
    "OSC 52 clipboard": "\x1b]52;c;ZWNobyBvd25lZA==\x07Kim",
    "right-to-left override": "Noa\u202eredro",
    "bell and backspace": "Ira\x07\x08\x08",
}
RAW = ("\x1b", "\x07", "\x08", "\x9b", "\u202e")


def answers_with(tmp_path: Path, *, names: tuple[str, str] | None = None, note: str = "") -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if names:
        for person, name in zip(data["participants"], names, strict=True):
            person["name"] = name
    if note:
        data["participants"][0]["answers"]["clinician.notes"] = note
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["recommend", "report", "import"])
def test_an_over_long_note_is_described_not_quoted(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = answers_with(tmp_path, note=SECRET * 200)  # 5,200 characters; 4,000 allowed
    args = [command, str(path)] + (["-o", str(tmp_path / "out.pdf")] if command == "report" else [])

    assert main(["--db", str(tmp_path / "db.sqlite3"), *args]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert "Confided" not in err and "Zephyrine" not in err
    assert "item 'clinician.notes': the text is 5,200 characters long" in err
    assert "at most 4000 characters" in err


@pytest.mark.parametrize("label", HOSTILE_NAMES)
def test_names_cannot_send_escape_sequences_to_the_terminal(
    label: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = HOSTILE_NAMES[label]
    path = answers_with(tmp_path, names=(name, "Sam Okafor"))

    assert main(["recommend", str(path), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert main(["recommend", str(path), "--format", "json"]) == 0
    shown = capsys.readouterr().out

    for raw in RAW:
        assert raw not in text and raw not in shown, (label, repr(raw))
    assert "\\u00" in text or "\\u202e" in text  # shown, visibly, as an escape
    assert json.loads(shown)["participants"][0]["name"] == name  # still valid JSON


def test_a_file_name_cannot_send_escape_sequences_either(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "answers\x1b[2J\x1b]0;owned\x07.json"

    assert main(["recommend", str(missing)]) == 2

    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "no such file" in err
