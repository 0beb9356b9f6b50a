"""Emailing a summary from the compose dialog: safe defaults, warnings, a worker, failures.

What the dialog offers and preselects comes from `services.sharing.share_documents`,
never from the preview that was open: Email always starts on the client version,
addressed to everyone it is for, protected by a fresh passphrase.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from therapist_desk.errors import UserError
from therapist_desk.services import sharing, summaries
from therapist_desk.sharing import secrets
from therapist_desk.sharing.message import Outgoing, check_address, fill_template
from therapist_desk.sharing.smtp import SmtpServer
from therapist_desk.ui.sharing.email_dialog import Composed, EmailDialog
from therapist_desk.ui.widgets.host import Host
from therapist_desk.ui.widgets.ops import run_op


class EmailController:
    """The compose dialog of one summary, and sending it or handing it to a mail app."""

    def __init__(self, host: Host, current_intake: Callable[[], int | None]) -> None:
        self.host, self._intake = host, current_intake
        self.dialog: EmailDialog | None = None

    def keyring_password(self, user: str) -> str | None:
        """The stored mail server password, if the system keyring holds one."""
        return secrets.get_password(user)

    def compose(self) -> None:
        """The compose dialog, prefilled from the settings' templates and safe defaults."""
        intake_id = self._intake()
        if intake_id is None:
            return
        practice = self.host.practice
        settings = practice.settings
        values = sharing.share_values(practice=practice, intake_id=intake_id)
        user = settings.smtp_user
        tr = self.host.dialogs.tr
        dialog = EmailDialog(
            documents=sharing.share_documents(practice=practice, intake_id=intake_id),
            subject=fill_template(settings.email_subject_template, values.placeholders()),
            body=fill_template(settings.email_body_template, values.placeholders()),
            passphrase=sharing.new_passphrase(),
            new_passphrase=sharing.new_passphrase,
            ask_discard=lambda: self.host.dialogs.confirm(
                tr("Discard this email?"),
                tr("What you typed in this email will be lost."),
                tr("Discard"),
            ),
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

    def _valid(self, dialog: EmailDialog, intake_id: int) -> Composed | None:
        """What was composed, if the services let it go (else the reason is shown)."""
        c = dialog.composed()
        try:
            sharing.check_email(
                practice=self.host.practice,
                intake_id=intake_id,
                document=c.document,
                to=c.to,
                subject=c.subject,
                body=c.body,
                pdf_password=c.pdf_password,
            )
        except UserError as err:
            dialog.show_error(str(err))
            return None
        return c

    def _confirmed(self, dialog: EmailDialog, c: Composed, intake_id: int) -> Outgoing | None:
        """The message to send, once any warning was accepted (Enter there cancels)."""
        tr = self.host.dialogs.tr
        warnings = []
        if not dialog.current.for_clients:
            warnings.append(
                tr(
                    "This is the clinician version: it holds everything, including what a "
                    "partner disclosed privately."
                )
            )
        if c.pdf_password is None:
            warnings.append(
                tr(
                    "You turned password protection off: anyone who sees the email can "
                    "open the PDF."
                )
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
        return Outgoing(sender, c.to, c.subject, c.body, b"", filename)

    def _send(self, intake_id: int, dialog: EmailDialog) -> None:
        settings = self.host.practice.settings
        tr = self.host.dialogs.tr
        c = self._valid(dialog, intake_id)  # first: what may not go is said whatever the setup
        if c is None:
            return
        if not settings.smtp_host:
            dialog.show_error(tr("No mail server is set. Add it in Settings > Email."))
            return
        try:
            check_address(settings.sender_address or settings.smtp_user)
        except UserError:
            dialog.show_error(tr("Set your sender address in Settings > Email."))
            return
        outgoing = self._confirmed(dialog, c, intake_id)
        if outgoing is None:
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
                document=c.document,
                outgoing=outgoing,
                pdf_password=c.pdf_password,
                server=server,
                smtp_password=password,
            ),
            lambda domains: self._sent(dialog, c, server.user),
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
        c = self._valid(dialog, intake_id)
        outgoing = None if c is None else self._confirmed(dialog, c, intake_id)
        if c is None or outgoing is None:
            return
        dialog.set_busy(True, self.host.dialogs.tr("Preparing the draft…"))
        practice = self.host.practice
        run_op(
            lambda: sharing.email_draft(
                practice=practice,
                intake_id=intake_id,
                document=c.document,
                outgoing=outgoing,
                pdf_password=c.pdf_password,
            ),
            lambda path: self._drafted(dialog, path),
            dialog.show_error,
        )

    def _drafted(self, dialog: EmailDialog, path: Path) -> None:
        tr = self.host.dialogs.tr
        dialog.set_busy(False)
        if not self.host.dialogs.open_file(path):
            dialog.show_error(
                tr(
                    "No mail app opened the draft. It is at {0} until Therapist Desk closes."
                ).format(path)
            )
            return
        dialog.accept()
        self.host.show_status(
            tr(
                "The draft is open in your mail app: send it from there. Its copy in the "
                "data folder is removed when Therapist Desk closes."
            ),
            15_000,
        )
