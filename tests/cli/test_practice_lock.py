"""The window and every command that writes share one lock: nobody writes under another.

Issue 17, item 2: with the window open, `restore` exited 0 and the window went on saving
answers into the file it had replaced; `import` and `demo` ignored the window too (the
window's side is in tests/ui/test_window_lock.py). Item 11: two first-time imports
racing printed a 9-line SQLAlchemy error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from therapist_desk.store.clients import count_clients
from therapist_desk.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "safety-violence.json")


def command(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "therapist_desk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def clients(db: Path) -> int:
    database = open_database(db, daily_backup=False)
    with Session(database.engine) as session:
        found = count_clients(session=session, include_archived=True)
    database.engine.dispose()
    return found


def test_first_imports_racing_take_turns(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Three imports into a practice that does not exist yet (before, all of them created
    the schema at once: one failed in about two races of five)."""
    db = tmp_path / "practice.sqlite3"
    runs = [command("--db", str(db), "import", EXAMPLE, env=cli_env) for _ in range(3)]
    results = [(*run.communicate(timeout=60), run.returncode) for run in runs]
    assert sorted(out.strip() for out, _, _ in results) == ["1", "2", "3"], results
    assert [(err, code) for _, err, code in results] == [("", 0)] * 3
    assert clients(db) == 3
