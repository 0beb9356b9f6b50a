"""The client version carries nothing private and nothing derived from a private item."""

from __future__ import annotations

import dataclasses

import pytest
from pdf_fixtures import PRIVATE_MARKERS, couple_input, pdf_text

from therapist_desk.reports import client_view, render_report
from therapist_desk.reports.data import Reason, RecommendationView


@pytest.fixture(scope="module")
def client_text() -> str:
    return " ".join(pdf_text(render_report(couple_input(), variant="client")).split())


def _private_flags(value, path="data"):
    """Every path in ``value`` where a ``private`` field is true."""
    found = []
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            child = getattr(value, f.name)
            if f.name in {"private", "reason_private", "decisive_private"} and child:
                found.append(f"{path}.{f.name}")
            found += _private_flags(child, f"{path}.{f.name}")
    elif isinstance(value, tuple):
        for index, child in enumerate(value):
            found += _private_flags(child, f"{path}[{index}]")
    return found


def test_fixture_shows_every_marker_in_the_clinician_version() -> None:
    text = pdf_text(render_report(couple_input(), variant="clinician"))
    missing = [m for m in PRIVATE_MARKERS if m not in text]
    assert not missing, "the test fixture must exercise every private marker"


@pytest.mark.parametrize("marker", PRIVATE_MARKERS)
def test_no_private_wording_value_or_flag_in_client_pdf(client_text: str, marker: str) -> None:
    assert marker not in client_text


def test_client_pdf_has_no_private_tag_safety_box_or_rule_trace(client_text: str) -> None:
    for absent in (
        "PRIVATE",
        "Safety actions",
        "Call back within 48 hours",
        "Rule trace",
        "Violence or fear",
        "fear_of_partner",
    ):
        assert absent not in client_text


def test_client_view_leaves_no_private_item_in_the_data() -> None:
    assert _private_flags(couple_input())
    assert _private_flags(client_view(couple_input())) == []


def test_private_decisive_reason_gets_the_neutral_explanation() -> None:
    undecided = couple_input(decision=None)  # once decided, the decision leads instead
    client_text = " ".join(pdf_text(render_report(undecided, variant="client")).split())
    assert "Individual therapy first, for each of you" in client_text
    assert "We suggest starting with one-to-one sessions for each of you." in client_text
    assert "How clear the picture is" not in client_text
    assert "Why we suggest this" not in client_text, "supporting reasons would invite why"
    assert "Both want help with low mood." not in client_text


def test_client_keeps_everything_public(client_text: str) -> None:
    for expected in (
        "More arguments lately",
        "Communicate better",
        "PHQ-9 differs by two bands.",
        "Book individual sessions.",
        "Arrived together; calm.",
        "How you agreed to start",
        "Agreed way to start Concurrent",
        "not answered",
        "Confidential — contains health information",
    ):
        assert expected in client_text


def test_public_decisive_reason_keeps_explanation_strength_and_counterfactuals() -> None:
    rec = RecommendationView(
        order_label="Relationship therapy first",
        explanation="The trouble lives between you.",
        strength="Strong",
        reasons=(Reason("More arguments lately.", decisive=True),),
        counterfactuals=(dataclasses.replace(couple_input().recommendation.counterfactuals[1]),),
    )
    undecided = couple_input(recommendation=rec, decision=None)
    text = pdf_text(render_report(undecided, variant="client"))
    for expected in (
        "The trouble lives between you.",
        "Strong",
        "More arguments lately.",
        "Without low mood this would be relationship first.",
    ):
        assert expected in text


def test_decisive_private_reason_alone_triggers_the_neutral_wording() -> None:
    rec = dataclasses.replace(
        couple_input().recommendation, decisive_private=False, neutral_explanation=""
    )
    view = client_view(couple_input(recommendation=rec))
    assert "Wombatexplain" not in view.recommendation.explanation
    assert view.recommendation.strength == ""
    assert view.recommendation.counterfactuals == ()


def test_once_decided_the_client_pdf_leads_with_the_decision_and_never_the_suggestion(
    client_text: str,
) -> None:
    assert "Agreed way to start Concurrent" in client_text
    for absent in ("What we suggest", "Chose a different order", "Kookaburrareason", "Reason:"):
        assert absent not in client_text
