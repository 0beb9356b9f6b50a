"""Refresh docs/screenshots/reassessment-*.png: a couple seen six times (a first
consultation and five re-assessments), the client page in light and dark, and the
start of a re-assessment. Synthetic people only (therapist_desk/demo/progress.py).

Run under a virtual screen:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_progress.py light
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ["THERAPIST_DESK_HOME"] = tempfile.mkdtemp(prefix="td-progress-shots-")
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from screenshots import grab, settle, until, write_settings  # noqa: E402

from therapist_desk.app import ensure_application, start  # noqa: E402
from therapist_desk.cli import main as cli  # noqa: E402
from therapist_desk.demo.progress import story_files  # noqa: E402
from therapist_desk.intake import load_catalogue  # noqa: E402
from therapist_desk.intake.audience import Audience  # noqa: E402
from therapist_desk.models import IntakeMode  # noqa: E402
from therapist_desk.ui.widgets.dialogs import Dialogs  # noqa: E402


def import_story(folder: Path) -> None:
    """The six visits, imported as the command line would."""
    files = []
    for n, data in enumerate(story_files(load_catalogue(), dt.date(2026, 1, 12))):
        path = folder / f"visit{n}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        files.append(path)
    assert cli(["import", str(files[0])]) == 0
    from therapist_desk.services.practice import open_practice
    from therapist_desk.services.progress import client_references

    practice = open_practice()
    ref = client_references(practice=practice)[0]["reference"]
    practice.close()
    for path in files[1:]:
        assert cli(["import", str(path), "--client", ref]) == 0


def main(theme: str) -> None:
    suffix = "" if theme == "light" else "-dark"
    OUT.mkdir(parents=True, exist_ok=True)
    write_settings(theme)
    import_story(Path(os.environ["THERAPIST_DESK_HOME"]))
    app = ensure_application()
    window = start(None)
    assert window is not None
    window.resize(1360, 860)
    window.show_home()
    window.rooms.clients_page.select_client(1)
    controller = window.rooms.clients
    until(app, lambda: controller.view is not None and not controller.loading)
    page = window.rooms.clients_page.client_page
    settle(app)
    grab(window, f"reassessment-client-page{suffix}.png", app)
    page.verticalScrollBar().setValue(page.chart.y() - 40)
    grab(window, f"reassessment-chart{suffix}.png", app)
    grab(page.widget(), f"reassessment-client-page-full{suffix}.png", app)
    page.as_table.setChecked(True)
    settle(app)
    page.verticalScrollBar().setValue(page.history_table.y() - 60)
    grab(window, f"reassessment-table{suffix}.png", app)
    page.as_table.setChecked(False)
    window.audience.set(Audience.clients())  # the page asks the window's audience
    settle(app)
    page.verticalScrollBar().setValue(0)
    grab(window, f"reassessment-both-partners{suffix}.png", app)
    window.audience.set(Audience.clinician())
    settle(app)
    Dialogs.ask_mode = lambda self: IntakeMode.IN_PERSON  # type: ignore[method-assign]
    page.reassess_button.click()
    settle(app)
    grab(window, f"reassessment-wizard{suffix}.png", app)
    window.rooms.intake.close_wizard()
    settle(app)
    if theme == "light":
        progress_pdfs(window.practice)
    window.close()
    settle(app)


def progress_pdfs(practice) -> None:
    """docs/samples/progress-*.pdf and a picture of each page in docs/screenshots/."""
    import subprocess

    from therapist_desk.services.progress_pdf import render_progress_pdf

    for variant in ("client", "clinician"):
        pdf = ROOT / "docs" / "samples" / f"progress-{variant}.pdf"
        pdf.write_bytes(render_progress_pdf(practice=practice, client_id=1, variant=variant))
        print("wrote", pdf)
        stem = OUT / f"reassessment-pdf-{variant}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(stem)], check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "light")
