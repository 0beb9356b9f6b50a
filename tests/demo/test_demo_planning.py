"""A large demo practice is planned on worker processes, a few chunks ahead of the writer.

The same clients in the same order as planned in one process, and never the whole
practice in memory at once: a practice server takes longer to write a chunk than the
workers take to plan one, and 100,000 planned clients would hold gigabytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from concurrent.futures import Future
from typing import Any

import pytest

from therapist_desk.demo import practice
from therapist_desk.demo.practice import in_turn, plan_client, plan_practice
from therapist_desk.intake import load_catalogue

TODAY = dt.date(2026, 11, 30)


def without_reference(client: Any) -> Any:
    return dataclasses.replace(client, reference="")  # a fresh random one every time


def test_workers_plan_the_same_clients_in_the_same_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(practice, "PARALLEL_FROM", 2)
    monkeypatch.setattr(practice, "CHUNK", 3)
    monkeypatch.setattr(practice, "AHEAD", 2)
    catalogue = load_catalogue()
    on_workers = list(plan_practice(catalogue, clients=10, seed=4, today=TODAY))
    here = [plan_client(catalogue, 4, i, TODAY) for i in range(10)]
    assert [without_reference(c) for c in on_workers] == [without_reference(c) for c in here]


class Planned:
    """A stand-in for the process pool: plans at once, in this process, counting."""

    submitted = 0

    def __init__(self, **_options: Any) -> None:
        pass

    def __enter__(self) -> Planned:
        return self

    def __exit__(self, *_exc: Any) -> None:
        pass

    def submit(self, function: Any, *args: Any) -> Future[Any]:
        Planned.submitted += 1
        done: Future[Any] = Future()
        done.set_result(function(*args))
        return done


def test_only_a_few_chunks_are_planned_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(practice, "ProcessPoolExecutor", Planned)
    monkeypatch.setattr(practice, "PARALLEL_FROM", 2)
    monkeypatch.setattr(practice, "CHUNK", 2)
    monkeypatch.setattr(practice, "AHEAD", 3)
    clients = plan_practice(load_catalogue(), clients=40, seed=4, today=TODAY)
    next(clients)
    assert Planned.submitted == 3  # of 20 chunks
    assert len(list(clients)) == 39


def test_clinicians_share_the_clients_in_turn() -> None:
    clients = plan_practice(load_catalogue(), clients=5, seed=4, today=TODAY)
    shared = [c.assigned_to for c in in_turn(clients, ("dr_ada", "dr_ben", "dr_ben"))]
    assert shared == ["dr_ada", "dr_ben", "dr_ben", "dr_ada", "dr_ben"]
