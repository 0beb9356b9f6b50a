"""The practice server goes away mid-intake, or turns a clinician's login away. No Qt.

Each test has a fresh database on the fault tests' own cluster (tests/fault_server.py),
which it may stop and start again without cutting off any other test.
"""

from __future__ import annotations

import sqlite3
import stat
import time

import pytest
from fault_server import (
    new_intake,
    open_as,
    open_clinician,
    owner_url,
    stopped,
    stored_answers,
)
from pg_cluster import _superuser_sql
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from therapist_desk.errors import UserError
from therapist_desk.services import intakes
from therapist_desk.services.errors import (
    ServerUnavailable,
    as_user_error,
    failure_message,
    server_unavailable,
)
from therapist_desk.services.pending import (
    PendingAnswer,
    PendingAnswers,
    PendingPlace,
    open_pending,
    pending_file,
    save_pending,
)
from therapist_desk.store import answers as store_answers
from therapist_desk.store import server_admin


@pytest.fixture
def ada(fault_cluster, fault_database):
    """dr_ada's app on the fault tests' server."""
    practice = open_clinician(fault_cluster, fault_database)
    yield practice
    practice.close()


def save(practice, intake_id, item_id, value, position=1):
    intakes.save_answer(
        practice=practice, intake_id=intake_id, position=position, item_id=item_id, value=value
    )


def test_a_save_while_the_server_is_away_is_one_typed_error_and_saves_once_it_is_back(
    fault_cluster, ada
):
    intake_id = new_intake(ada)
    save(ada, intake_id, "phq9.1", 2)
    with stopped(fault_cluster):
        started = time.monotonic()
        with pytest.raises(ServerUnavailable) as raised:
            save(ada, intake_id, "phq9.2", 3)
        assert time.monotonic() - started < 2  # said at once, not after a long wait
        assert raised.value.kind == "unreachable"
        assert "cannot be reached" in str(raised.value)
        assert "safe on the server" in str(raised.value)
    save(ada, intake_id, "phq9.2", 3)  # the pool connects again: nothing to restart
    assert stored_answers(ada, intake_id)[1] == {"phq9.1": 2, "phq9.2": 3}


def test_a_connection_cut_in_the_middle_of_a_save_is_discarded_and_the_next_save_reconnects(
    fault_cluster, ada, monkeypatch
):
    intake_id = new_intake(ada)
    save(ada, intake_id, "phq9.1", 1)
    upsert = store_answers._upsert

    def cut_then_upsert(session, *args):
        # The server ends this app's connections between two statements of the save.
        _superuser_sql(
            fault_cluster,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'dr_ada'",
        )
        return upsert(session, *args)

    monkeypatch.setattr(store_answers, "_upsert", cut_then_upsert)
    with pytest.raises(ServerUnavailable):
        save(ada, intake_id, "phq9.2", 2)
    monkeypatch.setattr(store_answers, "_upsert", upsert)
    assert ada.database.engine.pool.checkedout() == 0  # the session gave its connection back
    save(ada, intake_id, "phq9.2", 2)
    assert stored_answers(ada, intake_id)[1] == {"phq9.1": 1, "phq9.2": 2}


def test_answers_kept_during_an_outage_are_saved_in_order_the_latest_of_each_winning(
    fault_cluster, ada
):
    intake_id = new_intake(ada)
    save(ada, intake_id, "phq9.3", 1)
    kept = open_pending(ada)
    with stopped(fault_cluster):
        for item_id, value in [("phq9.1", 1), ("phq9.2", 0), ("phq9.1", 3), ("phq9.3", None)]:
            kept.add(PendingAnswer(intake_id, 1, item_id, value))
        kept.add_place(PendingPlace(intake_id, "gad7", 1))
        tried = save_pending(practice=ada, answers=kept.answers(), places=kept.places())
        assert tried.saved == () and isinstance(tried.lost, ServerUnavailable)
        kept.settle(tried)
        assert [(a.item_id, a.value) for a in kept.answers()] == [
            ("phq9.2", 0),
            ("phq9.1", 3),
            ("phq9.3", None),
        ]
    tried = save_pending(practice=ada, answers=kept.answers(), places=kept.places())
    assert tried.lost is None and len(tried.saved) == 3 and tried.refused == ()
    kept.settle(tried)
    assert not kept.waiting
    assert stored_answers(ada, intake_id)[1] == {"phq9.1": 3, "phq9.2": 0}  # 3: cleared
    assert intakes.intake_session(practice=ada, intake_id=intake_id).resume == ("gad7", 1)


def test_an_answer_given_again_while_it_was_being_saved_stays_to_be_saved(ada):
    intake_id = new_intake(ada)
    kept = PendingAnswers()
    kept.add(PendingAnswer(intake_id, 1, "phq9.1", 1))
    tried = save_pending(practice=ada, answers=kept.answers())
    kept.add(PendingAnswer(intake_id, 1, "phq9.1", 2))  # given on the window meanwhile
    kept.settle(tried)
    assert [a.value for a in kept.answers()] == [2]


def test_kept_answers_survive_a_crash_in_a_private_file_removed_once_they_are_saved(
    fault_cluster, ada
):
    intake_id = new_intake(ada)
    with stopped(fault_cluster):
        kept = open_pending(ada)
        kept.add(PendingAnswer(intake_id, 1, "phq9.1", 2))
        kept.add(PendingAnswer(intake_id, None, "rel.goals", ("communication", "trust")))
        del kept  # the app crashed; nothing else was written
    path = pending_file(ada)
    assert path is not None and path.parent == ada.folder
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Sam Example" not in path.read_text(encoding="utf-8")  # answers only, no names
    again = open_pending(ada)  # the next start
    assert [(a.item_id, a.value) for a in again.answers()] == [
        ("phq9.1", 2),
        ("rel.goals", ["communication", "trust"]),
    ]
    again.settle(save_pending(practice=ada, answers=again.answers()))
    assert not path.exists()
    assert stored_answers(ada, intake_id) == {
        1: {"phq9.1": 2},
        None: {"rel.goals": ("communication", "trust")},
    }


def test_answers_kept_for_one_login_are_never_saved_as_another(fault_cluster, fault_database):
    ada = open_clinician(fault_cluster, fault_database, "dr_ada")
    ben = open_clinician(fault_cluster, fault_database, "dr_ben")
    try:
        open_pending(ada).add(PendingAnswer(1, 1, "phq9.1", 2))
        assert pending_file(ada) != pending_file(ben)
        assert not open_pending(ben).waiting
    finally:
        ada.close()
        ben.close()


def test_a_removed_login_is_told_once_as_refused_and_its_answer_is_not_lost(
    fault_cluster, fault_database
):
    url = owner_url(fault_cluster, fault_database)
    password = server_admin.add_login(url, "dr_cy")
    cy = open_as(fault_cluster.url("dr_cy", password, fault_database))
    try:
        intake_id = new_intake(cy)
        save(cy, intake_id, "phq9.1", 1)
        server_admin.remove_login(url, "dr_cy")  # while the app is open
        with pytest.raises(ServerUnavailable) as raised:
            save(cy, intake_id, "phq9.2", 2)
        assert raised.value.refused
        assert "no longer accepts your login" in str(raised.value)
        assert "practice admin" in str(raised.value)
        kept = open_pending(cy)
        kept.add(PendingAnswer(intake_id, 1, "phq9.2", 2))
        tried = save_pending(practice=cy, answers=kept.answers())
        assert tried.lost is not None and tried.lost.refused
        kept.settle(tried)
        assert len(kept) == 1  # still kept, to be saved once the admin has sorted it out
    finally:
        cy.close()


def test_an_answer_the_server_refuses_is_reported_and_not_tried_again(ada):
    intake_id = new_intake(ada)
    intakes.complete_intake(practice=ada, intake_id=intake_id)  # e.g. from another computer
    kept = PendingAnswers()
    kept.add(PendingAnswer(intake_id, 1, "phq9.1", 1))
    tried = save_pending(practice=ada, answers=kept.answers())
    assert tried.lost is None and len(tried.refused) == 1
    kept.settle(tried)
    assert not kept.waiting


def test_every_operation_says_a_lost_server_calmly(fault_cluster, ada):
    with stopped(fault_cluster), pytest.raises(OperationalError) as raised, ada.session() as s:
        s.execute(text("SELECT 1"))
    assert failure_message(raised.value).startswith("The practice server cannot be reached")
    assert isinstance(as_user_error(raised.value), ServerUnavailable)


def test_a_refused_statement_or_a_local_file_error_is_not_a_lost_server(ada):
    with pytest.raises(Exception) as raised, ada.session() as s:
        s.execute(text("SELECT no_such_column FROM intake"))
    assert server_unavailable(raised.value) is None
    assert server_unavailable(sqlite3.OperationalError("connection refused")) is None
    assert server_unavailable(UserError("The answer is too long.")) is None
