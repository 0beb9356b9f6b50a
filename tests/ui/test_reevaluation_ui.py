"""After a catalogue release a completed intake reads, prints and exports the same, until
the clinician re-evaluates it; the re-evaluation shows both results and keeps the original."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

from catalogue_copy import bumped_catalogue

from therapist_desk.intake import RULESET_VERSION, load_catalogue, parse_answers_file, recommend
from therapist_desk.paths import settings_path
from therapist_desk.reports.render import render_report
from therapist_desk.services import results, sharing
from therapist_desk.services.practice import Practice
from therapist_desk.services.summaries import report_input
from therapist_desk.settings import load_settings
from therapist_desk.store.database import open_database
from therapist_desk.store.importing import import_intake
from therapist_desk.store.session import new_session
from therapist_desk.ui.results.page import ResultsPage

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

_spec = importlib.util.spec_from_file_location(
    "make_records", ROOT / "tests" / "fixtures" / "records" / "make_records.py"
)
assert _spec is not None and _spec.loader is not None
make_records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_records)


def practice_of(database, catalogue) -> Practice:
    return Practice(
        database=database,
        settings=load_settings(),
        settings_path=settings_path(),
        catalogue=catalogue,
    )


def shown(practice: Practice, qtbot, intake_id: int, tmp_path: Path, tag: str) -> dict[str, object]:
    """Everything a clinician sees of one intake: screen, both PDFs' text, the export."""
    page = ResultsPage()
    qtbot.addWidget(page)
    view = results.results(practice=practice, intake_id=intake_id)
    page.show_summary(
        view.summary,
        clinician=True,
        suggested=view.recommendation["order"],
        decision=view.decision,
    )
    with new_session(practice.database.engine) as session:
        data, client_id = report_input(
            session=session,
            catalogue=practice.catalogue,
            settings=practice.settings,
            intake_id=intake_id,
            generated_at=WHEN,
        )
    folder = tmp_path / f"export-{tag}"
    folder.mkdir()
    written, _ = sharing.export_client_data(practice=practice, client_id=client_id, folder=folder)
    return {
        "screen": make_records.screen_text(page),
        "clinician": make_records.pdf_text(render_report(data, variant="clinician")),
        "client": make_records.pdf_text(render_report(data, variant="client")),
        "export": {p.name: p.read_bytes() for p in written},
    }


def test_a_catalogue_release_changes_nothing_until_re_evaluated(tmp_path, qtbot) -> None:
    database = open_database(tmp_path / "data" / "therapist-desk.sqlite3")
    today = load_catalogue()
    parsed = parse_answers_file(ROOT / "examples" / "safety-suicide-risk.json", today)
    answers = parsed.to_intake(today)
    intake_id = import_intake(
        engine=database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(today, answers),
    )
    before = shown(practice_of(database, today), qtbot, intake_id, tmp_path, "a")
    released = practice_of(database, bumped_catalogue(tmp_path))
    after = shown(released, qtbot, intake_id, tmp_path, "b")
    assert after == before  # byte for byte: screen text, both PDFs' text, every export file
    assert "Suicide risk" in before["clinician"]

    offer, side = results.reevaluation_view(practice=released, intake_id=intake_id)
    assert offer == f"Re-evaluate with ruleset {RULESET_VERSION} and catalogue 9.9.9"
    assert side is None
    new_id = results.reevaluate(practice=released, intake_id=intake_id)
    assert shown(released, qtbot, intake_id, tmp_path, "c")["screen"] == before["screen"]
    page = ResultsPage()
    qtbot.addWidget(page)
    view = results.results(practice=released, intake_id=new_id)
    page.show_summary(
        view.summary,
        clinician=True,
        suggested=view.recommendation["order"],
        decision=view.decision,
    )
    page.show_reevaluation(*results.reevaluation_view(practice=released, intake_id=new_id))
    text = make_records.screen_text(page)
    assert f"Re-evaluation of intake {intake_id}" in text
    assert "Original result (kept)" in text and "Individual therapy first" in text
    assert "Individual and relationship therapy at the same time" in text
    assert page.reevaluate_button.isHidden()
    database.engine.dispose()


def test_the_results_page_offers_and_runs_the_re_evaluation(window, qtbot, tmp_path) -> None:
    today = window.practice.catalogue
    parsed = parse_answers_file(ROOT / "examples" / "safety-suicide-risk.json", today)
    answers = parsed.to_intake(today)
    intake_id = import_intake(
        engine=window.practice.database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(today, answers),
    )
    window.rooms.results.show_results(intake_id)
    page = window.rooms.results_page
    assert page.reevaluate_button.isHidden()  # nothing newer to re-evaluate with
    window.practice.shipped_catalogue = bumped_catalogue(tmp_path)  # a catalogue release
    window.practice.use_settings(window.practice.settings)  # as the app starts with it
    window.rooms.results.show_results(intake_id)
    assert not page.reevaluate_button.isHidden()
    assert page.reevaluate_button.text() == (
        f"Re-evaluate with ruleset {RULESET_VERSION} and catalogue 9.9.9"
    )
    page.reevaluate_button.click()
    assert window.rooms.results.intake_id != intake_id
    assert page.comparison is not None
    assert page.headline.text() == "Individual and relationship therapy at the same time"
    window.rooms.results.show_results(intake_id)
    assert page.headline.text() == "Individual therapy first"  # the original, as it was
    assert page.reevaluate_button.isHidden()  # already re-evaluated with today's rules
