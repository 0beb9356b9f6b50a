"""The window on a practice server: `--database-url`, whose clients it shows, a wrong
password at start, and what this computer does not do there (backups, encryption)."""

from __future__ import annotations

import pytest
from pg_cluster import CLINICIANS, clinician_url
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from server_helpers import add_client_as, closed_port, use_memory_keyring

from therapist_desk import app as app_module
from therapist_desk import cli
from therapist_desk.services.server import parse_url
from therapist_desk.ui.shell import server_dialogs
from therapist_desk.ui.shell.about import about_text
from therapist_desk.ui.shell.main_window import MainWindow

ADA = CLINICIANS["dr_ada"]
WAIT_MS = 20_000


def visible_names(window: MainWindow) -> list[str]:
    """The names in the client list, as the window shows them."""
    model = window.rooms.clients_page.model
    return [
        model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())
    ]


def no_questions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """Every start-up question recorded; a question nobody expected fails the test."""
    asked: list[tuple[str, object]] = []

    def unexpected(*args: object, **kwargs: object) -> None:
        pytest.fail(f"an unexpected question: {args} {kwargs}")

    for name in ("ask_password", "ask_choice", "edit_settings", "tell"):
        monkeypatch.setattr(server_dialogs, name, unexpected)
    monkeypatch.setattr(app_module, "show_startup_error", unexpected)
    return asked


def started(qtbot, server, failures: list[bool]) -> MainWindow:
    window = app_module.launch(None, lambda: failures.append(True), server=server)
    qtbot.addWidget(window)
    return window


def close(window: MainWindow) -> None:
    window.close()
    if window.attached:
        window.practice.close()


def test_database_url_opens_dr_adas_practice_with_her_clients_only(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada_url = clinician_url(pg_cluster, pg_database, "dr_ada")
    add_client_as(ada_url, "Ada Client")
    add_client_as(clinician_url(pg_cluster, pg_database, "dr_ben"), "Ben Client")
    given: dict[str, object] = {}
    monkeypatch.setattr(app_module, "run_gui", lambda **kwargs: given.update(kwargs) or 0)
    assert cli.main(["--database-url", ada_url]) == 0
    no_questions(monkeypatch)
    failures: list[bool] = []
    window = started(qtbot, given["server"], failures)
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)

    assert visible_names(window) == ["Ada Client"]
    where = f"dr_ada@127.0.0.1:{pg_cluster.port}/{pg_database}"
    assert window.windowTitle() == f"Therapist Desk — {where}"
    assert f"Practice server: {where}" in [
        label.text() for label in window.statusBar().findChildren(QLabel)
    ]
    about = about_text(window.practice.database.describe(), on_server=True)
    assert f"<b>Practice server:</b><br>{where}" in about
    back_up = window.rooms.actions.back_up
    assert not back_up.isEnabled()
    assert back_up.toolTip() == (
        "The practice server's backups are kept on the server; ask your IT person."
    )
    assert failures == []
    close(window)


def test_a_wrong_password_at_start_is_said_once_and_asked_again(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    memory = use_memory_keyring(monkeypatch)
    address, _ = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    no_questions(monkeypatch)
    asked: list[str | None] = []

    def ask_password(shown, *, problem, can_remember, remember):
        asked.append(problem)
        assert shown == address and can_remember and not remember
        return ADA, True

    monkeypatch.setattr(server_dialogs, "ask_password", ask_password)
    failures: list[bool] = []
    window = started(qtbot, (address, "not-her-password"), failures)
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)

    assert asked == [
        f"The practice server refused the password for dr_ada ({address.describe()}). "
        "Type it again; if it still fails, ask the practice's IT person (the password "
        "may have been reset, or the login removed)."
    ]
    assert memory.store == {("therapist-desk", address.keyring_name()): ADA}  # remembered
    assert window.practice.on_server and failures == []
    assert "Traceback" not in capsys.readouterr().err
    close(window)


def test_cancelling_the_password_offers_the_choices_once_and_quit_gives_up(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    use_memory_keyring(monkeypatch)
    address, _ = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    no_questions(monkeypatch)
    choices: list[tuple[str, str | None]] = []
    monkeypatch.setattr(server_dialogs, "ask_password", lambda *a, **k: None)
    monkeypatch.setattr(
        server_dialogs,
        "ask_choice",
        lambda message, kind: choices.append((message, kind)) or "quit",
    )
    failures: list[bool] = []
    window = started(qtbot, (address, "not-her-password"), failures)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)

    [(message, kind)] = choices
    assert kind == "wrong_password" and "refused the password for dr_ada" in message
    assert not window.attached
    err = capsys.readouterr().err
    assert err.count("therapist-desk: error:") == 1 and "Traceback" not in err


def test_an_unreachable_server_can_be_left_for_the_file_on_this_computer(
    qtbot, monkeypatch: pytest.MonkeyPatch, pg_cluster
) -> None:
    address, _ = parse_url(f"postgresql://dr_ada@127.0.0.1:{closed_port()}/therapist_desk")
    no_questions(monkeypatch)
    choices: list[str | None] = []
    monkeypatch.setattr(
        server_dialogs, "ask_choice", lambda message, kind: choices.append(kind) or "local"
    )
    failures: list[bool] = []
    window = started(qtbot, (address, "any"), failures)
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)

    assert choices == ["unreachable"]
    assert not window.practice.on_server and window.practice.database.path is not None
    assert window.windowTitle() == "Therapist Desk" and window.rooms.actions.back_up.isEnabled()
    close(window)


def test_on_the_server_settings_keep_no_backups_and_nothing_to_encrypt(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, password = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    no_questions(monkeypatch)
    window = started(qtbot, (address, password), [])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)

    dialog = window.rooms.settings.dialog()
    qtbot.addWidget(dialog)
    assert not dialog.backup_button.isEnabled() and not dialog.backups.isEnabled()
    assert dialog.backup_status.text().startswith("The practice server's backups are kept")
    security = dialog.security
    assert not security.encrypt_button.isVisibleTo(security)
    assert security.status.text().startswith("The records are on the practice server")
    assert security.lock_hint.text() == "Unlock with your password for the practice server."
    box = dialog.server
    assert (box.host.text(), box.port.value(), box.user.text()) == (
        "127.0.0.1",
        pg_cluster.port,
        "dr_ada",
    )
    assert box.when.text().startswith(f"Open now: the practice server {address.describe()}.")
    close(window)


def test_on_the_server_the_lock_opens_with_the_server_password_checked_by_connecting(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.ui.security.autolock import LockCover

    address, password = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    no_questions(monkeypatch)
    window = started(qtbot, (address, password), [])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    lock = window.rooms.screen_lock
    window.rooms.actions.lock.trigger()  # no PIN set: the server password unlocks
    assert lock.locked
    cover = next(c for c in window.findChildren(LockCover) if c.isVisible())
    assert cover.hint.text() == "Client data is hidden. Type your password for the practice server."

    assert not lock.try_unlock("not-her-password")
    assert cover.error.text() == "Checking the password with the practice server…"
    assert not cover.secret.isEnabled()
    qtbot.waitUntil(lambda: cover.secret.isEnabled(), timeout=WAIT_MS)
    assert lock.locked
    assert cover.error.text() == "That is not your password for the practice server. Try again."

    lock.try_unlock(ADA)
    qtbot.waitUntil(lambda: not lock.locked, timeout=WAIT_MS)
    assert window.windowTitle() == f"Therapist Desk — {address.describe()}"
    close(window)


def test_the_server_in_the_settings_opens_at_start_with_the_keyrings_password(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch, home
) -> None:
    from therapist_desk.services.server import address_settings
    from therapist_desk.settings import Settings, save_settings

    memory = use_memory_keyring(monkeypatch)
    address, password = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    home.mkdir(parents=True)
    save_settings(Settings(use_server=True, **address_settings(address)))
    memory.set_password("therapist-desk", address.keyring_name(), password)
    add_client_as(clinician_url(pg_cluster, pg_database, "dr_ada"), "Ada Client")
    no_questions(monkeypatch)
    window = started(qtbot, None, [])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    assert window.practice.database.server == address
    assert visible_names(window) == ["Ada Client"]
    close(window)


def test_server_settings_from_the_problem_dialog_are_kept_and_used_at_once(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.settings import load_settings

    memory = use_memory_keyring(monkeypatch)
    nowhere = closed_port()
    wrong, _ = parse_url(f"postgresql://dr_ada@127.0.0.1:{nowhere}/{pg_database}")
    no_questions(monkeypatch)
    choices: list[str | None] = []
    monkeypatch.setattr(
        server_dialogs, "ask_choice", lambda message, kind: choices.append(kind) or "settings"
    )
    shown: list[object] = []

    def edit_settings(settings):
        shown.append((settings.server_port, settings.use_server))
        return settings.model_copy(update={"server_port": pg_cluster.port}), ADA

    monkeypatch.setattr(server_dialogs, "edit_settings", edit_settings)
    window = started(qtbot, (wrong, "any"), [])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)

    assert choices == ["unreachable"] and shown == [(nowhere, True)]  # filled from the URL
    right = wrong.__class__(host="127.0.0.1", user="dr_ada", port=pg_cluster.port,
                            database=pg_database)  # fmt: skip
    assert window.practice.database.server == right
    saved = load_settings()
    assert (saved.use_server, saved.server_port, saved.server_user) == (
        True,
        pg_cluster.port,
        "dr_ada",
    )
    assert memory.store == {("therapist-desk", right.keyring_name()): ADA}
    close(window)


def test_the_password_dialog_offers_the_keyring_only_where_there_is_one(qtbot) -> None:
    from therapist_desk.services.server import ServerAddress
    from therapist_desk.ui.shell.server_dialogs import ServerPasswordDialog

    address = ServerAddress(host="db.practice.example", user="dr_lee")
    dialog = ServerPasswordDialog(address, can_remember=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.remember.isVisible() and not dialog.remember.isChecked()
    assert dialog.connect_button.isDefault()
    dialog.connect_button.click()  # nothing typed: asked again, not sent
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.text() == "Type your password, or choose Cancel."
    without = ServerPasswordDialog(address, problem="The server refused it.", can_remember=False)
    qtbot.addWidget(without)
    without.show()
    assert not without.remember.isVisible()
    labels = [w.text() for w in without.findChildren(type(without.error)) if w.isVisible()]
    assert "The server refused it." in labels


def test_with_the_server_unreachable_the_lock_takes_the_password_the_app_connected_with(
    qtbot, pg_cluster, pg_database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from therapist_desk.services import security

    address, password = parse_url(clinician_url(pg_cluster, pg_database, "dr_ada"))
    no_questions(monkeypatch)
    window = started(qtbot, (address, password), [])
    qtbot.waitUntil(lambda: window.attached, timeout=WAIT_MS)
    monkeypatch.setattr(security, "password_accepted", lambda address, secret: None)
    practice = window.practice
    assert not security.server_password_unlocks(practice=practice, secret="not-her-password")
    assert security.server_password_unlocks(practice=practice, secret=ADA)
    practice.settings.lock_pin_hash = "scrypt$00$00"  # with a PIN, only the PIN unlocks
    assert window.rooms.security.server_check(ADA) is None
    close(window)
