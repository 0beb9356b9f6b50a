"""The steps of the smoke test, in order, each named as the failure line says it.

Each step takes the `SmokeRun` the earlier steps filled and adds to it. Everything
stored goes through the services, as the window stores it; the people are synthetic.
A step fails by raising; `SmokeError` says what a check found wrong.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from therapist_desk.paths import HOME_ENV

if TYPE_CHECKING:
    from therapist_desk.services.practice import Practice
    from therapist_desk.ui.shell.main_window import MainWindow

SQLITE_HEADER = b"SQLite format 3\x00"
SYNTHETIC_COUPLE = ("Alex Example", "Sam Example")
SEED = "therapist-desk-smoke-test"
PAINT_WAIT_SECONDS = 10.0


class SmokeError(Exception):
    """A check of the smoke test found something wrong (its text says what)."""


@dataclass
class SmokeRun:
    """What the steps made so far; `close` releases it, whatever step was reached."""

    home: Path | None = None
    practice: Practice | None = None
    passphrase: str = ""
    intake_id: int | None = None
    pdfs: dict[str, bytes] = field(default_factory=dict)
    window: MainWindow | None = None

    def need_practice(self) -> Practice:
        """The open practice (an earlier step opened it)."""
        if self.practice is None:
            raise SmokeError("no practice is open")
        return self.practice

    def need_intake(self) -> int:
        """The saved intake's id (an earlier step saved it)."""
        if self.intake_id is None:
            raise SmokeError("no intake was saved")
        return self.intake_id

    def close(self) -> None:
        """Close the window and the database; never raises (it runs after a failure)."""
        try:
            if self.window is not None:
                from therapist_desk.ui.shell.smoke import close_window

                close_window(self.window)
        except Exception:  # a smoke test reports its first failure, not the clean-up's
            pass
        try:
            if self.practice is not None:
                self.practice.close()
        except Exception:
            pass
        self.window = self.practice = None


def make_home(run: SmokeRun) -> None:
    """A new private temporary folder as the data folder (``THERAPIST_DESK_HOME``)."""
    run.home = Path(tempfile.mkdtemp(prefix="therapist-desk-smoke-")) / "data"
    os.environ[HOME_ENV] = str(run.home)


def create_database(run: SmokeRun) -> None:
    """Open the practice in the temporary home: the database is created and migrated."""
    from therapist_desk.services.client_list import count_clients
    from therapist_desk.services.practice import open_practice

    run.practice = open_practice()
    run.practice.settings.clinician_name = "Dr Smoke Test"
    if count_clients(practice=run.practice) != 0:
        raise SmokeError("the new database is not empty")


def encrypt_database(run: SmokeRun) -> None:
    """Encrypt the database with a fresh passphrase (SQLCipher); the file must show it."""
    from therapist_desk.services.security import change_encryption
    from therapist_desk.services.sharing import new_passphrase

    practice = run.need_practice()
    run.passphrase = new_passphrase()
    change_encryption(practice=practice, new_key=run.passphrase)
    with practice.database.path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            raise SmokeError("the database file is still plain SQLite")


def reopen_encrypted(run: SmokeRun) -> None:
    """Close the database and open it again with its passphrase."""
    from therapist_desk.services.practice import open_practice

    practice = run.need_practice()
    practice.close()
    run.practice = None
    run.practice = open_practice(key=run.passphrase)
    run.practice.settings.clinician_name = practice.settings.clinician_name


def save_intake(run: SmokeRun) -> None:
    """A synthetic couple with every answer of an intake, saved and completed."""
    from therapist_desk.demo.answers import answer_rows, synthetic_intake
    from therapist_desk.intake import IntakeKind
    from therapist_desk.models import ClientCreate, IntakeMode, IntakeStatus
    from therapist_desk.services import clients, intakes

    practice = run.need_practice()
    people = [{"name": name} for name in SYNTHETIC_COUPLE]
    shape = ClientCreate.model_validate({"kind": "couple", "participants": people})
    client_id = clients.create_client(practice=practice, data=shape)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    names = [name.split()[0] for name in SYNTHETIC_COUPLE]
    answers = synthetic_intake(practice.catalogue, IntakeKind.COUPLE, names, random.Random(SEED))
    for position, item_id, value in answer_rows(answers):
        intakes.save_answer(
            practice=practice, intake_id=intake_id, position=position, item_id=item_id, value=value
        )
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    if intakes.intake_status(practice=practice, intake_id=intake_id) != IntakeStatus.COMPLETED:
        raise SmokeError("the intake was not completed")
    run.intake_id = intake_id


def _render(run: SmokeRun, variant: str) -> None:
    from therapist_desk.services.summaries import render_summary

    pdf = render_summary(practice=run.need_practice(), intake_id=run.need_intake(), variant=variant)
    if not pdf.startswith(b"%PDF-"):
        raise SmokeError(f"the {variant} summary is not a PDF")
    run.pdfs[variant] = pdf


def render_clinician_pdf(run: SmokeRun) -> None:
    """The clinician's summary of the intake (reportlab, the bundled fonts)."""
    _render(run, "clinician")


def render_client_pdf(run: SmokeRun) -> None:
    """The couple's summary of the intake."""
    _render(run, "client")


def load_in_qtpdf(run: SmokeRun) -> None:
    """Read the client's summary back with QtPdf, as the preview does, and draw page 1."""
    from therapist_desk.app import ensure_application
    from therapist_desk.ui.shell.smoke import pdf_problem

    if "client" not in run.pdfs:
        raise SmokeError("no client PDF was rendered")
    ensure_application()
    problem = pdf_problem(run.pdfs["client"])
    if problem is not None:
        raise SmokeError(problem)


def print_to_file(run: SmokeRun) -> None:
    """Print the client's summary to a PDF file, through the app's own print job (the
    program started again, as Print does), and count the printed pages."""
    from therapist_desk.app import ensure_application
    from therapist_desk.ui.shell.smoke import print_problem

    if "client" not in run.pdfs or run.home is None:
        raise SmokeError("no client PDF was rendered")
    ensure_application()
    problem = print_problem(run.pdfs["client"], run.home / "printed.pdf")
    if problem is not None:
        raise SmokeError(problem)


def show_main_window(run: SmokeRun) -> None:
    """The main window on the practice, shown until it has painted its client list."""
    from therapist_desk.app import ensure_application
    from therapist_desk.ui.shell.main_window import MainWindow
    from therapist_desk.ui.shell.smoke import window_problem

    ensure_application()
    run.window = MainWindow()
    run.window.attach(run.need_practice())
    problem = window_problem(run.window, PAINT_WAIT_SECONDS)
    if problem is not None:
        raise SmokeError(problem)


Step = Callable[[SmokeRun], None]
STEPS: tuple[tuple[str, Step], ...] = (
    ("make a temporary home", make_home),
    ("create the database", create_database),
    ("encrypt the database", encrypt_database),
    ("reopen the encrypted database", reopen_encrypted),
    ("save an intake", save_intake),
    ("render the clinician PDF", render_clinician_pdf),
    ("render the client PDF", render_client_pdf),
    ("load the client PDF in QtPdf", load_in_qtpdf),
    ("print the client PDF to a file", print_to_file),
    ("show the main window", show_main_window),
)
"""The steps in order: (the name a failure line gives, the step)."""
