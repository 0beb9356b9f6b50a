"""Progress: every administration of every measure, per participant, and what changed.

Read from the completed intakes' frozen records (never by running the rules again),
each intake as last corrected. Who may see a participant's measure is the audience's to
say (`ProgressView.for_audience` asks `Audience.sees` with the measure's marks as the
intakes put it, and the consent each partner gave in the latest intake); the notices
and the change of the suggested order are the clinician's alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, col, func, select

from therapist_desk.intake.audience import SHARE_ITEM, Audience, answer_marks
from therapist_desk.intake.catalogue import Catalogue, Measure
from therapist_desk.intake.progress import (
    Administration,
    Point,
    deteriorated,
    latest_compared,
    stalled,
    track,
)
from therapist_desk.models import Answer, Client, Intake, IntakePurpose, IntakeStatus, Participant
from therapist_desk.models.intake import asked_alone_of, present_of
from therapist_desk.services.practice import Practice, intake_catalogue
from therapist_desk.store import clients as store_clients
from therapist_desk.store.history import IntakeHistoryEntry, client_history
from therapist_desk.store.reassessment import client_by_reference

HARD_RULES = ("R1", "R2", "R3", "R4")


@dataclass(frozen=True)
class Track:
    """One participant's administrations of one measure, oldest first, with their change."""

    participant: str  # "p1"
    person: str
    measure_id: str
    measure: str
    maximum: int
    cutoff: float | None
    cutoff_below: bool
    bands: tuple[tuple[float, str], ...]  # (lowest total, label)
    reliable_change: float | None
    derived: bool
    points: tuple[Point, ...]
    marks: Mapping[str, Any] = field(default_factory=dict)
    missed: tuple[str, ...] = ()
    """The dates (ISO) of the visits this participant did not come to: no administration."""

    not_seen_last: str | None = None
    """The date of the latest visit, when this participant did not come to it."""

    @property
    def latest(self) -> Point | None:
        """The newest administration compared with an earlier one."""
        return latest_compared(self.points)


@dataclass(frozen=True)
class Notice:
    """Something the clinician should look at (never shown to a client)."""

    kind: str  # "deterioration", "safety", "review", "order"
    text: str


@dataclass(frozen=True)
class ProgressView:
    """A client's measures over time, and what the clinician should notice."""

    client_id: int
    reference: str
    display_name: str
    couple: bool
    people: Mapping[str, str]
    tracks: tuple[Track, ...]
    shared: frozenset[str]
    administrations: tuple[tuple[str, int, str], ...]  # (date, intake id, first/reassessment)
    notices: tuple[Notice, ...] = ()
    latest_intake_id: int | None = None

    def for_audience(self, audience: Audience) -> ProgressView:
        """What ``audience`` may see: the same marks and consent as every summary."""
        if audience.is_clinician:
            return self
        tracks = tuple(t for t in self.tracks if audience.sees(shared=self.shared, **t.marks))
        return replace(self, tracks=tracks, notices=())


def progress_view(*, practice: Practice, client_id: int) -> ProgressView:
    """Every completed administration of the client's measures, with change and notices."""
    with practice.session() as s:
        client = store_clients.get_client(session=s, client_id=client_id)
        history = client_history(session=s, client_id=client_id)
        return progress_of(practice=practice, session=s, client=client, history=history)


def progress_of(
    *, practice: Practice, session: Session, client: Any, history: Sequence[IntakeHistoryEntry]
) -> ProgressView:
    """`progress_view` from a client and its history already read (the client page's)."""
    assert client.id is not None
    people = {f"p{p.position}": p.preferred_name or p.name for p in client.participants}
    current = _current(history)
    couple = client.kind == "couple"
    shared = _shared(session, current[-1].intake.id if current else None, couple)
    catalogues = _catalogues(practice, current)
    marks: dict[tuple[int, str, str], dict[str, Any]] = {}
    visits = [
        _Visit(
            e.intake.date.isoformat(),
            e.intake.id or 0,
            (e.recommendation or {}).get("scores", {}),
            catalogue,
            present_of(e.intake.present_json),
        )
        for e, catalogue in zip(current, catalogues, strict=True)
    ]  # read once: the tracks read them 14 times over
    tracks = tuple(
        t
        for measure in practice.catalogue.measures.values()
        for pid, person in people.items()
        if (t := _track(measure, pid, person, visits, couple, marks)) is not None
    )
    view = ProgressView(
        client_id=client.id,
        reference=client.reference,
        display_name=client.display_name,
        couple=couple,
        people=people,
        tracks=tracks,
        shared=shared,
        administrations=tuple(
            (e.intake.date.isoformat(), e.intake.id or 0, str(e.intake.purpose)) for e in current
        ),
        latest_intake_id=current[-1].intake.id if current else None,
    )
    review = practice.settings.review_after_reassessments
    return replace(view, notices=_notices(view, current, practice.catalogue, review))


def progress_by_reference(*, practice: Practice, reference: str) -> ProgressView:
    """The progress of the client with this reference (`UnknownClientError` if none)."""
    with practice.session() as s:
        client = client_by_reference(session=s, reference=reference)
        assert client.id is not None
        client_id = client.id
    return progress_view(practice=practice, client_id=client_id)


def client_references(*, practice: Practice) -> list[dict[str, Any]]:
    """Every client with its reference, kind, whether archived and its completed intakes."""
    done = (
        select(Intake.client_id, func.count().label("n"))
        .where(Intake.status == IntakeStatus.COMPLETED.value)
        .group_by(col(Intake.client_id))
        .subquery()
    )
    with practice.session() as s:
        rows = s.exec(
            select(Client, done.c.n)
            .outerjoin(done, done.c.client_id == Client.id)
            .order_by(col(Client.display_name), col(Client.id))
        ).all()
        return [
            {
                "reference": c.reference,
                "name": c.display_name,
                "kind": c.kind,
                "archived": c.archived_at is not None,
                "completed_intakes": n or 0,
            }
            for c, n in rows
        ]


def _current(history: Sequence[IntakeHistoryEntry]) -> list[IntakeHistoryEntry]:
    """Completed intakes with a record, each as last corrected, oldest first."""
    done = [e for e in history if e.recommendation is not None]
    replaced = {e.intake.amends_intake_id for e in done if e.intake.amends_intake_id}
    kept = [e for e in done if e.intake.id not in replaced]
    return sorted(kept, key=lambda e: (e.intake.date, e.intake.id or 0))


def _shared(s: Session, intake_id: int | None, couple: bool) -> frozenset[str]:
    """Who agreed, in the latest intake, that their own scores appear in what both see."""
    if intake_id is None:
        return frozenset()
    rows = s.exec(
        select(Participant.position, Answer.value_json)
        .join(Participant, col(Answer.participant_id) == Participant.id)
        .where(Answer.intake_id == intake_id, Answer.item_id == SHARE_ITEM)
    ).all()
    agreed = frozenset(f"p{pos}" for pos, value in rows if value == "true")
    if couple:
        return agreed
    return frozenset({"p1"})  # a client who comes alone is the only reader


def _catalogues(practice: Practice, history: Sequence[IntakeHistoryEntry]) -> list[Catalogue]:
    """Each intake's catalogue as it was put (what it asked alone), built once per record."""
    built: dict[str | None, Catalogue] = {}
    out = []
    for entry in history:
        key = entry.intake.asked_alone_json
        if key not in built:
            built[key] = intake_catalogue(practice.shipped, asked_alone_of(key), practice.settings)
        out.append(built[key])
    return out


@dataclass(frozen=True, slots=True)
class _Visit:
    """One completed intake as the tracks read it."""

    date: str
    intake_id: int
    scores: Mapping[str, Any]
    catalogue: Catalogue
    present: tuple[int, ...] | None  # None: everyone came


def _track(
    measure: Measure,
    pid: str,
    person: str,
    visits: Sequence[_Visit],
    couple: bool,
    cache: dict[tuple[int, str, str], dict[str, Any]],
) -> Track | None:
    given: list[Administration] = []
    missed: list[str] = []
    came_last = True
    marks: dict[str, Any] = {"private": False, "alone_of": (), "personal_of": ()}
    position = int(pid[1:])
    for visit in visits:
        came_last = visit.present is None or position in visit.present
        if not came_last:
            missed.append(visit.date)  # not seen: no administration
            continue
        score = visit.scores.get(pid, {}).get(measure.id)
        if not score or (score.get("answered") == [] and score.get("missing") == []):
            continue  # not given that day (a screen asked only when relevant)
        total = score.get("total")
        band = (score.get("band") or {}).get("label")
        given.append(Administration(visit.date, visit.intake_id, total, band))
        catalogue = visit.catalogue
        key = (id(catalogue), measure.id, pid)
        found = cache.get(key)
        if found is None:
            found = cache[key] = answer_marks(catalogue, measure.id, pid, couple=couple)
        marks = {k: marks[k] or found[k] for k in marks}  # the most private way it was put
    if not given:
        return None
    change, cutoff = measure.change, measure.cutoff
    rc = change.reliable_change
    return Track(
        participant=pid,
        person=person,
        measure_id=measure.id,
        measure=measure.name,
        maximum=measure.max_total,
        cutoff=(cutoff.at_least if cutoff.at_least is not None else cutoff.below)
        if cutoff
        else None,
        cutoff_below=bool(cutoff and cutoff.below is not None),
        bands=tuple((b.minimum, b.label) for b in measure.bands),
        reliable_change=rc.value if rc else None,
        derived=bool(rc and rc.is_derived),
        points=track(change, given),
        marks=marks,
        missed=tuple(missed),
        not_seen_last=missed[-1] if missed and not came_last else None,
    )


def _notices(
    view: ProgressView, history: Sequence[IntakeHistoryEntry], catalogue: Catalogue, review: int
) -> tuple[Notice, ...]:
    """Reliable deterioration, a new safety finding, no reliable improvement after
    ``review`` re-assessments, and a changed suggestion (clinician only)."""
    out: list[Notice] = []
    for t in view.tracks:
        latest = t.latest
        if latest is not None and deteriorated(t.points):
            out.append(
                Notice(
                    "deterioration",
                    f"{t.person}: {t.measure} reliably deteriorated "
                    f"({latest.change_from_first:+g} since the first, on "
                    f"{latest.administration.date}).",
                )
            )
        if stalled(catalogue.measures[t.measure_id].change, t.points, review):
            out.append(
                Notice(
                    "review",
                    f"{t.person}: no reliable improvement on {t.measure} after {review} or more "
                    "re-assessments: review the plan.",
                )
            )
    if len(history) >= 2:
        before, now = history[-2].recommendation or {}, history[-1].recommendation or {}
        new = _hard(now) - _hard(before)
        for title, pid in sorted(new):
            who = view.people.get(pid or "", "")
            out.append(Notice("safety", f"New safety finding for {who}: {title}."))
        order = _not_seen(history[-1], view.people) or _order_change(before, now, view.people)
        if order:
            out.append(Notice("order", order))
    return tuple(out)


def _not_seen(entry: IntakeHistoryEntry, people: Mapping[str, str]) -> str | None:
    """For a visit someone did not come to: its suggestion is not compared (it rests on
    the answers of who came, and waits for the others' safety questions)."""
    came = present_of(entry.intake.present_json)
    if came is None:
        return None
    absent = [name for pid, name in people.items() if int(pid[1:]) not in came]
    if not absent:
        return None
    here = " and ".join(name for pid, name in people.items() if int(pid[1:]) in came)
    label = (entry.recommendation or {}).get("order_label")
    return (
        f"{' and '.join(absent)} did not come on {entry.intake.date.isoformat()}: the "
        f"suggestion of that visit ({label}) rests on {here}'s answers alone and is "
        "provisional, so it is not compared with the visit before."
    )


def _hard(rec: Mapping[str, Any]) -> set[tuple[str, str | None]]:
    return {
        (r["title"], pid)
        for r in rec.get("reasons", ())
        if str(r.get("rule_id", "")).split("_")[0] in HARD_RULES
        for pid in (r.get("participant_ids") or [None])
    }


def _rules(rec: Mapping[str, Any], people: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for r in rec.get("reasons", ()):
        who = " and ".join(people.get(p, p) for p in r.get("participant_ids") or ())
        out[r["rule_id"] + "|" + who] = f"{r['title']}" + (f" ({who})" if who else "")
    return out


def _order_change(
    before: Mapping[str, Any], now: Mapping[str, Any], people: Mapping[str, str]
) -> str | None:
    """ "The suggestion changed from X to Y": with the rules that stopped and started."""
    if before.get("order") == now.get("order"):
        return None
    was, rules = _rules(before, people), _rules(now, people)
    stopped = [was[k] for k in was if k not in rules]
    started = [rules[k] for k in rules if k not in was]
    text = f"The suggestion changed from {before.get('order_label')} to {now.get('order_label')}."
    if stopped:
        text += " No longer: " + "; ".join(stopped) + "."
    if started:
        text += " Now: " + "; ".join(started) + "."
    return text


def order_since(
    history: Sequence[IntakeHistoryEntry], intake_id: int, people: Mapping[str, str]
) -> str | None:
    """How the suggestion of ``intake_id`` compares with the intake before it."""
    current = _current(history)
    ids = [e.intake.id for e in current]
    if intake_id not in ids or ids.index(intake_id) == 0:
        return None
    at = ids.index(intake_id)
    before, now = current[at - 1].recommendation or {}, current[at].recommendation or {}
    changed = _not_seen(current[at], people) or _order_change(before, now, people)
    if changed:
        return changed
    return f"The suggestion is the same as at the visit before: {now.get('order_label')}."


def reassessment_count(view: ProgressView) -> int:
    """How many re-assessments the client has had."""
    return sum(1 for *_, purpose in view.administrations if purpose == IntakePurpose.REASSESSMENT)


__all__ = ["Notice", "ProgressView", "Track", "progress_view", "reassessment_count"]
