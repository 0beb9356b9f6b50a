"""A client's data for another tool: intakes as answers files, scores over time as CSV.

Both hold health data: every file is written atomically and readable by its owner only.
Answers files use the format of ``therapist-desk recommend`` and ``therapist-desk import``.

The CSV is opened in spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``
or ``@`` (or a tab or carriage return before one) as a formula: a client's name such as
``=HYPERLINK(…)`` would become a live link. Every text cell that starts so is written
with a single quote in front (OWASP's advice), which spreadsheets show as text; the
numbers (totals, maxima) are written as plain numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic
from therapist_desk.intake.answers_file import AnswersFile

FILE_MODE = 0o600
CSV_HEADER = ("date", "participant", "measure", "total", "max_total", "band", "private")


@dataclass(frozen=True)
class ScoreRow:
    """One measure's score for one person at one intake."""

    date: str
    participant: str
    measure: str
    total: float | None
    max_total: float | None
    band: str
    private: bool


def score_rows(date: str, names: Mapping[str, str], scores: Mapping[str, Any]) -> list[ScoreRow]:
    """The rows of one intake's score snapshot (``{participant: {measure: score}}``)."""
    rows = []
    for pid, measures in scores.items():
        for score in measures.values():
            band = score.get("band") or {}
            rows.append(
                ScoreRow(
                    date=date,
                    participant=names.get(pid, pid),
                    measure=score.get("name", ""),
                    total=score.get("total"),
                    max_total=score.get("max_total"),
                    band=band.get("label", "") if score.get("total") is not None else "",
                    private=bool(score.get("private")),
                )
            )
    return rows


def _number(value: float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return text_cell(value)  # not a number after all (a damaged record): text
    return str(int(value)) if float(value).is_integer() else str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection), with the
full-width signs some spreadsheets read as the ASCII ones."""


def text_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text, never runs as a formula.

    A carriage return inside is written as a line feed: the writer quotes a cell with a
    line feed, so the line break stays inside the cell rather than starting a new row
    whose first cell could be a formula.
    """
    text = str(value)
    text = "'" + text if text.startswith(FORMULA_STARTS) else text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def scores_csv(rows: Iterable[ScoreRow]) -> str:
    """The rows as CSV text with a header (UTF-8, comma separated).

    Text cells (date, names, measure, band) go through `text_cell`; the numbers are
    written by the app, never typed, and stay numbers.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        total, most = _number(r.total), _number(r.max_total)
        texts = [text_cell(v) for v in (r.date, r.participant, r.measure)]
        writer.writerow((*texts, total, most, text_cell(r.band), r.private))
    return out.getvalue()


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically, mode 0600; a ``UserError`` on failure."""
    return write_private_atomic(Path(path), text.encode("utf-8"), what=Path(path).name)


def write_export(
    folder: Path, stem: str, answers: Iterable[tuple[str, AnswersFile]], rows: Iterable[ScoreRow]
) -> list[Path]:
    """Write ``{stem}-{label}.answers.json`` per intake and ``{stem}-scores.csv``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"Cannot export: {folder} is not a folder.")
    written = [
        write_private(folder / f"{stem}-{label}.answers.json", file.to_json())
        for label, file in answers
    ]
    written.append(write_private(folder / f"{stem}-scores.csv", scores_csv(rows)))
    return written
