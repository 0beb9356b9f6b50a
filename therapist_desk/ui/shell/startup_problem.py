"""When the database cannot be opened: say why, and offer restore, another file, or quit."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QFileDialog, QMessageBox

from therapist_desk import APP_NAME
from therapist_desk.services.errors import DatabaseProblem

Choice = tuple[Literal["restore", "choose", "quit"], Path | None]


def ask_what_to_do(problem: DatabaseProblem) -> Choice:
    """Show the problem with its path and the choices; return the one taken."""
    box = QMessageBox(QMessageBox.Icon.Critical, f"{APP_NAME} cannot open its database", "")
    box.setText(str(problem))
    box.setInformativeText(
        "The file was left exactly as it was. What would you like to do?"
        if problem.kind != "folder"
        else "What would you like to do?"
    )
    restore = None
    if problem.latest_backup is not None:
        restore = box.addButton("Restore the latest backup", QMessageBox.ButtonRole.AcceptRole)
        box.setDetailedText(
            f"Latest backup: {problem.latest_backup}\n"
            f"Restoring keeps the current file beside it, renamed; nothing is deleted."
        )
    choose = box.addButton("Choose another file…", QMessageBox.ButtonRole.ActionRole)
    quit_button = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)  # Enter never restores: it changes nothing
    box.setEscapeButton(quit_button)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore", problem.latest_backup
    if clicked is choose:
        path, _ = QFileDialog.getSaveFileName(
            None,
            "Open or create a database",
            str(problem.path.parent),
            "Therapist Desk database (*.sqlite3);;All files (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        return ("choose", Path(path)) if path else ("quit", None)
    return "quit", None
