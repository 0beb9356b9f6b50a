"""The client list as a paged Qt table model over a plain fetch function.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``), so a practice with
10,000 clients shows its first rows at once. The model never runs SQL: it is given a
``fetch(query, include_archived, limit, offset)`` function returning ``ClientSummary``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from therapist_desk.models import ClientKind, ClientSummary

Fetch = Callable[[str, bool, int, int], list[ClientSummary]]
PAGE = 100
ClientIdRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex
_ROLES = frozenset(
    {
        ClientIdRole,
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


def relative_day(moment: datetime, now: datetime | None = None) -> str:
    """ "today", "yesterday", "3 days ago" or the date, for the last-activity column."""
    now = now or datetime.now(UTC)
    days = (now.astimezone().date() - moment.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return moment.astimezone().date().isoformat()


class ClientListModel(QAbstractTableModel):
    """Name, kind and last activity of the clients matching a search, newest first."""

    COLUMNS = ("Client", "Kind", "Last activity")

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._rows: list[ClientSummary] = []
        self._query = ""
        self._archived = False
        self._exhausted = True

    def set_filter(self, query: str, include_archived: bool) -> None:
        """Start over with a new search text and archive switch."""
        self.beginResetModel()
        self._query, self._archived = query, include_archived
        self._rows = self._fetch(query, include_archived, PAGE, 0)
        self._exhausted = len(self._rows) < PAGE
        self.endResetModel()

    def refresh(self) -> None:
        """Fetch the current search again (after a client was added or changed)."""
        self.set_filter(self._query, self._archived)

    def client_id(self, row: int) -> int:
        """The id of the client shown at ``row``."""
        return self._rows[row].id

    def row_of(self, client_id: int) -> int | None:
        """The row showing ``client_id``, if it is loaded."""
        return next((i for i, row in enumerate(self._rows) if row.id == client_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        more = self._fetch(self._query, self._archived, PAGE, len(self._rows))
        self._exhausted = len(more) < PAGE
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:  # the view asks for fonts, colours, ...: nothing to say
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ClientIdRole:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and row.archived:
            return "Archived"
        return None

    def _text(self, row: ClientSummary, column: int) -> str:
        if column == 0:
            return f"{row.display_name} (archived)" if row.archived else row.display_name
        if column == 1:
            return "Couple" if row.kind == ClientKind.COUPLE else "Individual"
        return relative_day(row.last_activity_at)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
