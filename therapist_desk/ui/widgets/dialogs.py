"""Every question the app asks the user or the system, in one small class.

Controllers never build a message box or a file dialog themselves: they call these
methods, so a test can answer each question by replacing one method. Every question
that sends, erases, overrides or discards has Cancel as its default button.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:  # both loaded by the question that needs them, not with the window
    from PySide6.QtPrintSupport import QPrinter

    from therapist_desk.models import IntakeMode


class Dialogs:
    """The questions asked over ``parent`` (the main window)."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def tr(self, text: str) -> str:
        return self.parent.tr(text)

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; whether it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_dialog(self, dialog: QDialog) -> None:
        """Show a dialog without waiting (it reports back through its signals)."""
        dialog.open()

    def ask_mode(self) -> IntakeMode | None:
        """In the room or on a video call? ``None`` when cancelled."""
        box = QMessageBox(self.parent)
        box.setWindowTitle(self.tr("Start intake"))
        box.setText(self.tr("Where does this consultation take place?"))
        room = box.addButton(self.tr("In person"), QMessageBox.ButtonRole.AcceptRole)
        video = box.addButton(self.tr("Video call"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(room)
        box.exec()
        from therapist_desk.models import IntakeMode

        return {room: IntakeMode.IN_PERSON, video: IntakeMode.VIDEO}.get(box.clickedButton())

    def confirm(self, title: str, text: str, ok: str) -> bool:
        """Ask before doing something that cannot be undone; Enter means Cancel."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.parent)
        yes = box.addButton(ok, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is yes

    def ask_leave(self, title: str, text: str, *, stay: str, leave: str) -> bool:
        """Ask before leaving with something unfinished; Enter and Escape mean ``stay``."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        go = box.addButton(leave, QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is go

    def ask_save_path(self, suggested: str) -> Path | None:
        """Where to save a PDF; ``None`` when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self.parent, self.tr("Save PDF"), str(Path.home() / suggested), "PDF (*.pdf)"
        )
        return Path(path) if path else None

    def ask_folder(self) -> Path | None:
        """The folder to export into; ``None`` when cancelled."""
        folder = QFileDialog.getExistingDirectory(
            self.parent, self.tr("Export data to folder"), str(Path.home())
        )
        return Path(folder) if folder else None

    def ask_export_format(self, choices: list[tuple[str, str]], preselected: str) -> str | None:
        """Which kind of export (``choices``: key and label); ``None`` when cancelled."""
        labels = [label for _, label in choices]
        keys = [key for key, _ in choices]
        chosen, ok = QInputDialog.getItem(
            self.parent,
            self.tr("Export data"),
            self.tr("What to export for this client's completed intakes:"),
            labels,
            keys.index(preselected),
            False,
        )
        return keys[labels.index(chosen)] if ok and chosen in labels else None

    def ask_printer(self) -> QPrinter | None:
        """The system print dialog; the chosen printer, or ``None`` when cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle(self.tr("Print summary"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_file(self, path: Path) -> bool:
        """Hand a file to the system's default application for it."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def inform(self, title: str, text: str, *, warning: bool = False) -> None:
        """Tell the user something (an error that changed nothing, or a result)."""
        show = QMessageBox.warning if warning else QMessageBox.information
        show(self.parent, title, text)
