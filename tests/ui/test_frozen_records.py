"""Intakes completed under ruleset 1.0.0 open, print and export exactly as they did then.

``tests/fixtures/records`` holds a practice written by that release and what it showed
(see ``make_records.py``). This release must show the same screen text, print the same
PDF text and export the same files, although its rules and catalogue are newer.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from therapist_desk.intake import load_catalogue
from therapist_desk.paths import settings_path
from therapist_desk.reports.render import render_report
from therapist_desk.services import results, sharing
from therapist_desk.services.practice import Practice
from therapist_desk.services.summaries import report_input
from therapist_desk.settings import load_settings
from therapist_desk.store.database import open_database
from therapist_desk.store.session import new_session
from therapist_desk.ui.results.page import ResultsPage

RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
SHOWN = json.loads((RECORDS / "ruleset-1.0.0-shown.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("make_records", RECORDS / "make_records.py")
assert _spec is not None and _spec.loader is not None
make_records = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_records)


@pytest.fixture
def practice(tmp_path):
    path = tmp_path / "data" / "therapist-desk.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(RECORDS / "ruleset-1.0.0.sqlite3", path)
    database = open_database(path)  # upgrades the schema, after a backup
    yield Practice(
        database=database,
        settings=load_settings(),
        settings_path=settings_path(),
        catalogue=load_catalogue(),
    )
    database.engine.dispose()


def test_the_fixture_is_from_the_older_ruleset_and_catalogue(practice) -> None:
    rec = results.results(practice=practice, intake_id=1).recommendation
    assert (rec["ruleset_version"], rec["catalogue_version"]) == ("1.0.0", "1.0.0")
    assert practice.catalogue.version != "1.0.0"


@pytest.mark.parametrize("intake_id", sorted(SHOWN["intakes"], key=int))
def test_screen_and_both_pdfs_read_exactly_as_ruleset_1_0_0_showed_them(
    practice, qtbot, intake_id
) -> None:
    shown = SHOWN["intakes"][intake_id]
    page = ResultsPage()
    qtbot.addWidget(page)
    view = results.results(practice=practice, intake_id=int(intake_id))
    page.show_summary(
        view.summary,
        clinician=True,
        suggested=view.recommendation["order"],
        decision=view.decision,
    )
    assert make_records.screen_text(page) == shown["screen"]
    with new_session(practice.database.engine) as session:
        data, _ = report_input(
            session=session,
            catalogue=practice.catalogue,
            settings=practice.settings,
            intake_id=int(intake_id),
        )
    for variant in ("clinician", "client"):
        text = make_records.pdf_text(render_report(data, variant=variant))
        assert text == shown[variant], variant


def test_the_data_export_is_the_same_files(practice, tmp_path) -> None:
    (tmp_path / "export").mkdir()
    written, _ = sharing.export_client_data(
        practice=practice, client_id=1, folder=tmp_path / "export"
    )
    assert {p.name: p.read_text(encoding="utf-8") for p in written} == SHOWN["export"]
