"""Composition root: builds settings, database and main window. The only place that wires.

Start-up problems the user can fix (a bad ``--db``, an unwritable data folder, a damaged
database) are shown in a dialog and on stderr, and the app exits with status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox

from therapist_desk import APP_NAME, __version__
from therapist_desk.errors import UserError
from therapist_desk.intake.loader import load_catalogue
from therapist_desk.paths import data_dir, default_db_path, ensure_private_dir, settings_path
from therapist_desk.settings import load_settings
from therapist_desk.store.database import open_database
from therapist_desk.store.errors import DatabaseProblem
from therapist_desk.store.restore import restore_backup
from therapist_desk.ui.backend import Backend
from therapist_desk.ui.context import AppContext
from therapist_desk.ui.icons import app_icon
from therapist_desk.ui.main_window import MainWindow
from therapist_desk.ui.startup_problem import ask_what_to_do
from therapist_desk.ui.theme import apply_theme


def ensure_application() -> QApplication:
    """The QApplication, created once with our name and icon."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("therapist-desk")
    app.setDesktopFileName("therapist-desk")
    app.setWindowIcon(app_icon())
    return app


def build_context(db_path: Path | None) -> AppContext:
    """Open (creating on first run) the data folder, settings and database."""
    ensure_private_dir(data_dir())
    settings = load_settings()
    database = open_database(db_path or default_db_path(), keep_backups=settings.backup_count)
    return AppContext(database=database, settings=settings, settings_path=settings_path())


def show_startup_error(message: str) -> None:
    """Tell the user why the app cannot start (dialog + one line on stderr)."""
    print(f"therapist-desk: error: {message}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message, QMessageBox.StandardButton.Ok)
    box.setWindowTitle(f"{APP_NAME} cannot start")
    box.exec()


def open_context(db_path: Path | None) -> AppContext | None:
    """The context, after the user resolved any database problem; None if they quit."""
    while True:
        try:
            return build_context(db_path)
        except DatabaseProblem as problem:
            print(f"therapist-desk: error: {problem}", file=sys.stderr)
            choice, path = ask_what_to_do(problem)
            if choice == "quit" or path is None:
                return None
            if choice == "choose":
                db_path = path
                continue
            try:
                restore_backup(backup=path, db_path=problem.path)
            except UserError as err:
                show_startup_error(str(err))
                return None
            db_path = problem.path
        except UserError as err:
            show_startup_error(str(err))
            return None


def start(db_path: Path | None) -> MainWindow | None:
    """Build and show the main window, or explain why not and return None."""
    app = ensure_application()
    context = open_context(db_path)
    if context is None:
        return None
    try:
        catalogue = load_catalogue()
    except ValueError as err:  # a damaged installation: the catalogue names file and item
        show_startup_error(str(err))
        return None
    lock = single_instance_lock(context.database.path)
    if lock is None:
        context.database.engine.dispose()
        return None
    apply_theme(app, context.settings.text_scale)
    window = MainWindow(context, Backend(context.database, context.settings, catalogue))
    window.instance_lock = lock
    window.show()
    return window


def single_instance_lock(db_path: Path) -> QLockFile | None:
    """Hold ``<database>.lock`` while the window is open; None (and a message) if taken.

    A lock left by a crashed app (its process is gone) is stale and taken over, so a
    power cut never keeps the practice from opening.
    """
    lock = QLockFile(str(db_path.with_name(f"{db_path.name}.lock")))
    if lock.tryLock(200):
        return lock
    pid = lock.getLockInfo()[0]  # (pid, hostname, application name)
    show_startup_error(
        f"Therapist Desk is already open on {db_path} (process {pid}). Use that window: "
        "two windows on the same records could overwrite each other's answers."
    )
    return None


def run_gui(*, db_path: Path | None) -> int:
    """Run the desktop app until its window closes; return the exit status."""
    app = ensure_application()
    window = start(db_path)
    if window is None:
        return 2
    return app.exec()
