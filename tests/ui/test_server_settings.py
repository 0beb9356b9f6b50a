"""Settings › Practice server: kept in the settings file (the password only in the
keyring), and "Test connection" saying in one sentence what the real server answered."""

from __future__ import annotations

import json

import pytest
from pg_cluster import CLINICIANS
from server_helpers import closed_port, use_memory_keyring

from therapist_desk.settings import load_settings
from therapist_desk.ui.settings.server_box import ServerBox, server_box
from therapist_desk.ui.shell.main_window import MainWindow
from therapist_desk.ui.widgets.dialogs import Dialogs

ADA = CLINICIANS["dr_ada"]
SECRET = "Sunny-Harbour-42!"
WAIT_MS = 20_000


def fill(box: ServerBox, *, host: str, port: int, database: str, user: str, password: str) -> None:
    box.host.setText(host)
    box.port.setValue(port)
    box.database.setText(database)
    box.user.setText(user)
    box.password.setText(password)


def tried(qtbot, box: ServerBox) -> str:
    """Click Test connection and wait for its sentence."""
    box.test_button.click()
    assert not box.test_button.isEnabled()  # the connection is made on a worker
    qtbot.waitUntil(box.test_button.isEnabled, timeout=WAIT_MS)
    return box.test_result.text()


def test_the_server_settings_round_trip_and_the_password_goes_only_to_the_keyring(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = use_memory_keyring(monkeypatch)

    def run(self, dialog) -> bool:
        dialog.tabs.setCurrentWidget(dialog.server)
        box = dialog.server
        assert box.use_file.isChecked() and box.port.value() == 5432
        assert box.database.text() == "therapist_desk"
        fill(box, host="db.practice.example", port=6432, database="group", user="dr_lee",
             password=SECRET)  # fmt: skip
        box.use_server.click()
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.settings.trigger()

    path = window.practice.settings_path
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and SECRET.lower() not in text.lower()
    saved = json.loads(text)
    assert {k: v for k, v in saved.items() if k.startswith("server_") or k == "use_server"} == {
        "use_server": True,
        "server_host": "db.practice.example",
        "server_port": 6432,
        "server_database": "group",
        "server_user": "dr_lee",
        "server_sslmode": "",
        "server_sslrootcert": "",
    }
    assert load_settings(path) == window.practice.settings
    assert memory.store == {
        ("therapist-desk", "postgresql://dr_lee@db.practice.example:6432/group"): SECRET
    }

    dialog = window.rooms.settings.dialog()  # opened again: what was saved, no password
    qtbot.addWidget(dialog)
    box = dialog.server
    assert (box.host.text(), box.port.value(), box.user.text()) == (
        "db.practice.example",
        6432,
        "dr_lee",
    )
    assert box.password.text() == "" and box.use_server.isChecked()
    assert box.password_hint.text().startswith("A password is kept in the system keyring")


def test_the_server_needs_a_name_and_a_login_before_it_can_be_chosen(
    window: MainWindow, qtbot
) -> None:
    dialog = window.rooms.settings.dialog()
    qtbot.addWidget(dialog)
    dialog.server.use_server.click()
    dialog.try_accept()
    assert dialog.result_settings is None
    assert dialog.error.text() == "To open the practice server, give its name and your login."
    assert dialog.tabs.currentWidget() is dialog.server


def test_test_connection_says_what_the_server_answered(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_memory_keyring(monkeypatch)
    box = server_box()
    qtbot.addWidget(box)
    port = pg_cluster.port
    fill(box, host="127.0.0.1", port=port, database=pg_database, user="dr_ada",
         password="not-her-password")  # fmt: skip
    assert tried(qtbot, box) == "The server refused the password for dr_ada: type it again."
    assert "refused the password for dr_ada" in box.test_result.toolTip()  # the whole message

    box.password.setText(ADA)
    assert tried(qtbot, box) == "Connected: dr_ada can open the practice's records on 127.0.0.1."

    nowhere = closed_port()
    box.port.setValue(nowhere)
    assert tried(qtbot, box) == (
        f"No answer from 127.0.0.1 on port {nowhere}: check the server name, the port and "
        "the network."
    )

    box.port.setValue(port)
    box.database.setText("no_such_practice")
    assert tried(qtbot, box) == (
        "The server has no database named no_such_practice: check the name."
    )


def test_test_connection_asks_for_what_is_missing_first(qtbot, tmp_path) -> None:
    box = server_box()
    qtbot.addWidget(box)
    box.test_button.click()
    assert box.test_result.text() == "Give the server's name and your login first."
    box.host.setText("db.practice.example")
    box.user.setText("dr_lee")
    box.certificate.setText(str(tmp_path / "missing.crt"))
    box.test_button.click()
    assert (
        box.test_result.text()
        == f"The CA certificate file {tmp_path / 'missing.crt'} does not exist."
    )
    assert box.test_button.isEnabled()  # nothing was started


def test_the_switch_says_it_takes_effect_at_the_next_start(
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_memory_keyring(monkeypatch)

    def run(self, dialog) -> bool:
        box = dialog.server
        box.host.setText("db.practice.example")
        box.user.setText("dr_lee")
        box.use_server.click()
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.settings.trigger()
    assert window.statusBar().currentMessage() == (
        "From the next start, Therapist Desk opens the practice server."
    )
    assert not window.practice.on_server  # this window stays on the file until then


def test_the_ca_certificate_is_used_to_verify_the_server(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.settings import Settings

    use_memory_keyring(monkeypatch)
    box = server_box()
    qtbot.addWidget(box)
    box.load(Settings(server_sslmode="verify-full"))  # as a server away from this computer
    fill(box, host="localhost", port=pg_cluster.port, database=pg_database, user="dr_ada",
         password=ADA)  # fmt: skip
    box.certificate.setText(str(pg_cluster.data.parent / "server.crt"))  # not the CA
    assert tried(qtbot, box) == (
        "The server's certificate could not be checked, so nothing was sent: choose the "
        "practice's CA certificate, or ask your IT person."
    )
    box.certificate.setText(str(pg_cluster.ca_file))
    assert tried(qtbot, box) == "Connected: dr_ada can open the practice's records on localhost."
    assert box.collect()["server_sslmode"] == "verify-full"  # kept as it was set
