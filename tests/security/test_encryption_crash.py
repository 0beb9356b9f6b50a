"""Killed in the middle of encrypting: the records open with one of the two passphrases."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from therapist_desk.demo import build_practice
from therapist_desk.intake import load_catalogue
from therapist_desk.models import ClientCreate, Participant
from therapist_desk.store import driver
from therapist_desk.store.backup import backup_database
from therapist_desk.store.database import open_database
from therapist_desk.store.encryption import finish_interrupted_change
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.session import new_session

PASSPHRASE = "lantern over still water"
MARKER = "Quintessa Harrowgate-Mbeki"
ROUNDS = 7  # kills, spread evenly over the time encrypting takes on this machine

ENCRYPT = """
import sys
from pathlib import Path
from therapist_desk.store.database import open_database
from therapist_desk.store.encryption import change_encryption
database = open_database(Path(sys.argv[1]), daily_backup=False)
print("started", flush=True)
change_encryption(database, sys.argv[2])
print("encrypted", flush=True)
"""


def make_practice(path: Path) -> int:
    """A plain practice big enough for the rewrite to take a moment; its row count."""
    from therapist_desk.store.clients import create_client

    database = open_database(path)
    with new_session(database.engine) as session:
        data = {"kind": "individual", "participants": [{"name": MARKER}]}
        create_client(session=session, data=ClientCreate.model_validate(data))
    build_practice(engine=database.engine, catalogue=load_catalogue(), clients=60, seed=3)
    with new_session(database.engine) as session:
        people = len(session.exec(select(Participant)).all())
    database.engine.dispose()
    backup_database(path, reason="manual")
    return people


def names(path: Path, key: str | None) -> int:
    database = open_database(path, key=key, daily_backup=False)
    with new_session(database.engine) as session:
        count = len(session.exec(select(Participant)).all())
    database.engine.dispose()
    return count


def start_encrypting(path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Encrypt a copy of the practice in a process of its own, once it has started."""
    writer = subprocess.Popen(
        [sys.executable, "-c", ENCRYPT, str(path), PASSPHRASE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == b"started"
    return writer


def test_a_kill_at_any_moment_leaves_a_whole_database(tmp_path: Path, cli_env) -> None:
    rng = random.Random()
    outcomes = []
    base = tmp_path / "base" / "practice.sqlite3"
    people = make_practice(base)
    whole = tmp_path / "whole" / "practice.sqlite3"
    shutil.copytree(base.parent, whole.parent)
    writer = start_encrypting(whole, cli_env)
    began = time.monotonic()
    _, err = writer.communicate(timeout=120)
    duration = time.monotonic() - began  # the rewrite alone: when a kill lands in the middle
    assert writer.returncode == 0, err.decode()
    assert not driver.is_plain_sqlite(whole) and names(whole, PASSPHRASE) == people
    print(f"encrypting took {duration:.2f} s")
    for round_no in range(ROUNDS):
        path = tmp_path / f"round{round_no}" / "practice.sqlite3"
        shutil.copytree(base.parent, path.parent)
        writer = start_encrypting(path, cli_env)
        # One kill in each seventh of the rewrite, at a random moment within it.
        time.sleep((round_no + rng.random()) / ROUNDS * duration)
        writer.send_signal(signal.SIGKILL)
        _, err = writer.communicate(timeout=60)
        assert writer.returncode in (-signal.SIGKILL, 0), err.decode()

        encrypted = not driver.is_plain_sqlite(path)
        try:
            found = names(path, PASSPHRASE if encrypted else None)
        except DatabaseProblem as problem:
            raise AssertionError(
                f"round {round_no}: the database does not open: {problem}"
            ) from None
        assert found == people, f"round {round_no}: {found} of {people} people"
        database = open_database(path, key=PASSPHRASE if encrypted else None)
        finish_interrupted_change(database)  # as the app does when it opens
        database.engine.dispose()
        leftovers = [p.name for p in path.parent.rglob(".*")]
        assert leftovers == [], leftovers
        if encrypted:  # no readable copy of anyone is left beside the encrypted database
            for file in path.parent.rglob("*"):
                if file.is_file():
                    assert MARKER.encode() not in file.read_bytes(), file
        outcomes.append("encrypted" if encrypted else "plain")
    print(
        f"{ROUNDS} kills during encryption: {outcomes.count('plain')} left the plain file, "
        f"{outcomes.count('encrypted')} the encrypted one; nothing lost"
    )
    assert len(outcomes) == ROUNDS
