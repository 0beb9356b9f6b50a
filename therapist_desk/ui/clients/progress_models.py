"""The change on the client page as tables: the latest change per partner and measure,
and every administration (the chart's accessible twin). Thin adapters over plain rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from therapist_desk.ui.clients.measure_chart import short_date

if TYPE_CHECKING:  # the view shapes arrive from the services when a client is shown
    from therapist_desk.intake.progress import Point
    from therapist_desk.services.progress import Track

AnyIndex = QModelIndex | QPersistentModelIndex
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


def total_text(point: Point) -> str:
    """ "16 on 2 Mar 2026", or "not scored on …"."""
    a = point.administration
    total = "not scored" if a.total is None else f"{a.total:g}"
    return f"{total} on {short_date(a.date, year=True)}"


NOT_SEEN = "not seen at this visit"
"""The latest score of a partner who did not come to the latest visit."""


def not_seen_text(date: str, last: Point) -> str:
    """ "Not seen at the visit of 1 Dec 2026; the latest score: 12 on 3 Oct 2026"."""
    return (
        f"Not seen at the visit of {short_date(date, year=True)}; the latest score: "
        f"{total_text(last)}"
    )


def change_text(point: Point | None) -> str:
    """ "↓ 10 (2 since the previous)", with the arrow of the score's direction."""
    if point is None or point.change_from_first is None:
        return "—"
    previous = point.change_from_previous or 0
    return f"{point.arrow} {point.change_from_first:+g} ({previous:+g} since the previous)"


def verdict_text(track: Track, point: Point | None) -> str:
    """The verdict in words; why there is none when there is none."""
    if point is None or point.change_from_first is None:
        return "first administration only"
    if point.verdict is None:
        return "no reliable-change value"
    return point.verdict.value


class _Table(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._tips: list[str] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in TEXT_ROLES:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def _set(self, rows: list[tuple[str, ...]], tips: list[str]) -> None:
        self.beginResetModel()
        self._rows, self._tips = rows, tips
        self.endResetModel()

    def row_texts(self, row: int) -> tuple[str, ...]:
        """What row ``row`` shows, column by column."""
        return self._rows[row]


def _threshold(track: Track) -> str:
    if track.reliable_change is None:
        return f"{track.measure}: no reliable-change value is known"
    derived = " (derived with Jacobson–Truax)" if track.derived else ""
    return f"{track.measure}: reliable change is {track.reliable_change:g} points{derived}"


class ChangeTableModel(_Table):
    """Per partner and measure: the first, the latest, the change and the verdict."""

    COLUMNS = ("Who", "Measure", "First", "Latest", "Change since the first", "Verdict")

    def set_tracks(self, tracks: Sequence[Track]) -> None:
        """One row per track, partner by partner."""
        ordered = sorted(tracks, key=lambda t: t.participant)
        rows, tips = [], []
        for t in ordered:
            scored = [p for p in t.points if p.administration.total is not None]
            if not scored:
                continue
            latest = t.latest
            last = t.points[-1]
            absent = t.not_seen_last
            rows.append(
                (
                    t.person,
                    t.measure,
                    total_text(scored[0]),
                    NOT_SEEN if absent else total_text(last),
                    change_text(latest),
                    verdict_text(t, latest),
                )
            )
            tips.append(_threshold(t) + (f". {not_seen_text(absent, last)}" if absent else ""))
        self._set(rows, tips)


class HistoryTableModel(_Table):
    """Every administration: the table view of the chart."""

    COLUMNS = ("Date", "Who", "Measure", "Total", "Band", "From the first", "From the previous",
               "Verdict")  # fmt: skip

    def set_tracks(self, tracks: Sequence[Track]) -> None:
        """One row per administration, by date, then partner and measure."""
        rows: list[tuple[str, ...]] = []
        for t in tracks:
            for p in t.points:
                a = p.administration
                rows.append(
                    (
                        a.date,
                        t.person,
                        t.measure,
                        "not scored" if a.total is None else f"{a.total:g}",
                        a.band or "",
                        "" if p.change_from_first is None else f"{p.change_from_first:+g}",
                        "" if p.change_from_previous is None else f"{p.change_from_previous:+g}",
                        p.verdict.value if p.verdict else "",
                    )
                )
            rows += [
                (d, t.person, t.measure, "not seen at this visit", *[""] * 4) for d in t.missed
            ]
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        self._set(rows, ["" for _ in rows])
