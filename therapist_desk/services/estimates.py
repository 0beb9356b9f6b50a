"""How long an intake will take, for the client page and the start of a re-assessment.

From the catalogue as the practice asks it (its time model, and which sections it puts
to each partner alone): `therapist_desk.intake.timing` adds the pages up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from therapist_desk.intake.catalogue import Catalogue, IntakeKind
from therapist_desk.intake.timing import estimate
from therapist_desk.services.practice import Practice
from therapist_desk.store import clients as store_clients


@dataclass(frozen=True)
class StartTimes:
    """Minutes of a first intake with everyone, and of a re-assessment by who came."""

    first: int
    again: Mapping[tuple[int, ...], int]
    """By the positions who came: ``(1, 2)`` both partners, ``(1,)`` the first alone."""

    @property
    def again_everyone(self) -> int:
        """A re-assessment with everyone there."""
        return self.again[max(self.again, key=len)]


_CACHE: dict[tuple[int, IntakeKind, tuple[int, ...]], StartTimes] = {}


def times_for(catalogue: Catalogue, kind: IntakeKind, positions: Sequence[int]) -> StartTimes:
    """The estimates for a client of ``kind`` with people at ``positions`` (kept per
    catalogue: the client page asks it on every visit)."""
    key = (id(catalogue), kind, tuple(sorted(positions)))
    found = _CACHE.get(key)
    if found is not None:
        return found
    people = key[2]
    groups = [g for n in range(len(people), 0, -1) for g in combinations(people, n)]
    times = StartTimes(
        first=estimate(catalogue, kind, people).minutes,
        again={g: estimate(catalogue, kind, g, reassessment=True).minutes for g in groups},
    )
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = times
    return times


def start_times(*, practice: Practice, client_id: int) -> tuple[dict[int, str], StartTimes]:
    """The client's people by position (their names) and how long each intake takes."""
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        people = {p.position: p.preferred_name or p.name for p in client.participants}
        kind = IntakeKind(client.kind)
    return people, times_for(practice.catalogue, kind, list(people))
