"""Preview, save, print and export: what happens when the clinician shares a summary.

Rendering, printing and exporting run through the one ops helper; the dialogs stay
responsive. Every question goes through the window's `Dialogs`, so tests can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from therapist_desk.services import fhir, sharing, summaries
from therapist_desk.ui.sharing.email_controller import EmailController
from therapist_desk.ui.sharing.preview import PreviewDialog
from therapist_desk.ui.sharing.printing import PrintJob, print_pdf
from therapist_desk.ui.widgets.host import Host, failed_with
from therapist_desk.ui.widgets.ops import run_op

ANSWERS_EXPORT = "answers"
FHIR_EXPORT = "fhir-"
"""``fhir-client`` or ``fhir-clinician``: one FHIR R4 Bundle per completed intake."""


class SharingController:
    """The sharing actions of the results page and the Client menu."""

    def __init__(
        self,
        host: Host,
        *,
        current_intake: Callable[[], int | None],
        current_client: Callable[[], int | None],
    ) -> None:
        self.host = host
        self._intake, self._client = current_intake, current_client
        self.preview: PreviewDialog | None = None
        self.email = EmailController(host, current_intake)

    def _tr(self, text: str) -> str:
        return self.host.dialogs.tr(text)

    def _render(self, intake_id: int) -> Callable[[str], bytes]:
        practice = self.host.practice
        return lambda variant: summaries.render_summary(
            practice=practice,
            intake_id=intake_id,
            variant=variant,
        )

    def open_preview(self, variant: str | None = None) -> None:
        """The preview of the summary, in the default version unless one is given."""
        intake_id = self._intake()
        if intake_id is None:
            return
        variant = variant or self.host.practice.settings.default_pdf_variant
        if self.preview is not None:
            self.preview.close()
            self.preview.deleteLater()
        tr = self._tr
        documents = [
            (
                tr("Client version, for {0}").format(d.for_whom)
                if d.variant == "client"
                else tr("Personal summary for {0}").format(d.for_whom)
                if d.for_clients
                else tr("Clinician version (everything, private)"),
                d.variant,
            )
            for d in sharing.share_documents(practice=self.host.practice, intake_id=intake_id)
        ]
        dialog = PreviewDialog(
            self._render(intake_id), variant, self.host.dialogs.parent, documents=documents
        )
        dialog.save_requested.connect(lambda v, pdf: self.save(intake_id, v, pdf))
        dialog.print_requested.connect(lambda v, pdf: self.print_bytes(intake_id, v, pdf))
        dialog.email_requested.connect(lambda: self.email.compose())
        self.preview = dialog
        dialog.render()
        self.host.dialogs.show_dialog(dialog)

    def save(self, intake_id: int, variant: str, pdf: bytes) -> None:
        """Save the previewed PDF where the clinician chooses."""
        practice = self.host.practice
        name = summaries.summary_filename(
            practice=practice,
            intake_id=intake_id,
            variant=variant,
        )
        path = self.host.dialogs.ask_save_path(name)
        if path is None:
            return
        run_op(
            lambda: summaries.save_summary(
                practice=practice,
                intake_id=intake_id,
                variant=variant,
                path=path,
                pdf=pdf,
            ),
            lambda saved: self.host.show_status(self._tr("Saved {0}").format(saved)),
            failed_with(self.host, self._tr("PDF not saved")),
        )

    def print_summary(self) -> None:
        """File > Print (Ctrl+P): the default version, rendered and printed on a worker."""
        intake_id = self._intake()
        if intake_id is None:
            return
        variant = self.host.practice.settings.default_pdf_variant
        chosen = self._ask_printer()
        if chosen is None:
            return
        render = self._render(intake_id)
        self.host.show_status(self._tr("Preparing the summary for printing…"), 0)
        printer, job = chosen

        def not_rendered(message: str) -> None:
            job.cancel()
            self._not_printed(message)

        run_op(
            lambda: render(variant),
            lambda pdf: self._print(intake_id, variant, pdf, printer, job),
            not_rendered,
        )

    def print_bytes(self, intake_id: int, variant: str, pdf: bytes) -> None:
        """Print exactly these PDF pages (the preview's), after the printer is chosen."""
        chosen = self._ask_printer()
        if chosen is not None:
            self._print(intake_id, variant, pdf, *chosen)

    def _ask_printer(self) -> tuple[QPrinter, PrintJob] | None:
        """The printer chosen in the print dialog, and the print job that was started
        (it gets ready while the dialog is open); None when cancelled."""
        job = PrintJob()
        printer = self.host.dialogs.ask_printer()
        if printer is None:
            job.cancel()
            return None
        return printer, job

    def _print(
        self, intake_id: int, variant: str, pdf: bytes, printer: QPrinter, job: PrintJob
    ) -> None:
        practice = self.host.practice
        print_pages = print_pdf(pdf, printer, job)  # in its own process: the window never waits
        self.host.show_status(self._tr("Printing the summary…"), 0)

        def print_and_record() -> int:
            pages = print_pages()
            sharing.record_printed(
                practice=practice,
                intake_id=intake_id,
                variant=variant,
                pages=pages,
            )
            return pages

        run_op(
            print_and_record,
            lambda pages: self.host.show_status(
                self._tr("Sent {0} pages to the printer.").format(pages)
            ),
            self._not_printed,
        )

    def _not_printed(self, message: str) -> None:
        self.host.show_status(self._tr("Not printed."))  # not "Printing…" for ever
        failed_with(self.host, self._tr("Not printed"))(message)

    def export_formats(self) -> list[tuple[str, str]]:
        """What Client > Export data… offers, the clients' FHIR version first (preselected):
        the others hold everything, private answers included."""
        tr = self._tr
        labels = {
            fhir.CLIENT: tr("FHIR R4 for an EHR, client version (what the clients may see)"),
            fhir.CLINICIAN: tr("FHIR R4 for an EHR, clinician version (everything, private)"),
        }
        return [(FHIR_EXPORT + v, labels[v]) for v in fhir.VARIANTS] + [
            (ANSWERS_EXPORT, tr("Answers files and a scores CSV (everything, private)"))
        ]

    def export_data(self) -> None:
        """Client > Export data…: FHIR Bundles (client version first), or answers files of
        completed intakes and a scores CSV."""
        client_id = self._client()
        if client_id is None:
            return
        formats = self.export_formats()
        choice = self.host.dialogs.ask_export_format(formats, formats[0][0])
        if choice is None:
            return
        folder = self.host.dialogs.ask_folder()
        if folder is None:
            return
        practice = self.host.practice
        if choice.startswith(FHIR_EXPORT):
            variant = choice.removeprefix(FHIR_EXPORT)
            run_op(
                lambda: fhir.export_client_fhir(
                    practice=practice, client_id=client_id, folder=folder, variant=variant
                ),
                lambda result: self._exported_fhir(result, variant, folder),
                failed_with(self.host, self._tr("Not exported")),
            )
            return
        run_op(
            lambda: sharing.export_client_data(
                practice=practice, client_id=client_id, folder=folder
            ),
            self._exported,
            failed_with(self.host, self._tr("Not exported")),
        )

    def _exported_fhir(self, result: tuple[list[Path], int], variant: str, folder: Path) -> None:
        written, drafts = result
        version = self._tr("client") if variant == fhir.CLIENT else self._tr("clinician")
        text = self._tr(
            "Exported {0} completed intakes as FHIR R4 Bundles ({1} version) to {2}."
        ).format(len(written), version, folder)
        if drafts:
            text += " " + self._tr(
                "{0} unfinished intakes (drafts) were not exported; finish them first."
            ).format(drafts)
        self.host.dialogs.inform(self._tr("Data exported"), text)

    def _exported(self, result: tuple[list[Path], int]) -> None:
        written, drafts = result
        text = self._tr(
            "Exported {0} completed intakes as answers files and the scores as CSV to {1}."
        ).format(len(written) - 1, written[-1].parent)
        if drafts:
            text += " " + self._tr(
                "{0} unfinished intakes (drafts) were not exported; finish them first."
            ).format(drafts)
        self.host.dialogs.inform(self._tr("Data exported"), text)
