"""A stored recommendation read back: the inverse of :meth:`Recommendation.to_dict`.

Completing an intake stores ``to_dict()`` as it was; every later screen, PDF and export
reads it back with :func:`recommendation_from_dict` instead of running the rules again
on today's catalogue. Records written by ruleset 1.0.0 lack some keys (counterfactual
changes, per-step individual work, the recorded cut-offs); they read back with the
defaults, which render exactly as that release did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from therapist_desk.intake.findings import (
    AnswerChange,
    Counterfactual,
    Discrepancy,
    Evidence,
    FocusArea,
    MissingItem,
    Part,
    RuleFinding,
    SafetyAction,
    Strength,
    TherapyOrder,
)
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.intake.scoring import BandRef, FlagHit, MeasureScore, ScoreStatus

REQUIRED = ("kind", "participants", "order", "strength", "parts", "reasons", "scores")
"""Keys without which a stored record is not a recommendation (see :func:`is_record`)."""


def is_record(data: Any) -> bool:
    """Whether ``data`` holds a whole stored recommendation."""
    return isinstance(data, Mapping) and all(key in data for key in REQUIRED)


def _value(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _ids(values: Any) -> tuple[str, ...]:
    return tuple(values or ())


def _safety(d: Mapping[str, Any]) -> SafetyAction:
    return SafetyAction(d["rule_id"], _ids(d["participant_ids"]), d["text"], d["private"])


def _evidence(d: Mapping[str, Any]) -> Evidence:
    return Evidence(d["source"], d["participant_id"], _value(d["value"]), d["text"], d["private"])


def _finding(d: Mapping[str, Any]) -> RuleFinding:
    return RuleFinding(
        rule_id=d["rule_id"],
        title=d["title"],
        order=TherapyOrder(d["order"]),
        participant_ids=_ids(d["participant_ids"]),
        evidence=tuple(_evidence(e) for e in d["evidence"]),
        hard=d["hard"],
        private=d["private"],
        safety=tuple(_safety(s) for s in d.get("safety", ())),
        weight=Strength(d.get("weight", Strength.MODERATE.value)),
        note=d.get("note"),
        decisive=d.get("decisive", False),
    )


def _part(d: Mapping[str, Any]) -> Part:
    return Part(
        d["step"], TherapyOrder(d["order"]), _ids(d["participant_ids"]), d["text"],
        _ids(d.get("individual_ids")),
    )  # fmt: skip


def _counterfactual(d: Mapping[str, Any]) -> Counterfactual:
    changes = tuple(
        AnswerChange(c["participant_id"], c["item_id"], _value(c["value"]))
        for c in d.get("changes", ())
    )
    strength = d.get("strength")
    return Counterfactual(
        rule_ids=_ids(d.get("rule_ids", d.get("without_rule_ids"))),
        order=TherapyOrder(d["order"]),
        text=d["text"],
        private=d["private"],
        changes=changes,
        strength=Strength(strength) if strength else None,
        resolve=d.get("resolve"),
    )


def _discrepancy(d: Mapping[str, Any]) -> Discrepancy:
    return Discrepancy(
        d["measure_id"], tuple((p, b) for p, b in d["bands"]), d["band_difference"], d["text"],
        d["private"], d.get("points"), d.get("minimal_difference"), d.get("separately", False),
        d.get("source"),
    )  # fmt: skip


def _score(d: Mapping[str, Any]) -> MeasureScore:
    band = d.get("band")
    return MeasureScore(
        measure_id=d["measure_id"],
        name=d["name"],
        total=d["total"],
        max_total=d["max_total"],
        band=BandRef(band["id"], band["label"], band["index"]) if band else None,
        positive=d["positive"],
        cutoff_label=d["cutoff_label"],
        threshold_note=d["threshold_note"],
        flags=tuple(FlagHit(f["id"], f["label"], f["risk"]) for f in d["flags"]),
        undetermined_flags=_ids(d["undetermined_flags"]),
        answered=_ids(d["answered"]),
        missing=_ids(d["missing"]),
        skipped=_ids(d["skipped"]),
        status=ScoreStatus(d["status"]),
        private=d["private"],
        cutoff_value=d.get("cutoff_value"),
        citation=d.get("citation", ""),
        undetermined_labels=_ids(d.get("undetermined_labels")),
    )


def recommendation_from_dict(data: Mapping[str, Any]) -> Recommendation:
    """The :class:`Recommendation` a stored ``to_dict()`` was made from."""
    return Recommendation(
        kind=data["kind"],
        participants=tuple((p["id"], p["name"]) for p in data["participants"]),
        order=TherapyOrder(data["order"]),
        strength=Strength(data["strength"]),
        headline=data["headline"],
        explanation=data["explanation"],
        parts=tuple(_part(p) for p in data["parts"]),
        findings=tuple(_finding(f) for f in data["reasons"]),
        safety=tuple(_safety(s) for s in data["safety"]),
        counterfactuals=tuple(_counterfactual(c) for c in data["counterfactuals"]),
        focus_areas=tuple(FocusArea(**a) for a in data["focus_areas"]),
        discrepancies=tuple(_discrepancy(d) for d in data["discrepancies"]),
        scores={
            pid: {m: _score(s) for m, s in by_measure.items()}
            for pid, by_measure in data["scores"].items()
        },
        provisional=data["provisional"],
        missing=tuple(
            MissingItem(m["item_id"], m["participant_id"], m["private"]) for m in data["missing"]
        ),
        ruleset_version=data["ruleset_version"],
        catalogue_version=data["catalogue_version"],
        client_view=data.get("view") == "client",
        strength_capped=data.get("strength_capped", False),
        safety_incomplete=_ids(data.get("safety_incomplete")),
    )


_ID_LISTS = ("participant_ids", "individual_ids", "safety_incomplete")


def rename_participants(data: Any, ids: Mapping[str, str]) -> Any:
    """A stored record (``to_dict()`` shape) with participant ids replaced by ``ids``.

    Used where the ids of a record and of the store differ: an intake imported from an
    answers file was recorded with the file's ids ("c1", "zoe"); the store knows its
    participants by position ("p1", "p2"). Texts name people, never ids: they stay.
    """
    if isinstance(data, list):
        return [rename_participants(v, ids) for v in data]
    if not isinstance(data, Mapping):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "participant_id" or (key == "id" and "name" in data and value in ids):
            out[key] = ids.get(value, value) if isinstance(value, str) else value
        elif key in _ID_LISTS and isinstance(value, list):
            out[key] = [ids.get(v, v) for v in value]
        elif key == "bands" and isinstance(value, list):
            out[key] = [[ids.get(p, p), band] for p, band in value]
        elif key == "scores" and isinstance(value, Mapping):
            out[key] = {ids.get(p, p): v for p, v in value.items()}
        else:
            out[key] = rename_participants(value, ids)
    return out
