"""Emailing a summary from the compose dialog: warnings, a worker, and clear failures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from therapist_desk.services import sharing, summaries
from therapist_desk.sharing import secrets
from therapist_desk.sharing.message import Outgoing, check_address, fill_template
from therapist_desk.sharing.smtp import SmtpServer
from therapist_desk.ui.sharing.email_dialog import Composed, EmailDialog
from therapist_desk.ui.widgets.host import Host
from therapist_desk.ui.widgets.ops import run_op

MIN_PDF_PASSWORD = 6


class EmailController:
    """The compose dialog of one summary, and sending it or handing it to a mail app."""

    def __init__(self, host: Host, current_intake: Callable[[], int | None]) -> None:
        self.host, self._intake = host, current_intake
        self.dialog: EmailDialog | None = None

    def keyring_password(self, user: str) -> str | None:
        """The stored mail server password, if the system keyring holds one."""
        return secrets.get_password(user)

    def compose(self, variant: str | None = None) -> None:
        """The compose dialog, prefilled from the settings' templates."""
        intake_id = self._intake()
        if intake_id is None:
            return
        settings = self.host.practice.settings
        values = sharing.share_values(practice=self.host.practice, intake_id=intake_id)
        user = settings.smtp_user
        dialog = EmailDialog(
            to=", ".join(values.emails[:1]),
            subject=fill_template(settings.email_subject_template, values.placeholders()),
            body=fill_template(settings.email_body_template, values.placeholders()),
            variant=variant or settings.default_pdf_variant,
            ask_smtp_password=bool(user) and self.keyring_password(user) is None,
            can_remember=secrets.keyring_available(),
            parent=self.host.dialogs.parent,
        )
        dialog.send_requested.connect(lambda: self._send(intake_id, dialog))
        dialog.draft_requested.connect(lambda: self._draft(intake_id, dialog))
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        self.host.dialogs.show_dialog(dialog)

    def _checked(self, dialog: EmailDialog, intake_id: int) -> tuple[Composed, Outgoing] | None:
        """The composed email if it can go, after any warning was accepted."""
        tr = self.host.dialogs.tr
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
        if warnings and not self.host.dialogs.confirm(
            tr("Send this summary?"), "\n\n".join(warnings), tr("Send anyway")
        ):
            return None
        filename = summaries.summary_filename(
            practice=self.host.practice,
            intake_id=intake_id,
            variant=c.variant,
        )
        settings = self.host.practice.settings
        sender = settings.sender_address or settings.smtp_user
        return c, Outgoing(sender, c.to, c.subject, c.body, b"", filename)

    def _send(self, intake_id: int, dialog: EmailDialog) -> None:
        settings = self.host.practice.settings
        tr = self.host.dialogs.tr
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
        practice = self.host.practice
        run_op(
            lambda: sharing.email_summary(
                practice=practice,
                intake_id=intake_id,
                variant=c.variant,
                outgoing=outgoing,
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
        dialog.set_busy(False)
        dialog.accept()
        self.host.show_status(self.host.dialogs.tr("The summary was emailed to {0}.").format(c.to))

    def _not_sent(self, dialog: EmailDialog, message: str) -> None:
        dialog.show_error(message)
        if "password" in message:
            dialog.ask_smtp_password(True)

    def _draft(self, intake_id: int, dialog: EmailDialog) -> None:
        checked = self._checked(dialog, intake_id)
        if checked is None:
            return
        c, outgoing = checked
        dialog.set_busy(True, self.host.dialogs.tr("Preparing the draft…"))
        practice = self.host.practice
        run_op(
            lambda: sharing.email_draft(
                practice=practice,
                intake_id=intake_id,
                variant=c.variant,
                outgoing=outgoing,
                pdf_password=c.pdf_password,
            ),
            lambda path: self._drafted(dialog, path),
            dialog.show_error,
        )

    def _drafted(self, dialog: EmailDialog, path: Path) -> None:
        dialog.set_busy(False)
        if not self.host.dialogs.open_file(path):
            dialog.show_error(
                self.host.dialogs.tr("No mail app opened the draft. It is saved at {0}.").format(
                    path
                )
            )
            return
        dialog.accept()
