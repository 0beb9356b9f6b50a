"""A synthetic practice: clients over several years, each with a few intakes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
import random
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from sqlalchemy import Engine

from therapist_desk.demo.answers import answer_rows, synthetic_intake
from therapist_desk.demo.names import CLINICIANS, FIRST_NAMES, LAST_NAMES, PRONOUNS
from therapist_desk.intake import Catalogue, IntakeKind, load_catalogue, recommend
from therapist_desk.intake.findings import RULESET_VERSION
from therapist_desk.store.bulk import BulkClient, BulkIntake, add_clients
from therapist_desk.store.clients import new_reference

YEARS = 6
COUPLE_SHARE = 0.45
ARCHIVED_SHARE = 0.08
DRAFT_SHARE = 0.2
ACTOR = "Demo data"
#: Below this many clients the planning runs in this process; above, on every core.
PARALLEL_FROM = 400
CHUNK = 100
#: Chunks planned ahead of the writer: the rest wait, so a slow writer (a practice
#: server) never has a large practice held in memory, only this many chunks.
AHEAD = 8


def _person(rng: random.Random, today: dt.date) -> dict[str, object]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    age_days = rng.randint(20 * 365, 75 * 365)
    return {
        "name": f"{first} {last}",
        "preferred_name": first[:3] if rng.random() < 0.1 else None,
        "pronouns": rng.choice(PRONOUNS),
        "date_of_birth": (today - dt.timedelta(days=age_days)).isoformat(),
    }


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 19), rng.randint(0, 59)), dt.UTC)


def _intakes(
    catalogue: Catalogue, kind: IntakeKind, names: list[str], first: dt.date, today: dt.date,
    rng: random.Random,
) -> list[BulkIntake]:  # fmt: skip
    count = rng.choice((1, 2, 2, 3))
    clinician = rng.choice(CLINICIANS)
    day, made = first, []
    for n in range(count):
        draft = n == count - 1 and rng.random() < DRAFT_SHARE
        answers = synthetic_intake(catalogue, kind, names, rng)
        rec = None if draft else recommend(catalogue, answers).to_dict()
        made.append(
            BulkIntake(
                date=day,
                at=_moment(day, rng),
                clinician=clinician,
                catalogue_version=catalogue.version,
                ruleset_version=RULESET_VERSION,
                answers=answer_rows(answers, rng.uniform(0.2, 0.8) if draft else 1.0),
                recommendation=rec,
                mode=rng.choice(("in_person", "video")),
            )
        )
        day = min(today, day + dt.timedelta(days=rng.randint(40, 200)))
    return made


def plan_client(catalogue: Catalogue, seed: int, index: int, today: dt.date) -> BulkClient:
    """The ``index``-th client of the practice of ``seed``: the same every time."""
    rng = random.Random(f"therapist-desk-demo:{seed}:{index}")
    kind = IntakeKind.COUPLE if rng.random() < COUPLE_SHARE else IntakeKind.INDIVIDUAL
    people = [_person(rng, today) for _ in range(2 if kind is IntakeKind.COUPLE else 1)]
    first = today - dt.timedelta(days=rng.randint(0, YEARS * 365))
    names = [str(p["name"]).split()[0] for p in people]
    intakes = _intakes(catalogue, kind, names, first, today, rng)
    archived = None
    if rng.random() < ARCHIVED_SHARE:
        archived = min(intakes[-1].at + dt.timedelta(days=rng.randint(30, 90)), _moment(today, rng))
    return BulkClient(
        kind=kind.value,
        people=people,
        reference=new_reference(),  # opaque and never reused, even with --add
        created_at=_moment(first, rng),
        archived_at=archived,
        intakes=intakes,
    )


def _plan_chunk(seed: int, today: dt.date, start: int, stop: int) -> list[BulkClient]:
    catalogue = load_catalogue()
    return [plan_client(catalogue, seed, i, today) for i in range(start, stop)]


def plan_practice(
    catalogue: Catalogue, *, clients: int, seed: int, today: dt.date | None = None
) -> Iterator[BulkClient]:
    """``clients`` synthetic clients, the same for the same ``seed`` (dates end ``today``)."""
    today = today or dt.datetime.now(dt.UTC).date()
    if clients < PARALLEL_FROM:
        yield from (plan_client(catalogue, seed, i, today) for i in range(clients))
        return
    chunks = ((start, min(start + CHUNK, clients)) for start in range(0, clients, CHUNK))
    # Workers are started afresh (not forked): they inherit the environment as it is now,
    # without the passphrase the command line took out of it, and none of its memory.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        planned: deque[Future[list[BulkClient]]] = deque()
        for start, stop in chunks:
            planned.append(pool.submit(_plan_chunk, seed, today, start, stop))
            if len(planned) >= AHEAD:
                yield from planned.popleft().result()
        while planned:
            yield from planned.popleft().result()


def die_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it ends, even when it is killed.

    On Linux the kernel sends SIGKILL when the parent dies (``PR_SET_PDEATHSIG``); a
    watch on the parent's id covers other systems and a parent gone before this ran.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def build_practice(
    *,
    engine: Engine,
    catalogue: Catalogue,
    clients: int,
    seed: int,
    clinicians: Sequence[str] = (),
) -> int:
    """Store a synthetic practice of ``clients`` clients in one transaction; return the count.

    On a practice server ``clinicians`` (login names) share the clients (`in_turn`);
    without them each client is the writing login's.
    """
    planned = in_turn(plan_practice(catalogue, clients=clients, seed=seed), clinicians)
    return add_clients(engine=engine, clients=planned, actor=ACTOR)


def in_turn(planned: Iterable[BulkClient], clinicians: Sequence[str]) -> Iterator[BulkClient]:
    """``planned`` shared by ``clinicians`` in turn: the first client is the first
    clinician's, the second the second's, and so on (a name given twice gets twice as
    many). With no clinicians, ``planned`` as it is."""
    if not clinicians:
        yield from planned
        return
    for n, client in enumerate(planned):
        yield dataclasses.replace(client, assigned_to=clinicians[n % len(clinicians)])
