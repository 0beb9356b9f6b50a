"""A full disk: nothing saved before is lost, and the clinician is told what to do.

The data folder is a small tmpfs (2 MiB) mounted for the test, then filled to the last
byte with a filler file. Mounting needs root (or CAP_SYS_ADMIN); where it is refused,
the tests are skipped with the reason ``mount`` gave.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox
from sqlmodel import Session

from therapist_desk import app as app_module
from therapist_desk.errors import UserError
from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.intake.audience import Audience
from therapist_desk.models import ClientCreate, IntakeCreate, IntakeMode
from therapist_desk.services import clients, intakes, summaries
from therapist_desk.services.practice import Practice
from therapist_desk.settings import Settings
from therapist_desk.store.answers import load_answers, save_answer
from therapist_desk.store.backup import backup_database
from therapist_desk.store.clients import create_client
from therapist_desk.store.database import open_database
from therapist_desk.store.importing import import_intake
from therapist_desk.store.intakes import start_intake
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))
from ui_driver import EXAMPLES, add_client, press_option, type_text, wait_saved

DISK_SIZE = "2m"
DB_NAME = "therapist-desk.sqlite3"
SAFE = "Free some space, then try again; everything saved before is safe."
FORGOTTEN = ".tmp", ".partial", ".pdf"  # what a half-written file would end with


def full_message(folder: Path, what: str) -> str:
    return f"The disk holding {folder} is full: {what} was not saved. {SAFE}"


def mount_small_disk(folder: Path) -> None:
    """Mount a tmpfs of DISK_SIZE on ``folder``; skip the test if that is refused."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={DISK_SIZE},mode=0700", "tmpfs", str(folder)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError as err:
        pytest.skip(f"cannot mount a small disk: {err}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small disk: {done.stderr.strip() or done.returncode}")
    assert os.path.ismount(folder)


def unmount(folder: Path) -> None:
    if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=True)


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the disk has not one byte left; returns the filler."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
    try:
        for size in (1 << 16, 1 << 12, 1 << 8, 1):
            chunk = b"\0" * size
            try:
                while True:
                    os.write(fd, chunk)
            except OSError as err:
                if err.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def integrity(engine: sa.Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(sa.text("PRAGMA integrity_check")).scalar_one()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB disk of its own, unmounted after the test."""
    folder = tmp_path / "small-disk"
    mount_small_disk(folder)
    yield folder
    unmount(folder)


def test_a_full_disk_keeps_every_saved_answer_and_says_what_to_do(small_disk: Path) -> None:
    database = open_database(small_disk / DB_NAME)
    practice = Practice(
        database=database,
        settings=Settings(clinician_name="Dr Synthetic"),
        settings_path=small_disk / "settings.json",
        catalogue=load_catalogue(),
    )
    with Session(database.engine, expire_on_commit=False) as s:
        client = create_client(
            session=s,
            data=ClientCreate.model_validate(
                {
                    "kind": "couple",
                    "participants": [{"name": "Ada Fulldisk"}, {"name": "Bo Fulldisk"}],
                }
            ),
            actor="Dr Synthetic",
        )
        assert client.id is not None
        draft = start_intake(
            session=s,
            data=IntakeCreate(
                client_id=client.id,
                clinician="Dr Synthetic",
                mode=IntakeMode.VIDEO,
                catalogue_version=practice.catalogue.version,
                ruleset_version="1.0.0",
            ),
        )
        assert draft.id is not None
        people = {p.position: p.id for p in client.participants}
        for number in range(1, 10):
            for position, value in ((1, number % 4), (2, (number + 1) % 4)):
                save_answer(
                    session=s,
                    intake_id=draft.id,
                    participant_id=people[position],
                    item_id=f"phq9.{number}",
                    value=value,
                )
        save_answer(
            session=s, intake_id=draft.id, participant_id=None, item_id="rel.notes", value="Ok."
        )
        saved = load_answers(session=s, intake_id=draft.id)
    parsed = parse_answers_file(EXAMPLES / "concurrent.json", practice.catalogue)
    answers = parsed.to_intake(practice.catalogue)
    completed = import_intake(
        engine=database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(practice.catalogue, answers),
    )
    with Session(database.engine) as s:
        saved_completed = load_answers(session=s, intake_id=completed)
    filler = fill_disk(small_disk)
    before = files_under(small_disk)

    with pytest.raises(UserError) as answer:
        intakes.save_answer(
            practice=practice, intake_id=draft.id, position=1, item_id="gad7.1", value=2
        )
    assert str(answer.value) == full_message(small_disk, "the answer")
    with pytest.raises(UserError) as intake:
        intakes.start_intake(practice=practice, client_id=client.id, mode=IntakeMode.VIDEO)
    assert str(intake.value) == full_message(small_disk, "the new intake")
    with pytest.raises(UserError) as pdf:
        summaries.save_summary(
            practice=practice,
            intake_id=completed,
            variant="client",
            path=small_disk / "summary.pdf",
        )
    assert str(pdf.value) == full_message(small_disk, "the PDF")
    with pytest.raises(UserError, match="disk is full"):
        backup_database(database.path)  # the GUI's wording of it: see the test below
    assert integrity(database.engine) == "ok"
    assert files_under(small_disk) == before  # no half-written PDF, backup or temp file
    assert not [name for name in before if name.endswith(FORGOTTEN)]

    filler.unlink()
    database.engine.dispose()
    reopened = open_database(small_disk / DB_NAME)
    assert integrity(reopened.engine) == "ok"
    with Session(reopened.engine) as s:
        assert load_answers(session=s, intake_id=draft.id) == saved
        assert load_answers(session=s, intake_id=completed) == saved_completed
    assert sum(len(a) for a in [*saved.values(), *saved_completed.values()]) > 40
    practice.database = reopened  # "try again" works once there is space
    intakes.save_answer(
        practice=practice, intake_id=draft.id, position=1, item_id="gad7.1", value=2
    )
    with Session(reopened.engine) as s:
        assert load_answers(session=s, intake_id=draft.id)[1] == {**saved[1], "gad7.1": 2}
    reopened.engine.dispose()


# The app, as the clinician uses it ------------------------------------------------


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


def test_after_a_full_disk_every_command_still_sees_an_intact_database(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17, item 11: a write refused by a full disk left an empty -wal and a stub
    -shm, and from then on every command, info included, called the file damaged."""
    from therapist_desk.cli import main

    db = small_disk / DB_NAME
    example = str(EXAMPLES / "safety-violence.json")
    assert main(["--db", str(db), "import", example]) == 0
    filler = fill_disk(small_disk)
    capsys.readouterr()

    assert main(["--db", str(db), "import", example]) == 2
    assert capsys.readouterr().err == (
        f"therapist-desk: error: {full_message(small_disk, 'your last change')}\n"
    )
    assert main(["--db", str(db), "info"]) == 0
    assert "damaged" not in capsys.readouterr().err
    filler.unlink()
    assert main(["--db", str(db), "info"]) == 0
    assert main(["--db", str(db), "import", example]) == 0
    assert capsys.readouterr().out.split()[-1] == "2"  # the first intake is still 1
