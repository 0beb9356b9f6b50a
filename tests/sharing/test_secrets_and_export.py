"""The keyring (present or absent) and the private CSV of scores over time."""

from __future__ import annotations

import csv
import io
import stat

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from therapist_desk.sharing import secrets
from therapist_desk.sharing.export import score_rows, scores_csv, write_private


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):  # type: ignore[no-untyped-def]
        return self.store.get((service, username))

    def set_password(self, service, username, password):  # type: ignore[no-untyped-def]
        self.store[(service, username)] = password

    def delete_password(self, service, username):  # type: ignore[no-untyped-def]
        self.store.pop((service, username), None)


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
