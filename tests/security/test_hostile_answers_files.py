"""Hostile answers files: every one is refused with one clear line naming the file, the
problem and the fix; exit status 2, no traceback, and bounded memory.

The full matrix goes through `parse_answers_file` (what ``import``, ``recommend`` and
``report`` all call first); a representative set goes through the real command line in
a subprocess, and the huge files through the command line's `main` in a child process
that measures its own peak memory. Files attempted per run: `FILES_ATTEMPTED`.
"""
# ruff: noqa: E501  (the case tables read best one case per line)

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from therapist_desk.intake import AnswersFileError, load_catalogue, parse_answers_file
from therapist_desk.intake import answers as intake_answers
from therapist_desk.intake.answers import SUGGESTIONS
from therapist_desk.intake.json_input import MAX_BYTES, MAX_VALUES

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "concurrent.json"
BASE: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
MB = 1024 * 1024
MEMORY_LIMIT_MB = 100
MESSAGE_MAX = 400  # characters after the path: one readable line


def changed(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """The example file with the value at ``path`` replaced."""
    data = copy.deepcopy(BASE)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


def as_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _raw(data: dict[str, Any], marker: str, raw: str) -> bytes:
    """``data`` as JSON, with the string ``marker`` replaced by raw JSON text ``raw``."""
    return as_json(data).replace(json.dumps(marker).encode(), raw.encode())


def _near_limit(raw_value: Callable[[int], str]) -> Callable[[], bytes]:
    """A file just under the size limit whose relationship note is ``raw_value(room)``."""

    def build() -> bytes:
        template = as_json(changed(("relationship", "rel.notes"), "@@"))
        room = MAX_BYTES - len(template) - 64
        return template.replace(json.dumps("@@").encode(), raw_value(room).encode())

    return build


def _keys(count: int) -> bytes:
    return as_json(changed(("relationship",), {f"rel.x{i}": 1 for i in range(count)}))


SURROGATE_NAME = _raw(changed(("participants", 0, "name"), "@@"), "@@", '"Zo\\ud800e"')
ESCAPE_KEY = as_json(changed(("relationship", "rel.\x1b[31mred\nnext"), 1))

# (name, contents, what the message must say); contents are bytes or a builder of bytes.
MATRIX: list[tuple[str, Any, str]] = [
    ("empty file", b"", "the file is empty"),
    ("only spaces", b"  \n\t ", "the file is empty"),
    ("binary", bytes(range(256)) * 64, "not UTF-8 text (NUL bytes: the file is binary or UTF-16/UTF-32); save it as UTF-8 JSON"),
    ("PNG image", b"\x89PNG\r\n\x1a\n" + bytes(200), "not UTF-8 text"),
    ("cp1252 text", as_json(BASE).decode().encode("cp1252"), "not UTF-8 text (invalid byte at offset"),
    ("UTF-16 with BOM", "\ufeff".encode("utf-16-le") + as_json(BASE).decode().encode("utf-16-le"), "not UTF-8 text but UTF-16; save it as UTF-8"),
    ("UTF-16 BE with BOM", b"\xfe\xff" + as_json(BASE).decode().encode("utf-16-be"), "not UTF-8 text but UTF-16"),
    ("UTF-32 with BOM", as_json(BASE).decode().encode("utf-32"), "not UTF-8 text but UTF-32"),
    ("UTF-16 without BOM", as_json(BASE).decode().encode("utf-16-le"), "the file is binary or UTF-16/UTF-32"),
    ("latin-1", as_json(changed(("kind",), "Zoë")).decode().encode("latin-1"), "not UTF-8 text (invalid byte at offset"),
    ("overlong UTF-8", as_json(BASE).replace(b'"couple"', b'"c\xc0\xafuple"'), "not UTF-8 text"),
    ("UTF-8 encoded surrogate", as_json(BASE).replace(b'"couple"', b'"\xed\xa0\x80"'), "not UTF-8 text"),
    ("escaped lone surrogate in a name", SURROGATE_NAME, "participants[0].name: the text holds an escaped lone surrogate (\\ud800)"),
    ("escaped low surrogate in a note", _raw(changed(("relationship", "rel.notes"), "@@"), "@@", '"\\udc00"'), "relationship.rel.notes: the text holds an escaped lone surrogate"),
    ("escaped lone surrogate in a key", as_json(BASE).replace(b'"rel.duration"', b'"rel.\\ud83d"'), "relationship.rel.\\ud83d: the text holds"),
    ("NUL inside a string", as_json(BASE).replace(b'"couple"', b'"cou\x00ple"'), "a control character (\\x00) inside a string; remove it or write it escaped as \\u0000"),
    ("NUL after the object", as_json(BASE) + b"\x00", "a NUL byte"),
    ("raw tab inside a string", as_json(BASE).replace(b'"couple"', b'"cou\tple"'), "a control character (\\t) inside a string"),
    ("cut off", as_json(BASE)[:200], "Unterminated string starting here"),
    ("two objects", as_json(BASE) + b"{}", "Extra data"),
    ("duplicate top-level key", b'{"format": "therapist-desk-answers", "format": "x"}', "duplicate key 'format'; keep only one of them"),
    ("duplicate answer", as_json(BASE).replace(b'"rel.duration"', b'"rel.goals": [], "rel.goals"'), "duplicate key 'rel.goals'"),
    ("100,000 nested arrays", b"[" * 100_000 + b"]" * 100_000, "the JSON is nested too deeply"),
    ("100,000 nested objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "the JSON is nested too deeply"),
    ("six levels", as_json(changed(("participants", 0, "answers", "phq9.1"), [[1]])), "nested too deeply (at most 5 levels)"),
    ("100,000-digit integer", _raw(changed(("participants", 0, "answers", "phq9.1"), "@@"), "@@", "9" * 100_000), "a number with 100000 digits is too long (at most 100)"),
    ("4,301-digit integer", _raw(changed(("format_version",), "@@"), "@@", "1" + "0" * 4300), "a number with 4301 digits is too long"),
    ("1e999999", _raw(changed(("participants", 0, "answers", "phq9.1"), "@@"), "@@", "1e999999"), "the number 1e999999 is too large"),
    ("-1e999999", _raw(changed(("format_version",), "@@"), "@@", "-1e999999"), "the number -1e999999 is too large"),
    ("NaN", _raw(changed(("participants", 0, "answers", "phq9.1"), "@@"), "@@", "NaN"), "NaN is not valid JSON; write a number or null"),
    ("Infinity", _raw(changed(("format_version",), "@@"), "@@", "Infinity"), "Infinity is not valid JSON"),
    ("-Infinity", _raw(changed(("format_version",), "@@"), "@@", "-Infinity"), "-Infinity is not valid JSON"),
    ("escape codes in an unknown key", ESCAPE_KEY, "unknown item 'rel.\\x1b[31mred\\nnext' for \"relationship\""),
    ("bidi override in an unknown field", as_json({**BASE, "\u202eelif": 1}), "\\u202eelif: unknown field"),
    ("very long unknown key", as_json(changed(("relationship", "k" * 3_000_000), 1)), "unknown item 'kkkkk"),
    ("very long duplicate key", b'{"' + b"k" * 2_000_000 + b'": 1, "' + b"k" * 2_000_000 + b'": 2}', "duplicate key 'kkkk"),
    ("very long format_version", as_json(changed(("format_version",), "v" * 4_000_000)), 'unsupported format_version "vvvv'),
    ("over the size limit", lambda: b" " * (MAX_BYTES + 1), "the file is too big"),
    ("near the limit: 1.7 million objects", lambda: b"[" + b"{}," * (MAX_BYTES // 3 - 1) + b"{}]", f"the file holds too many values ({MAX_BYTES // 3 * 2} commas, lists and objects; at most {MAX_VALUES})"),
    ("near the limit: a 5 MB note", _near_limit(lambda room: json.dumps("n" * room)), "item 'rel.notes': the text is 5,"),
    ("near the limit: a 5 MB note of emoji and text", _near_limit(lambda room: json.dumps("😀" + "n" * (room - 8), ensure_ascii=False)), "allowed: text of at most 4000 characters"),
    ("near the limit: a 5 MB integer", _near_limit(lambda room: "7" * room), "digits is too long (at most 100)"),
    ("near the limit: a 5 MB decimal", _near_limit(lambda room: "0." + "0" * (room - 3) + "1"), "item 'rel.notes': 0.0 is not allowed"),
    ("20,000 unknown items", lambda: _keys(20_000), "(and 19999 more problems)"),
]  # fmt: skip
# Too slow to trace with tracemalloc: measured on the command line only.
SLOW = [
    ("near the limit: 99,000 unknown items", lambda: _keys(99_000), "(and 98999 more problems)")
]

LOCATIONS: list[tuple[tuple[Any, ...], str, tuple[type, ...]]] = [
    (("format",), 'not an answers file: "format" must be', (str,)),
    (("format_version",), "unsupported format_version", (int,)),
    (("kind",), "kind: Input should be 'individual' or 'couple'", (str,)),
    (("catalogue_version",), "catalogue_version: Input should be a valid string", (str,)),
    (("intake",), "intake: Input should be a valid dictionary", (dict,)),
    (("intake", "date"), "intake.date: write the date as YYYY-MM-DD, for example 2024-05-14", (str,)),
    (("intake", "clinician"), "intake.clinician: Input should be a valid string", (str,)),
    (("intake", "mode"), "intake.mode: Input should be 'in_person' or 'video'", (str,)),
    (("intake", "notes"), "intake.notes: Input should be a valid string", (str,)),
    (("participants",), "participants: Input should be a valid list", (list,)),
    (("participants", 0), "participants[0]: Input should be a valid dictionary", (dict,)),
    (("participants", 0, "id"), "participants[0].id: Input should be a valid string", (str,)),
    (("participants", 0, "name"), "participants[0].name: Input should be a valid string", (str,)),
    (("participants", 0, "preferred_name"), "participants[0].preferred_name: Input should be a valid string", (str,)),
    (("participants", 0, "pronouns"), "participants[0].pronouns: Input should be a valid string", (str,)),
    (("participants", 0, "date_of_birth"), "participants[0].date_of_birth: write the date as YYYY-MM-DD", (str,)),
    (("participants", 0, "answers"), "participants[0].answers: Input should be a valid dictionary", (dict,)),
    (("participants", 0, "answers", "phq9.1"), "participant zoe: item 'phq9.1':", (int,)),
    (("participants", 0, "answers", "commit.self"), "participant zoe: item 'commit.self':", (bool,)),
    (("participants", 0, "answers", "clinician.notes"), "participant zoe: item 'clinician.notes':", (str,)),
    (("relationship",), "relationship: Input should be a valid dictionary", (dict,)),
    (("relationship", "rel.goals"), "\"relationship\": item 'rel.goals':", (list,)),
    (("relationship", "rel.duration"), "\"relationship\": item 'rel.duration':", (str,)),
    (("decision",), "decision: Input should be a valid dictionary", (dict,)),
    (("decision", "status"), "decision.status: Input should be 'accepted' or 'overridden'", (str,)),
    (("decision", "order"), "decision.order: Input should be 'individual_first', 'concurrent' or 'relationship_first'", (str,)),
    (("decision", "reason"), "decision.reason: Input should be a valid string", (str,)),
    (("decision", "decided_on"), "decision.decided_on: write the date as YYYY-MM-DD", (str,)),
]  # fmt: skip
WRONG_VALUES: list[Any] = [None, True, 7, 1.5, "text", [], [1, "x"], {}, {"x": 1}]
REQUIRED = {("format",), ("format_version",), ("kind",), ("participants",), ("participants", 0)}
DECISION = {"status": "overridden", "order": "concurrent", "reason": "Synthetic reason"}


def _wrong_type_cases() -> list[tuple[str, bytes, str]]:
    cases = []
    base = {**BASE, "decision": DECISION}
    for path, message, right in LOCATIONS:
        for value in WRONG_VALUES:
            if isinstance(value, right) and not (isinstance(value, bool) and bool not in right):
                continue
            if value is None and path not in REQUIRED:
                continue  # null means "not given" (or "not answered") there
            data = copy.deepcopy(base)
            target = data
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
            label = ".".join(str(step) for step in path)
            cases.append((f"{label} = {json.dumps(value)}", as_json(data), message))
    return cases


WRONG_TYPES = _wrong_type_cases()
CLI_CASES = {
    "recommend": ["100,000-digit integer", "escape codes in an unknown key"],
    "import": ["escaped low surrogate in a note", "1e999999"],
    "report": ["UTF-16 with BOM", "empty file"],
}
HUGE = [c[0] for c in MATRIX + SLOW if "limit" in c[0] or "very long" in c[0] or "100,0" in c[0]]
HUGE_RUNS = [("recommend", name) for name in HUGE] + [
    (command, name)
    for command in ("import", "report")
    for name in ("near the limit: a 5 MB integer", "near the limit: 99,000 unknown items")
]
FILES_ATTEMPTED = {
    "function: matrix": len(MATRIX) + 3,  # + a folder, a missing file, 5,000 unknown items
    "function: wrong types": len(WRONG_TYPES),
    "command line": sum(len(names) for names in CLI_CASES.values()) + 2,
    "command line, memory measured": len(HUGE_RUNS),
}


def write(tmp_path: Path, contents: Any) -> Path:
    path = tmp_path / "answers.json"
    path.write_bytes(contents() if callable(contents) else contents)
    return path


def assert_one_clear_line(message: str, path: Path, expected: str) -> None:
    assert message.startswith(f"{path}: "), message[:200]
    assert expected in message, message[:300]
    assert "\n" not in message and "\r" not in message
    assert message.isprintable(), "a control character reached the message"
    assert len(message) - len(str(path)) <= MESSAGE_MAX, message[:300]
    assert "Traceback" not in message


def refused(path: Path) -> tuple[str, float]:
    """The message for ``path``, and the peak memory (MB) reading it took."""
    tracemalloc.start()
    try:
        with pytest.raises(AnswersFileError) as caught:
            parse_answers_file(path, load_catalogue())
        return str(caught.value), tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("contents", "expected"), [c[1:] for c in MATRIX], ids=[c[0] for c in MATRIX]
)
def test_each_hostile_file_gets_one_clear_line(tmp_path, contents, expected) -> None:
    path = write(tmp_path, contents)
    message, peak = refused(path)
    assert_one_clear_line(message, path, expected)
    assert peak < MEMORY_LIMIT_MB, f"reading it took {peak:.0f} MB"


@pytest.mark.parametrize(
    ("contents", "expected"), [c[1:] for c in WRONG_TYPES], ids=[c[0] for c in WRONG_TYPES]
)
def test_a_wrong_type_anywhere_is_named_by_its_place(tmp_path, contents, expected) -> None:
    path = write(tmp_path, contents)
    message, _ = refused(path)
    assert_one_clear_line(message, path, expected)
    assert "instance of" not in message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda tmp: tmp, "is a folder, not a file; give the answers file in it"),
        (lambda tmp: tmp / "missing.json", "no such file; check the name and the folder"),
    ],
    ids=["a folder", "a missing file"],
)
def test_a_folder_or_a_missing_file(tmp_path, make, expected) -> None:
    path = make(tmp_path)
    message, _ = refused(path)
    assert_one_clear_line(message, path, expected)


def test_a_utf8_bom_is_accepted(tmp_path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + as_json(BASE))
    assert parse_answers_file(path, load_catalogue()).participants[0].name == "Zoë Lefèvre"


def test_only_the_first_unknown_items_get_a_suggestion(tmp_path, monkeypatch) -> None:
    calls: list[str] = []
    real = intake_answers.difflib.get_close_matches

    def counting(word, *args, **kwargs):
        calls.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(intake_answers.difflib, "get_close_matches", counting)
    message, _ = refused(write(tmp_path, _keys(5_000)))
    assert "unknown item 'rel.x0' for \"relationship\"" in message
    assert message.endswith("(and 4999 more problems)")
    assert len(calls) <= SUGGESTIONS


def cli(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", *args],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=120,
    )


def _command(name: str, path: Path, tmp_path: Path) -> list[str]:
    if name == "import":
        return ["--db", str(tmp_path / "db" / "therapist-desk.sqlite3"), "import", str(path)]
    if name == "report":
        return ["report", str(path), "-o", str(tmp_path / "out.pdf")]
    return [name, str(path)]


CLI_RUNS = [(command, name) for command, names in CLI_CASES.items() for name in names]


@pytest.mark.parametrize(("command", "case"), CLI_RUNS, ids=[f"{c}: {n}" for c, n in CLI_RUNS])
def test_the_command_line_exits_2_with_one_line(cli_env, tmp_path, command, case) -> None:
    contents, expected = next((c[1], c[2]) for c in MATRIX if c[0] == case)
    path = write(tmp_path, contents)
    result = cli(cli_env, *_command(command, path, tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("therapist-desk: error: ")
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr[-500:]
    assert_one_clear_line(
        result.stderr.removeprefix("therapist-desk: error: ")[:-1], path, expected
    )
    assert not (tmp_path / "out.pdf").exists()
    assert not (tmp_path / "db").exists()


def test_import_names_the_file_when_the_store_refuses_it_and_stores_nothing(
    cli_env, tmp_path
) -> None:
    from therapist_desk.store.clients import count_clients
    from therapist_desk.store.database import open_database
    from therapist_desk.store.session import new_session

    path = write(tmp_path, as_json(changed(("participants", 0, "name"), "   ")))
    db = tmp_path / "therapist-desk.sqlite3"
    result = cli(cli_env, "--db", str(db), "import", str(path))
    assert (result.returncode, result.stdout, result.stderr.count("\n")) == (2, "", 1)
    assert result.stderr.startswith(f"therapist-desk: error: {path}: Cannot import the client: ")
    assert "participants.0.name: Enter a name." in result.stderr
    database = open_database(db)
    try:
        with new_session(database.engine) as session:
            assert count_clients(session=session, include_archived=True) == 0
    finally:
        database.engine.dispose()


CHILD = r"""
import contextlib, io, json, re, sys
from therapist_desk.cli import main
from therapist_desk.intake import load_catalogue, recommend
import therapist_desk.commands.import_answers, therapist_desk.commands.report
import therapist_desk.reports.from_intake, therapist_desk.reports.render, therapist_desk.settings
import therapist_desk.store.database, therapist_desk.store.importing

def peak_mb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\s+(\d+)", status.read()).group(1)) / 1024

load_catalogue()
results = []
for argv in json.loads(sys.stdin.read()):
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # the peak starts again from what is in use now
    before = peak_mb()
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(argv)
    results.append({"code": code, "stderr": err.getvalue(), "stdout": out.getvalue(),
                    "growth": peak_mb() - before})
print(json.dumps(results))
"""


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc")
def test_huge_files_take_bounded_memory_on_the_command_line(cli_env, tmp_path) -> None:
    files = {}
    for index, name in enumerate(HUGE):
        contents = next(c[1] for c in MATRIX + SLOW if c[0] == name)
        files[name] = tmp_path / f"huge-{index}.json"
        files[name].write_bytes(contents() if callable(contents) else contents)
    runs = [_command(command, files[name], tmp_path) for command, name in HUGE_RUNS]
    paths = [(name, files[name]) for _, name in HUGE_RUNS]
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(runs),
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    for (name, path), result in zip(paths, json.loads(child.stdout), strict=True):
        expected = next(c[2] for c in MATRIX + SLOW if c[0] == name)
        assert (result["code"], result["stdout"]) == (2, ""), name
        line = result["stderr"].removeprefix("therapist-desk: error: ").removesuffix("\n")
        assert_one_clear_line(line, path, expected)
        assert result["growth"] < MEMORY_LIMIT_MB, f"{name}: {result['growth']:.0f} MB"
