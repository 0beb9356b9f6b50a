"""A client's intakes as a table: date, status, suggested order and final decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.services.views import IntakeRow


AnyIndex = QModelIndex | QPersistentModelIndex


class IntakeTableModel(QAbstractTableModel):
    """Read-only rows; ``intake_id(row)`` tells which intake a row shows."""

    COLUMNS = ("Date", "Status", "Suggested order", "Final decision")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[IntakeRow] = []

    def set_rows(self, rows: Sequence[IntakeRow]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def intake_id(self, row: int) -> int:
        """The intake shown at ``row``."""
        return self._rows[row].intake_id

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            row = self._rows[index.row()]
            return (row.date, row.status, row.suggested, row.decision)[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
