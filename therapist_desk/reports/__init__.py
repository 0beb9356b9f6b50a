"""PDF intake summaries: plain data in, bytes out. No Qt, no database.

Build a `ReportInput` (by hand or with `reports.from_intake`), then call
`render_report(data, variant="clinician" | "client", password=None)`; save the bytes
with `write_pdf_atomic` under `default_filename(...)`.

The names below are loaded on first use: importing this package (for example for
`reports.files`) does not load reportlab, which keeps the app's start fast. An app that
wants its first PDF to start at once calls `warm_up()` when it is idle.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "ReportInput": "therapist_desk.reports.data",
    "default_filename": "therapist_desk.reports.files",
    "write_pdf_atomic": "therapist_desk.reports.files",
    "render_report": "therapist_desk.reports.render",
    "client_view": "therapist_desk.reports.variant",
}

__all__ = sorted([*_LAZY, "warm_up"])


def warm_up() -> None:
    """Load what the first PDF would: the renderer (reportlab, pypdf) and the report fonts.

    Safe to call more than once and from a worker thread; later calls cost nothing.
    """
    import_module("therapist_desk.reports.render")
    from therapist_desk.reports.fonts import register_fonts

    register_fonts()


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
