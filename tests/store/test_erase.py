"""Erasing a client removes every row and the name from the file's bytes, backups included."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from therapist_desk.models import AuditAction, Client, ClientCreate
from therapist_desk.store.answers import save_answer
from therapist_desk.store.audit import list_events
from therapist_desk.store.backup import backup_database
from therapist_desk.store.clients import create_client, search_clients
from therapist_desk.store.completion import complete_intake
from therapist_desk.store.erase import erase_client

SECRET_NAMES = ("Amélie Moreau", "Jonas Berg", "amelie moreau", "amy@example.org")


def file_bytes(db_path: Path) -> bytes:
    """The database file and its WAL, as they are on disk."""
    data = db_path.read_bytes()
    wal = Path(f"{db_path}-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_after_erase_the_name_is_not_in_the_file(
    engine, session: Session, db_path: Path, couple: Client, draft
) -> None:
    keeper = {"kind": "individual", "participants": [{"name": "Bo Keeper"}]}
    other = create_client(session=session, data=ClientCreate.model_validate(keeper))
    first = couple.participants[0].id
    save_answer(session=session, intake_id=draft.id, participant_id=first, item_id="q", value=1)
    complete_intake(
        session=session, intake_id=draft.id, scores_json={}, recommendation_json={"o": 1}
    )
    backup = backup_database(db_path, reason="daily")
    before = file_bytes(db_path)
    assert "Amélie Moreau".encode() in before
    assert "Amélie Moreau".encode() in backup.read_bytes()
    session.close()

    reference = erase_client(engine=engine, client_id=couple.id, actor="Dr Test")

    remaining = file_bytes(db_path)
    for name in SECRET_NAMES:
        assert name.encode() not in remaining, name
        assert name.encode() not in backup.read_bytes(), name
    assert b"Bo Keeper" in remaining  # other clients are untouched
    with Session(engine) as after:
        for table in ("intake", "answer", "decision", "score_snapshot"):
            assert after.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
        assert after.execute(sa.text("SELECT count(*) FROM participant")).scalar() == 1
        assert [s.id for s in search_clients(session=after, query="moreau")] == []
        assert [s.id for s in search_clients(session=after)] == [other.id]
        events = list_events(session=after, client_ref=reference)
        assert [(e.action, e.intake_id) for e in events] == [(AuditAction.ERASED, None)]
        check = after.execute(sa.text("PRAGMA integrity_check")).scalar()
        assert check == "ok"


def test_erase_leaves_only_an_opaque_reference(engine, session: Session, couple: Client) -> None:
    reference = couple.reference
    session.close()
    erase_client(engine=engine, client_id=couple.id)
    with Session(engine) as after:
        rows = after.execute(sa.text("SELECT * FROM audit_event")).all()
    assert len(rows) == 1
    assert reference in rows[0] and "erased" in rows[0]
    assert not any("Moreau" in str(value) for value in rows[0])
