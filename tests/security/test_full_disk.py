"""A full disk: nothing saved before is lost, and the clinician is told what to do.

The data folder is a small tmpfs (2 MiB) mounted for the test, then filled to the last
byte with a filler file. Mounting needs root (or CAP_SYS_ADMIN); where it is refused,
the tests are skipped with the reason ``mount`` gave. (The same, through the desktop app:
tests/ui/test_full_disk_ui.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from small_disk import (
    DB_NAME,
    FORGOTTEN,
    files_under,
    fill_disk,
    full_message,
    integrity,
    mount_small_disk,
    unmount,
)
from sqlmodel import Session

from therapist_desk.errors import UserError
from therapist_desk.intake import load_catalogue, parse_answers_file, recommend
from therapist_desk.models import ClientCreate, IntakeCreate, IntakeMode
from therapist_desk.services import intakes, summaries
from therapist_desk.services.practice import Practice
from therapist_desk.settings import Settings
from therapist_desk.store.answers import load_answers, save_answer
from therapist_desk.store.backup import backup_database
from therapist_desk.store.clients import create_client
from therapist_desk.store.database import open_database
from therapist_desk.store.importing import import_intake
from therapist_desk.store.intakes import start_intake

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB disk of its own, unmounted after the test."""
    folder = tmp_path / "small-disk"
    mount_small_disk(folder)
    yield folder
    unmount(folder)


def test_a_full_disk_keeps_every_saved_answer_and_says_what_to_do(small_disk: Path) -> None:
    database = open_database(small_disk / DB_NAME)
    practice = Practice(
        database=database,
        settings=Settings(clinician_name="Dr Synthetic"),
        settings_path=small_disk / "settings.json",
        catalogue=load_catalogue(),
    )
    with Session(database.engine, expire_on_commit=False) as s:
        client = create_client(
            session=s,
            data=ClientCreate.model_validate(
                {
                    "kind": "couple",
                    "participants": [{"name": "Ada Fulldisk"}, {"name": "Bo Fulldisk"}],
                }
            ),
            actor="Dr Synthetic",
        )
        assert client.id is not None
        draft = start_intake(
            session=s,
            data=IntakeCreate(
                client_id=client.id,
                clinician="Dr Synthetic",
                mode=IntakeMode.VIDEO,
                catalogue_version=practice.catalogue.version,
                ruleset_version="1.0.0",
            ),
        )
        assert draft.id is not None
        people = {p.position: p.id for p in client.participants}
        for number in range(1, 10):
            for position, value in ((1, number % 4), (2, (number + 1) % 4)):
                save_answer(
                    session=s,
                    intake_id=draft.id,
                    participant_id=people[position],
                    item_id=f"phq9.{number}",
                    value=value,
                )
        save_answer(
            session=s, intake_id=draft.id, participant_id=None, item_id="rel.notes", value="Ok."
        )
        saved = load_answers(session=s, intake_id=draft.id)
    parsed = parse_answers_file(EXAMPLES / "concurrent.json", practice.catalogue)
    answers = parsed.to_intake(practice.catalogue)
    completed = import_intake(
        engine=database.engine,
        parsed=parsed,
        answers=answers,
        recommendation=recommend(practice.catalogue, answers),
    )
    with Session(database.engine) as s:
        saved_completed = load_answers(session=s, intake_id=completed)
    filler = fill_disk(small_disk)
    before = files_under(small_disk)

    with pytest.raises(UserError) as answer:
        intakes.save_answer(
            practice=practice, intake_id=draft.id, position=1, item_id="gad7.1", value=2
        )
    assert str(answer.value) == full_message(small_disk, "the answer")
    with pytest.raises(UserError) as intake:
        intakes.start_intake(practice=practice, client_id=client.id, mode=IntakeMode.VIDEO)
    assert str(intake.value) == full_message(small_disk, "the new intake")
    with pytest.raises(UserError) as pdf:
        summaries.save_summary(
            practice=practice,
            intake_id=completed,
            variant="client",
            path=small_disk / "summary.pdf",
        )
    assert str(pdf.value) == full_message(small_disk, "the PDF")
    with pytest.raises(UserError, match="disk is full"):
        backup_database(database.path)  # the GUI's wording of it: see the test below
    assert integrity(database.engine) == "ok"
    assert files_under(small_disk) == before  # no half-written PDF, backup or temp file
    assert not [name for name in before if name.endswith(FORGOTTEN)]

    filler.unlink()
    database.engine.dispose()
    reopened = open_database(small_disk / DB_NAME)
    assert integrity(reopened.engine) == "ok"
    with Session(reopened.engine) as s:
        assert load_answers(session=s, intake_id=draft.id) == saved
        assert load_answers(session=s, intake_id=completed) == saved_completed
    assert sum(len(a) for a in [*saved.values(), *saved_completed.values()]) > 40
    practice.database = reopened  # "try again" works once there is space
    intakes.save_answer(
        practice=practice, intake_id=draft.id, position=1, item_id="gad7.1", value=2
    )
    with Session(reopened.engine) as s:
        assert load_answers(session=s, intake_id=draft.id)[1] == {**saved[1], "gad7.1": 2}
    reopened.engine.dispose()


def test_after_a_full_disk_every_command_still_sees_an_intact_database(
    small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17, item 11: a write refused by a full disk left an empty -wal and a stub
    -shm, and from then on every command, info included, called the file damaged."""
    from therapist_desk.cli import main

    db = small_disk / DB_NAME
    example = str(EXAMPLES / "safety-violence.json")
    assert main(["--db", str(db), "import", example]) == 0
    filler = fill_disk(small_disk)
    capsys.readouterr()

    assert main(["--db", str(db), "import", example]) == 2
    assert capsys.readouterr().err == (
        f"therapist-desk: error: {full_message(small_disk, 'your last change')}\n"
    )
    assert main(["--db", str(db), "info"]) == 0
    assert "damaged" not in capsys.readouterr().err
    filler.unlink()
    assert main(["--db", str(db), "info"]) == 0
    assert main(["--db", str(db), "import", example]) == 0
    assert capsys.readouterr().out.split()[-1] == "2"  # the first intake is still 1
