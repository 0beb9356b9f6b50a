"""Preview, print, email and export: what happens when the clinician shares a summary.

Every question to the user or the system goes through a small hook method here
(``show_dialog``, ``ask_printer``, ``open_file``, ``ask_folder``) so tests can answer it.
Rendering and sending run on workers; the dialogs stay responsive.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from therapist_desk.errors import UserError
from therapist_desk.sharing import secrets
from therapist_desk.ui.email_dialog import EmailDialog
from therapist_desk.ui.email_sending import EmailSender
from therapist_desk.ui.preview import PreviewDialog
from therapist_desk.ui.printing import print_pdf
from therapist_desk.ui.worker import run_in_background

if TYPE_CHECKING:
    from therapist_desk.ui.workflow import Workflow


class SharingFlow(EmailSender):
    """The sharing actions of the results page and the Client menu."""

    def __init__(self, flow: Workflow) -> None:
        self.flow, self.window, self.backend = flow, flow.window, flow.backend
        self.preview: PreviewDialog | None = None
        self.email_dialog: EmailDialog | None = None
        self.printed_pages: int | None = None
        self.sent_to: str | None = None
        self.last_draft: Path | None = None
        self.last_export: list[Path] | None = None

    # Hooks a test can replace --------------------------------------------------------

    def show_dialog(self, dialog: QDialog) -> None:
        """Show a dialog without blocking (it reports back through its signals)."""
        dialog.open()

    def ask_printer(self) -> QPrinter | None:
        """The system print dialog; the chosen printer, or ``None`` when cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(self.window.tr("Print summary"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def open_file(self, path: Path) -> bool:
        """Hand a file to the system's default application for it."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def ask_folder(self) -> Path | None:
        """The folder to export into; ``None`` when cancelled."""
        folder = QFileDialog.getExistingDirectory(
            self.window, self.window.tr("Export data to folder"), str(Path.home())
        )
        return Path(folder) if folder else None

    # Helpers -------------------------------------------------------------------------

    def _intake(self) -> int | None:
        w = self.window
        if self.flow.intake_id is None or w.stack.currentWidget() is not w.results_page:
            return None
        return self.flow.intake_id

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def _failed(self, title: str) -> Any:
        return lambda message: self.flow.inform(title, message, warning=True)

    # Preview, save, print ------------------------------------------------------------

    def open_preview(self, variant: str | None = None) -> None:
        """The preview of the summary, in the default version unless one is given."""
        intake_id = self._intake()
        if intake_id is None:
            return
        variant = variant or self.backend.settings.default_pdf_variant
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        dialog = PreviewDialog(lambda v: self.backend.pdf_bytes(intake_id, v), variant, self.window)
        dialog.save_requested.connect(lambda v, pdf: self.save(intake_id, v, pdf))
        dialog.print_requested.connect(lambda v, pdf: self.print_bytes(intake_id, v, pdf))
        dialog.email_requested.connect(self.compose_email)
        self.preview = dialog
        dialog.render()
        self.show_dialog(dialog)

    def save(self, intake_id: int, variant: str, pdf: bytes) -> None:
        """Save the previewed PDF where the clinician chooses."""
        path = self.flow.ask_save_path(self.backend.pdf_filename(intake_id, variant))
        if path is None:
            return
        run_in_background(
            lambda: self.backend.save_pdf_bytes(intake_id, variant, path, pdf),
            self.flow._pdf_saved,
            self._failed(self.window.tr("PDF not saved")),
        )

    def print_summary(self) -> None:
        """File > Print (Ctrl+P): the default version, rendered on a worker, then printed."""
        intake_id = self._intake()
        if intake_id is None:
            return
        variant = self.backend.settings.default_pdf_variant
        self._status(self.window.tr("Preparing the summary for printing…"))
        run_in_background(
            lambda: self.backend.pdf_bytes(intake_id, variant),
            lambda pdf: self.print_bytes(intake_id, variant, pdf),
            self._failed(self.window.tr("Not printed")),
        )

    def print_bytes(self, intake_id: int, variant: str, pdf: bytes) -> None:
        """Ask for the printer and print exactly these PDF pages; audited."""
        printer = self.ask_printer()
        if printer is None:
            return
        try:
            pages = print_pdf(pdf, printer)
            self.backend.record_printed(intake_id, variant, pages)
        except UserError as err:
            self.flow.inform(self.window.tr("Not printed"), str(err), warning=True)
            return
        self.printed_pages = pages
        self._status(self.window.tr("Sent {0} pages to the printer.").format(pages))

    # Export --------------------------------------------------------------------------

    def export_data(self) -> None:
        """Client > Export data…: answers files of completed intakes and a scores CSV."""
        client_id = self.flow.client_id
        if client_id is None:
            return
        folder = self.ask_folder()
        if folder is None:
            return
        run_in_background(
            lambda: self.backend.export_client_data(client_id, folder),
            self._exported,
            self._failed(self.window.tr("Not exported")),
        )

    def _exported(self, result: tuple[list[Path], int]) -> None:
        written, drafts = result
        self.last_export = written
        text = self.window.tr(
            "Exported {0} completed intakes as answers files and the scores as CSV to {1}."
        ).format(len(written) - 1, written[-1].parent)
        if drafts:
            text += " " + self.window.tr(
                "{0} unfinished intakes (drafts) were not exported; finish them first."
            ).format(drafts)
        self.flow.inform(self.window.tr("Data exported"), text)

    def keyring_password(self, user: str) -> str | None:
        """The stored mail server password, if the system keyring holds one."""
        return secrets.get_password(user)
