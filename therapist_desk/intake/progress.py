"""Change over time: one participant's totals on one measure, and whether a change is real.

A change counts as *reliable* when it reaches the measure's reliable-change value, not
when it crosses a band (a one-point move over a band edge is noise). Every number is
the measure's ``change`` data in the catalogue (``intake.change``); none is written here.

Each administration after the first is compared with the first one scored (the
verdict) and with the one before it (the change from the previous). *Recovered* is a
reliable improvement from caseness at the first to below caseness now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from therapist_desk.intake.change import MeasureChange


class Verdict(StrEnum):
    """What the change since the first administration means, in the clinician's words."""

    IMPROVED = "reliably improved"
    NO_CHANGE = "no reliable change"
    DETERIORATED = "reliably deteriorated"
    RECOVERED = "recovered"


class Reliable(StrEnum):
    """The reliable-change part of a verdict, as the command line prints it."""

    IMPROVED = "improved"
    NONE = "none"
    DETERIORATED = "deteriorated"


@dataclass(frozen=True, slots=True)
class Administration:
    """A measure given once: its date (ISO), the intake, the total (None: not scored)."""

    date: str
    intake_id: int
    total: float | None
    band: str | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """An administration with what changed: ``None`` where nothing can be compared."""

    administration: Administration
    change_from_first: float | None = None
    change_from_previous: float | None = None
    reliable: Reliable | None = None
    recovered: bool = False
    verdict: Verdict | None = None

    @property
    def arrow(self) -> str:
        """Which way the total moved since the first: ↑, ↓ or → (none compared: empty)."""
        change = self.change_from_first
        if change is None:
            return ""
        return "↑" if change > 0 else "↓" if change < 0 else "→"


def verdict(change: MeasureChange, first: float, now: float) -> tuple[Reliable, bool, Verdict]:
    """The reliable change, whether recovered, and the verdict from ``first`` to ``now``.

    Needs the measure's reliable-change value (``ValueError`` without one).
    """
    if change.reliable_change is None:
        raise ValueError("no reliable-change value for this measure")
    threshold = change.reliable_change.value
    better = change.improvement(first, now)
    if better >= threshold:
        reliable = Reliable.IMPROVED
    elif -better >= threshold:
        reliable = Reliable.DETERIORATED
    else:
        reliable = Reliable.NONE
    case = change.caseness
    recovered = bool(
        reliable is Reliable.IMPROVED and case and case.is_case(first) and not case.is_case(now)
    )
    words = {
        Reliable.IMPROVED: Verdict.IMPROVED,
        Reliable.NONE: Verdict.NO_CHANGE,
        Reliable.DETERIORATED: Verdict.DETERIORATED,
    }[reliable]
    return reliable, recovered, Verdict.RECOVERED if recovered else words


def track(change: MeasureChange, given: Sequence[Administration]) -> tuple[Point, ...]:
    """Every administration (oldest first) with its change from the first and the previous.

    An administration not scored (too many items skipped) keeps its place with nothing
    compared, and is not the "first" or "previous" of a later one. A measure without a
    reliable-change value gets the changes in points and no verdict.
    """
    points: list[Point] = []
    first: float | None = None
    previous: float | None = None
    for admin in given:
        total = admin.total
        if total is None:
            points.append(Point(admin))
            continue
        if first is None:
            first = previous = total
            points.append(Point(admin))
            continue
        assert previous is not None
        point = Point(admin, total - first, total - previous)
        if change.reliable_change is not None:
            reliable, recovered, words = verdict(change, first, total)
            point = Point(admin, total - first, total - previous, reliable, recovered, words)
        points.append(point)
        previous = total
    return tuple(points)


def latest_compared(points: Sequence[Point]) -> Point | None:
    """The newest administration compared with an earlier one, if any."""
    return next((p for p in reversed(points) if p.change_from_first is not None), None)


def stalled(change: MeasureChange, points: Sequence[Point], after: int) -> bool:
    """Whether ``after`` or more re-assessments came and none shows a reliable improvement
    for a person at caseness at the first (the clinician should review the plan)."""
    scored = [p for p in points if p.administration.total is not None]
    if len(scored) < after + 1 or change.caseness is None:
        return False
    first = scored[0].administration.total
    assert first is not None
    if not change.caseness.is_case(first):
        return False
    return not any(p.reliable is Reliable.IMPROVED for p in scored[1:])


def deteriorated(points: Sequence[Point]) -> bool:
    """Whether the newest compared administration is a reliable deterioration."""
    latest = latest_compared(points)
    return latest is not None and latest.reliable is Reliable.DETERIORATED
