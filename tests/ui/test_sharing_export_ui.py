"""Client > Export data: answers files that round-trip through recommend and import, and CSV."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

from test_results_ui import complete

from therapist_desk.cli import main
from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.intake.audience import Audience
from therapist_desk.models import AuditAction
from therapist_desk.store import completion
from therapist_desk.store.audit import list_events
from therapist_desk.store.database import open_database
from therapist_desk.store.importing import import_intake
from therapist_desk.store.intakes import get_intake
from therapist_desk.store.session import new_session
from therapist_desk.ui.widgets.dialogs import Dialogs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_export_round_trips_through_recommend_and_import(
    window, qtbot, monkeypatch, tmp_path, capsys
) -> None:
    complete(window, qtbot, monkeypatch, "relationship-first.json")
    stored_order = window.rooms.results_page.suggested
    page = window.rooms.results_page
    page.decide_button.click()  # accept the suggestion: the decision is exported too
    window.rooms.actions.start_intake.trigger()  # a second intake, left as a draft
    window.audience.set(Audience.clinician())  # the partners have left: Ctrl+1
    folder = tmp_path / "export"
    folder.mkdir()
    monkeypatch.setattr(Dialogs, "ask_folder", lambda self: folder)
    monkeypatch.setattr(Dialogs, "ask_export_format", lambda self, choices, first: "answers")
    assert window.rooms.actions.export_data.isEnabled()
    window.rooms.actions.export_data.trigger()
    qtbot.waitUntil(lambda: bool(window.informed), timeout=30000)
    title, text = window.informed[-1]
    assert title == "Data exported"
    assert "1 unfinished intakes (drafts) were not exported" in text

    [answers] = sorted(folder.glob("*.answers.json"))
    [scores] = sorted(folder.glob("*-scores.csv"))
    for path in (answers, scores):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    catalogue = load_catalogue()
    parsed = parse_answers_file(answers, catalogue)
    assert parsed.decision is not None and parsed.decision.status == "accepted"
    assert recommend(catalogue, parsed.to_intake(catalogue)).order.value == stored_order

    assert main(["recommend", str(answers), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["order"] == stored_order
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(answers)]) == 0
    intake_id = int(capsys.readouterr().out.strip())
    database = open_database(other)
    with new_session(database.engine) as s:
        snap = completion.get_snapshots(session=s, intake_id=intake_id)
        assert snap is not None and snap.recommendation["order"] == stored_order
    database.engine.dispose()

    rows = list(csv.DictReader(scores.open(encoding="utf-8")))
    assert rows and {r["participant"] for r in rows} == {
        p["name"] for p in window.rooms.results.view.recommendation["participants"]
    }
    assert all(r["date"] and r["measure"] for r in rows)
    with new_session(window.practice.database.engine) as s:
        details = [e.detail for e in list_events(session=s) if e.action == AuditAction.EXPORTED]
    assert details == ["data export: 1 answers files and scores CSV"]


def test_fhir_export_offers_the_client_version_first_and_it_holds_nothing_private(
    window, qtbot, monkeypatch, tmp_path
) -> None:
    catalogue = load_catalogue()
    parsed = parse_answers_file(EXAMPLES / "safety-violence.json", catalogue)
    answers = parsed.to_intake(catalogue)
    intake_id = import_intake(
        engine=window.practice.database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(catalogue, answers),
    )
    with new_session(window.practice.database.engine) as s:
        client_id = get_intake(session=s, intake_id=intake_id).client_id
    monkeypatch.setattr(window.rooms.sharing, "_client", lambda: client_id)
    folder = tmp_path / "fhir"
    folder.mkdir()
    offered: list[tuple[list[tuple[str, str]], str]] = []

    def choose(self, choices, preselected):
        offered.append((choices, preselected))
        return preselected

    monkeypatch.setattr(Dialogs, "ask_export_format", choose)
    monkeypatch.setattr(Dialogs, "ask_folder", lambda self: folder)
    window.rooms.sharing.export_data()  # Client > Export data… on that client
    qtbot.waitUntil(lambda: bool(window.informed), timeout=30000)
    [(choices, preselected)] = offered
    assert preselected == "fhir-client" == choices[0][0]
    assert "client version" in choices[0][1] and "everything" in choices[1][1]
    title, text = window.informed[-1]
    assert title == "Data exported" and "FHIR R4 Bundles (client version)" in text
    [bundle_file] = folder.glob("*.client.fhir.json")
    assert stat.S_IMODE(bundle_file.stat().st_mode) == 0o600
    bundle = json.loads(bundle_file.read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle" and "security" not in json.dumps(bundle)
    linked = json.dumps([e["resource"].get("item", []) for e in bundle["entry"]])
    assert "safety." not in linked and "wast." not in linked
