"""Two clinicians save at the same moment, and one clinician from two apps. No Qt.

Every answer is an upsert in its own short transaction (store/answers.py), so saves at
the same moment wait for each other at most for one commit: none is lost, none fails,
and none deadlocks.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from fault_server import new_intake, open_clinician, stored_answers

from therapist_desk.services import intakes
from therapist_desk.store import answers as store_answers

ROUNDS = 4
ITEMS = [f"phq9.{n}" for n in range(1, 10)] + [f"gad7.{n}" for n in range(1, 8)]


def answers_of(round_: int, shift: int) -> dict[str, int]:
    """The answers given in one round (each round changes every one of them)."""
    return {item: (index + round_ + shift) % 4 for index, item in enumerate(ITEMS)}


def run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Run ``jobs`` on threads that start at the same moment; the errors they raised."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive(), "a save never finished (a deadlock?)"
    return errors


def saver(practice, intake_id: int, position: int | None, shift: int) -> Callable[[], None]:
    def save_rounds() -> None:
        for round_ in range(ROUNDS):
            for item_id, value in answers_of(round_, shift).items():
                intakes.save_answer(
                    practice=practice,
                    intake_id=intake_id,
                    position=position,
                    item_id=item_id,
                    value=value,
                )

    return save_rounds


def test_two_clinicians_and_one_clinician_from_two_apps_save_at_the_same_moment(
    pg_cluster, pg_database, monkeypatch
):
    # Every save also marks the intake and the client as active (as the first save of
    # each minute does): the row locks those take are where saves could wait on each other.
    monkeypatch.setattr(store_answers, "TOUCH_EVERY", dt.timedelta(0))
    ada = open_clinician(pg_cluster, pg_database, "dr_ada")
    ada_again = open_clinician(pg_cluster, pg_database, "dr_ada")  # her second computer
    ben = open_clinician(pg_cluster, pg_database, "dr_ben")
    try:
        ada_intake = new_intake(ada, couple=True)
        ben_intake = new_intake(ben)
        started = time.monotonic()
        errors = run_together(
            [
                saver(ada, ada_intake, 1, 0),
                saver(ada_again, ada_intake, 2, 1),  # the same intake, the other partner
                saver(ada_again, ada_intake, 1, 0),  # the same answers as her first app
                saver(ben, ben_intake, 1, 2),
            ]
        )
        took = time.monotonic() - started
        assert errors == []
        last = ROUNDS - 1
        assert stored_answers(ada, ada_intake) == {1: answers_of(last, 0), 2: answers_of(last, 1)}
        assert stored_answers(ben, ben_intake) == {1: answers_of(last, 2)}
        assert took < 30
    finally:
        for practice in (ada, ada_again, ben):
            practice.close()
