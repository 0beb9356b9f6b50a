"""Settings > Email: the mail server and templates are edited and kept; no password stored."""

from __future__ import annotations

from therapist_desk.settings import SCHEMA_VERSION, Settings, load_settings, save_settings
from therapist_desk.ui.settings.dialog import SettingsDialog


def test_email_settings_round_trip_through_the_dialog(qtbot, tmp_path) -> None:
    settings = Settings(smtp_host="smtp.example.org", smtp_user="me@example.org")
    dialog = SettingsDialog(settings, data_folder=tmp_path)
    qtbot.addWidget(dialog)
    box = dialog.email
    assert box.host.text() == "smtp.example.org" and box.port.value() == 587
    box.security.setCurrentIndex(box.security.findData("ssl"))
    assert box.port.value() == 465  # the usual port follows the security choice
    box.sender.setText("desk@example.org")
    box.subject.setText("Summary for {client_first_names}")
    dialog.try_accept()
    saved = dialog.result_settings
    assert saved is not None
    assert (saved.smtp_security, saved.smtp_port, saved.sender_address) == (
        "ssl",
        465,
        "desk@example.org",
    )
    assert saved.email_subject_template == "Summary for {client_first_names}"
    path = tmp_path / "settings.json"
    save_settings(saved, path)
    text = path.read_text(encoding="utf-8")
    assert "password" not in text.lower()
    assert load_settings(path) == saved and saved.schema_version == SCHEMA_VERSION == 6


def test_old_settings_files_gain_the_email_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"schema_version": 1, "practice_name": "Calm Rooms"}', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.practice_name == "Calm Rooms"
    assert loaded.schema_version == SCHEMA_VERSION
    assert (
        loaded.smtp_security == "starttls" and "{client_first_names}" in loaded.email_body_template
    )
