"""Answers files: how other tools feed an intake to the app, and how the app exports one.

Format (``docs/answers-format.md``): a JSON object with ``"format":
"therapist-desk-answers"``, ``"format_version": 1``, ``kind``, ``participants`` (each
with ``id``, ``name`` and ``answers``), ``relationship`` answers, and optional
``intake`` metadata and clinician ``decision``. Reading refuses files over 5 MB, text
that is not UTF-8, JSON nested deeper than the format allows, and answers that do not
fit the catalogue — always with one message naming the file and the problem.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from therapist_desk.intake import limits
from therapist_desk.intake.answers import (
    RELATIONSHIP,
    IntakeAnswers,
    Participant,
    coerce_answers,
    intake_problems,
)
from therapist_desk.intake.catalogue import Catalogue, IntakeKind
from therapist_desk.intake.errors import AnswersFileError, one_line
from therapist_desk.intake.json_input import display, load_json_limited

FORMAT = "therapist-desk-answers"
FORMAT_VERSION = 1
OrderName = Literal["individual_first", "concurrent", "relationship_first"]
_CLASS_NAME = re.compile(r" or instance of \w+")  # pydantic's words for programmers


def _iso_date(value: Any) -> Any:
    """A date as the format writes it, YYYY-MM-DD; a number is not a date (nor 1970)."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError("write the date as YYYY-MM-DD, for example 2024-05-14")


IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonFile(_Model):
    """A participant: who they are (for reports and the client record) and their answers."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")
    name: str = Field(min_length=1, max_length=limits.NAME)
    preferred_name: str | None = Field(default=None, max_length=limits.PREFERRED_NAME)
    pronouns: str | None = Field(default=None, max_length=limits.PRONOUNS)
    date_of_birth: IsoDate = None
    answers: dict[str, Any] = Field(default_factory=dict)

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: dt.date | None) -> dt.date | None:
        problem = None if value is None else limits.birth_date_problem(value)
        if problem is not None:
            raise ValueError(problem[0].lower() + problem[1:].rstrip("."))
        return value

    @property
    def display_name(self) -> str:
        """The name sentences use: the preferred name if given."""
        return self.preferred_name or self.name


class IntakeMetaFile(_Model):
    """When, by whom and how the intake was done."""

    date: IsoDate = None
    clinician: str | None = Field(default=None, max_length=limits.CLINICIAN)
    mode: Literal["in_person", "video"] | None = None
    notes: str | None = Field(default=None, max_length=limits.INTAKE_NOTES)


class DecisionFile(_Model):
    """The clinician's decision: the suggestion accepted, or overridden with a reason."""

    status: Literal["accepted", "overridden"]
    order: OrderName
    reason: str | None = Field(default=None, max_length=limits.DECISION_REASON)
    decided_on: IsoDate = None

    @model_validator(mode="after")
    def _reason_for_override(self) -> DecisionFile:
        if self.status == "overridden" and not (self.reason or "").strip():
            raise ValueError("an overridden order needs a reason")
        return self


class AnswersFile(_Model):
    """A whole answers file, validated for shape (see :func:`parse_answers_file`)."""

    format: Literal["therapist-desk-answers"] = "therapist-desk-answers"
    format_version: Literal[1] = 1
    catalogue_version: str | None = None
    kind: IntakeKind
    intake: IntakeMetaFile | None = None
    participants: list[PersonFile]
    relationship: dict[str, Any] = Field(default_factory=dict)
    decision: DecisionFile | None = None

    def to_intake(self, catalogue: Catalogue) -> IntakeAnswers:
        """The answers as an :class:`IntakeAnswers`; raises ``AnswerError`` if they do not fit."""
        from therapist_desk.intake.errors import AnswerError

        problems: list[str] = []
        people = tuple(
            Participant(
                p.id,
                p.display_name,
                coerce_answers(catalogue, p.answers, owner=p.id, kind=self.kind, problems=problems),
            )
            for p in self.participants
        )
        relationship = coerce_answers(
            catalogue, self.relationship, owner=RELATIONSHIP, kind=self.kind, problems=problems
        )
        intake = IntakeAnswers(self.kind, people, relationship)
        problems = intake_problems(catalogue, intake) + problems
        if problems:
            raise AnswerError(problems)
        return intake

    def to_json(self) -> str:
        """The file's text: UTF-8 JSON, indented, that :func:`parse_answers_file` reads back."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_answers_file(path: Path, answers: AnswersFile) -> None:
    """Write ``answers`` to ``path`` atomically (a temp file, then a rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".answers-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(answers.to_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def parse_answers_file(path: Path, catalogue: Catalogue | None = None) -> AnswersFile:
    """Read and check an answers file; with a catalogue, check the answers fit it too."""
    where = display(path)
    data = load_json_limited(Path(path))
    if not isinstance(data, dict):
        raise AnswersFileError(f"{where}: the file must hold a JSON object")
    if data.get("format") != FORMAT:
        raise AnswersFileError(f'{where}: not an answers file: "format" must be "{FORMAT}"')
    version = data.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise AnswersFileError(
            f"{where}: unsupported format_version {one_line(json.dumps(version))}; "
            f"this version of Therapist Desk reads format_version {FORMAT_VERSION}"
        )
    try:
        parsed = AnswersFile.model_validate(data)
    except ValidationError as err:
        raise AnswersFileError(f"{where}: {_describe(err)}") from None
    if catalogue is not None:
        try:
            parsed.to_intake(catalogue)
        except ValueError as err:
            raise AnswersFileError(f"{where}: {err}") from None
    return parsed


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first["loc"]).lstrip(".")
    loc = one_line(loc, limit=120)
    kind = first["type"]
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "missing field"
    else:
        message = _CLASS_NAME.sub("", first["msg"].removeprefix("Value error, "))
    return f"{loc}: {message}" if loc else message
