"""Summaries, sharing and security through the services: what the GUI and CLI rely on."""

from __future__ import annotations

import io
import stat
from pathlib import Path

from pypdf import PdfReader

from therapist_desk.models import AuditAction
from therapist_desk.services import security, sharing, summaries
from therapist_desk.services.practice import Practice
from therapist_desk.settings import hash_pin
from therapist_desk.store.audit import list_events


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def audit(practice: Practice, action: AuditAction) -> list[str]:
    with practice.session() as s:
        return [e.detail or "" for e in list_events(session=s) if e.action == action]


def test_a_saved_summary_is_the_rendered_one_private_and_audited(
    practice: Practice, completed: tuple[int, int], tmp_path: Path
) -> None:
    _, intake_id = completed
    name = summaries.summary_filename(practice=practice, intake_id=intake_id, variant="client")
    assert name.startswith("intake-") and name.endswith("-client.pdf")
    assert "Lef" not in name and "Brooks" not in name
    target = tmp_path / name
    summaries.save_summary(
        practice=practice, intake_id=intake_id, variant="client", path=target, via=" (test)"
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = pdf_text(target.read_bytes())
    assert "Individual and relationship therapy at the same time" in text
    assert audit(practice, AuditAction.EXPORTED) == ["client summary PDF (test)"]


def test_share_values_fill_the_templates_without_clinical_content(
    practice: Practice, completed: tuple[int, int]
) -> None:
    _, intake_id = completed
    values = sharing.share_values(practice=practice, intake_id=intake_id)
    assert set(values.placeholders()) == {"client_first_names", "practice", "clinician"}
    assert " and " in values.client_first_names
    assert values.clinician == "Dr Synthetic"


def test_printing_and_exporting_are_audited_without_names(
    practice: Practice, completed: tuple[int, int], tmp_path: Path
) -> None:
    client_id, intake_id = completed
    sharing.record_printed(practice=practice, intake_id=intake_id, variant="client", pages=3)
    assert audit(practice, AuditAction.PRINTED) == ["client summary PDF printed, 3 pages"]
    written, drafts = sharing.export_client_data(
        practice=practice, client_id=client_id, folder=tmp_path
    )
    assert drafts == 0
    assert sorted(p.suffix for p in written) == [".csv", ".json"]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    assert audit(practice, AuditAction.EXPORTED) == ["data export: 1 answers files and scores CSV"]


def test_what_unlocks_the_app(practice: Practice) -> None:
    # On a practice server the clinician's server password unlocks until a PIN is set.
    assert security.can_lock(practice=practice) is practice.on_server
    assert security.takes_server_password(practice=practice) is practice.on_server
    practice.settings.lock_pin_hash = hash_pin("482913")
    assert not security.takes_server_password(practice=practice)
    assert security.can_lock(practice=practice)
    assert security.unlocks(practice=practice, secret="482913")
    assert not security.unlocks(practice=practice, secret="482914")
    assert not security.is_passphrase(practice=practice, secret="482913")
    assert security.unlock_hint(practice=practice) == "Client data is hidden. Type your PIN."
    assert security.passphrase_problem("short") is not None
