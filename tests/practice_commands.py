"""Commands run as separate processes on a practice, and what the practice then holds:
shared by the tests of the practice lock from the command line and from the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from therapist_desk.store.clients import count_clients
from therapist_desk.store.database import open_database

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "safety-violence.json")


def command(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """``therapist-desk ARGS`` started in its own process (not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "therapist_desk", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def clients(db: Path) -> int:
    """How many clients (archived too) the practice at ``db`` holds."""
    database = open_database(db, daily_backup=False)
    with Session(database.engine) as session:
        found = count_clients(session=session, include_archived=True)
    database.engine.dispose()
    return found
