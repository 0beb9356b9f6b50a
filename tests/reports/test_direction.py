"""The bidirectional algorithm as the PDFs use it, one line at a time (synthetic text)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from therapist_desk.reports import direction
from therapist_desk.reports.direction import first_strong_rtl, levels, visual


def test_a_right_to_left_line_mirrors_its_brackets_around_what_they_hold() -> None:
    # drawn left to right: the bracket left of the words is "(", the one right of them ")"
    assert visual("מדי (בערך 60 שעות) סוף.", rtl=True) == ".ףוס (תועש 60 ךרעב) ידמ"


def test_a_left_to_right_line_keeps_its_punctuation_with_the_latin_text() -> None:
    assert visual("Client: דנה כהן (ID 42)", rtl=False) == "Client: ןהכ הנד (ID 42)"


def test_digits_in_right_to_left_text_keep_their_order() -> None:
    assert visual("בן 42 שנים", rtl=True) == "םינש 42 ןב"


def test_the_paragraph_direction_is_that_of_its_first_letter_with_one() -> None:
    assert first_strong_rtl("(42) דנה Cohen") is True
    assert first_strong_rtl("42: Dana דנה") is False
    assert first_strong_rtl("42 — !") is None


RTL_AND_NEUTRAL = st.text(
    alphabet=st.sampled_from([*"שלוםעולםأميرة ،.,:;!?()[]\"'-—", "\u05b0", "\u064e"]),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(RTL_AND_NEUTRAL)
def test_the_quick_path_for_plain_right_to_left_lines_agrees_with_the_algorithm(line) -> None:
    quick = levels(line, rtl=True)
    # every class of the line counts as mixed: the full algorithm runs
    mixed, direction._MIXED = direction._MIXED, frozenset(map(direction.bidi_class, line))
    try:
        full = levels(line, rtl=True)
    finally:
        direction._MIXED = mixed
    assert quick == full


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30))
def test_any_line_gets_a_level_per_character_and_a_full_reordering(line) -> None:
    for rtl in (False, True):
        line_levels = levels(line, rtl)
        assert len(line_levels) == len(line)
        assert sorted(direction.visual_order(line_levels)) == list(range(len(line)))
