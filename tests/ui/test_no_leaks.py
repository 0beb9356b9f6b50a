"""No client data outside the database and the files the clinician chose to save.

A whole intake is run through the widgets for a client with a unique synthetic name,
with notes, free-text answers and an override reason holding a second unique marker;
the summary is previewed, saved as PDF and printed to a PDF file. Then every file the
app could have written besides those (the rest of the data folder, the temporary
folder, the user's home with Qt's cache, config and runtime folders) and everything
printed on stdout and stderr is searched for the name and the marker, as UTF-8 and
UTF-16, in any letter case.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from ui_driver import (
    answer_intake,
    example,
    fill_client_dialog,
    open_results,
    type_text,
    wait_saved,
)

from therapist_desk import app as app_module
from therapist_desk.models import IntakeMode
from therapist_desk.ui.intake.wizard import IntakeWizard
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

DB_NAME = "therapist-desk.sqlite3"
DATABASE_FILES = {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal"}
XDG = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


class Secrets:
    """A unique synthetic client name and a unique marker for everything typed about them."""

    def __init__(self) -> None:
        self.name_tag, self.marker_tag = uuid.uuid4().hex, uuid.uuid4().hex
        self.name = f"Zephyrine Quillfeather-{self.name_tag}"
        self.marker = f"Larkspur-{self.marker_tag}"

    def needles(self) -> set[bytes]:
        """Every form the secrets could take in a file: case variants, UTF-8 and UTF-16."""
        found = set()
        for text in (self.name, self.name_tag, self.marker, self.marker_tag):
            for variant in (text, text.lower(), text.upper()):
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    found.add(variant.encode(encoding))
        return found


def holding(paths: Iterable[Path], secrets: Secrets) -> list[str]:
    """The files among ``paths`` that contain a secret, in any form."""
    needles = secrets.needles()
    hits = []
    for path in paths:
        data = path.read_bytes()
        if any(n in data or n in data.lower() for n in needles):
            hits.append(str(path))
    return hits


def files_in(folder: Path, *, skip: tuple[str, ...] = ()) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and not any(part in skip for part in p.parts)
    ]


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A home, a temporary folder and a runtime folder of this test's own; and where PDFs go."""
    found = {name: tmp_path / name for name in ("user-home", "tmp", "runtime", "chosen")}
    for folder in found.values():
        folder.mkdir(mode=0o700)
    monkeypatch.setenv("HOME", str(found["user-home"]))
    for variable in XDG:
        monkeypatch.delenv(variable, raising=False)  # Qt's folders default to under HOME
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(found["runtime"]))
    monkeypatch.setenv("TMPDIR", str(found["tmp"]))
    monkeypatch.setattr(tempfile, "tempdir", str(found["tmp"]))
    return found


@pytest.fixture
def window(places, qtbot, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(Dialogs, "ask_mode", lambda self: IntakeMode.IN_PERSON)
    monkeypatch.setattr(IntakeWizard, "confirm_gaps", classmethod(lambda cls, p, g, **k: True))
    informed: list[tuple[str, str]] = []
    monkeypatch.setattr(Dialogs, "inform", lambda self, t, text, warning=False: informed.append(t))
    win = app_module.start(None)
    assert win is not None
    win.informed = informed  # type: ignore[attr-defined]
    yield win
    win.close()
    win.practice.database.engine.dispose()
    win.deleteLater()


def add_client_with_notes(window, qtbot, monkeypatch, people, notes: str) -> None:
    def run(self, dialog) -> bool:
        fill_client_dialog(dialog, people, qtbot)
        type_text(qtbot, dialog.forms[0].inputs["notes"], notes)
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.new_client.trigger()
    assert window.rooms.clients.client_id is not None


def run_whole_intake(window, qtbot, monkeypatch, places, secrets: Secrets) -> list[Path]:
    """Client, intake, override, preview, two PDFs saved and one printed; returns the PDFs."""
    data = example("relationship-first.json")
    data["participants"][0]["name"] = secrets.name
    data["participants"][0]["answers"]["clinician.notes"] = f"Seen alone. {secrets.marker}"
    data["relationship"]["rel.notes"] = f"Shared note {secrets.marker}"
    people = [
        {"name": p["name"], "preferred_name": p.get("preferred_name")} for p in data["participants"]
    ]
    add_client_with_notes(window, qtbot, monkeypatch, people, f"Referred by GP. {secrets.marker}")
    window.rooms.actions.start_intake.trigger()
    answer_intake(window, qtbot, data)
    window.rooms.actions.finish_intake.trigger()
    page = window.rooms.results_page
    open_results(window, qtbot)
    page.override_radio.click()
    page.override_order.setCurrentIndex(page.override_order.findData("concurrent"))
    qtbot.keyClicks(page.reason, f"Override reason {secrets.marker}")
    page.decide_button.click()
    assert "override" in page.decision_status.text()

    page.share_button.click()
    preview = window.rooms.sharing.preview
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30000)
    saved = []
    for variant, button in (("client", page.client_pdf), ("clinician", page.clinician_pdf)):
        target = places["chosen"] / f"{variant}.pdf"
        monkeypatch.setattr(Dialogs, "ask_save_path", lambda self, suggested, t=target: t)
        button.click()
        wait_saved(window, qtbot, target)
        saved.append(target)
    printed = places["chosen"] / "printed.pdf"

    def pdf_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(Dialogs, "ask_printer", pdf_printer)
    window.rooms.actions.print_summary.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Sent "), timeout=30000)
    return [*saved, printed]


def test_a_whole_intake_leaves_client_data_only_in_the_database_and_chosen_files(
    window, qtbot, monkeypatch, places, home: Path, capfd
) -> None:
    secrets = Secrets()
    pdfs = run_whole_intake(window, qtbot, monkeypatch, places, secrets)
    assert window.informed == []
    window.close()  # what the app writes on closing counts too
    window.practice.database.engine.dispose()

    # The secrets really went in: they are in the database and in the clinician's PDF,
    # and the search finds them there (so it would find them anywhere else).
    database = [p for p in files_in(home) if p.name in DATABASE_FILES]
    assert holding(database, secrets)
    with sqlite3.connect(home / DB_NAME) as conn:
        stored = " ".join(str(v) for row in conn.execute("SELECT * FROM answer") for v in row)
    assert secrets.marker in stored
    clinician_pdf = " ".join(" ".join(p.extract_text() for p in PdfReader(pdfs[1]).pages).split())
    assert secrets.name in clinician_pdf and secrets.marker in clinician_pdf

    data_folder = [p for p in files_in(home, skip=("backups",)) if p.name not in DATABASE_FILES]
    assert {"window.ini"} <= {p.name for p in data_folder}  # the scan sees what is there
    elsewhere = [*files_in(places["tmp"]), *files_in(places["user-home"])]
    elsewhere += files_in(places["runtime"])
    assert holding(data_folder, secrets) == []
    assert holding(elsewhere, secrets) == []
    assert not [p for p in [*data_folder, *elsewhere] if p.suffix == ".log"]
    assert sorted(p.name for p in files_in(places["chosen"])) == [
        "client.pdf",
        "clinician.pdf",
        "printed.pdf",
    ]
    out, err = capfd.readouterr()
    printed = (out + err).encode()
    assert not [n for n in secrets.needles() if n in printed or n in printed.lower()]
    assert os.listdir(places["tmp"]) == []  # nothing left behind in the temporary folder


@pytest.mark.qt_no_exception_capture  # Python's own hook prints it: the app installs none
def test_an_edit_refused_by_a_locked_database_prints_no_client_data(
    window, qtbot, monkeypatch, home: Path, capfd
) -> None:
    secrets = Secrets()
    add_client_with_notes(window, qtbot, monkeypatch, [{"name": "Wren Lockwood"}], "Referred.")

    def edit(self, dialog) -> bool:
        type_text(qtbot, dialog.forms[0].inputs["notes"], f" Update {secrets.marker}")
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", edit)
    other = sqlite3.connect(home / DB_NAME, isolation_level=None)  # e.g. a backup tool
    other.execute("BEGIN IMMEDIATE")  # holds the write lock past the app's busy timeout
    try:
        window.rooms.actions.edit_client.trigger()
    finally:
        other.execute("ROLLBACK")
        other.close()
    with sqlite3.connect(home / DB_NAME) as conn:
        (notes,) = conn.execute("SELECT notes FROM participant").fetchone()
    assert notes == "Referred."  # the edit was refused
    out, err = capfd.readouterr()
    printed = (out + err).encode()
    assert not [n for n in secrets.needles() if n in printed or n in printed.lower()]
