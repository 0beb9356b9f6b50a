"""The adapter from the intake engine: every example renders, and nothing private leaks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pdf_fixtures import pdf_pages

from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.reports import render_report
from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.json"))
PRACTICE = PracticeInfo("Test Practice", clinician_credentials="MFT")


def _build(path: Path):
    catalogue = load_catalogue()
    answers = parse_answers_file(path, catalogue)
    rec = recommend(catalogue, answers.to_intake(catalogue))
    data = report_input_from_answers_file(
        answers,
        catalogue,
        rec,
        practice=PRACTICE,
        generated_at=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    )
    return catalogue, answers, rec, data


def _private_strings(catalogue, answers, rec) -> set[str]:
    """Every sentence the engine marks private, or that a hard (safety) rule produced."""
    texts: set[str] = set()
    any_private = False
    for finding in rec.findings:
        if finding.private or finding.hard:
            any_private = True
            texts.add(finding.title)
        texts |= {e.text for e in finding.evidence if e.private}
    texts |= {s.text for s in rec.safety}
    if any_private:
        texts |= {c.text for c in rec.counterfactuals}
    texts |= {c.text for c in rec.counterfactuals if c.private}
    texts |= {d.text for d in rec.discrepancies if d.private}
    for by_measure in rec.scores.values():
        texts |= {s.name for s in by_measure.values() if s.private}
    kind = answers.to_intake(catalogue).kind
    texts |= {i.wording for i in catalogue.items.values() if i.private and kind in i.kinds}
    return texts


def _flat(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_client_version_of_every_example_has_nothing_private(path: Path) -> None:
    catalogue, answers, rec, data = _build(path)
    text = _flat(pdf_pages(render_report(data, variant="client")))
    for secret in _private_strings(catalogue, answers, rec):
        assert " ".join(secret.split()) not in text
    for word in ("PRIVATE", "Safety actions", "Rule trace", "AUDIT", "WAST"):
        assert word not in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_clinician_version_of_every_example_shows_everything(path: Path) -> None:
    _, answers, rec, data = _build(path)
    pages = pdf_pages(render_report(data, variant="clinician"))
    text = _flat(pages)
    assert "Test Practice" in text
    for person in answers.participants:
        assert person.name in text
    assert data.recommendation.order_label in text
    for finding in rec.findings:
        assert finding.title in text
    for action in rec.safety:
        assert " ".join(action.text.split()) in text
    for by_measure in rec.scores.values():
        for score in by_measure.values():
            assert score.name in text
    assert f"ruleset {rec.ruleset_version}" in text
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_violence_example_is_neutral_and_prominent_where_it_should_be() -> None:
    data = _build(Path(__file__).parents[2] / "examples" / "safety-violence.json")[3]
    clinician = _flat(pdf_pages(render_report(data, variant="clinician")))
    client = _flat(pdf_pages(render_report(data, variant="client")))
    assert "Safety actions required" in clinician
    assert "domestic-abuse" in clinician
    assert "Individual therapy first" in client
    assert "Your therapist suggests this way to start" in client
    assert "Violence" not in client and "violence" not in client
    assert "Accepted individual first; both partners will be seen separately." not in client


def test_missing_answers_show_as_not_answered_and_provisional() -> None:
    path = Path(__file__).parents[2] / "examples" / "provisional-missing-answers.json"
    _, _, _, data = _build(path)
    text = _flat(pdf_pages(render_report(data, variant="client")))
    assert "not answered" in text
    assert "Some questions were not answered" in text
    assert "How rewarding" in text or "Item" in text
