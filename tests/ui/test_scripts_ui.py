"""Names in every script, and an emoji in a note, show with real glyphs in the windows.

The app registers the PDFs' bundled fonts when it opens the practice. For what the
client list, the client's page and the client dialog show, these tests lay the text out
as Qt draws it (QTextLayout with the widget's font) and check that no glyph is the
missing-glyph box, and that every character is in a bundled font Qt has registered.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFont, QRawFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel
from ui_driver import wait_for_client_page

from therapist_desk.intake.audience import Audience
from therapist_desk.models import ClientCreate
from therapist_desk.services import clients
from therapist_desk.ui.clients.client_dialog import ClientDialog
from therapist_desk.ui.shell.audience_bar import AudienceBar
from therapist_desk.ui.widgets import fonts
from therapist_desk.ui.widgets.audience import AudienceState
from therapist_desk.ui.widgets.bidi import FSI, PDI

NAMES = ["أميرة", "王芳", "さくら", "김민준", "अनन्या", "ธิดา"]
FIRST = {"name": "Dana Cohen", "preferred_name": "דנה כהן", "notes": "Likes mornings 🙂 👍🏽"}
EVERY_SCRIPT = ["Dana Cohen", "דנה כהן", *NAMES, "🙂", "👍🏽"]
FAMILIES = {
    "Noto Sans Hebrew",
    "Noto Naskh Arabic",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
    "Noto Emoji",
    "WenQuanYi Micro Hei",
}


def glyph_runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    """(family, glyph indexes) of each run, as Qt lays ``text`` out in ``font``."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


def boxes(text: str, font: QFont) -> list[str]:
    """The families of the runs of ``text`` that hold a missing-glyph box (glyph 0)."""
    return [family for family, glyphs in glyph_runs(text, font) if 0 in glyphs]


def uncovered(text: str) -> set[str]:
    """The letters of ``text`` that no registered bundled font has."""
    raws = [QRawFont.fromFont(QFont(family)) for family in fonts.registered_families()]
    letters = {c for c in text if not c.isspace() and not c.isascii() and c != "\u200d"}
    return {c for c in letters if not any(raw.supportsCharacter(ord(c)) for raw in raws)}


def add_every_script(window) -> list[int]:
    """The client Dana Cohen, then one client per name of `NAMES`; their ids."""
    return [
        clients.create_client(
            practice=window.practice,
            data=ClientCreate.model_validate({"kind": "individual", "participants": [person]}),
        )
        for person in [FIRST, *({"name": name} for name in NAMES)]
    ]


def test_the_bundled_fonts_are_registered_for_every_script(window) -> None:
    assert set(fonts.registered_families()) == FAMILIES
    assert uncovered("".join(EVERY_SCRIPT)) == set()


def test_every_script_shows_in_the_client_list_page_and_dialog(window, qtbot) -> None:
    first, amira, *_ = add_every_script(window)
    window.show_home()
    page = window.rooms.clients_page
    page.select_client(first)
    wait_for_client_page(window, qtbot, first)
    model, table = page.model, page.table
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount(QModelIndex()))]
    assert {n for n in [*NAMES, "Dana Cohen"] if any(n in s for s in shown)} == {
        *NAMES,
        "Dana Cohen",
    }
    for text in shown:
        assert boxes(text, table.font()) == [], text
        assert uncovered(text) == set(), text
    labels = [w for w in page.client_page.findChildren(QLabel) if "דנה כהן" in w.text()]
    assert labels
    for label in labels:
        assert boxes(label.text(), label.font()) == []
    page.select_client(amira)
    wait_for_client_page(window, qtbot, amira)
    name = page.client_page.name
    assert "أميرة" in name.text()
    assert starts_at_left(name.text(), name.font())  # at the left, like every other name
    dialog = ClientDialog(window)
    qtbot.addWidget(dialog)
    notes = dialog.forms[0].inputs["notes"]
    notes.setPlainText(FIRST["notes"])
    assert boxes(notes.toPlainText(), notes.font()) == []
    assert uncovered(notes.toPlainText()) == set()


def test_where_fontconfig_does_not_fall_back_the_families_are_listed(window) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    try:
        fonts.register_bundled_fonts(app, append_families=True)
        font = app.font()
        assert font.families()[1:] == fonts.registered_families()
        runs = dict(glyph_runs("Dana דנה أميرة अनन्या ธิดา 王芳", font))
        assert {"Noto Sans Hebrew", "Noto Naskh Arabic", "Noto Sans Devanagari"} <= set(runs)
        assert "WenQuanYi Micro Hei" not in [f for f, g in glyph_runs("Dana Cohen", font)]
        for text in EVERY_SCRIPT:
            assert boxes(text, font) == [], text
    finally:
        app.setFont(before)


def starts_at_left(text: str, font: QFont) -> bool:
    """Whether Qt sets ``text`` left to right (as a label does: by its first letter)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1000)
    layout.endLayout()
    return line.cursorToX(0)[0] == 0


def test_a_right_to_left_name_in_a_sentence_keeps_the_sentence_left_to_right(qtbot) -> None:
    state = AudienceState()
    state.set_people({"p1": "דנה כהן", "p2": "Noa Levi"}, couple=True, can_hand_over=True)
    bar = AudienceBar(state)
    qtbot.addWidget(bar)
    state.set(Audience.alone("p1"))
    bar.refresh()
    text = bar.name.text()
    assert text.replace(FSI, "").replace(PDI, "") == "דנה כהן alone"
    assert starts_at_left(text, bar.name.font())
    assert not starts_at_left("דנה כהן alone", bar.name.font())  # what it showed before
    assert boxes(text, bar.name.font()) == []
    state.set(Audience.alone("p2"))
    bar.refresh()
    assert bar.name.text() == "Noa Levi alone"  # Latin names are left as they are
