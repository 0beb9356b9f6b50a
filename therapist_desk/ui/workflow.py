"""What happens when the clinician acts: dialogs, backend calls, which page shows next.

Every place that asks the user something goes through one small method here
(``run_dialog``, ``ask_mode``, ``confirm``, ``ask_save_path``) so tests can answer it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from therapist_desk.errors import UserError
from therapist_desk.models import IntakeMode, IntakeStatus
from therapist_desk.store.disk_full import disk_full_error
from therapist_desk.ui.client_dialog import ClientDialog
from therapist_desk.ui.security_settings import SecurityBox
from therapist_desk.ui.settings_dialog import SettingsDialog
from therapist_desk.ui.sharing_actions import SharingFlow
from therapist_desk.ui.theme import apply_theme
from therapist_desk.ui.wizard.wizard import IntakeWizard
from therapist_desk.ui.worker import run_in_background

if TYPE_CHECKING:
    from therapist_desk.ui.main_window import MainWindow


class _WizardBackend:
    """Binds the wizard's saves to one intake."""

    def __init__(self, flow: Workflow, intake_id: int) -> None:
        self.flow, self.intake_id = flow, intake_id

    def save_answer(self, position: int | None, item_id: str, value: Any) -> None:
        self.flow.backend.save_answer(self.intake_id, position, item_id, value)

    def set_position(self, section_id: str, position: int | None) -> None:
        self.flow.backend.set_position(self.intake_id, section_id, position)


class Workflow:
    """The controller between the main window's pages and the backend."""

    def __init__(self, window: MainWindow) -> None:
        self.window, self.backend = window, window.backend
        self.client_id: int | None = None
        self.intake_id: int | None = None
        self.wizard: IntakeWizard | None = None
        self.last_pdf: Path | None = None
        self.sharing = SharingFlow(self)
        self._connect_sharing()

    def _connect_sharing(self) -> None:
        a, sharing = self.window.actions_, self.sharing
        a.preview.triggered.connect(lambda: sharing.open_preview())
        a.print_summary.triggered.connect(sharing.print_summary)
        a.email_summary.triggered.connect(lambda: sharing.compose_email())
        a.export_data.triggered.connect(sharing.export_data)
        self.window.results_page.share_requested.connect(lambda: sharing.open_preview())

    # Hooks a test can replace --------------------------------------------------------

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; whether it was accepted."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def ask_mode(self) -> IntakeMode | None:
        """In the room or on a video call? ``None`` when cancelled."""
        box = QMessageBox(self.window)
        box.setWindowTitle(self.window.tr("Start intake"))
        box.setText(self.window.tr("Where does this consultation take place?"))
        room = box.addButton(self.window.tr("In person"), QMessageBox.ButtonRole.AcceptRole)
        video = box.addButton(self.window.tr("Video call"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return {room: IntakeMode.IN_PERSON, video: IntakeMode.VIDEO}.get(box.clickedButton())

    def confirm(self, title: str, text: str, ok: str) -> bool:
        """Ask before doing something that cannot be undone."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self.window)
        yes = box.addButton(ok, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def ask_save_path(self, suggested: str) -> Path | None:
        """Where to save a file; ``None`` when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, self.window.tr("Save PDF"), str(Path.home() / suggested), "PDF (*.pdf)"
        )
        return Path(path) if path else None

    def inform(self, title: str, text: str, *, warning: bool = False) -> None:
        """Tell the user something (an error that changed nothing, or a result)."""
        show = QMessageBox.warning if warning else QMessageBox.information
        show(self.window, title, text)

    # Clients -------------------------------------------------------------------------

    def new_client(self) -> None:
        """Add a client; nothing is saved until the dialog's fields are valid."""
        dialog = ClientDialog(self.window)
        if not self.run_dialog(dialog) or dialog.result_shape is None:
            return
        client_id = self._guard(
            lambda: self.backend.create_client(dialog.result_shape),
            what=self.window.tr("the new client"),
        )
        if client_id is not None:
            self.window.show_home()
            self.window.clients_page.select_client(client_id)

    def edit_client(self) -> None:
        """Edit the details of the client shown."""
        if self.client_id is None:
            return
        kind, people = self.backend.client_form(self.client_id)
        dialog = ClientDialog(self.window, editing=True)
        dialog.load(kind, people)
        if self.run_dialog(dialog) and dialog.result_shape is not None:
            client_id = self.client_id
            self._guard(lambda: self.backend.update_client(client_id, dialog.result_shape))
            self.window.clients_page.model.refresh()
            self.show_client(client_id)

    def show_client(self, client_id: int) -> None:
        """Show a client's page."""
        self.client_id = client_id
        view = self._guard(lambda: self.backend.client_view(client_id))
        if view is None:
            return
        page = self.window.clients_page
        page.client_page.show_client(view)
        page.right.setCurrentWidget(page.client_page)
        self.window.show_page(page)

    def back_to_client(self) -> None:
        """From results or the wizard back to the client's page."""
        self.flush()
        self.window.show_home()
        if self.client_id is not None:
            self.window.clients_page.select_client(self.client_id)

    def toggle_archive(self) -> None:
        """Archive the client shown (hide from the list), or restore them."""
        if self.client_id is None:
            return
        archived = self.backend.client_view(self.client_id).archived
        client_id = self.client_id
        self._guard(lambda: self.backend.set_archived(client_id, not archived))
        self.window.clients_page.model.refresh()
        self.show_client(client_id)

    def erase_client(self) -> None:
        """Erase every trace of a client, after an explicit confirmation."""
        if self.client_id is None:
            return
        name = self.backend.client_view(self.client_id).display_name
        text = self.window.tr(
            "Erase {0} and every intake, answer and score of theirs from this computer, "
            "including the backups? This cannot be undone."
        ).format(name)
        if not self.confirm(self.window.tr("Erase client"), text, self.window.tr("Erase")):
            return
        client_id, self.client_id = self.client_id, None
        self._guard(lambda: self.backend.erase(client_id))
        self.window.clients_page.right.setCurrentWidget(self.window.clients_page.choose_hint)
        self.window.show_home()

    # Intakes -------------------------------------------------------------------------

    def start_or_resume(self) -> None:
        """Resume the client's unfinished intake, or start a new one."""
        if self.client_id is None:
            return
        view = self.backend.client_view(self.client_id)
        if view.draft_id is not None:
            self.open_draft(view.draft_id)
            return
        mode = self.ask_mode()
        if mode is None:
            return
        client_id = self.client_id
        intake_id = self._guard(lambda: self.backend.start_intake(client_id, mode))
        if intake_id is not None:
            self.open_draft(intake_id)

    def open_intake(self, intake_id: int) -> None:
        """Open an intake from the client page: a draft resumes, a completed one shows results."""
        if self.backend.intake_status(intake_id) is IntakeStatus.DRAFT:
            self.open_draft(intake_id)
        else:
            self.show_results(intake_id)

    def open_draft(self, intake_id: int) -> None:
        """Show the wizard for a draft, exactly where it stopped."""
        self.flush()
        session = self.backend.intake_session(intake_id)
        if self.wizard is not None:
            self.wizard.setParent(None)
            self.wizard.deleteLater()
        self.intake_id = intake_id
        self.wizard = IntakeWizard(
            catalogue=self.backend.catalogue,
            kind=session.kind,
            people=session.people,
            answers=session.answers,
            resume=session.resume,
            backend=_WizardBackend(self, intake_id),
            title=session.title,
        )
        self.wizard.finish_requested.connect(self.complete)
        self.window.show_page(self.wizard)

    def finish_intake(self) -> None:
        """Intake > Finish: the wizard's finish question, when a wizard is open."""
        if self.wizard is not None and self.window.stack.currentWidget() is self.wizard:
            self.wizard.request_finish()

    def complete(self) -> None:
        """Score and recommend, keep the result, and show it."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        if self._guard(lambda: self.backend.complete_intake(intake_id)) is None:
            return
        if self.wizard is not None:
            self.wizard.setParent(None)
            self.wizard.deleteLater()
            self.wizard = None
        self.show_results(intake_id)

    def show_results(self, intake_id: int) -> None:
        """The results page of a completed intake."""
        self.intake_id = intake_id
        found = self._guard(lambda: self.backend.open_results(intake_id))
        if found is None:
            return
        rec, decision = found
        self.window.results_page.set_default_variant(self.backend.settings.default_pdf_variant)
        self.window.results_page.show_results(rec, decision)
        self.window.results_page.show_reevaluation(*self.backend.reevaluation(intake_id))
        self.window.show_page(self.window.results_page)

    def record_decision(self, suggested: str, final: str, reason: str | None) -> None:
        """Keep the clinician's decision and show it."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        self._guard(lambda: self.backend.decide(intake_id, suggested, final, reason))
        _, decision = self.backend.results(intake_id)
        self.window.results_page.show_decision(decision)

    def reevaluate(self) -> None:
        """Re-evaluate the shown intake with today's rules; the new result shows the old."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        new_id = self._guard(lambda: self.backend.reevaluate(intake_id))
        if new_id is not None:
            self.show_results(new_id)

    def amend(self) -> None:
        """Correct a completed intake in a new draft; the original is kept unchanged."""
        if self.intake_id is None:
            return
        intake_id = self.intake_id
        draft = self._guard(lambda: self.backend.amend(intake_id))
        if draft is not None:
            self.open_draft(draft)

    def create_pdf(self, variant: str) -> None:
        """Render the PDF on a worker, then save it where the clinician chooses."""
        if (
            self.intake_id is None
            or self.window.stack.currentWidget() is not self.window.results_page
        ):
            return
        intake_id = self.intake_id
        suggested = self.backend.pdf_filename(intake_id, variant)
        path = self.ask_save_path(suggested)
        if path is None:
            return
        self.window.statusBar().showMessage(self.window.tr("Creating the PDF…"))
        run_in_background(
            lambda: self.backend.save_pdf(intake_id, variant, path),
            self._pdf_saved,
            lambda message: self.inform(self.window.tr("PDF not saved"), message, warning=True),
        )

    def _pdf_saved(self, path: Path) -> None:
        self.last_pdf = path
        self.window.statusBar().showMessage(self.window.tr("Saved {0}").format(path), 8000)

    # Settings, backups, state --------------------------------------------------------

    def open_settings(self) -> None:
        """Edit the settings; saved, and the text size applied, on Save."""
        context, security = self.window.context, self.window.security
        dialog = SettingsDialog(
            context.settings,
            data_folder=context.database.path.parent,
            back_up_now=self.backend.back_up_now,
            security=SecurityBox(
                encrypted=security.encrypted,
                check_passphrase=security.is_passphrase,
                change_encryption=security.change_encryption,
            ),
            parent=self.window,
        )
        if self.run_dialog(dialog) and dialog.result_settings is not None:
            context.settings = self.backend.settings = dialog.result_settings
            self.window.save_settings_quietly()
            self.window.apply_lock_settings()
            from PySide6.QtWidgets import QApplication

            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, context.settings.text_scale)

    def back_up_now(self) -> None:
        """File > Back up now."""
        message = self._guard(self.backend.back_up_now, what=self.window.tr("the backup"))
        if message:
            self.window.statusBar().showMessage(message, 8000)

    def update_actions(self) -> None:
        """Enable only the actions that make sense on the page shown."""
        a, w = self.window.actions_, self.window
        if w.screen_lock.locked:
            return  # everything stays disabled behind the lock; updated on unlock
        covered = a.privacy.isChecked()
        current = w.stack.currentWidget()
        has_client = self.client_id is not None and not covered
        for action in (
            a.edit_client,
            a.archive_client,
            a.erase_client,
            a.start_intake,
            a.export_data,
        ):
            action.setEnabled(has_client)
        a.finish_intake.setEnabled(not covered and current is self.wizard is not None)
        on_results = not covered and current is w.results_page
        for action in (a.client_pdf, a.clinician_pdf, a.preview, a.print_summary, a.email_summary):
            action.setEnabled(on_results)
        for action in (a.new_client, a.find, a.settings):
            action.setEnabled(not covered)

    def flush(self) -> None:
        """Save anything still being typed in the wizard."""
        if self.wizard is not None and self.wizard.page is not None:
            self.wizard.page.flush()

    def _guard(self, action: Any, *, what: str = "your last change") -> Any:
        """Run ``action``; show a user error (a full disk too) in a dialog, return ``None``.

        ``what`` names, for the full-disk message, what was not saved.
        """
        try:
            result = action()
        except Exception as err:
            shown = disk_full_error(err, self.backend.database.path.parent, what=what) or err
            if not isinstance(shown, UserError):
                raise
            self.inform(self.window.tr("Therapist Desk"), str(shown), warning=True)
            return None
        return True if result is None else result
