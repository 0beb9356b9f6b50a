"""Dark mode is a setting (system, light, dark), applied at once, and readable everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWidget

from therapist_desk import app as app_module
from therapist_desk.intake import load_catalogue
from therapist_desk.intake.progress import Administration, track
from therapist_desk.paths import settings_path
from therapist_desk.services.progress import Track
from therapist_desk.ui.clients.measure_chart import MeasureChart
from therapist_desk.ui.widgets.appearance import apply_appearance, current_appearance, edge_colour
from therapist_desk.ui.widgets.dialogs import Dialogs
from therapist_desk.ui.widgets.theme import accent, is_dark, second_colour

Role = QPalette.ColorRole


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def back_to_system() -> Iterator[None]:
    """Every test leaves the app as it found it: the appearance Qt started with."""
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_appearance(app, "system")


def choose_in_settings(window, monkeypatch, appearance: str) -> None:
    def run(self, dialog) -> bool:
        dialog.appearance.setCurrentIndex(dialog.appearance.findData(appearance))
        dialog.try_accept()
        return dialog.result() == dialog.DialogCode.Accepted

    monkeypatch.setattr(Dialogs, "run_dialog", run)
    window.rooms.actions.settings.trigger()


def test_dark_chosen_in_settings_applies_at_once_and_is_kept(
    window, monkeypatch, back_to_system
) -> None:
    started_dark = is_dark()
    choose_in_settings(window, monkeypatch, "dark")
    assert window.practice.settings.appearance == "dark"
    assert json.loads(settings_path().read_text(encoding="utf-8"))["appearance"] == "dark"
    assert is_dark() and current_appearance() == "dark"
    assert window.palette().color(Role.Window).lightness() < 60  # the open window too
    choose_in_settings(window, monkeypatch, "light")
    assert not is_dark()
    choose_in_settings(window, monkeypatch, "system")
    assert is_dark() is started_dark


def test_the_app_starts_in_the_appearance_saved(qtbot, home, back_to_system) -> None:
    home.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"schema_version": 4, "appearance": "dark"}), "utf-8")
    window = app_module.start(None)
    assert window is not None
    qtbot.addWidget(window)
    assert is_dark()
    assert "#1d3a3c" in QApplication.instance().styleSheet()  # the dark focus mark


@pytest.mark.parametrize("appearance", ["light", "dark"])
def test_text_lines_and_frames_stand_out_from_the_window(qtbot, appearance, back_to_system) -> None:
    apply_appearance(QApplication.instance(), appearance)
    palette = QGuiApplication.palette()
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    assert contrast(palette.color(Role.WindowText), window) >= 7
    assert contrast(palette.color(Role.Text), base) >= 7
    assert contrast(palette.color(Role.PlaceholderText), base) >= 4.5
    assert contrast(palette.color(QPalette.ColorGroup.Disabled, Role.WindowText), window) >= 3
    assert contrast(edge_colour(palette), window) >= 3  # frames, chart axes, cut-off lines
    assert contrast(QColor(accent()), window) >= 3  # the first partner's chart line
    assert contrast(QColor(second_colour()), window) >= 3  # the second partner's


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_an_empty_check_box_or_radio_button_shows_its_frame_in_dark(
    qtbot, kind, back_to_system
) -> None:
    apply_appearance(QApplication.instance(), "dark")
    holder = QWidget()
    qtbot.addWidget(holder)
    holder.setAutoFillBackground(True)
    button = kind("Several days", holder)
    holder.resize(200, 40)
    image: QImage = holder.grab().toImage()
    window = QGuiApplication.palette().color(Role.Window)
    box = button.style().subElementRect(
        button.style().SubElement.SE_CheckBoxIndicator
        if kind is QCheckBox
        else button.style().SubElement.SE_RadioButtonIndicator,
        _option(button),
        button,
    )
    ratio = image.devicePixelRatio()
    best = max(
        contrast(QColor(image.pixel(QPoint(round(x * ratio), round(y * ratio)))), window)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    )
    assert best >= 3, f"the frame of an empty {kind.__name__} hardly shows ({best:.2f}:1)"


def _option(button):
    from PySide6.QtWidgets import QStyleOptionButton

    option = QStyleOptionButton()
    option.initFrom(button)
    return option


def test_the_chart_draws_in_the_palette_of_the_appearance(qtbot, back_to_system) -> None:
    apply_appearance(QApplication.instance(), "dark")
    chart = MeasureChart()
    qtbot.addWidget(chart)
    chart.setAutoFillBackground(True)
    phq9 = load_catalogue().measures["phq9"]

    def line(pid: str, person: str, first: float, then: float) -> Track:
        given = [Administration("2024-01-10", 1, first), Administration("2024-03-10", 2, then)]
        bands = tuple((b.minimum, b.label) for b in phq9.bands)
        return Track(pid, person, "phq9", "PHQ-9", 27, 10, False, bands, 6, False,
                     track(phq9.change, given))  # fmt: skip

    chart.set_tracks([line("p1", "Noor", 14, 8), line("p2", "Sol", 6, 5)])
    chart.resize(480, chart.sizeHint().height())
    image = chart.grab().toImage()
    window = QGuiApplication.palette().color(Role.Window)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())}
    readable = [c for c in colours if contrast(QColor(c), window) >= 3]
    assert len(readable) > 20  # labels, axes and both lines, not a blank dark box
    assert contrast(QColor(image.pixel(1, 1)), window) < 1.1  # on the window's own colour


@pytest.mark.parametrize("appearance", ["light", "dark"])
def test_the_mark_of_the_current_question_stands_out(qtbot, appearance, back_to_system) -> None:
    from therapist_desk.intake import load_catalogue
    from therapist_desk.ui.intake.question import QuestionWidget
    from therapist_desk.ui.widgets.theme import apply_theme

    app = QApplication.instance()
    apply_theme(app, 1.0, appearance)
    question = QuestionWidget(load_catalogue().item("phq9.1"), "1.")
    qtbot.addWidget(question)
    question.set_current(True)
    question.resize(420, question.sizeHint().height())
    image = question.grab().toImage()
    window = QGuiApplication.palette().color(Role.Window)
    edge = QColor(image.pixel(2, image.height() // 2))  # the wide left edge of the mark
    fill = QColor(image.pixel(image.width() // 2, image.height() - 6))
    assert edge.name() == accent()
    assert contrast(edge, window) >= 3 and contrast(edge, fill) >= 3
    assert contrast(QGuiApplication.palette().color(Role.WindowText), fill) >= 7
