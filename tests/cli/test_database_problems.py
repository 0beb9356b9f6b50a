"""Each problem with the database file gets its own message, naming it, with exit status 2.

Issue 17, items 11-13: a database locked by another program was called "damaged", with
advice to restore a backup; a write lock held by another program gave exit 1 "something
went wrong (OperationalError)"; ``--db`` on another application's SQLite file added our
11 tables to it; ``export`` on a locked database wrote the PDF but no audit event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from therapist_desk.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "safety-violence.json")
SHORT_WAIT_MS = 100


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's waits for a lock cut from 5 s to 0.1 s, so a refusal comes at once."""
    from therapist_desk.store import engine, inspect

    pragmas = tuple(
        f"PRAGMA busy_timeout={SHORT_WAIT_MS}" if p.startswith("PRAGMA busy_timeout") else p
        for p in engine.PRAGMAS
    )
    monkeypatch.setattr(engine, "PRAGMAS", pragmas)
    monkeypatch.setattr(inspect, "OPEN_TIMEOUT_SECONDS", SHORT_WAIT_MS / 1000, raising=False)


@pytest.fixture
def practice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A practice with one imported intake (id 1)."""
    db = tmp_path / "practice.sqlite3"
    assert main(["--db", str(db), "import", EXAMPLE]) == 0
    capsys.readouterr()
    return db


@pytest.fixture
def other_program(practice: Path) -> Iterator[sqlite3.Connection]:
    """Another program holding the database's write lock (a transaction left open)."""
    holder = sqlite3.connect(practice, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


def exported_events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM audit_event WHERE action = 'exported'"
        ).fetchone()
    conn.close()
    return count


def test_a_database_another_program_has_locked_is_not_called_damaged(
    practice: Path, short_waits: None, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = sqlite3.connect(practice, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["--db", str(practice), "info"]) == 2
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert err.startswith(f"therapist-desk: error: The database {practice} is locked by another")
    assert "damaged" not in err.replace("not damaged", "") and "restore" not in err
    assert main(["--db", str(practice), "info"]) == 0  # once it is closed, all is well


def test_a_write_lock_held_by_another_program_is_said_in_words(
    practice: Path, short_waits: None, other_program: sqlite3.Connection, capsys
) -> None:
    assert main(["--db", str(practice), "import", EXAMPLE]) == 2

    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"therapist-desk: error: The database {practice} is busy: another")
    assert "OperationalError" not in err and "SQL" not in err


def test_export_on_a_locked_database_writes_the_pdf_and_its_audit_event_or_neither(
    practice: Path, short_waits: None, other_program: sqlite3.Connection, tmp_path: Path, capsys
) -> None:
    pdf = tmp_path / "summary.pdf"

    assert main(["--db", str(practice), "export", "1", "-o", str(pdf)]) == 2

    assert "is busy" in capsys.readouterr().err
    assert not pdf.exists()
    other_program.execute("ROLLBACK")
    other_program.execute("BEGIN")  # the fixture rolls back at the end
    assert exported_events(practice) == 0
    assert main(["--db", str(practice), "export", "1", "-o", str(pdf)]) == 0
    assert pdf.exists() and exported_events(practice) == 1


def test_another_applications_sqlite_file_is_refused_not_adopted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "recipes.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipe (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipe VALUES ('Synthetic soup', 20)")
    conn.close()
    before = other.read_bytes()

    for command in (["import", EXAMPLE], ["info"], ["backup"], ["demo", "--clients", "1"]):
        assert main(["--db", str(other), *command]) == 2, command
        err = capsys.readouterr().err
        assert err.startswith(
            f"therapist-desk: error: {other} is not a Therapist Desk database: it is an SQLite "
            "file that holds another application's tables. It was left untouched."
        ), (command, err)

    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recipes.sqlite3"]
