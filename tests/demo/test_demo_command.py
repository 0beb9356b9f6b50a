"""``therapist-desk demo``: a synthetic practice, the same for the same seed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def demo(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"THERAPIST_DESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", "demo", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def rows(home: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(home / "therapist-desk.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_demo_creates_clients_with_completed_and_draft_intakes(tmp_path: Path) -> None:
    result = demo(tmp_path, "--clients", "30", "--seed", "1")
    assert result.returncode == 0, result.stderr
    assert "Created 30 demo clients" in result.stdout
    assert rows(tmp_path, "SELECT count(*) FROM client") == [(30,)]
    kinds = {kind for (kind,) in rows(tmp_path, "SELECT DISTINCT kind FROM client")}
    assert kinds == {"individual", "couple"}
    statuses = dict(rows(tmp_path, "SELECT status, count(*) FROM intake GROUP BY status"))
    assert statuses["completed"] > 30 and statuses.get("draft", 0) > 0
    without = "SELECT count(*) FROM client WHERE id NOT IN (SELECT client_id FROM intake)"
    assert rows(tmp_path, without) == [(0,)]
    snapshots = "SELECT count(*) FROM recommendation_snapshot"
    assert rows(tmp_path, snapshots) == [(statuses["completed"],)]


def test_the_same_seed_gives_the_same_names(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for home, seed in ((first, "1"), (second, "1"), (other, "2")):
        assert demo(home, "--clients", "30", "--seed", seed).returncode == 0
    names = "SELECT display_name FROM client ORDER BY id"
    assert rows(first, names) == rows(second, names)
    assert rows(first, names) != rows(other, names)


@pytest.mark.parametrize("count", ["0", "-3", "many"])
def test_a_bad_number_of_clients_is_refused(tmp_path: Path, count: str) -> None:
    result = demo(tmp_path, "--clients", count)
    assert result.returncode == 2
    assert "--clients" in result.stderr


def test_a_database_with_clients_is_refused_unless_add(tmp_path: Path) -> None:
    assert demo(tmp_path, "--clients", "3").returncode == 0
    refused = demo(tmp_path, "--clients", "3")
    assert refused.returncode == 2
    assert "already has 3 clients" in refused.stderr and "--add" in refused.stderr
    assert rows(tmp_path, "SELECT count(*) FROM client") == [(3,)]
    assert demo(tmp_path, "--clients", "3", "--add").returncode == 0
    assert rows(tmp_path, "SELECT count(*) FROM client") == [(6,)]
