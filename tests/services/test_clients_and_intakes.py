"""Clients and intakes through the services, as the GUI and the CLI call them. No Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_data import add_people, answer_all, example

from therapist_desk.errors import UserError
from therapist_desk.models import ClientCreate, IntakeMode, IntakeStatus
from therapist_desk.services import backups, clients, intakes, results
from therapist_desk.services.practice import Practice


def names(practice: Practice, query: str = "", archived: bool = False) -> list[str]:
    lines = clients.search_clients(
        practice=practice, query=query, include_archived=archived, limit=50, offset=0
    )
    return [line.display_name for line in lines]


def test_a_new_client_is_found_edited_archived_and_brought_back(practice: Practice) -> None:
    client_id = add_people(practice, example("relationship-first.json"))
    shown = clients.client_view(practice=practice, client_id=client_id)
    assert names(practice, "okaf") == [shown.display_name]
    assert names(practice, "nobody") == []
    form = clients.client_form(practice=practice, client_id=client_id)
    assert [p.position for p in form.people] == [1, 2]
    edited = ClientCreate.model_validate(
        {
            "kind": form.kind,
            "participants": [
                {"name": form.people[0].name, "pronouns": "she/her"},
                {"name": form.people[1].name},
            ],
        }
    )
    clients.update_client(practice=practice, client_id=client_id, data=edited)
    again = clients.client_view(practice=practice, client_id=client_id)
    assert again.people[0].pronouns == "she/her"
    clients.set_archived(practice=practice, client_id=client_id, archived=True)
    assert names(practice) == []
    assert names(practice, archived=True) == [shown.display_name]
    assert clients.client_view(practice=practice, client_id=client_id).archived
    clients.set_archived(practice=practice, client_id=client_id, archived=False)
    assert names(practice) == [shown.display_name]
    assert clients.count_clients(practice=practice) == 1


def test_an_intake_resumes_where_it_stopped_and_completes_read_only(practice: Practice) -> None:
    data = example("concurrent.json")
    client_id = add_people(practice, data)
    intake_id = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    assert intakes.latest_draft(practice=practice, client_id=client_id) == intake_id
    intakes.save_answer(
        practice=practice, intake_id=intake_id, position=1, item_id="phq9.1", value=2
    )
    intakes.set_position(practice=practice, intake_id=intake_id, section_id="phq9", position=1)
    session = intakes.intake_session(practice=practice, intake_id=intake_id)
    assert session.answers[1] == {"phq9.1": 2}
    assert session.resume == ("phq9", 1)
    assert session.status is IntakeStatus.DRAFT
    intakes.save_answer(
        practice=practice, intake_id=intake_id, position=1, item_id="phq9.1", value=None
    )
    assert intakes.intake_session(practice=practice, intake_id=intake_id).answers.get(1) in (
        None,
        {},
    )
    answer_all(practice, intake_id, data)
    intakes.complete_intake(practice=practice, intake_id=intake_id)
    assert intakes.intake_status(practice=practice, intake_id=intake_id) is IntakeStatus.COMPLETED
    assert intakes.latest_draft(practice=practice, client_id=client_id) is None
    with pytest.raises(UserError):
        intakes.save_answer(
            practice=practice, intake_id=intake_id, position=1, item_id="phq9.1", value=1
        )
    view = clients.client_view(practice=practice, client_id=client_id)
    [row] = view.intakes
    assert (row.status, row.suggested, row.decision) == (
        "Completed",
        "Individual and relationship therapy at the same time",
        "—",
    )
    assert view.progress is not None
    assert {t.measure for t in view.progress.tracks} >= {"PHQ-9", "GAD-7"}


def test_a_decision_shows_on_the_client_page_and_an_amendment_keeps_the_original(
    practice: Practice, completed: tuple[int, int]
) -> None:
    client_id, intake_id = completed
    found = results.open_results(practice=practice, intake_id=intake_id)
    suggested = found.recommendation["order"]
    assert found.decision is None
    decision = results.record_decision(
        practice=practice,
        intake_id=intake_id,
        suggested=suggested,
        final="individual_first",
        reason="Synthetic reason: one partner asked to start alone.",
    )
    assert decision.overridden and decision.decided_by == "Dr Synthetic"
    [row] = clients.client_view(practice=practice, client_id=client_id).intakes
    assert row.decision == "Individual therapy first (override)"
    draft = intakes.amend_intake(practice=practice, intake_id=intake_id)
    assert intakes.intake_status(practice=practice, intake_id=draft) is IntakeStatus.DRAFT
    assert intakes.intake_status(practice=practice, intake_id=intake_id) is (IntakeStatus.COMPLETED)
    again = results.results(practice=practice, intake_id=intake_id)
    assert again.decision is not None and again.decision.final_order == "individual_first"


def test_results_of_a_draft_are_refused_with_a_message(practice: Practice) -> None:
    client_id = add_people(practice, example("relationship-first.json"))
    draft = intakes.start_intake(practice=practice, client_id=client_id, mode=IntakeMode.VIDEO)
    with pytest.raises(UserError, match="is still a draft; complete it first"):
        results.results(practice=practice, intake_id=draft)


def test_erasing_a_client_removes_them_from_the_list_and_every_backup(
    practice: Practice, completed: tuple[int, int]
) -> None:
    client_id, _ = completed
    name = clients.client_view(practice=practice, client_id=client_id).display_name
    if practice.on_server:
        pytest.skip("a practice server keeps no backups here (tests/server tests its erasure)")
    said = backups.back_up_now(practice=practice)
    backup = Path(said.removeprefix("Backed up to "))
    assert name.split()[0].encode() in backup.read_bytes()
    clients.erase_client(practice=practice, client_id=client_id)
    assert clients.count_clients(practice=practice) == 0
    assert name.split()[0].encode() not in backup.read_bytes()
    assert name.split()[0].encode() not in practice.database.path.read_bytes()


def test_a_client_with_the_same_name_and_birth_date_is_found_as_already_kept(
    practice: Practice,
) -> None:
    def shape(*people: dict) -> ClientCreate:
        kind = "couple" if len(people) == 2 else "individual"
        return ClientCreate.model_validate({"kind": kind, "participants": list(people)})

    zoe = {"name": "Zoë Lindqvist", "date_of_birth": "1988-02-14"}
    kept = clients.create_client(
        practice=practice, data=shape(zoe, {"name": "Arun Bell", "date_of_birth": "1986-07-01"})
    )
    assert clients.similar_clients(
        practice=practice, data=shape({"name": "  zoe LINDQVIST ", "date_of_birth": "1988-02-14"})
    ) == ["Zoë Lindqvist & Arun Bell"]
    other_day = {"name": "Zoë Lindqvist", "date_of_birth": "1988-02-15"}
    assert clients.similar_clients(practice=practice, data=shape(other_day)) == []
    no_date = {"name": "Zoë Lindqvist"}  # a name alone is not enough
    assert clients.similar_clients(practice=practice, data=shape(no_date)) == []
    clients.set_archived(practice=practice, client_id=kept, archived=True)
    assert clients.similar_clients(practice=practice, data=shape(zoe)) == [
        "Zoë Lindqvist & Arun Bell (archived)"
    ]


def test_the_shipped_catalogue_is_read_when_first_needed_and_kept(
    practice: Practice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window opens the practice without the catalogue; the first intake reads it."""
    from therapist_desk.services import practice as practice_module

    reads: list[int] = []
    load = practice_module.load_shipped_catalogue
    monkeypatch.setattr(
        practice_module, "load_shipped_catalogue", lambda: reads.append(1) or load()
    )
    fresh = practice_module.Practice(
        database=practice.database,
        settings=practice.settings,
        settings_path=practice.settings_path,
    )
    assert clients.count_clients(practice=fresh) == 0
    assert (
        clients.search_clients(practice=fresh, query="", include_archived=True, limit=10, offset=0)
        == []
    )
    assert reads == []  # the list needs no catalogue
    assert fresh.catalogue is fresh.catalogue and reads == [1]
    client_id = add_people(fresh, example("concurrent.json"))
    intake_id = intakes.start_intake(practice=fresh, client_id=client_id, mode=IntakeMode.VIDEO)
    assert intake_id > 0 and reads == [1]
