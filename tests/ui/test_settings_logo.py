"""Settings refuse a logo that is not a PNG or JPEG image (issue 17, item 15)."""

from __future__ import annotations

from pathlib import Path

from therapist_desk.settings import Settings
from therapist_desk.ui.settings.dialog import SettingsDialog


def test_a_logo_that_is_not_an_image_is_refused_where_it_is_set(qtbot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(), data_folder=tmp_path)
    qtbot.addWidget(dialog)
    fake = tmp_path / "logo.png"
    fake.write_text("<svg>not a PNG</svg>", encoding="utf-8")
    dialog.logo.setText(str(fake))

    dialog.try_accept()

    assert dialog.result_settings is None
    assert dialog.error.text() == (
        f"The logo file {fake} is not a PNG or JPEG image; choose a .png or .jpg file."
    )
    from PIL import Image

    real = tmp_path / "real.png"
    Image.new("RGB", (4, 2), "teal").save(real)
    dialog.logo.setText(str(real))
    dialog.try_accept()
    assert dialog.result_settings is not None and dialog.result_settings.logo_path == str(real)
