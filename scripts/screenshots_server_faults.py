"""Refresh docs/screenshots/server-unreachable*.png: the practice server stops mid-intake.

A test PostgreSQL cluster (tests/pg_cluster.py, Debian's postgresql-15) is started in a
temporary folder; the window opens as the clinician dr_ada, answers some questions of a
synthetic client's intake, the server is stopped, more answers are given (the banner),
then it is started again (the "saved" line). Synthetic people only (examples/).

Run under a virtual screen:
    xvfb-run -a -s "-screen 0 1400x900x24" \
        .venv/bin/python scripts/screenshots_server_faults.py light
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ["THERAPIST_DESK_HOME"] = tempfile.mkdtemp(prefix="td-server-shots-")
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests")]

from pg_cluster import clinician_url, new_database, start_cluster  # noqa: E402
from screenshots import grab, load, people, settle, until, write_settings  # noqa: E402

from therapist_desk.app import ensure_application  # noqa: E402
from therapist_desk.intake.consent import Policy, template  # noqa: E402
from therapist_desk.models import IntakeMode  # noqa: E402
from therapist_desk.services import clients, consent, intakes  # noqa: E402
from therapist_desk.services.practice import open_practice  # noqa: E402
from therapist_desk.store.server import parse_url  # noqa: E402
from therapist_desk.ui.shell.main_window import MainWindow  # noqa: E402
from therapist_desk.ui.widgets import enter_key  # noqa: E402
from therapist_desk.ui.widgets.fonts import register_bundled_fonts  # noqa: E402
from therapist_desk.ui.widgets.theme import apply_theme  # noqa: E402

PHQ9 = 5  # the wizard's step of the PHQ-9 (consent first)


def answer(wizard, values: dict[str, int]) -> None:
    """Choose answers on the page shown, as a click on the option would."""
    for question in wizard.page.questions:
        if question.item.id in values:
            index = question.values.index(values[question.item.id])
            question.buttons[index].click()


def main(theme: str) -> None:
    suffix = "" if theme == "light" else "-dark"
    OUT.mkdir(parents=True, exist_ok=True)
    write_settings(theme)
    cluster = start_cluster()
    try:
        address, password = parse_url(clinician_url(cluster, new_database(cluster)))
        app = ensure_application()
        register_bundled_fonts(app)
        practice = open_practice(server=address, password=password)
        enter_key.install(app)
        apply_theme(app, practice.settings.text_scale, practice.settings.appearance)
        window = MainWindow()
        window.resize(1280, 760)
        window.show()
        window.attach(practice)
        data = load("individual-client.json")
        client_id = clients.create_client(practice=practice, data=people(data))
        intake_id = intakes.start_intake(
            practice=practice, client_id=client_id, mode=IntakeMode.VIDEO
        )
        words = template(Policy.LIMITED_SECRETS, practice.settings.practice_name)
        consent.save_consent_text(practice=practice, policy=Policy.LIMITED_SECRETS, text=words)
        window.rooms.intake.open_draft(intake_id)
        wizard = window.rooms.intake.wizard
        wizard.page.agree_buttons[1].click()
        wizard.go_to(PHQ9)
        answer(wizard, {"phq9.1": 1, "phq9.2": 0, "phq9.3": 2})
        cluster.stop("fast")
        answer(wizard, {"phq9.4": 1, "phq9.5": 0})
        until(app, lambda: not window.rooms.saves.trying)
        grab(window, f"server-unreachable{suffix}.png", app)
        cluster.start()
        until(app, lambda: not window.rooms.saves.waiting)
        grab(window, f"server-back{suffix}.png", app)
        until(app, lambda: not window.rooms.server_banner.isVisible())
        settle(app)
        window.close()
        practice.close()
    finally:
        cluster.stop("immediate")
        shutil.rmtree(cluster.data.parent, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "light")
