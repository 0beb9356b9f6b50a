"""Emailing a summary from the compose dialog: warnings, a worker, and clear failures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from therapist_desk.sharing import secrets
from therapist_desk.sharing.message import Outgoing, check_address, fill_template
from therapist_desk.sharing.smtp import SmtpServer
from therapist_desk.ui.email_dialog import Composed, EmailDialog
from therapist_desk.ui.worker import run_in_background

MIN_PDF_PASSWORD = 6


class EmailSender:
    """The email half of :class:`~therapist_desk.ui.sharing_actions.SharingFlow`."""

    flow: Any
    window: Any
    backend: Any
    email_dialog: EmailDialog | None
    sent_to: str | None
    last_draft: Path | None

    if TYPE_CHECKING:  # provided by SharingFlow, which combines itself with this class

        def _intake(self) -> int | None: ...
        def show_dialog(self, dialog: Any) -> None: ...
        def open_file(self, path: Path) -> bool: ...
        def keyring_password(self, user: str) -> str | None: ...

    def compose_email(self, variant: str | None = None) -> None:
        """The compose dialog, prefilled from the settings' templates."""
        intake_id = self._intake()
        if intake_id is None:
            return
        settings = self.backend.settings
        values = self.backend.share_values(intake_id)
        user = settings.smtp_user
        dialog = EmailDialog(
            to=", ".join(values["emails"][:1]),
            subject=fill_template(settings.email_subject_template, values),
            body=fill_template(settings.email_body_template, values),
            variant=variant or settings.default_pdf_variant,
            ask_smtp_password=bool(user) and self.keyring_password(user) is None,
            can_remember=secrets.keyring_available(),
            parent=self.window,
        )
        dialog.send_requested.connect(lambda: self._send(intake_id, dialog))
        dialog.draft_requested.connect(lambda: self._draft(intake_id, dialog))
        if self.email_dialog is not None:
            self.email_dialog.deleteLater()
        self.email_dialog = dialog
        self.show_dialog(dialog)

    def _checked(self, dialog: EmailDialog, intake_id: int) -> tuple[Composed, Outgoing] | None:
        """The composed email if it can go, after any warning was accepted."""
        tr = self.window.tr
        c = dialog.composed()
        try:
            check_address(c.to)
        except Exception as err:
            dialog.show_error(str(err))
            return None
        if c.pdf_password is not None and len(c.pdf_password) < MIN_PDF_PASSWORD:
            dialog.show_error(tr("Choose a PDF password of at least 6 characters."))
            return None
        warnings = []
        if c.variant == "clinician":
            warnings.append(
                tr(
                    "This is the clinician version: it holds everything, including what a "
                    "partner disclosed privately."
                )
            )
        if c.pdf_password is None:
            warnings.append(
                tr("The PDF is not password-protected: anyone who sees the email can read it.")
            )
        if warnings and not self.flow.confirm(
            tr("Send this summary?"), "\n\n".join(warnings), tr("Send anyway")
        ):
            return None
        filename = self.backend.pdf_filename(intake_id, c.variant)
        sender = self.backend.settings.sender_address or self.backend.settings.smtp_user
        return c, Outgoing(sender, c.to, c.subject, c.body, b"", filename)

    def _send(self, intake_id: int, dialog: EmailDialog) -> None:
        settings = self.backend.settings
        tr = self.window.tr
        if not settings.smtp_host:
            dialog.show_error(tr("No mail server is set. Add it in Settings > Email."))
            return
        checked = self._checked(dialog, intake_id)
        if checked is None:
            return
        c, outgoing = checked
        try:
            check_address(outgoing.sender)
        except Exception:
            dialog.show_error(tr("Set your sender address in Settings > Email."))
            return
        server = SmtpServer(
            settings.smtp_host, settings.smtp_port, settings.smtp_security, settings.smtp_user
        )
        password = c.smtp_password or (self.keyring_password(server.user) if server.user else None)
        dialog.set_busy(True, tr("Sending to {0}…").format(server.where))
        run_in_background(
            lambda: self.backend.email_pdf(
                intake_id,
                c.variant,
                outgoing,
                pdf_password=c.pdf_password,
                server=server,
                smtp_password=password,
            ),
            lambda domain: self._sent(dialog, c, server.user),
            lambda message: self._not_sent(dialog, message),
        )

    def _sent(self, dialog: EmailDialog, c: Composed, user: str) -> None:
        if c.remember and c.smtp_password and user:
            secrets.store_password(user, c.smtp_password)
        self.sent_to = c.to
        dialog.set_busy(False)
        dialog.accept()
        self.window.statusBar().showMessage(
            self.window.tr("The summary was emailed to {0}.").format(c.to), 8000
        )

    def _not_sent(self, dialog: EmailDialog, message: str) -> None:
        dialog.show_error(message)
        if "password" in message:
            dialog.ask_smtp_password(True)

    def _draft(self, intake_id: int, dialog: EmailDialog) -> None:
        checked = self._checked(dialog, intake_id)
        if checked is None:
            return
        c, outgoing = checked
        dialog.set_busy(True, self.window.tr("Preparing the draft…"))
        run_in_background(
            lambda: self.backend.email_draft(
                intake_id, c.variant, outgoing, pdf_password=c.pdf_password
            ),
            lambda path: self._drafted(dialog, path),
            dialog.show_error,
        )

    def _drafted(self, dialog: EmailDialog, path: Path) -> None:
        self.last_draft = path
        dialog.set_busy(False)
        if not self.open_file(path):
            dialog.show_error(
                self.window.tr("No mail app opened the draft. It is saved at {0}.").format(path)
            )
            return
        dialog.accept()
