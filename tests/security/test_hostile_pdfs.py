"""Hostile text in both PDF versions: the report renders, pypdf reads it back, and the
legible part of every string is printed where that field belongs.

Two roads lead to a PDF: an answers file (``therapist-desk report``) and the store (the
app's results screen, ``therapist-desk export``); both are driven here. Private fields
(clinician notes, session notes, an override reason) are
expected in the clinician version only. Strings tried per run: `STRINGS_TRIED`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hostile_text import FIXED, hostile, pdf_body, recognisable
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import Engine

from therapist_desk.intake import AnswersFile, limits, load_catalogue, recommend
from therapist_desk.models import ClientCreate, DecisionCreate, IntakeCreate
from therapist_desk.reports import default_filename, render_report
from therapist_desk.reports.data import Note
from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file
from therapist_desk.services.summaries import report_input
from therapist_desk.settings import Settings
from therapist_desk.store.answers import save_answers
from therapist_desk.store.clients import create_client
from therapist_desk.store.completion import complete_intake, record_decision
from therapist_desk.store.database import open_database
from therapist_desk.store.intakes import start_intake
from therapist_desk.store.session import new_session

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "concurrent.json"
BOTH = ("clinician", "client")
FILE_FIELDS = {
    "practice": 200, "credentials": 200, "clinician": limits.CLINICIAN, "first": limits.NAME,
    "preferred": limits.PREFERRED_NAME, "second": limits.NAME, "rel.notes": 4000,
    "clinician.notes": 4000, "notes": limits.INTAKE_NOTES, "reason": limits.DECISION_REASON,
}  # fmt: skip
STORE_FIELDS = {
    "practice": 200, "clinician": 120, "first": 120, "preferred": 120, "second": 120,
    "rel.notes": 4000, "clinician.notes": 4000, "reason": 2000,
}  # fmt: skip
EXAMPLES = {"answers_file": 6, "store": 2}


def rounds(fields: dict[str, int]) -> int:
    """Explicit examples needed to deal every fixed sample into some field once."""
    return -(-len(FIXED) // len(fields))


STRINGS_TRIED = {
    "answers_file": (EXAMPLES["answers_file"] + rounds(FILE_FIELDS)) * len(FILE_FIELDS),
    "store": (EXAMPLES["store"] + rounds(STORE_FIELDS)) * len(STORE_FIELDS),
}


def examples(test: str) -> settings:
    """Hypothesis settings for ``test``: its example count, no deadline, fixtures shared."""
    return settings(
        max_examples=EXAMPLES[test],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def dealt(fields: dict[str, int], round_: int) -> dict[str, str]:
    """The fixed samples dealt out over ``fields``, continuing where round ``round_ - 1`` ended."""
    samples = list(FIXED.values())
    start = round_ * len(fields)
    return {field: samples[(start + i) % len(samples)] for i, field in enumerate(fields)}


def with_every_fixed_sample(fields: dict[str, int]) -> Any:
    def decorate(test: Any) -> Any:
        for round_ in range(rounds(fields)):
            test = example(texts=dealt(fields, round_))(test)
        return test

    return decorate


def bodies(data: Any) -> dict[str, str]:
    """The body text of each version, as pypdf extracts it."""
    return {variant: pdf_body(render_report(data, variant=variant)) for variant in BOTH}


def assert_printed(texts: dict[str, str], where: dict[str, tuple[str, ...]], found) -> None:
    """The legible part of each field's text is in the body of each version it belongs to."""
    for field, variants in where.items():
        part = recognisable(texts[field])
        for variant in variants if part else ():
            assert part in found[variant], f"{field} ({variant} version) lost {part[:40]!r}"


def _file(texts: dict[str, str]) -> dict[str, Any]:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    first, second = data["participants"]
    first.update(name=texts["first"] or "A", preferred_name=texts["preferred"])
    second.update(name=texts["second"] or "B")
    del second["preferred_name"]
    first["answers"]["clinician.notes"] = texts["clinician.notes"]
    data["relationship"]["rel.notes"] = texts["rel.notes"]
    data["intake"].update(clinician=texts["clinician"], notes=texts["notes"])
    reason = texts["reason"] if texts["reason"].strip() else "Synthetic reason"
    data["decision"] = {"status": "overridden", "order": "individual_first", "reason": reason}
    return data


def texts_for(fields: dict[str, int]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({field: hostile(generated_long=False) for field in fields}).map(
        lambda drawn: {field: drawn[field][:limit] for field, limit in fields.items()}
    )


@examples("answers_file")
@given(texts=texts_for(FILE_FIELDS))
@with_every_fixed_sample(FILE_FIELDS)
def test_answers_file_text_prints_in_both_versions(texts) -> None:
    texts = {field: text[: FILE_FIELDS[field]] for field, text in texts.items()}
    catalogue = load_catalogue()
    answers = AnswersFile.model_validate(_file(texts))
    rec = recommend(catalogue, answers.to_intake(catalogue))
    practice = PracticeInfo(texts["practice"], "Dr Fallback", texts["credentials"])
    data = report_input_from_answers_file(answers, catalogue, rec, practice=practice)
    found = bodies(data)
    reason_for = ("clinician",)  # an override reason is never in what the clients read
    where = {
        "practice": BOTH, "credentials": BOTH, "clinician": BOTH, "first": BOTH,
        "second": BOTH, "preferred": BOTH, "rel.notes": BOTH,
        "clinician.notes": ("clinician",), "notes": ("clinician",), "reason": reason_for,
    }  # fmt: skip
    assert_printed(texts, where, found)
    name = default_filename([p.name for p in answers.participants], date(2026, 11, 25), "client")
    assert re.fullmatch(r"intake-[A-Z]{1,4}-[A-Z]{1,4}-2026-11-25-client\.pdf", name), name


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    database = open_database(tmp_path_factory.mktemp("data") / "therapist-desk.sqlite3")
    yield database.engine
    database.engine.dispose()


def _stored_intake(engine: Engine, texts: dict[str, str]) -> int:
    """A completed couple intake with the example's answers and the hostile texts."""
    catalogue = load_catalogue()
    answers = AnswersFile.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    intake_answers = answers.to_intake(catalogue)
    people = [
        {"name": texts["first"].strip() or "A", "preferred_name": texts["preferred"]},
        {"name": texts["second"].strip() or "B"},
    ]
    with new_session(engine) as session:
        client = create_client(
            session=session,
            data=ClientCreate.model_validate({"kind": "couple", "participants": people}),
        )
        intake = start_intake(
            session=session,
            data=IntakeCreate(
                client_id=client.id,
                clinician=texts["clinician"].strip() or "Dr Example",
                catalogue_version=catalogue.version,
                ruleset_version="1.0.0",
            ),
        )
        ids = [p.id for p in client.participants]
        rows = [
            (ids[i], item_id, list(v) if isinstance(v, tuple) else v)
            for i, person in enumerate(intake_answers.participants)
            for item_id, v in person.answers.items()
        ]
        rows += [(None, item_id, list(v) if isinstance(v, tuple) else v)
                 for item_id, v in intake_answers.relationship.items()]  # fmt: skip
        rows += [(ids[0], "clinician.notes", texts["clinician.notes"])]
        rows += [(None, "rel.notes", texts["rel.notes"])]
        save_answers(session=session, intake_id=intake.id, answers=rows)
        rec = recommend(catalogue, intake_answers).to_dict()
        complete_intake(
            session=session,
            intake_id=intake.id,
            scores_json=rec["scores"],
            recommendation_json=rec,
        )
        suggested = rec["order"]
        final = next(o for o in ("individual_first", "concurrent") if o != suggested)
        reason = texts["reason"] if texts["reason"].strip() else "Synthetic reason"
        record_decision(
            session=session,
            data=DecisionCreate(
                intake_id=intake.id,
                suggested_order=suggested,
                final_order=final,
                reason=reason,
                decided_by="Dr Example",
            ),
        )
        return intake.id


@examples("store")
@given(texts=texts_for(STORE_FIELDS))
@with_every_fixed_sample(STORE_FIELDS)
def test_stored_text_prints_in_both_versions(engine, texts) -> None:
    texts = {field: text[: STORE_FIELDS[field]] for field, text in texts.items()}
    intake_id = _stored_intake(engine, texts)
    with new_session(engine) as session:
        data, _ = report_input(
            session=session,
            catalogue=load_catalogue(),
            settings=Settings(practice_name=texts["practice"]),
            intake_id=intake_id,
        )
    found = bodies(data)
    assert data.decision is not None
    reason_for = ("clinician",)  # an override reason is never in what the clients read
    where = {
        "practice": BOTH, "clinician": BOTH, "first": BOTH, "second": BOTH,
        "preferred": BOTH, "rel.notes": BOTH, "clinician.notes": ("clinician",),
        "reason": reason_for,
    }  # fmt: skip
    assert_printed(texts, where, found)


def test_right_to_left_names_read_in_the_right_order() -> None:
    catalogue = load_catalogue()
    answers = AnswersFile.model_validate(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    rec = recommend(catalogue, answers.to_intake(catalogue))
    data = report_input_from_answers_file(answers, catalogue, rec, practice=PracticeInfo("P"))
    data = replace(
        data, notes=(Note("Notes about the relationship", "שלום עולם", from_clients=True),)
    )
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(render_report(data, variant="client"))).pages
    )
    assert "שלום עולם" in text
