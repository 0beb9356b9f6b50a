"""Answers given while the practice server could not be reached, kept until it is back.

On a practice server an answer is saved the moment it is given, as on the embedded
file. When the server has gone away (or turned the login away) the answer is kept
here instead: in the order given, the latest value of each question winning, and also
in a private file of the data folder (mode 0600, written atomically), so that a crash
or a closed window during the outage loses nothing. `save_pending` saves them in that
order once the server answers again; the file is removed when nothing is waiting. The
file is named after the server and login, so answers are only ever saved to the
practice and as the clinician they were given for.

Used from one thread (the window's); `save_pending` works on a copy, on a worker.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError
from therapist_desk.fileio import write_private_atomic
from therapist_desk.services.errors import ServerUnavailable
from therapist_desk.services.practice import Practice
from therapist_desk.store.fileset import shred

FILE_FORMAT = 1
AnswerKey = tuple[int, int | None, str]


def _plain(value: Any) -> Any:
    """``value`` as JSON keeps it (a multiple choice as a list)."""
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class PendingAnswer:
    """One answer waiting to be saved (``value`` None: the answer was cleared)."""

    intake_id: int
    position: int | None
    item_id: str
    value: Any

    @property
    def key(self) -> AnswerKey:
        """Which question of which intake, for whom."""
        return (self.intake_id, self.position, self.item_id)


@dataclass(frozen=True)
class PendingPlace:
    """The page an intake was left on, waiting to be remembered as the place to resume."""

    intake_id: int
    section_id: str
    position: int | None


@dataclass(frozen=True)
class Replayed:
    """What one round of `save_pending` did: what was saved, what the server refused
    (with its reason: that answer cannot be saved as it is), and the loss that stopped
    the round early (None: every answer given to it was dealt with)."""

    saved: tuple[PendingAnswer, ...] = ()
    places: tuple[PendingPlace, ...] = ()
    refused: tuple[tuple[PendingAnswer, str], ...] = ()
    lost: ServerUnavailable | None = None


class PendingAnswers:
    """The answers (and places) of one login on one practice server that wait to be saved.

    ``file`` keeps them across a crash (None: in memory only). ``kept_on_disk`` is False
    once writing the file failed: they are then in memory only, and closing loses them.
    """

    def __init__(self, file: Path | None = None, *, server: str = "") -> None:
        self.file, self.server = file, server
        self.kept_on_disk = file is not None
        self._answers: dict[AnswerKey, PendingAnswer] = {}
        self._places: dict[int, PendingPlace] = {}
        if file is not None and file.is_file():
            self._read(file)

    def __len__(self) -> int:
        return len(self._answers)

    @property
    def waiting(self) -> bool:
        """Whether anything (an answer, or a place) waits to be saved."""
        return bool(self._answers or self._places)

    def answers(self) -> tuple[PendingAnswer, ...]:
        """The waiting answers, in the order they were last given."""
        return tuple(self._answers.values())

    def places(self) -> tuple[PendingPlace, ...]:
        """The waiting places, one per intake."""
        return tuple(self._places.values())

    def intakes(self) -> set[int]:
        """The intakes with answers waiting."""
        return {answer.intake_id for answer in self._answers.values()}

    def for_intake(self, intake_id: int) -> dict[int | None, dict[str, Any]]:
        """The waiting answers of one intake, by position then item (None: cleared)."""
        found: dict[int | None, dict[str, Any]] = {}
        for answer in self._answers.values():
            if answer.intake_id == intake_id:
                found.setdefault(answer.position, {})[answer.item_id] = answer.value
        return found

    def add(self, answer: PendingAnswer) -> None:
        """Keep ``answer``: it replaces an earlier one to the same question, and goes last."""
        answer = PendingAnswer(
            answer.intake_id, answer.position, answer.item_id, _plain(answer.value)
        )
        self._answers.pop(answer.key, None)
        self._answers[answer.key] = answer
        self._write()

    def add_place(self, place: PendingPlace) -> None:
        """Keep the place an intake was left on (the latest wins)."""
        self._places[place.intake_id] = place
        self._write()

    def settle(self, replayed: Replayed) -> None:
        """Forget what a round saved or the server refused, unless given again meanwhile."""
        done = [*replayed.saved, *(answer for answer, _why in replayed.refused)]
        for answer in done:
            if self._answers.get(answer.key) == answer:
                del self._answers[answer.key]
        for place in replayed.places:
            if self._places.get(place.intake_id) == place:
                del self._places[place.intake_id]
        if done or replayed.places:
            self._write()

    def _write(self) -> None:
        if self.file is None:
            return
        if not self.waiting:
            shred(self.file)
            return
        data = {
            "format": FILE_FORMAT,
            "server": self.server,
            "answers": [
                {"intake": a.intake_id, "position": a.position, "item": a.item_id, "value": a.value}
                for a in self._answers.values()
            ],
            "places": [
                {"intake": p.intake_id, "section": p.section_id, "position": p.position}
                for p in self._places.values()
            ],
        }
        text = json.dumps(data, ensure_ascii=False, indent=1)
        try:
            write_private_atomic(
                self.file, text.encode("utf-8"), what="the answers kept on this computer"
            )
        except UserError:
            self.kept_on_disk = False  # still kept in memory; closing now would lose them
        else:
            self.kept_on_disk = True

    def _read(self, file: Path) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            answers = [
                PendingAnswer(int(a["intake"]), a["position"], str(a["item"]), a["value"])
                for a in data["answers"]
            ]
            places = [
                PendingPlace(int(p["intake"]), str(p["section"]), p["position"])
                for p in data["places"]
            ]
        except (OSError, ValueError, KeyError, TypeError):
            # Left as it is for a person to look at; nothing new is written over it.
            self.file, self.kept_on_disk = None, False
            return
        for answer in answers:
            self._answers[answer.key] = answer
        for place in places:
            self._places[place.intake_id] = place


def pending_file(practice: Practice) -> Path | None:
    """Where the answers waiting for this practice server and login are kept (None: the
    practice is the embedded file, where an answer never waits)."""
    server = practice.database.server
    if server is None:
        return None
    digest = hashlib.sha256(server.describe().encode("utf-8")).hexdigest()[:16]
    return practice.folder / f"unsaved-answers-{digest}.json"


def open_pending(practice: Practice) -> PendingAnswers:
    """The answers waiting for this practice, with any kept from an earlier session."""
    server = practice.database.server
    return PendingAnswers(pending_file(practice), server=server.describe() if server else "")


def save_pending(
    *, practice: Practice, answers: Sequence[PendingAnswer], places: Sequence[PendingPlace] = ()
) -> Replayed:
    """Save ``answers`` in order, then ``places``; stop at the first loss of the server.

    An answer the server refuses (the intake was finished meanwhile, consent withdrawn)
    is reported in `Replayed.refused` and not tried again. A place not kept is no loss:
    the intake then resumes at the place saved before.
    """
    from therapist_desk.services import intakes  # loaded with the intake room

    saved: list[PendingAnswer] = []
    refused: list[tuple[PendingAnswer, str]] = []
    for answer in answers:
        try:
            intakes.save_answer(
                practice=practice,
                intake_id=answer.intake_id,
                position=answer.position,
                item_id=answer.item_id,
                value=answer.value,
            )
        except ServerUnavailable as lost:
            return Replayed(tuple(saved), (), tuple(refused), lost)
        except UserError as err:
            refused.append((answer, str(err)))
        else:
            saved.append(answer)
    done: list[PendingPlace] = []
    for place in places:
        try:
            intakes.set_position(
                practice=practice,
                intake_id=place.intake_id,
                section_id=place.section_id,
                position=place.position,
            )
        except ServerUnavailable as lost:
            return Replayed(tuple(saved), tuple(done), tuple(refused), lost)
        except UserError:
            pass  # the intake resumes at its place saved before
        done.append(place)
    return Replayed(tuple(saved), tuple(done), tuple(refused))
