"""What happens when the clinician acts on a client: add, edit, show, archive, erase.

The list itself needs only `services.client_list`; the operations on one client (and
the models they bring) are imported when first used, so the list shows first.
"""

from __future__ import annotations

from itertools import count
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from therapist_desk.services import client_list
from therapist_desk.ui.clients.list_page import ClientsPage
from therapist_desk.ui.widgets.host import Host, failed_with, guarded
from therapist_desk.ui.widgets.ops import Progress, run_op

if TYPE_CHECKING:
    from therapist_desk.services.views import ClientView
    from therapist_desk.ui.clients.client_page import ClientPage


def _clients() -> ModuleType:
    """`services.clients`, loaded on first use."""
    from therapist_desk.services import clients

    return clients


class ClientsController(QObject):
    """The client list and page, and the dialogs that change a client."""

    intake_requested = Signal(int)  # start or resume an intake for this client
    reassessment_requested = Signal(int)  # start a re-assessment of this client
    intake_opened = Signal(int)  # an intake chosen on the client page
    shown = Signal(int)  # a client's page has been filled

    def __init__(self, host: Host, page: ClientsPage) -> None:
        # Owned by the window, so it is deleted with it on the UI thread (never by a
        # garbage collection that happens to run on a worker).
        super().__init__(host if isinstance(host, QObject) else None)
        self.host, self.page = host, page
        self.client_id: int | None = None
        self.view: ClientView | None = None
        self._loads = count(1)
        self._latest = self._arrived_token = 0
        page.client_selected.connect(self.show_client)
        page.new_client_requested.connect(self.new_client)
        page.client_page_made.connect(self._wire_details)

    def _wire_details(self, details: ClientPage) -> None:
        details.start_intake.connect(self.request_intake)
        details.start_reassessment.connect(self.request_reassessment)
        details.progress_pdf.connect(self.save_progress_pdf)
        audience = getattr(self.host, "audience", None)
        if audience is not None:  # what the page shows follows who is looking
            details.set_audience(audience.audience)
            audience.changed.connect(details.set_audience)
        details.resume_intake.connect(self.intake_opened)
        details.open_intake.connect(self.intake_opened)
        details.edit_client.connect(self.edit_client)
        details.archive_toggled.connect(self.toggle_archive)
        details.erase_client.connect(self.erase_client)

    def fetch(self, query: str, include_archived: bool, limit: int, offset: int) -> list:
        """A page of the client list (the list model calls this)."""
        return client_list.search_clients(
            practice=self.host.practice,
            query=query,
            include_archived=include_archived,
            limit=limit,
            offset=offset,
        )

    def new_client(self) -> None:
        """Add a client; nothing is saved until the dialog's fields are valid."""
        from therapist_desk.ui.clients.client_dialog import ClientDialog

        practice = self.host.practice
        dialog = ClientDialog(
            self.host.dialogs.parent,
            find_similar=lambda shape: _clients().similar_clients(practice=practice, data=shape),
            confirm_discard=lambda: self._confirm_discard(editing=False),
        )
        if not self.host.dialogs.run_dialog(dialog) or dialog.result_shape is None:
            return
        shape = dialog.result_shape
        client_id = guarded(
            self.host, lambda: _clients().create_client(practice=self.host.practice, data=shape)
        )
        if client_id is not None:
            self.host.show_home()
            self.page.select_client(client_id)

    def edit_client(self) -> None:
        """Edit the details of the client shown."""
        client_id = self.client_id
        if client_id is None:
            return
        from therapist_desk.ui.clients.client_dialog import ClientDialog

        form = _clients().client_form(practice=self.host.practice, client_id=client_id)
        dialog = ClientDialog(
            self.host.dialogs.parent,
            editing=True,
            confirm_discard=lambda: self._confirm_discard(editing=True),
        )
        dialog.load(form)
        if self.host.dialogs.run_dialog(dialog) and dialog.result_shape is not None:
            shape = dialog.result_shape
            guarded(
                self.host,
                lambda: _clients().update_client(
                    practice=self.host.practice, client_id=client_id, data=shape
                ),
            )
            self.page.model.refresh()
            self.show_client(client_id)

    def _confirm_discard(self, *, editing: bool) -> bool:
        """Escape on a client form with details typed: throw them away? (Cancel keeps them.)"""
        tr = self.host.dialogs.tr
        if editing:
            title = tr("Discard your changes?")
            text = tr("Discard the changes to this client's details? They are not saved.")
        else:
            title = tr("Discard the new client?")
            text = tr("Discard what you typed for the new client? It is not saved.")
        return self.host.dialogs.confirm(title, text, tr("Discard"))

    @property
    def loading(self) -> bool:
        """Whether a client's page is still being read."""
        return self._latest != self._arrived_token

    def show_client(self, client_id: int) -> None:
        """Show a client's page; it is read on a worker and filled when it arrives."""
        self.client_id = client_id
        token = self._latest = next(self._loads)
        practice = self.host.practice
        self.host.show_page(self.page)
        run_op(
            lambda: _clients().client_view(practice=practice, client_id=client_id),
            lambda view: self._arrived(token, view),
            lambda message: self._not_arrived(token, message),
        )

    def _arrived(self, token: int, view: ClientView) -> None:
        if token != self._latest:
            return  # another client was chosen meanwhile; its page is on its way
        self._arrived_token = token
        self.view = view
        self.page.show_client(view)
        self.host.update_actions()
        self.shown.emit(view.client_id)

    def _not_arrived(self, token: int, message: str) -> None:
        if token == self._latest:
            self._arrived_token = token
            self.host.dialogs.inform(
                self.host.dialogs.tr("Client not shown"), message, warning=True
            )

    def request_intake(self) -> None:
        """What the client page's start button offers (Intake › Start, Ctrl+I): resume the
        open intake, start the first one, or, for a client seen before, a re-assessment
        (which asks who came)."""
        if self.client_id is None:
            return
        view = self.view
        seen_before = view is not None and view.client_id == self.client_id
        if seen_before and view.draft_id is None and view.can_reassess:
            self.reassessment_requested.emit(self.client_id)
            return
        self.intake_requested.emit(self.client_id)

    def request_reassessment(self) -> None:
        """Start a re-assessment of the client shown."""
        if self.client_id is not None:
            self.reassessment_requested.emit(self.client_id)

    def save_progress_pdf(self, variant: str) -> None:
        """Save the progress summary of the client shown (``client`` or ``clinician``)."""
        if self.client_id is None or self.view is None:
            return
        if variant == "clinician" and not self.host.audience.is_clinician:
            return  # the clinician's version is made only while the clinician alone looks
        tr = self.host.dialogs.tr
        name = "".join(c if c.isalnum() else "-" for c in self.view.display_name).strip("-")
        path = self.host.dialogs.ask_save_path(f"progress-{name}-{variant}.pdf")
        if path is None:
            return
        from therapist_desk.services.progress_pdf import save_progress_pdf

        practice, client_id = self.host.practice, self.client_id
        run_op(
            lambda: save_progress_pdf(
                practice=practice, client_id=client_id, variant=variant, path=path
            ),
            lambda saved: self.host.show_status(tr("Saved {0}").format(saved)),
            failed_with(self.host, tr("Progress PDF not saved")),
            progress=Progress(self.host.dialogs.parent, tr("Making the progress summary…")),
        )

    def toggle_archive(self) -> None:
        """Archive the client shown (hide from the list), or bring them back."""
        if self.client_id is None or self.view is None:
            return
        client_id, archived = self.client_id, not self.view.archived
        guarded(
            self.host,
            lambda: _clients().set_archived(
                practice=self.host.practice, client_id=client_id, archived=archived
            ),
        )
        self.page.model.refresh()
        self.show_client(client_id)

    def erase_client(self) -> None:
        """Erase every trace of a client, once the clinician has typed their name."""
        if self.client_id is None or self.view is None:
            return
        from therapist_desk.ui.clients.erase_dialog import EraseDialog

        dialog = EraseDialog(self.view.display_name, self.host.dialogs.parent)
        if not self.host.dialogs.run_dialog(dialog):
            return
        client_id, self.client_id, self.view = self.client_id, None, None
        practice, tr = self.host.practice, self.host.dialogs.tr
        self.page.show_no_client()
        run_op(
            lambda: _clients().erase_client(practice=practice, client_id=client_id),
            lambda _: self._erased(),
            failed_with(self.host, tr("Not erased")),
            progress=Progress(
                self.host.dialogs.parent, tr("Erasing from the database and every backup…")
            ),
        )

    def _erased(self) -> None:
        self.host.show_status(self.host.dialogs.tr("The client was erased."))
        self.host.show_home()
