"""The backup, restore and import commands, end to end in a subprocess."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def cli(env: dict[str, str], db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "therapist_desk", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "therapist-desk.sqlite3"


def test_import_creates_a_client_and_a_completed_intake(cli_env, db: Path) -> None:
    example = EXAMPLES / "concurrent.json"
    result = cli(cli_env, db, "import", str(example))
    assert result.returncode == 0, result.stderr
    intake_id = int(result.stdout.strip())
    assert query(db, f"SELECT status FROM intake WHERE id = {intake_id}") == [("completed",)]
    names = {p["name"] for p in json.loads(example.read_text())["participants"]}
    stored = {row[0] for row in query(db, "SELECT name FROM participant")}
    assert stored == names
    (rec,) = query(db, "SELECT recommendation_json FROM recommendation_snapshot")
    assert json.loads(rec[0])["order"] == "concurrent"
    assert query(db, "SELECT count(*) FROM answer")[0][0] > 20
    actions = {row[0] for row in query(db, "SELECT action FROM audit_event")}
    assert actions == {"created", "completed"}


def test_import_of_a_bad_file_stores_nothing(cli_env, db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads((EXAMPLES / "concurrent.json").read_text())
    data["participants"][0]["answers"]["phq9.1"] = 7
    bad.write_text(json.dumps(data))
    result = cli(cli_env, db, "import", str(bad))
    assert result.returncode == 2
    assert "phq9.1" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists() or query(db, "SELECT count(*) FROM client") == [(0,)]


def test_backup_and_restore(cli_env, db: Path, tmp_path: Path) -> None:
    assert cli(cli_env, db, "import", str(EXAMPLES / "concurrent.json")).returncode == 0
    made = cli(cli_env, db, "backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    assert backup.parent == db.parent / "backups" and backup.is_file()
    elsewhere = tmp_path / "copy.sqlite3"
    assert cli(cli_env, db, "backup", "--to", str(elsewhere)).stdout.strip() == str(elsewhere)
    assert cli(cli_env, db, "import", str(EXAMPLES / "relationship-first.json")).returncode == 0
    assert query(db, "SELECT count(*) FROM client") == [(2,)]

    restored = cli(cli_env, db, "restore", str(elsewhere))
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    assert query(db, "SELECT count(*) FROM client") == [(1,)]
    (aside,) = db.parent.glob(f"{db.name}.replaced-*[0-9]Z")
    assert query(aside, "SELECT count(*) FROM client") == [(2,)]


def test_restore_refuses_a_bad_backup(cli_env, db: Path, tmp_path: Path) -> None:
    assert cli(cli_env, db, "import", str(EXAMPLES / "concurrent.json")).returncode == 0
    before = db.read_bytes()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    result = cli(cli_env, db, "restore", str(junk))
    assert result.returncode == 2
    assert "Nothing was changed" in result.stderr
    assert db.read_bytes() == before


def test_backup_of_a_missing_database_is_one_clear_line(cli_env, db: Path) -> None:
    result = cli(cli_env, db, "backup")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no database" in result.stderr
