"""PDF intake summaries: plain data in, bytes out. No Qt, no database.

Build a `ReportInput` (by hand or with `reports.from_intake`), then call
`render_report(data, variant="clinician" | "client", password=None)`; save the bytes
with `write_pdf_atomic` under `default_filename(...)`.
"""

from therapist_desk.reports.data import ReportInput
from therapist_desk.reports.files import default_filename, write_pdf_atomic
from therapist_desk.reports.render import render_report
from therapist_desk.reports.variant import client_view

__all__ = ["ReportInput", "client_view", "default_filename", "render_report", "write_pdf_atomic"]
