"""An open practice on a temporary home, with a completed couple intake to work on. No Qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import ON_SERVER
from service_data import add_people, answer_all, example

from therapist_desk.models import IntakeMode
from therapist_desk.services import intakes
from therapist_desk.services.practice import Practice, open_practice


@pytest.fixture
def practice(home: Path, request: pytest.FixtureRequest) -> Iterator[Practice]:
    """A new practice in the test's own data folder, with a named clinician; in the
    practice-server run, on a fresh database of the test server, as a clinician."""
    if ON_SERVER:
        from pg_cluster import clinician_url

        from therapist_desk.store.server import parse_url

        cluster = request.getfixturevalue("pg_cluster")
        address, password = parse_url(
            clinician_url(cluster, request.getfixturevalue("pg_database"))
        )
        opened = open_practice(server=address, password=password)
    else:
        opened = open_practice()
    opened.settings.clinician_name = "Dr Synthetic"
    yield opened
    opened.close()


@pytest.fixture
def completed(practice: Practice) -> tuple[int, int]:
    """(client id, intake id) of a couple whose intake from concurrent.json is completed."""
    data = example("concurrent.json")
    client_id = add_people(practice, data)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    answer_all(practice, intake_id, data)
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    return client_id, intake_id
