"""Refresh docs/screenshots/reassessment-*.png: a couple seen six times (a first
consultation and five re-assessments), the client page in light and dark, the question
of who came, and the start of a re-assessment. Synthetic people only
(therapist_desk/demo/progress.py).

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
from therapist_desk.ui.intake.start_dialog import StartChoice, StartDialog  # noqa: E402


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
    who_came(window, app, suffix)
    StartDialog.ask = classmethod(  # type: ignore[method-assign, assignment]
        lambda cls, parent, people, times: StartChoice(IntakeMode.IN_PERSON, tuple(people))
    )
    page.reassess_button.click()
    settle(app)
    grab(window, f"reassessment-wizard{suffix}.png", app)
    window.rooms.intake.close_wizard()
    settle(app)
    if theme == "light":
        progress_pdfs(window.practice)
    not_seen(window, app, suffix)
    window.close()
    settle(app)


def who_came(window, app, suffix: str) -> None:
    """The question that starts a re-assessment: who is here today, and how long it takes."""
    from therapist_desk.services.estimates import start_times

    people, times = start_times(practice=window.practice, client_id=1)
    dialog = StartDialog(people, times, window)
    dialog.show()
    dialog.who.button(1).setChecked(True)  # only Mira came today
    dialog.who.button(1).setFocus()
    grab(dialog, f"reassessment-who-came{suffix}.png", app)
    dialog.reject()


def not_seen(window, app, suffix: str) -> None:
    """A seventh visit that only Mira came to: Joon is "not seen at this visit"."""
    from therapist_desk.services import intakes

    practice, catalogue = window.practice, load_catalogue()
    intake_id = intakes.start_reassessment(
        practice=practice, client_id=1, mode=IntakeMode.IN_PERSON, present=[1]
    )
    asked = {i for s in catalogue.reassessment_sections for i in s.item_ids}
    last = story_files(catalogue, dt.date(2026, 1, 12))[-1]["participants"][0]["answers"]
    for item_id, value in last.items():
        if item_id in asked:
            intakes.save_answer(
                practice=practice, intake_id=intake_id, position=1, item_id=item_id, value=value
            )
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    window.audience.set(Audience.clinician())
    controller = window.rooms.clients
    controller.show_client(1)
    until(app, lambda: controller.view is not None and not controller.loading)
    page = window.rooms.clients_page.client_page
    page.verticalScrollBar().setValue(0)
    grab(window, f"reassessment-not-seen{suffix}.png", app)


def progress_pdfs(practice) -> None:
    """docs/samples/progress-*.pdf and a picture of each page in docs/screenshots/."""
    import subprocess

    from therapist_desk.services.progress_pdf import render_progress_pdf

    for old in OUT.glob("reassessment-pdf-*.png"):
        old.unlink()  # a page that no longer exists leaves no picture behind
    for variant in ("client", "clinician"):
        pdf = ROOT / "docs" / "samples" / f"progress-{variant}.pdf"
        pdf.write_bytes(render_progress_pdf(practice=practice, client_id=1, variant=variant))
        print("wrote", pdf)
        stem = OUT / f"reassessment-pdf-{variant}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(stem)], check=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "light")
