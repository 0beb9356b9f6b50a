"""Refresh docs/screenshots/scripts-gui*.png: the app with a client name in every script.

Run under a virtual screen:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_scripts.py
The names are synthetic.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("THERAPIST_DESK_HOME", tempfile.mkdtemp(prefix="td-scripts-"))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtCore import QTimer  # noqa: E402
from screenshots import grab, settle, write_settings  # noqa: E402

from therapist_desk.app import ensure_application, start  # noqa: E402
from therapist_desk.intake.audience import Audience  # noqa: E402
from therapist_desk.models import ClientCreate, IntakeMode  # noqa: E402
from therapist_desk.services import clients, intakes  # noqa: E402
from therapist_desk.ui.clients.client_dialog import ClientDialog  # noqa: E402

PEOPLE = [
    [{"name": "أميرة الحسيني", "preferred_name": "Amira"}],
    [{"name": "王芳"}],
    [{"name": "さくら 山田"}],
    [{"name": "김민준"}],
    [{"name": "अनन्या शर्मा"}],
    [{"name": "ธิดา สุขใจ"}],
    [{"name": "Jordan Okafor-Brennan"}],
    [
        {
            "name": "Dana Cohen",
            "preferred_name": "דנה כהן",
            "pronouns": "she/her",
            "notes": "Prefers morning sessions 🙂 — says hello in Hebrew: שלום 👋🏽",
        },
        {"name": "Noa Levi-Haddad", "preferred_name": "נועה"},
    ],
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_settings("light")
    app = ensure_application()
    window = start(None)
    assert window is not None
    window.resize(1280, 760)
    last = 0
    for people in PEOPLE:
        kind = "couple" if len(people) == 2 else "individual"
        last = clients.create_client(
            practice=window.practice,
            data=ClientCreate.model_validate({"kind": kind, "participants": people}),
        )
    window.show_home()
    window.rooms.clients_page.select_client(last)
    controller = window.rooms.clients
    deadline = time.monotonic() + 20
    while (controller.loading or controller.view is None) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    grab(window, "scripts-gui.png", app)
    dialog = ClientDialog(window, editing=True)
    dialog.load(clients.client_form(practice=window.practice, client_id=last))
    dialog.show()
    grab(dialog, "scripts-gui-note.png", app)
    dialog.reject()
    intake = intakes.start_intake(practice=window.practice, client_id=last, mode=IntakeMode.VIDEO)
    window.rooms.intake.open_draft(intakes.latest_draft(practice=window.practice, client_id=last))
    window.audience.set(Audience.alone("p1"))
    grab(window, "scripts-gui-intake.png", app)
    assert intake == window.rooms.intake.intake_id
    window.audience.set(Audience.clinician())
    window.rooms.intake.close_wizard()
    QTimer.singleShot(0, window.close)
    settle(app)


if __name__ == "__main__":
    main()
