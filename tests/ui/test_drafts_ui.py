"""Drafts for "Open in my mail app" live in the data folder, private, and not for long.

They are written into ``drafts/`` beside the database (0700, each file 0600), never the
system's temporary folder, and shredded when the window closes and when the app next
starts (after a crash or a kill).
"""

from __future__ import annotations

import stat
from pathlib import Path

from test_results_ui import complete

from therapist_desk import app as app_module
from therapist_desk.models import IntakeMode
from therapist_desk.ui.widgets.dialogs import Dialogs


def draft_from_the_dialog(window, qtbot, monkeypatch) -> Path:
    """Email summary… > Open in my mail app, any warning accepted; the draft handed over."""
    opened: list[Path] = []
    monkeypatch.setattr(Dialogs, "open_file", lambda self, path: opened.append(path) or True)
    monkeypatch.setattr(Dialogs, "confirm", lambda self, title, text, ok: True)
    window.rooms.actions.email_summary.trigger()
    dialog = window.rooms.sharing.email.dialog
    dialog.to.setText("ana@example.org")
    dialog.draft_button.click()
    qtbot.waitUntil(lambda: opened != [], timeout=30000)
    return opened[0]


def test_a_draft_is_private_in_the_data_folder_and_gone_when_the_app_closes(
    window, qtbot, monkeypatch, home: Path
) -> None:
    complete(window, qtbot, monkeypatch, "concurrent.json")
    draft = draft_from_the_dialog(window, qtbot, monkeypatch)
    assert draft.parent == home / "drafts" == window.practice.folder / "drafts"
    assert draft.name.startswith("therapist-desk-intake-") and draft.suffix == ".eml"
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700
    assert b"X-Unsent: 1" in draft.read_bytes()
    window.close()
    assert not draft.exists() and not draft.parent.exists()


def test_a_draft_left_by_a_kill_is_gone_at_the_next_start(home: Path, qtbot, monkeypatch) -> None:
    drafts = home / "drafts"
    drafts.mkdir(parents=True, mode=0o700)
    left = drafts / "therapist-desk-intake-ZL-DB-2026-01-02-client.eml"
    half = drafts / ".therapist-desk-intake-ZL-DB-2026-01-02-client.eml.x1y2.tmp"
    for path in (left, half):
        path.write_bytes(b"Subject: Your consultation summary\n\nAttached.")
    monkeypatch.setattr(Dialogs, "ask_mode", lambda self: IntakeMode.VIDEO)
    monkeypatch.setattr(Dialogs, "inform", lambda self, title, text, warning=False: None)
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    assert window.practice.folder == home
    # shredded on a worker once the window is on screen
    qtbot.waitUntil(lambda: not left.exists() and not half.exists() and not drafts.exists())
    window.close()
