"""Erasure and encryption reach every copy beside the database; a command tidies a crash.

Issue 17, items 6 and 7: erase and encryption missed the ``.replaced-*`` copies restores
keep and the ``.partial`` files interrupted backups leave, so the erased name, or the
plaintext, stayed in them; and after a killed encryption, plain backups and the plain
``.before-*`` copy survived until the window was next opened: no command removed them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from therapist_desk.models import ClientCreate
from therapist_desk.store import driver
from therapist_desk.store.backup import backup_database, copy_database
from therapist_desk.store.clients import create_client
from therapist_desk.store.database import Database, open_database
from therapist_desk.store.encryption import change_encryption
from therapist_desk.store.erase import erase_client
from therapist_desk.store.restore import restore_backup

MARKER = "Quillon Ashbury-Vantreight"
OTHER = "Persimmon Okoro-Lindqvist"
PASSPHRASE = "copper kettle on the hob"


def add_person(database: Database, name: str) -> int:
    data = {"kind": "individual", "participants": [{"name": name}]}
    with Session(database.engine) as session:
        client = create_client(session=session, data=ClientCreate.model_validate(data))
        assert client.id is not None
        return client.id


def files_holding(folder: Path, text: str) -> list[str]:
    """Every file under ``folder`` whose bytes hold ``text`` (UTF-8 or UTF-16)."""
    needles = [text.encode(), text.encode("utf-16-le")]
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(needle in data for needle in needles):
                found.append(str(path.relative_to(folder)))
    return found


def restored_and_interrupted(home: Path) -> tuple[Database, int]:
    """A practice that was restored once and whose last backup was cut short."""
    db_path = home / "therapist-desk.sqlite3"
    database = open_database(db_path)
    marked = add_person(database, MARKER)
    add_person(database, OTHER)
    database.engine.dispose()
    backup = backup_database(db_path)
    restore_backup(backup=backup, db_path=db_path)  # keeps the current file aside
    partial = backup.with_name(f".{db_path.stem}-20261201T000000000000Z-manual.sqlite3.partial")
    copy_database(db_path, partial)  # what a backup killed before its rename leaves
    reopened = open_database(db_path, daily_backup=False)
    names = [p.name for p in home.rglob("*") if p.is_file()]
    assert any(".replaced-" in n for n in names) and any(n.endswith(".partial") for n in names)
    assert len(files_holding(home, MARKER)) >= 4  # database, backup, aside, partial
    return reopened, marked


def test_an_erased_name_is_in_no_file_after_a_restore_and_an_interrupted_backup(
    home: Path,
) -> None:
    database, marked = restored_and_interrupted(home)

    erase_client(engine=database.engine, client_id=marked)
    database.engine.dispose()

    assert files_holding(home, MARKER) == []
    assert files_holding(home, OTHER) != []  # the other client is still there
    searched = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    print(f"erase: {len(searched)} files under the data folder searched ({searched}): none")


def test_encryption_leaves_no_plain_copy_after_a_restore_and_an_interrupted_backup(
    home: Path,
) -> None:
    database, _ = restored_and_interrupted(home)

    encrypted, skipped = change_encryption(database, PASSPHRASE)
    encrypted.engine.dispose()

    assert skipped == []
    assert files_holding(home, MARKER) == files_holding(home, OTHER) == []


def test_a_command_removes_what_a_killed_encryption_left(
    home: Path, cli_env: dict[str, str]
) -> None:
    """The state a kill just after the swap leaves: an encrypted database, its plain
    ``.before-`` copy not yet shredded, and the backups not yet rewritten."""
    db_path = home / "therapist-desk.sqlite3"
    database = open_database(db_path)
    add_person(database, MARKER)
    database.engine.dispose()
    plain_copy = home / "plain.sqlite3"
    copy_database(db_path, plain_copy)
    encrypted, _ = change_encryption(open_database(db_path), PASSPHRASE)
    encrypted.engine.dispose()
    plain_copy.rename(home / f".{db_path.name}.before-20261201T000000000000Z")
    stray = home / "backups" / f"{db_path.stem}-20261201T000000000000Z-daily.sqlite3"
    stray.parent.mkdir(mode=0o700, exist_ok=True)
    copy_database(db_path.with_name(f".{db_path.name}.before-20261201T000000000000Z"), stray)
    assert len(files_holding(home, MARKER)) == 2

    result = subprocess.run(
        [sys.executable, "-m", "therapist_desk", "backup"],
        env={**cli_env, "THERAPIST_DESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert files_holding(home, MARKER) == []
    assert stray.exists() and not driver.is_plain_sqlite(stray)  # kept, now encrypted
