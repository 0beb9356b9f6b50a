"""The client page: who they are, their intakes, and their measures over time."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.ui.clients.intake_table_model import IntakeTableModel
from therapist_desk.ui.clients.measure_chart import MeasureChart
from therapist_desk.ui.widgets.bidi import isolated

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.services.views import ClientView, PersonView


class ClientPage(QScrollArea):
    """Details of one client, with the actions that apply to them."""

    start_intake = Signal()
    resume_intake = Signal(int)
    open_intake = Signal(int)
    edit_client = Signal()
    archive_toggled = Signal()
    erase_client = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.view: ClientView | None = None
        self.name = QLabel()
        self.name.setObjectName("pageTitle")
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.people = QLabel()
        self.people.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start intake"))
        self.start_button.setObjectName("primary")
        self.resume_button = QPushButton(self.tr("Resume intake"))
        self.resume_button.setObjectName("primary")
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.archive_button = QPushButton(self.tr("Archive"))
        self.erase_button = QPushButton(self.tr("Erase…"))
        for button, name in (
            (self.start_button, self.tr("Start a new intake")),
            (self.resume_button, self.tr("Resume the unfinished intake")),
            (self.edit_button, self.tr("Edit client details")),
            (self.archive_button, self.tr("Archive or restore client")),
            (self.erase_button, self.tr("Erase client permanently")),
        ):
            button.setAccessibleName(name)
        self.start_button.clicked.connect(self.start_intake)
        self.resume_button.clicked.connect(self._resume)
        self.edit_button.clicked.connect(self.edit_client)
        self.archive_button.clicked.connect(self.archive_toggled)
        self.erase_button.clicked.connect(self.erase_client)
        self.intakes = IntakeTableModel(self)
        self.intake_table = QTableView()
        self.intake_table.setModel(self.intakes)
        self.intake_table.setAccessibleName(self.tr("Intakes of this client"))
        self.intake_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.intake_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.intake_table.verticalHeader().hide()
        self.intake_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.intake_table.setMinimumHeight(140)
        self.intake_table.activated.connect(
            lambda index: self.open_intake.emit(self.intakes.intake_id(index.row()))
        )
        self.chart = MeasureChart()
        self._layout()

    def _layout(self) -> None:
        actions = QHBoxLayout()
        for button in (self.start_button, self.resume_button, self.edit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.archive_button)
        actions.addWidget(self.erase_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.name)
        layout.addWidget(self.people)
        layout.addLayout(actions)
        layout.addWidget(QLabel(self.tr("<b>Intakes</b> (double-click or Enter to open)")))
        layout.addWidget(self.intake_table)
        layout.addWidget(QLabel(self.tr("<b>Measures over time</b> (dashed line: cut-off)")))
        layout.addWidget(self.chart)
        layout.addStretch(1)
        self.setWidget(body)

    def show_client(self, view: ClientView) -> None:
        """Fill the page from a client's view."""
        self.view = view
        suffix = self.tr(" (archived)") if view.archived else ""
        self.name.setText(escape(isolated(view.display_name)) + suffix)
        self.people.setText("<br>".join(_person_html(person) for person in view.people))
        self.resume_button.setVisible(view.draft_id is not None)
        self.start_button.setVisible(view.draft_id is None)
        self.archive_button.setText(self.tr("Restore") if view.archived else self.tr("Archive"))
        self.intakes.set_rows(view.intakes)
        self.chart.set_series(view.series)

    def _resume(self) -> None:
        if self.view is not None and self.view.draft_id is not None:
            self.resume_intake.emit(self.view.draft_id)


def _person_html(person: PersonView) -> str:
    """Name, preferred name, pronouns and contact details on one line, escaped."""
    parts = [f"<b>{escape(isolated(person.name))}</b>"]
    for value in (
        person.preferred_name,
        person.pronouns,
        person.date_of_birth.isoformat() if person.date_of_birth else None,
        person.email,
        person.phone,
    ):
        if value:
            parts.append(escape(isolated(value)))
    return " · ".join(parts)
