"""A full disk while the clinician uses the app: nothing saved before is lost, and the
dialog says what to do. The disk is a 2 MiB tmpfs (tests/security/small_disk.py); where
mounting is refused, the tests are skipped. (The services and the command line on a full
disk: tests/security/test_full_disk.py.)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox
from ui_driver import EXAMPLES, add_client, press_option, type_text, wait_saved

from therapist_desk import app as app_module
from therapist_desk.intake import parse_answers_file, recommend
from therapist_desk.intake.audience import Audience
from therapist_desk.models import IntakeMode
from therapist_desk.services import clients, intakes
from therapist_desk.store.importing import import_intake
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
from small_disk import files_under, fill_disk, full_message, mount_small_disk, unmount


@pytest.fixture
def app_on_small_disk(home: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The app with its data folder on a 2 MiB disk; every dialog's text is kept."""
    mount_small_disk(home)
    monkeypatch.setattr(Dialogs, "ask_mode", lambda self: IntakeMode.IN_PERSON)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Dialogs, "inform", lambda self, title, text, warning=False: shown.append((title, text))
    )
    keep = staticmethod(lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "warning", keep)
    win = app_module.start(None)
    assert win is not None
    win.shown = shown  # type: ignore[attr-defined]
    try:
        yield win
    finally:
        win.close()
        win.practice.database.engine.dispose()
        win.deleteLater()
        unmount(home)


def notes_question(window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch):
    """A client with one answer given, and the wizard on the clinician's notes page."""
    add_client(window, qtbot, monkeypatch, [{"name": "Cyra Fulldisk"}])
    window.rooms.actions.start_intake.trigger()
    wizard = window.rooms.intake.wizard
    assert wizard is not None
    own_page = next(i for i, step in enumerate(wizard.steps) if step.position == 1)
    wizard.section_list.setCurrentRow(own_page)
    first = wizard.page.visible_questions()[0]
    press_option(qtbot, first, first.values[0])
    notes_page = next(
        index
        for index, step in enumerate(wizard.steps)
        if any(item.id == "clinician.notes" for item in step.items)
    )
    window.audience.set(Audience.clinician())  # the clinician's own notes: Ctrl+1 first
    wizard.section_list.setCurrentRow(notes_page)
    return next(q for q in wizard.page.questions if q.item.id == "clinician.notes")


def stored(window: MainWindow) -> dict[str, object]:
    session = intakes.intake_session(
        practice=window.practice, intake_id=window.rooms.intake.intake_id
    )
    answers = session.answers
    return dict(answers.get(1, {}))


def test_a_full_disk_while_answering_is_explained_and_nothing_is_lost(
    app_on_small_disk: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    window = app_on_small_disk
    question = notes_question(window, qtbot, monkeypatch)
    first = stored(window)
    assert len(first) == 1
    filler = fill_disk(home)
    before = files_under(home)

    type_text(qtbot, question.text, "Synthetic note typed while the disk is full.")
    question.flush()
    assert window.shown == [("Not saved", full_message(home, "the answer"))]
    assert stored(window) == first

    window.shown.clear()
    add_client(window, qtbot, monkeypatch, [{"name": "Dara Fulldisk"}])
    window.rooms.actions.back_up.trigger()
    qtbot.waitUntil(lambda: len(window.shown) == 2)
    assert window.shown == [
        ("Therapist Desk", full_message(home, "the new client")),
        ("Therapist Desk", full_message(home, "the backup")),
    ]
    assert clients.count_clients(practice=window.practice) == 1
    assert files_under(home) == before
    with window.practice.database.engine.connect() as connection:
        assert connection.execute(sa.text("PRAGMA integrity_check")).scalar_one() == "ok"

    filler.unlink()
    question = next(
        q for q in window.rooms.intake.wizard.page.questions if q.item.id == "clinician.notes"
    )
    question.text.clear()
    type_text(qtbot, question.text, "Synthetic note typed again.")
    question.flush()
    assert stored(window) == {**first, "clinician.notes": "Synthetic note typed again."}


def test_the_wizard_keeps_the_typed_answer_when_the_disk_is_full(
    app_on_small_disk: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    window = app_on_small_disk
    question = notes_question(window, qtbot, monkeypatch)
    fill_disk(home)
    type_text(qtbot, question.text, "Synthetic note typed while the disk is full.")
    question.flush()
    assert window.shown == [("Not saved", full_message(home, "the answer"))]
    shown = next(
        q for q in window.rooms.intake.wizard.page.questions if q.item.id == "clinician.notes"
    )
    assert shown.text.toPlainText() == "Synthetic note typed while the disk is full."


def test_a_pdf_saved_on_a_full_disk_is_refused_whole(
    app_on_small_disk: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    window = app_on_small_disk
    catalogue = window.practice.catalogue
    parsed = parse_answers_file(EXAMPLES / "concurrent.json", catalogue)
    answers = parsed.to_intake(catalogue)
    intake_id = import_intake(
        engine=window.practice.database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(catalogue, answers),
    )
    window.rooms.intake.open_intake(intake_id)  # what the client page does on Enter
    assert window.stack.currentWidget() is window.rooms.results_page
    filler = fill_disk(home)
    before = files_under(home)
    target = home / "summary.pdf"
    monkeypatch.setattr(Dialogs, "ask_save_path", lambda self, suggested: target)
    window.rooms.results_page.client_pdf.click()
    qtbot.waitUntil(lambda: bool(window.shown), timeout=30000)
    assert window.shown == [("PDF not saved", full_message(home, "the PDF"))]
    assert files_under(home) == before  # no PDF, whole or half-written
    assert not target.exists()

    filler.unlink()
    window.rooms.results_page.client_pdf.click()  # once there is space, the same click works
    wait_saved(window, qtbot, target)
    assert target.read_bytes().startswith(b"%PDF")


def notes_on_page(window):
    """The clinician's notes question on the wizard page shown."""
    page = window.rooms.intake.wizard.page
    return next(q for q in page.questions if q.item.id == "clinician.notes")
