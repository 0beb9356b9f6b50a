"""Refresh docs/screenshots/: run the app on a synthetic practice and grab each screen.

Run under a virtual screen:  xvfb-run -a .venv/bin/python scripts/screenshots.py
Only synthetic people appear (from examples/).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("THERAPIST_DESK_HOME", tempfile.mkdtemp(prefix="td-shots-"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from therapist_desk.app import ensure_application, start  # noqa: E402
from therapist_desk.models import ClientCreate, IntakeMode  # noqa: E402
from therapist_desk.services import clients, intakes  # noqa: E402
from therapist_desk.ui.clients.client_dialog import ClientDialog  # noqa: E402
from therapist_desk.ui.widgets.theme import apply_theme  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def until(app: QApplication, done, seconds: float = 30.0) -> None:
    """Let the app run until ``done()`` holds (work finished on a worker), or give up."""
    import time

    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SystemExit("screenshots: the app did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def grab(widget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def load(name: str) -> dict:
    return json.loads((ROOT / "examples" / name).read_text(encoding="utf-8"))


def people(data: dict) -> ClientCreate:
    return ClientCreate.model_validate(
        {
            "kind": data["kind"],
            "participants": [
                {k: p.get(k) for k in ("name", "preferred_name", "pronouns", "date_of_birth")}
                for p in data["participants"]
            ],
        }
    )


def record(window, data: dict, *, finish: bool) -> int:
    practice = window.practice
    client_id = clients.create_client(practice=practice, data=people(data))
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    answers = {i + 1: p["answers"] for i, p in enumerate(data["participants"])}
    answers[None] = data.get("relationship", {})
    for position, given in answers.items():
        for item_id, value in given.items():
            intakes.save_answer(
                practice=practice,
                intake_id=intake_id,
                position=position,
                item_id=item_id,
                value=value,
            )
    if finish:
        intakes.complete_intake(practice=practice, intake_id=intake_id)
    return client_id


def signature(seed: int) -> list[list[tuple[float, float]]]:
    """A synthetic drawn signature: a cursive wave and an underline flourish."""
    import math

    wave = [
        (24 + 5.2 * i, 58 - (18 + 4 * seed) * math.sin(i / (2.6 + seed)) * math.cos(i / 17))
        for i in range(64)
    ]
    flourish = [(40 + 6 * i, 84 + 5 * math.sin(i / 3 + seed)) for i in range(44)]
    return [[(round(x, 1), round(y, 1)) for x, y in stroke] for stroke in (wave, flourish)]


def consent_shots(window, app: QApplication, suffix: str) -> None:
    """The consent page: one partner agreed (the part alone waits), then both and signed."""
    from therapist_desk.intake.audience import Audience
    from therapist_desk.intake.consent import Policy, template
    from therapist_desk.services import consent

    practice = window.practice
    words = template(Policy.LIMITED_SECRETS, practice.settings.practice_name)
    consent.save_consent_text(practice=practice, policy=Policy.LIMITED_SECRETS, text=words)
    wizard = window.rooms.intake.wizard
    wizard.go_to(0)  # the text as reviewed
    page = wizard.page
    page.agree_buttons[1].click()
    window.audience.set(Audience.alone("p1"))
    wizard.next()
    grab(window, f"consent-waiting{suffix}.png", app)
    window.audience.set(Audience.clients())
    wizard.go_to(0)
    page = wizard.page
    page.agree_buttons[2].click()
    for position, seed in ((1, 0), (2, 1), (0, 2)):
        row = page.signatures[position]
        row.pad.set_strokes(signature(seed))
        row.keep_button.click()
    window.resize(1280, 880)
    settle(app)
    grab(window, f"consent-page{suffix}.png", app)
    page.verticalScrollBar().setValue(0)
    window.resize(1280, 760)


def consent_pdf_shot(window, intake_id: int, suffix: str) -> None:
    """The consent page of the clinician's PDF, rendered by pdftoppm."""
    import io
    import subprocess

    from pypdf import PdfReader

    from therapist_desk.services import summaries

    pdf = summaries.render_summary(
        practice=window.practice, intake_id=intake_id, variant="clinician"
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    number = next(i + 1 for i, p in enumerate(pages) if "Couples policy:" in p.extract_text())
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "summary.pdf"
        source.write_bytes(pdf)
        target = OUT / f"consent-pdf{suffix}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(source),
                str(target),
            ],
            check=True,
        )
    print("wrote", OUT / f"consent-pdf{suffix}.png")


def write_settings(theme: str) -> None:
    """A practice with a name, a clinician, a PIN and the theme chosen (first start done)."""
    from therapist_desk.paths import settings_path
    from therapist_desk.settings import Settings, hash_pin, save_settings

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_settings(
        Settings(
            practice_name="Harbour Street Counselling",
            clinician_name="Dr Imani Rhodes",
            lock_pin_hash=hash_pin("2468"),
            appearance=theme,
            crisis_text=(
                "Synthetic example — replace with your own: crisis line 0000 000 000 (day "
                "and night); emergency services 000; out of hours: the duty clinician."
            ),
        ),
        path,
    )


def main(theme: str) -> None:
    from therapist_desk.intake.audience import Audience

    OUT.mkdir(parents=True, exist_ok=True)
    suffix = "" if theme == "light" else "-dark"
    write_settings(theme)
    app = ensure_application()
    window = start(None)
    assert window is not None
    window.resize(1280, 760)
    from therapist_desk.settings import Settings
    from therapist_desk.ui.settings.welcome import WelcomeDialog

    welcome = WelcomeDialog(Settings(), parent=window)
    welcome.show()
    grab(welcome, f"first-start{suffix}.png", app)
    welcome.reject()
    dialog = ClientDialog(window)
    dialog.couple.setChecked(True)
    dialog.forms[0].inputs["name"].setText("Mira Castellano")
    dialog.forms[0].inputs["email"].setText("mira.castellano@")
    dialog.forms[1].inputs["date_of_birth"].setText("2090-01-01")
    dialog.try_accept()
    grab(dialog, f"new-client-validation{suffix}.png", app)
    dialog.reject()
    for name in ("relationship-first.json", "safety-suicide-risk.json"):
        record(window, load(name), finish=True)
    client_id = record(window, load("concurrent.json"), finish=True)
    window.show_home()
    window.rooms.clients_page.select_client(client_id)
    settle(app)
    grab(window, f"clients{suffix}.png", app)
    violence = load("safety-violence.json")
    intake = record(window, violence, finish=False)
    draft = intakes.latest_draft(practice=window.practice, client_id=intake)
    window.rooms.intake.open_draft(draft)  # opens with both partners, on the consent page
    wizard = window.rooms.intake.wizard
    consent_shots(window, app, suffix)
    wizard.go_to(7)
    grab(window, f"audience-both{suffix}.png", app)
    window.audience.set(Audience.alone("p1"))
    grab(window, f"audience-handover-page{suffix}.png", app)
    wizard.next()
    grab(window, f"audience-alone{suffix}.png", app)
    window.audience.set(Audience.clinician())
    wizard.go_to(next(i for i, s in enumerate(wizard.steps) if s.for_clinician))
    grab(window, f"audience-clinician{suffix}.png", app)
    window.rooms.audience_bar.set_risk_count(len(window.rooms.risk_signals))
    window.rooms.start_handover("p2")
    handover = window.rooms.handover
    handover.resize(1280, 760)
    grab(handover, f"handover{suffix}.png", app)
    handover.show_step(len(handover.steps))
    grab(handover, f"handover-end{suffix}.png", app)
    window.rooms.screen_lock.lock()
    window.rooms.screen_lock.try_unlock("2468")
    settle(app)
    wizard.request_finish = lambda: None
    intakes.complete_intake(practice=window.practice, intake_id=window.rooms.intake.intake_id)
    done = window.rooms.intake.intake_id
    consent_pdf_shot(window, done, suffix)
    window.rooms.intake.close_wizard()
    window.audience.set(Audience.clients())
    window.rooms.results.show_ready(done)  # read on a worker: wait for the page
    ready = window.rooms.ready_page
    until(app, lambda: window.stack.currentWidget() is ready and ready.clients_button.isEnabled())
    grab(window, f"results-ready{suffix}.png", app)
    window.rooms.ready_page.clients_button.click()
    grab(window, f"results-both{suffix}.png", app)
    window.audience.set(Audience.clinician())
    grab(window, f"results{suffix}.png", app)
    settings = window.rooms.settings.dialog()
    settings.show()
    grab(settings, f"settings{suffix}.png", app)
    settings.tabs.setCurrentWidget(settings.security)
    grab(settings, f"settings-security{suffix}.png", app)
    settings.tabs.setCurrentWidget(settings.room)
    grab(settings, f"settings-room{suffix}.png", app)
    settings.tabs.setCurrentWidget(settings.consent)
    grab(settings, f"settings-consent{suffix}.png", app)
    settings.reject()
    window.rooms.actions.lock.trigger()
    grab(window, f"locked{suffix}.png", app)
    window.rooms.screen_lock.try_unlock("2468")
    window.rooms.actions.privacy.setChecked(True)
    grab(window, f"privacy{suffix}.png", app)
    window.rooms.actions.privacy.setChecked(False)
    apply_theme(app, 1.0)
    QTimer.singleShot(0, window.close)
    settle(app)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "light")
