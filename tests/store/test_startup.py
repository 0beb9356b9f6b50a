"""Start-up checks: a bad file gets a clear message and is left exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from therapist_desk.store.backup import backup_database, list_backups, rotate_backups
from therapist_desk.store.database import open_database
from therapist_desk.store.errors import DatabaseProblem


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (recursively) with a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_real_database(db_path: Path) -> None:
    database = open_database(db_path)
    database.engine.dispose()


def refuse(db_path: Path) -> DatabaseProblem:
    before = snapshot(db_path.parent)
    with pytest.raises(DatabaseProblem) as caught:
        open_database(db_path)
    assert snapshot(db_path.parent) == before, "the bad file must be left untouched"
    assert str(db_path) in str(caught.value)
    return caught.value


def test_a_file_that_is_not_sqlite_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"Dear diary, today I wrote notes instead of a database.\n" * 50)
    problem = refuse(db_path)
    assert problem.kind == "not_sqlite"
    assert "not an SQLite file" in str(problem) and "choose another file" in str(problem).lower()
    assert problem.latest_backup is None


def test_a_truncated_database_is_refused(db_path: Path) -> None:
    make_real_database(db_path)
    backup = backup_database(db_path, reason="daily")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    problem = refuse(db_path)
    assert problem.kind == "damaged"
    assert problem.latest_backup == backup
    assert f"therapist-desk restore {backup}" in str(problem)


def test_a_corrupt_database_is_refused(db_path: Path) -> None:
    make_real_database(db_path)
    data = bytearray(db_path.read_bytes())
    page = 4096
    data[page + 8 : 2 * page] = os.urandom(page - 8)  # scribble over the second page
    db_path.write_bytes(bytes(data))
    assert refuse(db_path).kind == "damaged"


def test_a_database_from_a_newer_app_is_refused(db_path: Path) -> None:
    make_real_database(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    problem = refuse(db_path)
    assert problem.kind == "newer_version"
    assert "newer version of Therapist Desk" in str(problem)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseProblem) as caught:
        open_database(tmp_path)
    assert caught.value.kind == "folder"


def test_files_are_private(db_path: Path) -> None:
    database = open_database(db_path)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
        wal = Path(f"{db_path}-wal")
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    backup = backup_database(db_path)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    database.engine.dispose()


def test_pragmas_are_set(db_path: Path) -> None:
    database = open_database(db_path)
    with database.engine.connect() as connection:

        def pragma(name: str) -> object:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
    database.engine.dispose()


def test_a_daily_backup_is_taken_when_the_newest_is_old(db_path: Path) -> None:
    make_real_database(db_path)
    make_real_database(db_path)
    assert list_backups(db_path) == []  # a file created today needs no daily backup yet
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE app_info SET value = '2020-01-01 10:00:00' WHERE key = 'created_at'")
    conn.close()
    make_real_database(db_path)
    (first,) = list_backups(db_path)  # an old file with no backup: one is taken
    assert "daily" in first.name
    make_real_database(db_path)
    assert list_backups(db_path) == [first]  # a recent one exists: none taken
    old = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y%m%dT%H%M%S%fZ")
    first.rename(first.with_name(f"therapist-desk-{old}-daily.sqlite3"))
    make_real_database(db_path)
    assert len(list_backups(db_path)) == 2


def test_backups_are_rotated(db_path: Path) -> None:
    make_real_database(db_path)
    made = [backup_database(db_path, reason=f"n{i}") for i in range(5)]
    deleted = rotate_backups(db_path, keep=2)
    assert list_backups(db_path) == made[::-1][:2]
    assert sorted(deleted) == sorted(made[:3])


# --- a folder the app may not write to --------------------------------------------------


def run_as_nobody(action) -> tuple[str, str]:
    """Run ``action()`` as an unprivileged user; return (problem kind, message).

    As root (CI), chmod does not stop us, so a forked child drops to ``nobody``.
    """
    if os.geteuid() != 0:
        try:
            action()
        except DatabaseProblem as problem:
            return problem.kind, str(problem)
        return "none", ""
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and there is no 'nobody' user to drop to")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        result = "none\n"
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            action()
        except DatabaseProblem as problem:
            result = f"{problem.kind}\n{problem}"
        except BaseException as err:
            result = f"error\n{type(err).__name__}: {err}"
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    kind, _, message = output.partition("\n")
    return kind, message


@pytest.fixture
def shared_dir():
    """A temporary folder other users can traverse (pytest's own is private to root)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="td-readonly-"))
    path.chmod(0o755)
    yield path
    for p in [path, *path.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(path)


def test_a_read_only_folder_gives_its_message_and_changes_nothing(shared_dir: Path) -> None:
    folder = shared_dir / "data"
    db_path = folder / "therapist-desk.sqlite3"
    make_real_database(db_path)
    db_path.chmod(0o644)
    folder.chmod(0o555)
    before = snapshot(folder)
    kind, message = run_as_nobody(lambda: open_database(db_path))
    assert kind == "unwritable", message
    assert (str(db_path) in message and "read-only" in message) or "permission" in message
    assert snapshot(folder) == before


def test_a_new_database_in_a_read_only_folder(shared_dir: Path) -> None:
    folder = shared_dir / "data"
    folder.mkdir(mode=0o555)
    folder.chmod(0o555)
    kind, message = run_as_nobody(lambda: open_database(folder / "new.sqlite3"))
    assert kind == "unwritable", message
    assert list(folder.iterdir()) == []


def test_the_quick_open_accepts_a_file_whose_last_pages_are_still_in_the_wal(
    db_path: Path,
) -> None:
    """A crash leaves new pages in the WAL, not yet in the file: that file is sound."""
    make_real_database(db_path)
    writer = sqlite3.connect(db_path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # as if killed before a checkpoint
    writer.execute("CREATE TABLE filler (x BLOB)")
    with writer:
        writer.executemany("INSERT INTO filler VALUES (?)", [(os.urandom(4000),)] * 200)
    in_file = db_path.stat().st_size
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    page_size = writer.execute("PRAGMA page_size").fetchone()[0]
    assert pages * page_size > in_file  # the WAL holds pages the file does not have yet

    database = open_database(db_path, check_integrity=False, daily_backup=False)
    database.engine.dispose()
    writer.close()


def test_the_quick_open_refuses_a_truncated_file(db_path: Path) -> None:
    make_real_database(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[:-4096])  # only the last page lost: the schema still reads
    with pytest.raises(DatabaseProblem) as caught:
        open_database(db_path, check_integrity=False)
    assert caught.value.kind == "damaged"
