"""Composition root: builds settings, database and main window. The only place that wires.

Start-up problems the user can fix (a bad ``--db``, an unwritable data folder, a damaged
database) are shown in a dialog and on stderr, and the app exits with status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from therapist_desk import APP_NAME, __version__
from therapist_desk.errors import UserError
from therapist_desk.paths import data_dir, default_db_path, ensure_private_dir, settings_path
from therapist_desk.settings import load_settings
from therapist_desk.store.database import open_database
from therapist_desk.ui.context import AppContext
from therapist_desk.ui.icons import app_icon
from therapist_desk.ui.main_window import MainWindow


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


def start(db_path: Path | None) -> MainWindow | None:
    """Build and show the main window, or explain why not and return None."""
    ensure_application()
    try:
        context = build_context(db_path)
    except UserError as err:
        show_startup_error(str(err))
        return None
    window = MainWindow(context)
    window.show()
    return window


def run_gui(*, db_path: Path | None) -> int:
    """Run the desktop app until its window closes; return the exit status."""
    app = ensure_application()
    window = start(db_path)
    if window is None:
        return 2
    return app.exec()
