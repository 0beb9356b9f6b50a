"""The Create/Update shapes give clinicians field-level messages; importing opens nothing."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from therapist_desk.models import (
    ClientCreate,
    DecisionCreate,
    IntakeCreate,
    ParticipantCreate,
    ParticipantUpdate,
    field_errors,
)
from therapist_desk.models._base import UTCDateTime


def errors_of(shape: type, data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        shape.model_validate(data)
    return field_errors(caught.value)


def test_a_name_is_required_and_not_blank() -> None:
    assert errors_of(ParticipantCreate, {"name": "   "}) == {"name": "Enter a name."}
    assert errors_of(ParticipantCreate, {}) == {"name": "This is required."}


def test_text_is_stripped_and_blank_optionals_become_none() -> None:
    person = ParticipantCreate.model_validate(
        {"name": "  Ana Silva ", "preferred_name": " ", "email": "", "phone": " "}
    )
    assert (person.name, person.preferred_name, person.email, person.phone) == (
        "Ana Silva",
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (date.today() + timedelta(days=1), "The date of birth cannot be in the future."),
        (date(1899, 12, 31), "Check the date of birth: it is before 1900."),
    ],
)
def test_a_date_of_birth_must_be_plausible(born: date, message: str) -> None:
    assert errors_of(ParticipantCreate, {"name": "A", "date_of_birth": born}) == {
        "date_of_birth": message
    }


def test_an_email_must_look_like_one() -> None:
    errors = errors_of(ParticipantCreate, {"name": "A", "email": "ana at example"})
    assert errors["email"].startswith("This does not look like an email address")
    assert ParticipantCreate(name="A", email="ana@example.org").email == "ana@example.org"


def test_a_phone_number_uses_digits() -> None:
    assert "phone" in errors_of(ParticipantCreate, {"name": "A", "phone": "call me"})
    assert ParticipantCreate(name="A", phone="+44 (0)20 7946-0000").phone


def test_strings_have_a_maximum_length() -> None:
    assert "name" in errors_of(ParticipantCreate, {"name": "x" * 121})


@pytest.mark.parametrize(
    ("kind", "count", "message"),
    [
        ("couple", 1, "A couple has exactly two people."),
        ("couple", 3, "A couple has exactly two people."),
        ("individual", 2, "An individual client has exactly one person."),
    ],
)
def test_participant_count_matches_the_kind(kind: str, count: int, message: str) -> None:
    people = [{"name": f"P{i}"} for i in range(count)]
    assert errors_of(ClientCreate, {"kind": kind, "participants": people}) == {
        "participants": message
    }


def test_errors_of_a_nested_participant_name_the_field() -> None:
    data = {"kind": "couple", "participants": [{"name": "A"}, {"name": "", "email": "x"}]}
    errors = errors_of(ClientCreate, data)
    assert errors["participants.1.name"] == "Enter a name."
    assert "participants.1.email" in errors


def test_an_update_may_leave_the_name_out_but_not_blank_it() -> None:
    assert ParticipantUpdate.model_validate({"pronouns": "they/them"}).name is None
    assert errors_of(ParticipantUpdate, {"name": " "}) == {"name": "Enter a name."}


def test_an_intake_needs_a_clinician_and_a_known_mode() -> None:
    base = {"client_id": 1, "catalogue_version": "1", "ruleset_version": "1"}
    errors = errors_of(IntakeCreate, {**base, "clinician": "", "mode": "phone"})
    assert errors["clinician"] == "Enter the clinician's name."
    assert "mode" in errors


def test_an_override_needs_a_reason() -> None:
    data = {
        "intake_id": 1,
        "suggested_order": "concurrent",
        "final_order": "individual_first",
        "decided_by": "Dr A",
    }
    assert errors_of(DecisionCreate, data) == {
        "__root__": "Give a reason for choosing a different order."
    }
    assert DecisionCreate.model_validate({**data, "reason": "Safety first"}).reason


def test_timestamps_are_stored_as_utc_and_read_back_aware() -> None:
    column = UTCDateTime()
    paris = timezone(timedelta(hours=1))
    stored = column.process_bind_param(datetime(2026, 3, 1, 10, 0, tzinfo=paris), None)
    assert stored == datetime(2026, 3, 1, 9, 0)
    assert column.process_result_value(stored, None) == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="timezone-aware"):
        column.process_bind_param(datetime(2026, 3, 1, 10, 0), None)


def test_importing_the_models_and_store_opens_no_database(tmp_path) -> None:
    code = (
        "import sqlite3, sys\n"
        "opened = []\n"
        "real = sqlite3.connect\n"
        "sqlite3.connect = lambda *a, **k: opened.append(a) or real(*a, **k)\n"
        "import therapist_desk.models, therapist_desk.store.clients, therapist_desk.store.answers\n"
        "import therapist_desk.store.database\n"
        "assert not opened, opened\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
