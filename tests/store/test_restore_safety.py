"""Restore keeps every record somewhere: unique aside names, a swap a kill cannot break.

Issue 17, items 1, 3 and 8: two restores in one second overwrote the first one's aside
copy; a kill at the second rename left no database at all; a plain backup restored into
an encrypted practice removed the encryption without a word.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session

from therapist_desk.cli import main
from therapist_desk.errors import UserError
from therapist_desk.store import driver
from therapist_desk.store.backup import backup_database
from therapist_desk.store.clients import count_clients, create_client
from therapist_desk.store.database import open_database
from therapist_desk.store.restore import restore_backup

from .factories import couple_data

PASSPHRASE = "harbour lights at dusk"


def clients_in(path: Path, key: str | None = None) -> int:
    """How many clients a database file (with its own -wal, if any) holds."""
    connection = driver.connect(path, key)
    try:
        return connection.execute("SELECT count(*) FROM client").fetchone()[0]
    finally:
        connection.close()


def add_couples(db_path: Path, count: int, key: str | None = None) -> None:
    database = open_database(db_path, key=key, daily_backup=False)
    with Session(database.engine) as session:
        for n in range(count):
            create_client(session=session, data=couple_data(f"Later Person{n}", "Other Person"))
    database.engine.dispose()


class _SameSecond(dt.datetime):
    """Every restore happens at the same instant (to the microsecond)."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _SameSecond:  # type: ignore[override]
        return cls(2026, 12, 1, 9, 30, 0, 0, tzinfo=tz)


def test_two_restores_in_the_same_second_keep_both_previous_files(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_couples(db_path, 1)
    backup = backup_database(db_path)
    add_couples(db_path, 4)  # four intakes' clients made after the backup
    monkeypatch.setattr("therapist_desk.store.restore.datetime", _SameSecond)

    first = restore_backup(backup=backup, db_path=db_path)
    add_couples(db_path, 2)
    second = restore_backup(backup=backup, db_path=db_path)

    assert first is not None and second is not None and first != second
    assert (clients_in(first), clients_in(second), clients_in(db_path)) == (5, 3, 1)
    assert sorted(db_path.parent.glob(f"{db_path.name}.replaced-*")) == sorted([first, second])


RESTORE_KILLED_AT = """
import os, signal, sys
from pathlib import Path
stop, after, calls = int(sys.argv[3]), sys.argv[4] == "after", [0]
for name in ("replace", "rename", "link"):
    def step(*args, _real=getattr(os, name), **kwargs):
        calls[0] += 1
        if calls[0] == stop and not after:
            os.kill(os.getpid(), signal.SIGKILL)
        done = _real(*args, **kwargs)
        if calls[0] == stop and after:
            os.kill(os.getpid(), signal.SIGKILL)
        return done
    setattr(os, name, step)
from therapist_desk.store.restore import restore_backup
restore_backup(backup=Path(sys.argv[1]), db_path=Path(sys.argv[2]))
print(calls[0])
"""

LEAVE_WAL = """
import os, sys
from therapist_desk.store.database import open_database
from therapist_desk.store.clients import create_client
from therapist_desk.models import ClientCreate
from sqlmodel import Session
database = open_database(__import__("pathlib").Path(sys.argv[1]), daily_backup=False)
with Session(database.engine) as session:
    data = {"kind": "individual", "participants": [{"name": "Wal Only-Synthetic"}]}
    create_client(session=session, data=ClientCreate.model_validate(data))
os._exit(0)  # killed with its last client only in the WAL
"""


def test_a_kill_at_each_rename_of_a_restore_leaves_a_whole_database(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    base = tmp_path / "base" / "practice.sqlite3"
    add_couples(base, 1)
    backup = backup_database(base, to=tmp_path / "backup.sqlite3")
    add_couples(base, 2)
    subprocess.run([sys.executable, "-c", LEAVE_WAL, str(base)], env=cli_env, check=True)
    assert Path(f"{base}-wal").stat().st_size > 0  # the current file is not whole alone
    old, new = 4, 1

    def restore(path: Path, stop: int, when: str = "before") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RESTORE_KILLED_AT, str(backup), str(path), str(stop), when],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    whole = tmp_path / "whole" / "practice.sqlite3"
    shutil.copytree(base.parent, whole.parent)
    done = restore(whole, 0)
    assert done.returncode == 0, done.stderr
    steps = int(done.stdout)
    assert steps >= 2  # the aside link and the swap, at least
    outcomes, killed_paths = [], []
    kills = [(stop, "before") for stop in range(1, steps + 1)] + [(steps, "after")]
    for stop, when in kills:
        path = tmp_path / f"kill{stop}{when}" / "practice.sqlite3"
        shutil.copytree(base.parent, path.parent)
        killed = restore(path, stop, when)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert path.is_file(), f"killed {when} rename {stop}: no database left"
        found = clients_in(path)
        assert found in (old, new), f"killed {when} rename {stop}: {found} clients"
        killed_paths.append((path, found))
    from therapist_desk.store import fileset

    for path, found in killed_paths:
        fileset.remove_leftovers(path)  # what the next start (window or command) does
        left = sorted(p.name for p in path.parent.iterdir() if p.suffix != ".lock")
        asides = fileset.aside_copies(path)
        if found == old:
            assert asides == [] and left == ["practice.sqlite3"], left
        else:
            assert [clients_in(a) for a in asides] == [old], left
        with sqlite3.connect(path) as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check.close()
        outcomes.append("old" if found == old else "new")
    print(
        f"{len(outcomes)} kills, before each rename of a restore and after the last: "
        f"{outcomes.count('old')} left the old database, {outcomes.count('new')} the "
        "restored one; nothing lost"
    )


def test_a_plain_backup_restored_into_an_encrypted_practice_stays_encrypted(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    add_couples(db_path, 1)
    plain_backup = backup_database(db_path, to=db_path.parent / "plain-copy.sqlite3")
    from therapist_desk.store.encryption import change_encryption

    database = open_database(db_path, daily_backup=False)
    change_encryption(database, PASSPHRASE)[0].engine.dispose()
    add_couples(db_path, 1, key=PASSPHRASE)

    with pytest.raises(UserError, match=r"is encrypted\. Give its passphrase"):
        restore_backup(backup=plain_backup, db_path=db_path)
    with pytest.raises(UserError, match="That passphrase does not open the practice"):
        restore_backup(backup=plain_backup, db_path=db_path, practice_key="not the right one")
    monkeypatch.setenv("THERAPIST_DESK_PASSPHRASE", "not the right one")
    assert main(["--db", str(db_path), "restore", str(plain_backup)]) == 2
    assert capsys.readouterr().err == (
        f"therapist-desk: error: That passphrase does not open the practice {db_path}; the "
        "restored records would be encrypted with it. Nothing was changed.\n"
    )
    assert clients_in(db_path, PASSPHRASE) == 2  # refused: nothing changed

    aside = restore_backup(backup=plain_backup, db_path=db_path, practice_key=PASSPHRASE)

    assert not driver.is_plain_sqlite(db_path)
    assert b"Later Person" not in db_path.read_bytes()
    reopened = open_database(db_path, key=PASSPHRASE)
    with Session(reopened.engine) as session:
        assert count_clients(session=session, include_archived=True) == 1
    reopened.engine.dispose()
    assert aside is not None and clients_in(aside, PASSPHRASE) == 2


RESTORE = """
import sys
from pathlib import Path
from therapist_desk.store.restore import restore_backup
print("started", flush=True)
restore_backup(backup=Path(sys.argv[1]), db_path=Path(sys.argv[2]))
print("restored", flush=True)
"""


@pytest.mark.slow
def test_restores_killed_at_random_moments_never_lose_a_database(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    """``pytest -m slow``: kills at random moments of a restore of a larger practice
    (``TD_RESTORE_ROUNDS``, default 60), inside the copy as well as between renames."""
    import os
    import random
    import time

    from therapist_desk.demo import build_practice
    from therapist_desk.intake import load_catalogue
    from therapist_desk.store import fileset

    base = tmp_path / "base" / "practice.sqlite3"
    database = open_database(base)
    build_practice(engine=database.engine, catalogue=load_catalogue(), clients=300, seed=7)
    database.engine.dispose()
    backup = backup_database(base, to=tmp_path / "backup.sqlite3")
    add_couples(base, 3)
    old, new = clients_in(base), clients_in(backup)
    rng, outcomes = random.Random(), []
    for round_no in range(int(os.environ.get("TD_RESTORE_ROUNDS", "60"))):
        path = tmp_path / f"round{round_no}" / "practice.sqlite3"
        shutil.copytree(base.parent, path.parent)
        child = subprocess.Popen(
            [sys.executable, "-c", RESTORE, str(backup), str(path)],
            env=cli_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline().strip() == b"started"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        assert path.is_file(), f"round {round_no}: no database left"
        found = clients_in(path)
        assert found in (old, new), f"round {round_no}: {found} clients"
        fileset.remove_leftovers(path)
        kept = [clients_in(a) for a in fileset.aside_copies(path)]
        assert kept == ([] if found == old else [old]), f"round {round_no}: {kept}"
        outcomes.append("old" if found == old else "new")
        shutil.rmtree(path.parent)
    print(
        f"{len(outcomes)} kills at random moments of a restore: {outcomes.count('old')} left "
        f"the old database, {outcomes.count('new')} the restored one; nothing lost"
    )
