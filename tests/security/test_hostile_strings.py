"""Hostile text through every free-text field: the store keeps it exactly, or refuses it
with a message naming the field and writes nothing; answers files round-trip it.

Fields: a participant's name, preferred name, pronouns, email, phone and notes; the
intake's clinician; free-text answers (relationship notes, clinician notes); the
override reason; who amended an intake. Strings come from `hostile_text` (every Unicode
category, RTL, emoji with ZWJ, controls and NUL, markup, SQL, 10,000 characters).

Strings tried per run (hypothesis examples + fixed samples, times fields):
`STRINGS_TRIED` below; the PDF side is in `test_hostile_pdfs.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hostile_text import FIXED, hostile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake import AnswersFile, limits, load_catalogue, parse_answers_file
from therapist_desk.intake.answers_file import write_answers_file
from therapist_desk.models import (
    ClientCreate,
    DecisionCreate,
    IntakeCreate,
    ParticipantUpdate,
    field_errors,
)
from therapist_desk.store.answers import VALUE_MAX, load_answers, save_answer
from therapist_desk.store.clients import (
    count_clients,
    create_client,
    get_client,
    search_clients,
    update_participant,
)
from therapist_desk.store.completion import complete_intake, get_decision, record_decision
from therapist_desk.store.database import open_database
from therapist_desk.store.intakes import amend_intake, get_intake, start_intake
from therapist_desk.store.session import new_session

TEXT_LIMITS = {"name": 120, "preferred_name": 120, "pronouns": 40, "notes": 4000}
CONTACT_MESSAGES = {
    "email": "This does not look like an email address (for example name@example.org).",
    "phone": "Use digits, spaces and + ( ) - only for a phone number.",
}
EXAMPLES = {"people": 30, "contacts": 40, "intake": 20, "answers_file": 40}
# Strings per example: 3 people x 4 fields; email, phone and email as name@example.org;
# clinician, 2 answers, reason, amended by; 10 texts of an answers file.
FIELDS = {"people": 12, "contacts": 3, "intake": 5, "answers_file": 10}
STRINGS_TRIED = {test: (EXAMPLES[test] + len(FIXED)) * FIELDS[test] for test in EXAMPLES}


def examples(test: str) -> settings:
    """Hypothesis settings for ``test``: its example count, no deadline, one shared database."""
    return settings(
        max_examples=EXAMPLES[test],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One database for the module: every test counts what it adds, never what is there."""
    database = open_database(tmp_path_factory.mktemp("data") / "therapist-desk.sqlite3")
    yield database.engine
    database.engine.dispose()


def with_fixed_samples(build: Callable[[str], dict[str, Any]]) -> Callable[[Any], Any]:
    """Add one explicit example per fixed sample, so every kind is always tried."""

    def decorate(test: Any) -> Any:
        for text in FIXED.values():
            test = example(**build(text))(test)
        return test

    return decorate


def stored_text(text: str, limit: int) -> str | None:
    """What an optional text field holds after saving ``text`` cut to ``limit``."""
    return text[:limit].strip() or None


def person(texts: dict[str, str]) -> dict[str, str]:
    return {field: texts[field][:limit] for field, limit in TEXT_LIMITS.items()}


def expected_person(texts: dict[str, str]) -> dict[str, str | None]:
    return {field: stored_text(texts[field], limit) for field, limit in TEXT_LIMITS.items()}


def read_person(engine: Engine, client_id: int, position: int) -> dict[str, str | None]:
    with new_session(engine) as session:
        client = get_client(session=session, client_id=client_id)
        found = next(p for p in client.participants if p.position == position)
        return {field: getattr(found, field) for field in TEXT_LIMITS}


def blank_names(*people: dict[str, str]) -> dict[str, str]:
    return {
        f"participants.{index}.name": "Enter a name."
        for index, texts in enumerate(people)
        if not texts["name"][:120].strip()
    }


texts_of_a_person = st.fixed_dictionaries({field: hostile() for field in TEXT_LIMITS})


@examples("people")
@given(first=texts_of_a_person, second=texts_of_a_person, changed=texts_of_a_person)
@with_fixed_samples(
    lambda text: dict.fromkeys(("first", "second", "changed"), dict.fromkeys(TEXT_LIMITS, text))
)
def test_names_pronouns_and_notes_are_stored_exactly(engine, first, second, changed) -> None:
    with new_session(engine) as session:
        before = count_clients(session=session, include_archived=True)
        data = {"kind": "couple", "participants": [person(first), person(second)]}
        refused = blank_names(first, second)
        if refused:
            with pytest.raises(ValidationError) as caught:
                create_client(session=session, data=ClientCreate.model_validate(data))
            assert field_errors(caught.value) == refused
            assert count_clients(session=session, include_archived=True) == before
            return
        client = create_client(session=session, data=ClientCreate.model_validate(data))
        assert client.id is not None
    assert read_person(engine, client.id, 1) == expected_person(first)
    assert read_person(engine, client.id, 2) == expected_person(second)
    names = [first["name"][:120].strip(), second["name"][:120].strip()]
    with new_session(engine) as session:
        found = search_clients(
            session=session, query=names[0], include_archived=True, limit=100_000
        )
        assert [c.display_name for c in found if c.id == client.id] == [" & ".join(names)]
    if blank_names(changed):
        with pytest.raises(ValidationError) as caught:
            ParticipantUpdate.model_validate(person(changed))
        assert field_errors(caught.value) == {"name": "Enter a name."}
        assert read_person(engine, client.id, 2) == expected_person(second)
        return
    with new_session(engine) as session:
        update_participant(
            session=session,
            client_id=client.id,
            position=2,
            changes=ParticipantUpdate.model_validate(person(changed)),
        )
    assert read_person(engine, client.id, 2) == expected_person(changed)
    assert read_person(engine, client.id, 1) == expected_person(first)


def _local_part(text: str) -> str:
    return "".join(c for c in text if c != "@" and not c.isspace())[:200] or "x"


@examples("contacts")
@given(email=hostile(), phone=hostile())
@with_fixed_samples(lambda text: {"email": text, "phone": text})
def test_email_and_phone_are_stored_exactly_or_refused_by_name(engine, email, phone) -> None:
    well_formed = {"email": f"{_local_part(email)}@example.org"}
    for contact in ({"email": email, "phone": phone}, well_formed):
        data = {"kind": "individual", "participants": [{"name": "Robin Example", **contact}]}
        with new_session(engine) as session:
            before = count_clients(session=session, include_archived=True)
            try:
                client = create_client(session=session, data=ClientCreate.model_validate(data))
            except ValidationError as err:
                assert contact is not well_formed, f"refused {well_formed}"
                problems = field_errors(err)
                assert problems
                for key, message in problems.items():
                    field = key.removeprefix("participants.0.")
                    assert field in CONTACT_MESSAGES, key
                    assert message == CONTACT_MESSAGES[field] or "at most" in message
                assert count_clients(session=session, include_archived=True) == before
                continue
            stored = get_client(session=session, client_id=client.id).participants[0]
            for field, text in contact.items():
                assert getattr(stored, field) == (text.strip() or None)


def _new_intake(session: Session, clinician: str) -> tuple[int, int]:
    client = create_client(
        session=session,
        data=ClientCreate.model_validate(
            {"kind": "individual", "participants": [{"name": "Kim Example"}]}
        ),
    )
    intake = start_intake(
        session=session,
        data=IntakeCreate(
            client_id=client.id,
            clinician=clinician,
            catalogue_version="1.0.0",
            ruleset_version="1.0.0",
        ),
    )
    return intake.id, client.participants[0].id  # type: ignore[return-value]


INTAKE_TEXTS = ("clinician", "rel", "clinician_notes", "reason", "amended_by")
intake_texts = st.fixed_dictionaries({key: hostile() for key in INTAKE_TEXTS})


@examples("intake")
@given(texts=intake_texts)
@with_fixed_samples(lambda text: {"texts": dict.fromkeys(INTAKE_TEXTS, text)})
def test_intake_texts_answers_and_reason_are_stored_exactly(engine, texts) -> None:
    clinician = texts["clinician"][:120]
    with new_session(engine) as session:
        if not clinician.strip():
            with pytest.raises(ValidationError) as caught:
                _new_intake(session, clinician)
            assert field_errors(caught.value) == {"clinician": "Enter the clinician's name."}
            clinician = "Dr Example"
        intake_id, person_id = _new_intake(session, clinician)
        assert get_intake(session=session, intake_id=intake_id).clinician == clinician.strip()
        given_answers = {
            (None, "rel.notes"): texts["rel"][:VALUE_MAX],
            (person_id, "clinician.notes"): texts["clinician_notes"][:VALUE_MAX],
        }
        for (owner, item_id), text in given_answers.items():
            save_answer(
                session=session,
                intake_id=intake_id,
                participant_id=owner,
                item_id=item_id,
                value=text,
            )
    with new_session(engine) as session:
        stored = load_answers(session=session, intake_id=intake_id)
        assert stored == {
            None: {"rel.notes": texts["rel"][:VALUE_MAX]},
            1: {"clinician.notes": texts["clinician_notes"][:VALUE_MAX]},
        }
        complete_intake(
            session=session, intake_id=intake_id, scores_json={}, recommendation_json={}
        )
        reason = texts["reason"][:2000]
        decision = {
            "intake_id": intake_id,
            "suggested_order": "concurrent",
            "final_order": "individual_first",
            "reason": reason,
            "decided_by": "Dr Example",
        }
        if reason.strip():
            record_decision(session=session, data=DecisionCreate.model_validate(decision))
        else:
            with pytest.raises(ValidationError) as caught:
                record_decision(session=session, data=DecisionCreate.model_validate(decision))
            assert list(field_errors(caught.value).values()) == [
                "Give a reason for choosing a different order."
            ]
    with new_session(engine) as session:
        found = get_decision(session=session, intake_id=intake_id)
        assert (found.reason if found else None) == stored_text(reason, 2000)
        amended_by = texts["amended_by"]
        if not amended_by.strip():
            with pytest.raises(ValueError, match="an amendment records who made it"):
                amend_intake(session=session, intake_id=intake_id, amended_by=amended_by)
            return
        copy = amend_intake(session=session, intake_id=intake_id, amended_by=amended_by)
    with new_session(engine) as session:
        assert get_intake(session=session, intake_id=copy.id).amended_by == amended_by.strip()
        assert load_answers(session=session, intake_id=copy.id) == stored


OVER_LONG = [
    ("name", 120, "participants.0.name"),
    ("preferred_name", 120, "participants.0.preferred_name"),
    ("pronouns", 40, "participants.0.pronouns"),
    ("notes", 4000, "participants.0.notes"),
]


@pytest.mark.parametrize(("field", "limit", "key"), OVER_LONG)
@pytest.mark.parametrize("sample", ["long text", "long word", "emoji zwj"])
def test_over_long_person_text_is_refused_by_field_and_nothing_is_written(
    engine, field, limit, key, sample
) -> None:
    text = (FIXED[sample] * (limit // len(FIXED[sample]) + 1))[:limit] + "Z"  # no end spaces
    person = {"name": "Robin Example", field: text}
    with new_session(engine) as session:
        before = count_clients(session=session, include_archived=True)
        with pytest.raises(ValidationError) as caught:
            create_client(
                session=session,
                data=ClientCreate.model_validate({"kind": "individual", "participants": [person]}),
            )
        assert field_errors(caught.value) == {key: f"Use at most {limit:,} characters."}
        assert count_clients(session=session, include_archived=True) == before


def test_over_long_clinician_and_reason_are_refused_by_field() -> None:
    intake = {"client_id": 1, "catalogue_version": "1", "ruleset_version": "1"}
    with pytest.raises(ValidationError) as caught:
        IntakeCreate.model_validate({**intake, "clinician": FIXED["long text"]})
    assert field_errors(caught.value) == {"clinician": "Use at most 120 characters."}
    decision = {"intake_id": 1, "suggested_order": "concurrent", "decided_by": "Dr Example"}
    with pytest.raises(ValidationError) as caught:
        DecisionCreate.model_validate(
            {**decision, "final_order": "individual_first", "reason": FIXED["long text"]}
        )
    assert field_errors(caught.value) == {"reason": "Use at most 2,000 characters."}


def test_a_lone_surrogate_in_a_name_is_refused_by_field() -> None:
    data = {"kind": "individual", "participants": [{"name": "Kim \ud800 Example"}]}
    with pytest.raises(ValidationError) as caught:
        ClientCreate.model_validate(data)
    assert list(field_errors(caught.value)) == ["participants.0.name"]


TOO_LONG = "The answer to rel.notes is too long to store ({} characters; at most 4000). Shorten it."
SURROGATE = (
    "The answer to rel.notes holds half of a character (a lone surrogate) that cannot be "
    "stored. Remove it."
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("n" * (VALUE_MAX + 1), TOO_LONG.format(4001)),
        (FIXED["long text"], TOO_LONG.format(10000)),
        ("Kim \ud800 notes", SURROGATE),
    ],
)
def test_an_answer_the_store_cannot_keep_is_refused_and_the_old_one_stays(
    engine, value, message
) -> None:
    relationship = {"participant_id": None, "item_id": "rel.notes"}
    with new_session(engine) as session:
        intake_id, _ = _new_intake(session, "Dr Example")
        save_answer(session=session, intake_id=intake_id, value="kept", **relationship)
        with pytest.raises(UserError) as caught:
            save_answer(session=session, intake_id=intake_id, value=value, **relationship)
        assert str(caught.value) == message
    with new_session(engine) as session:
        assert load_answers(session=session, intake_id=intake_id) == {None: {"rel.notes": "kept"}}


def test_a_full_length_note_is_stored_even_when_its_json_is_longer(engine) -> None:
    note = ('Line\n\x00\t"quoted" ' * VALUE_MAX)[:VALUE_MAX]  # JSON escapes make it ~2.5x
    with new_session(engine) as session:
        intake_id, person_id = _new_intake(session, "Dr Example")
        save_answer(
            session=session,
            intake_id=intake_id,
            participant_id=person_id,
            item_id="clinician.notes",
            value=note,
        )
    with new_session(engine) as session:
        assert load_answers(session=session, intake_id=intake_id) == {1: {"clinician.notes": note}}


FILE_LIMITS = {
    "name": limits.NAME, "preferred_name": limits.PREFERRED_NAME, "pronouns": limits.PRONOUNS,
    "clinician": limits.CLINICIAN, "notes": limits.INTAKE_NOTES,
    "reason": limits.DECISION_REASON, "rel.notes": 4000, "clinician.notes": 4000,
}  # fmt: skip
file_texts = st.fixed_dictionaries(
    {"first": hostile(), "second": hostile(), **{key: hostile() for key in FILE_LIMITS}}
)


def answers_file_with(texts: dict[str, str]) -> dict[str, Any]:
    cut = {key: texts[key][:limit] for key, limit in FILE_LIMITS.items()}
    return {
        "format": "therapist-desk-answers",
        "format_version": 1,
        "kind": "couple",
        "intake": {"clinician": cut["clinician"], "notes": cut["notes"]},
        "participants": [
            {
                "id": "p1",
                "name": texts["first"][: limits.NAME] or "A",
                "preferred_name": cut["preferred_name"],
                "pronouns": cut["pronouns"],
                "answers": {"clinician.notes": cut["clinician.notes"]},
            },
            {"id": "p2", "name": texts["second"][: limits.NAME] or "B", "answers": {}},
        ],
        "relationship": {"rel.notes": cut["rel.notes"]},
        "decision": {
            "status": "overridden",
            "order": "concurrent",
            "reason": cut["reason"] if cut["reason"].strip() else "Synthetic reason",
        },
    }


@examples("answers_file")
@given(texts=file_texts)
@with_fixed_samples(lambda text: {"texts": dict.fromkeys(["first", "second", *FILE_LIMITS], text)})
def test_answers_files_round_trip_every_text_exactly(tmp_path, texts) -> None:
    data = answers_file_with(texts)
    path = tmp_path / "answers.json"
    write_answers_file(path, AnswersFile.model_validate(data))
    catalogue = load_catalogue()
    again = parse_answers_file(path, catalogue)
    assert again.model_dump(mode="json", exclude_none=True) == data
    intake = again.to_intake(catalogue)
    assert intake.relationship["rel.notes"] == data["relationship"]["rel.notes"]
    assert (
        intake.participants[0].answers["clinician.notes"]
        == (data["participants"][0]["answers"]["clinician.notes"])
    )
