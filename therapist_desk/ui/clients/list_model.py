"""The client list as a paged Qt table model over a plain fetch function.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``), so a practice with
10,000 clients shows its first rows at once. The model never runs SQL: it is given a
``fetch(query, include_archived, limit, offset)`` function returning rows with the
fields of `ClientLine` (``store.search.search_lines``; a `ClientSummary` has them too).

Each search resets the model with one page. The view then asks ``data()`` about seven
roles for each visible cell, so ``data()`` does as little as it can: a row's texts are
made once, when the row is first shown, and unserved roles return at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Protocol, TypeAlias

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt


class ClientRow(Protocol):
    """What the list needs of a client: `store.search.ClientLine` or `ClientSummary`."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def last_activity_at(self) -> datetime: ...
    @property
    def archived(self) -> bool: ...


Fetch = Callable[[str, bool, int, int], Sequence[ClientRow]]
PAGE = 100
ClientIdRole = Qt.ItemDataRole.UserRole + 1
AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex
_TEXT_ROLES = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole))
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CLIENT_ID = int(ClientIdRole)
# By the stored `IntakeKind` value (the list shows before the intake domain is loaded).
_KIND_TEXT = {"couple": "Couple", "individual": "Individual"}


def _days_text(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return day.isoformat()


class ClientListModel(QAbstractTableModel):
    """Name, kind and last activity of the clients matching a search, newest first."""

    COLUMNS = ("Client", "Kind", "Last activity")

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._rows: list[ClientRow] = []
        # Per row, once shown: (name text, kind text, local day of the last activity).
        self._texts: list[tuple[str, str, date] | None] = []
        self._query = ""
        self._archived = False
        self._exhausted = True

    def set_filter(self, query: str, include_archived: bool) -> None:
        """Start over with a new search text and archive switch."""
        rows = list(self._fetch(query, include_archived, PAGE, 0))
        self.beginResetModel()
        self._query, self._archived = query, include_archived
        self._rows, self._texts = rows, [None] * len(rows)
        self._exhausted = len(rows) < PAGE
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
        more = list(self._fetch(self._query, self._archived, PAGE, len(self._rows)))
        self._exhausted = len(more) < PAGE
        if more:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self._texts.extend([None] * len(more))
            self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _TEXT_ROLES:
            row = index.row()
            if not 0 <= row < len(self._rows):
                return None
            texts = self._texts[row] or self._make_texts(row)
            column = index.column()
            if column == 2:
                return _days_text(texts[2], date.today())
            return texts[column]
        if role in (_CLIENT_ID, _TOOLTIP):
            row = index.row()
            if not 0 <= row < len(self._rows):
                return None
            client = self._rows[row]
            if role == _CLIENT_ID:
                return client.id
            return "Archived" if client.archived else None
        return None  # the view asks for fonts, colours, ...: nothing to say

    def _make_texts(self, row: int) -> tuple[str, str, date]:
        client = self._rows[row]
        name = f"{client.display_name} (archived)" if client.archived else client.display_name
        kind = _KIND_TEXT.get(str(client.kind), "Individual")
        texts = (name, kind, client.last_activity_at.astimezone().date())
        self._texts[row] = texts
        return texts

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
