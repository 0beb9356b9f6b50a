"""The client page: who they are, their intakes, and their measures over time."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake.audience import Audience
from therapist_desk.ui.clients.intake_table_model import IntakeTableModel
from therapist_desk.ui.clients.measure_chart import MeasureChart
from therapist_desk.ui.clients.progress_models import ChangeTableModel, HistoryTableModel
from therapist_desk.ui.widgets.bidi import isolated

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.services.progress import ProgressView, Track
    from therapist_desk.services.views import ClientView, PersonView


class ClientPage(QScrollArea):
    """Details of one client, with the actions that apply to them."""

    start_intake = Signal()
    start_reassessment = Signal()
    progress_pdf = Signal(str)  # "client" or "clinician"
    resume_intake = Signal(int)
    open_intake = Signal(int)
    edit_client = Signal()
    archive_toggled = Signal()
    erase_client = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.view: ClientView | None = None
        self._tracks: list[Track] = []
        self.audience = Audience.clinician()
        self.name = QLabel()
        self.name.setObjectName("pageTitle")
        self.name.setWordWrap(True)
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.people = QLabel()
        self.people.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start intake"))
        self.start_button.setObjectName("primary")
        self.reassess_button = QPushButton(self.tr("Start re-assessment"))
        self.reassess_button.setObjectName("primary")
        self.resume_button = QPushButton(self.tr("Resume intake"))
        self.resume_button.setObjectName("primary")
        self.pdf_button = QPushButton(self.tr("Progress PDF"))
        self.pdf_button.setAccessibleName(self.tr("Save a progress summary PDF"))
        menu = QMenu(self.pdf_button)
        self.pdf_client = menu.addAction(self.tr("Client version…"))
        self.pdf_clinician = menu.addAction(self.tr("Clinician version…"))
        self.pdf_client.triggered.connect(lambda: self.progress_pdf.emit("client"))
        self.pdf_clinician.triggered.connect(lambda: self.progress_pdf.emit("clinician"))
        self.pdf_button.setMenu(menu)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.archive_button = QPushButton(self.tr("Archive"))
        self.erase_button = QPushButton(self.tr("Erase…"))
        for button, name in (
            (self.start_button, self.tr("Start a new intake")),
            (self.reassess_button, self.tr("Start a re-assessment: the measures again")),
            (self.resume_button, self.tr("Resume the unfinished intake")),
            (self.edit_button, self.tr("Edit client details")),
            (self.archive_button, self.tr("Archive or restore client")),
            (self.erase_button, self.tr("Erase client permanently")),
        ):
            button.setAccessibleName(name)
        self.start_button.clicked.connect(self.start_intake)
        self.reassess_button.clicked.connect(self.start_reassessment)
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
        self.intake_table.activated.connect(
            lambda index: self.open_intake.emit(self.intakes.intake_id(index.row()))
        )
        self.chart = MeasureChart()
        self.notices = QLabel()
        self.notices.setObjectName("clinicianNotice")
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.RichText)
        self.notices.setAccessibleName(self.tr("For the clinician"))
        self.changes = ChangeTableModel(self)
        self.change_table = _table(self.changes, self.tr("Latest change per partner and measure"))
        self.history = HistoryTableModel(self)
        self.history_table = _table(self.history, self.tr("Every administration of the measures"))
        self.history_table.hide()
        self.as_table = QCheckBox(self.tr("Show the measures as a table"))
        self.as_table.toggled.connect(self._show_as_table)
        self.change_title = QLabel()
        self._layout()

    def _layout(self) -> None:
        actions = QHBoxLayout()
        for button in (
            self.start_button,
            self.reassess_button,
            self.resume_button,
            self.pdf_button,
            self.edit_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.archive_button)
        actions.addWidget(self.erase_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.name)
        layout.addWidget(self.people)
        layout.addLayout(actions)
        layout.addWidget(self.change_title)
        layout.addWidget(self.notices)
        layout.addWidget(self.change_table)
        layout.addWidget(QLabel(self.tr("<b>Intakes</b> (double-click or Enter to open)")))
        layout.addWidget(self.intake_table)
        heading = QHBoxLayout()
        heading.addWidget(
            QLabel(self.tr("<b>Measures over time</b> (dashed line: cut-off; shading: bands)"))
        )
        heading.addStretch(1)
        heading.addWidget(self.as_table)
        layout.addLayout(heading)
        layout.addWidget(self.chart)
        layout.addWidget(self.history_table)
        layout.addStretch(1)
        self.setWidget(body)

    def show_client(self, view: ClientView) -> None:
        """Fill the page from a client's view."""
        self.view = view
        suffix = self.tr(" (archived)") if view.archived else ""
        self.name.setText(escape(isolated(view.display_name)) + suffix)
        self.people.setText("<br>".join(_person_html(person) for person in view.people))
        self.resume_button.setVisible(view.draft_id is not None)
        self._show_times(view)
        self.start_button.setVisible(view.draft_id is None and not view.can_reassess)
        self.reassess_button.setVisible(view.can_reassess)
        self.archive_button.setText(self.tr("Restore") if view.archived else self.tr("Archive"))
        self.intakes.set_rows(view.intakes)
        _fit_rows(self.intake_table, max(2, min(len(view.intakes), 12)))
        self._show_progress()

    def _show_times(self, view: ClientView) -> None:
        """How long each start takes, on its button ("about 17 min")."""
        times = view.times
        first = times.first if times else None
        again = times.again_everyone if times else None
        self.start_button.setText(
            self.tr("Start intake (about {0} min)").format(first)
            if first
            else self.tr("Start intake")
        )
        self.reassess_button.setText(
            self.tr("Start re-assessment (about {0} min)").format(again)
            if again
            else self.tr("Start re-assessment")
        )

    def set_audience(self, audience: Audience) -> None:
        """Show only what ``audience`` may see (the one audience policy decides)."""
        self.audience = audience
        if self.view is not None:
            self._show_progress()

    def shown_progress(self) -> ProgressView | None:
        """The progress as the current audience may see it."""
        if self.view is None or self.view.progress is None:
            return None
        return self.view.progress.for_audience(self.audience)

    def _show_progress(self) -> None:
        progress = self.shown_progress()
        tracks = list(progress.tracks) if progress else []
        self.changes.set_tracks(tracks)
        self._tracks = tracks  # the table view is filled when it is asked for
        if self.as_table.isChecked():
            self.history.set_tracks(tracks)
        self.chart.set_tracks(tracks)
        compared = any(t.latest is not None for t in tracks)
        self.pdf_button.setVisible(bool(tracks))
        self.pdf_clinician.setEnabled(self.audience.is_clinician)
        self.change_title.setText(
            self.tr(
                "<b>Since the first consultation</b> (↑ ↓: the score's direction; "
                "the verdict says whether the change is larger than the measure's noise)"
            )
            if compared
            else self.tr("<b>Scores</b> (a re-assessment will show what changed)")
        )
        self.change_table.setVisible(bool(tracks))
        _fit_rows(self.change_table, self.changes.rowCount())
        notices = progress.notices if progress else ()
        self.notices.setVisible(bool(notices))
        self.notices.setText(
            self.tr("<b>For the clinician</b>")
            + "".join(f"<br>• {escape(n.text)}" for n in notices)
        )

    def _show_as_table(self, on: bool) -> None:
        if on:
            self.history.set_tracks(self._tracks)
        self.history_table.setVisible(on)
        self.history_table.setMinimumHeight(260 if on else 0)

    def _resume(self) -> None:
        if self.view is not None and self.view.draft_id is not None:
            self.resume_intake.emit(self.view.draft_id)


def _fit_rows(table: QTableView, rows: int) -> None:
    """As tall as its rows (the page scrolls, not the table)."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    table.setFixedHeight(height + rows * table.verticalHeader().defaultSectionSize())


def _table(model: ChangeTableModel | HistoryTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


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
