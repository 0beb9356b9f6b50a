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
from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from therapist_desk.app import ensure_application, start  # noqa: E402
from therapist_desk.models import ClientCreate, IntakeMode  # noqa: E402
from therapist_desk.services import clients, intakes  # noqa: E402
from therapist_desk.ui.clients.client_dialog import ClientDialog  # noqa: E402
from therapist_desk.ui.widgets.theme import apply_theme  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def grab(widget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2a2b2e",
        QPalette.ColorRole.AlternateBase: "#303134",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#303134",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#2f6f73",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    from PySide6.QtGui import QColor

    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


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


def main(theme: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    if theme == "dark":
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    window = start(None)
    assert window is not None
    window.resize(1280, 720)
    suffix = "" if theme == "light" else "-dark"
    if theme == "light":
        grab(window, "first-start.png", app)
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
    grab(window, f"clients{suffix}.png", app)
    intake = record(window, load("concurrent.json"), finish=False)
    window.rooms.clients_page.select_client(intake)
    draft = intakes.latest_draft(practice=window.practice, client_id=intake)
    window.rooms.intake.open_draft(draft)
    wizard = window.rooms.intake.wizard
    wizard.go_to(2)
    grab(window, f"wizard{suffix}.png", app)
    alone = next(i for i, s in enumerate(wizard.steps) if s.is_alone_page)
    wizard.go_to(alone)
    grab(window, f"wizard-private{suffix}.png", app)
    wizard.request_finish = lambda: None
    intakes.complete_intake(practice=window.practice, intake_id=window.rooms.intake.intake_id)
    window.rooms.intake.close_wizard()
    window.rooms.results.show_results(window.rooms.intake.intake_id)
    grab(window, f"results{suffix}.png", app)
    from therapist_desk.settings import hash_pin
    from therapist_desk.ui.security.security_box import SecurityBox
    from therapist_desk.ui.settings.dialog import SettingsDialog

    window.practice.settings.lock_pin_hash = hash_pin("2468")
    security = window.rooms.security
    settings = SettingsDialog(
        window.practice.settings.model_copy(
            update={
                "practice_name": "Harbour Street Counselling",
                "clinician_name": "Dr Imani Rhodes",
            }
        ),
        data_folder=window.practice.database.path.parent,
        security=SecurityBox(
            encrypted=security.encrypted,
            check_passphrase=security.is_passphrase,
            change_encryption=security.change_encryption,
        ),
        parent=window,
    )
    settings.show()
    grab(settings, f"settings{suffix}.png", app)
    settings.tabs.setCurrentWidget(settings.security)
    grab(settings, f"settings-security{suffix}.png", app)
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
