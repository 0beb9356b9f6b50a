"""Refresh the practice-server screenshots in docs/screenshots/: a real PostgreSQL server
(the tests' cluster, tests/pg_cluster.py) and the app started on it with a wrong password.

Run under a virtual screen (Debian's postgresql-15 installed):
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots_server_start.py
Writes server-wrong-password.png (the start-up password dialog, with the server's
message), server-start-unreachable.png (the start-up problem dialog) and server-settings.png
(Settings › Practice server after a test connection). Only synthetic people appear.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("THERAPIST_DESK_HOME", tempfile.mkdtemp(prefix="td-server-shots-"))
sys.path[:0] = [str(ROOT), str(ROOT / "scripts"), str(ROOT / "tests"), str(ROOT / "tests" / "ui")]

from pg_cluster import CLINICIANS, new_database, start_cluster  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screenshots import settle, until  # noqa: E402

from therapist_desk.app import ensure_application, launch  # noqa: E402
from therapist_desk.services import server  # noqa: E402
from therapist_desk.ui.shell.server_dialogs import ServerPasswordDialog, problem_box  # noqa: E402

WIDTH = 1280


def grab(widget: QWidget, name: str, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(OUT / name))
    print("wrote", OUT / name)


def write_settings(port: int, database: str) -> None:
    """A practice with a name and a clinician (first start done), on the server."""
    from therapist_desk.paths import settings_path
    from therapist_desk.settings import Settings, save_settings

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    save_settings(
        Settings(
            practice_name="Harbour Street Counselling",
            clinician_name="Dr Ada Quinn",
            use_server=True,
            server_host="127.0.0.1",
            server_port=port,
            server_database=database,
            server_user="dr_ada",
        ),
        path,
    )


def a_keyring() -> None:
    """A keyring in memory, as a desktop has one: the dialogs then offer to keep the
    password (nothing is written to this machine's own keyring)."""
    import keyring
    from server_helpers import MemoryKeyring

    backend = MemoryKeyring()
    keyring.get_keyring = lambda: backend
    keyring.get_password = backend.get_password
    keyring.set_password = backend.set_password
    keyring.delete_password = backend.delete_password


def shoot(port: int, database: str) -> None:
    a_keyring()
    app = ensure_application()
    address = server.configured_server(_settings())
    assert address is not None

    def answer_the_password() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ServerPasswordDialog):
            QTimer.singleShot(100, answer_the_password)
            return
        grab(dialog, "server-wrong-password.png", app)
        dialog.password.setText(CLINICIANS["dr_ada"])
        dialog.connect_button.click()

    QTimer.singleShot(100, answer_the_password)
    window = launch(None, lambda: app.exit(2), server=(address, "an-old-password"))
    window.resize(WIDTH, 760)
    until(app, lambda: window.attached)

    found = server.check_connection(address.as_user("dr_ada"), None)  # the real sentence
    unreachable = server.check_connection(
        server.ServerAddress(host="127.0.0.1", user="dr_ada", port=1, database=database), "x"
    )
    assert found.kind == "wrong_password" and unreachable.kind == "unreachable"
    box, _choices = problem_box(unreachable.message, unreachable.kind)
    box.show()
    grab(box, "server-start-unreachable.png", app)
    box.close()

    dialog = window.rooms.settings.dialog()
    dialog.tabs.setCurrentWidget(dialog.server)
    dialog.show()
    dialog.server.password.setText(CLINICIANS["dr_ada"])
    dialog.server.test_connection()
    until(app, dialog.server.test_button.isEnabled)
    dialog.server.password.clear()
    grab(dialog, "server-settings.png", app)
    dialog.reject()
    window.close()
    window.practice.close()


def _settings():
    from therapist_desk.settings import load_settings

    return load_settings()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    cluster = start_cluster()
    try:
        database = new_database(cluster)
        write_settings(cluster.port, database)
        shoot(cluster.port, database)
    finally:
        cluster.stop("immediate")
        shutil.rmtree(cluster.data.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
