"""Helper for the crash test: answers items forever, printing "saved <n>" after each commit.

Run as ``python answer_writer.py DB_PATH``. Each run resumes the same client's draft
intake (as the app would after a crash) and continues numbering after the answers
already there. Every seventh answer it also moves the resume point to one of the
wizard's real pages and prints "position <page key>" after that commit. The test kills
it with SIGKILL at random moments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlmodel import Session

from therapist_desk.intake.catalogue import IntakeKind
from therapist_desk.intake.loader import load_catalogue
from therapist_desk.intake.sequence import plan_steps
from therapist_desk.models import ClientCreate, IntakeCreate
from therapist_desk.store.answers import count_answers, save_answer
from therapist_desk.store.clients import create_client, get_client, search_clients
from therapist_desk.store.database import open_database
from therapist_desk.store.intakes import latest_draft_for_client, set_position, start_intake

NAME = "Crash Test Person"


def main(db_path: Path) -> None:
    """Open (or create) the database and answer items until killed."""
    database = open_database(db_path)
    with Session(database.engine, expire_on_commit=False) as session:
        found = search_clients(session=session, query=NAME)
        if found:
            client = get_client(session=session, client_id=found[0].id)
        else:
            data = {"kind": "couple", "participants": [{"name": NAME}, {"name": "Partner Two"}]}
            client = create_client(session=session, data=ClientCreate.model_validate(data))
        assert client.id is not None
        intake = latest_draft_for_client(session=session, client_id=client.id)
        if intake is None:
            intake = start_intake(
                session=session,
                data=IntakeCreate(
                    client_id=client.id,
                    clinician="Dr Crash",
                    catalogue_version="1",
                    ruleset_version="1",
                ),
            )
        assert intake.id is not None
        people = [p.id for p in client.participants] + [None]
        pages = [s for s in plan_steps(load_catalogue(), IntakeKind.COUPLE, [1, 2]) if s.section]
        n = count_answers(session=session, intake_id=intake.id)
        print(f"ready {n}", flush=True)
        while True:
            who = people[n % 3]
            save_answer(
                session=session,
                intake_id=intake.id,
                participant_id=who,
                item_id=f"crash.{n}",
                value={"n": n, "text": "ça va" * (n % 5)},
            )
            print(f"saved {n}", flush=True)
            if n % 7 == 0:
                page = pages[(n // 7) % len(pages)]
                assert page.section is not None
                set_position(
                    session=session,
                    intake_id=intake.id,
                    section_id=page.section.id,
                    participant_position=page.position,
                )
                print(f"position {page.key}", flush=True)
            n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]))
