"""How much a measure's score must differ to matter: the per-measure ``change`` data.

Each measure file may carry a ``change`` block (see ``resources/catalogue``): the
minimal important difference (the smallest difference a person would notice), the
reliable-change threshold (the smallest change over time that is not measurement noise)
and the caseness cut-off used for recovery, each with its source. When no value is
published, one is derived with Jacobson & Truax (1991), RC = 1.96 · SD · √(2(1 − r)),
from a cited standard deviation and reliability, and marked ``derived``.

The engine reads the minimal important difference (partner discrepancies); the
re-assessment (``intake.progress``) reads the reliable change, the caseness and
``better`` (which way a score moves when the person is better).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

JACOBSON_TRUAX = "jacobson_truax"
JACOBSON_TRUAX_FORMULA = "1.96 · SD · √(2(1 − r))"
JACOBSON_TRUAX_Z = 1.96
DERIVED_TOLERANCE = 0.05
"""How far a stated derived value may be from the formula's (it is written rounded)."""


def jacobson_truax(sd: float, reliability: float) -> float:
    """The reliable-change value 1.96 · SD · √(2(1 − r)) (Jacobson & Truax 1991)."""
    return JACOBSON_TRUAX_Z * sd * math.sqrt(2 * (1 - reliability))


@dataclass(frozen=True, slots=True)
class Derivation:
    """Where a derived value comes from: the formula and its cited inputs."""

    method: str
    formula: str
    sd: float
    reliability: float
    sd_source: str
    reliability_source: str
    note: str | None = None

    @property
    def computed(self) -> float:
        """The value the formula gives for the cited inputs."""
        return jacobson_truax(self.sd, self.reliability)


@dataclass(frozen=True, slots=True)
class ChangeValue:
    """A difference in total score points, with its source; ``derived`` when computed."""

    value: float
    source: str
    derived: Derivation | None = None

    @property
    def is_derived(self) -> bool:
        """Whether the value was derived rather than published."""
        return self.derived is not None


@dataclass(frozen=True, slots=True)
class Caseness:
    """The cut-off that makes a score a clinical case (``at_least`` or ``below`` it)."""

    source: str
    at_least: float | None = None
    below: float | None = None

    def is_case(self, total: float) -> bool:
        """Whether ``total`` is at caseness level."""
        if self.at_least is not None:
            return total >= self.at_least
        assert self.below is not None
        return total < self.below


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """The change data of one measure; any part may be absent (no value known)."""

    minimal_important_difference: ChangeValue | None = None
    reliable_change: ChangeValue | None = None
    caseness: Caseness | None = None
    lower_is_better: bool = True
    """Whether a fall in the total is an improvement (PHQ-9) or a rise is (CSI-4)."""

    def improvement(self, before: float, after: float) -> float:
        """How many points ``after`` is better than ``before`` (negative: worse)."""
        return before - after if self.lower_is_better else after - before


NO_CHANGE_DATA = MeasureChange()
