"""Clients: live search on the left, the chosen client's page on the right."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.ui.clients.list_model import ClientListModel, Fetch

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.services.views import ClientView
    from therapist_desk.ui.clients.client_page import ClientPage

SEARCH_DELAY_MS = 120


class ClientsPage(QSplitter):
    """The client list with search and the archive switch, beside the client page."""

    client_selected = Signal(int)
    new_client_requested = Signal()
    client_page_made = Signal(object)  # the `ClientPage`, when a client is first shown

    def __init__(self, fetch: Fetch, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search clients (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search clients by name"))
        self.search.setClearButtonEnabled(True)
        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.setAccessibleName(self.tr("Show archived clients"))
        self.new_button = QPushButton(self.tr("New client…"))
        self.new_button.setAccessibleName(self.tr("New client"))
        self.model = ClientListModel(fetch, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Clients"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font, not ResizeToContents: that asks every loaded row for
        # its size on each keystroke (2,000 data() calls a search; see docs/benchmarks.md).
        metrics = self.table.fontMetrics()
        for column, sample in ((1, "Individual"), (2, "Last activity")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 2 * metrics.height())
        self.no_match = QLabel(self.tr("No client matches this search."))
        self.no_match.setObjectName("hint")
        self.no_match.hide()
        self.choose_hint = QLabel(self.tr("Choose a client on the left, or add a new one."))
        self.choose_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_hint.setObjectName("hint")
        self.right = QStackedWidget()
        self.right.addWidget(self.choose_hint)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.show_archived.toggled.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_client_requested)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.search.installEventFilter(self)  # Down goes from the search into the list
        self._layout()

    def _layout(self) -> None:
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.addWidget(self.show_archived)
        row.addStretch(1)
        row.addWidget(self.new_button)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.no_match)
        self.addWidget(left)
        self.addWidget(self.right)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([380, 700])

    def focus_start(self) -> None:
        """The keyboard where a session starts: in the search (type a name, or Down for
        the most recent client first)."""
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_list(self) -> None:
        """The keyboard in the list, on the chosen client (none yet: the first, the most
        recent)."""
        if self._timer.isActive():  # a search typed a moment ago: its results first
            self.apply_filter()
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_list()
            return True
        return super().eventFilter(watched, event)

    def apply_filter(self) -> None:
        """Run the search now with the current text and archive switch."""
        self._timer.stop()
        self.model.set_filter(self.search.text(), self.show_archived.isChecked())
        self.no_match.setVisible(self.model.rowCount() == 0)
        if self.model.rowCount() == 0:
            self.show_no_client()

    @cached_property
    def client_page(self) -> ClientPage:
        """The chosen client's page (built when a client is first shown, not with the list)."""
        from therapist_desk.ui.clients.client_page import ClientPage

        page = ClientPage()
        self.right.addWidget(page)
        self.client_page_made.emit(page)
        return page

    def show_client(self, view: ClientView) -> None:
        """Show a client's page beside the list."""
        self.client_page.show_client(view)
        self.right.setCurrentWidget(self.client_page)

    def show_no_client(self) -> None:
        """The hint to choose a client, in place of a client's page."""
        self.right.setCurrentWidget(self.choose_hint)

    def showing_client(self) -> bool:
        """Whether a client's page is shown beside the list."""
        shown = self.right.currentWidget()
        return shown is not None and shown is self.__dict__.get("client_page")

    def select_client(self, client_id: int) -> None:
        """Select a client in the list (searching afresh if it is not shown)."""
        row = self.model.row_of(client_id)
        if row is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.apply_filter()
            row = self.model.row_of(client_id)
        if row is not None:
            self.table.selectRow(row)
        self.client_selected.emit(client_id)

    def _selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.client_selected.emit(self.model.client_id(indexes[0].row()))
