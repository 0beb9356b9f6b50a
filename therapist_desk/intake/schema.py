"""The shape of the catalogue files in ``resources/catalogue`` (pydantic, file side only).

These models validate what is on disk. The rest of the app never sees them: the loader
in :mod:`catalogue` turns them into plain frozen dataclasses. Validator messages are
written for the person editing a file; the loader prefixes file name and item id.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

Scalar = StrictBool | StrictInt | StrictStr
ItemTypeName = Literal["choice", "yes_no", "multi_choice", "text", "integer"]
ScopeName = Literal["participant", "relationship"]
KindName = Literal["individual", "couple"]
SexName = Literal["female", "male", "unknown"]
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
VERSION_PATTERN = r"^\d+\.\d+\.\d+$"


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class OptionFile(_FileModel):
    """One answer option: the stored value and the label shown."""

    value: StrictInt | StrictStr
    label: str = Field(min_length=1)


class ConditionFile(_FileModel):
    """``ask_if``: ask an item only when another item's answer is (or is not) in a set."""

    item: str = Field(pattern=ID_PATTERN)
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ConditionFile:
        if (self.in_ is None) == (self.not_in is None):
            raise ValueError("ask_if needs exactly one of 'in' or 'not_in'")
        return self


class ItemFile(_FileModel):
    """One question. Inside a measure file, ``type`` and ``options`` default to the measure's."""

    id: str = Field(pattern=ID_PATTERN)
    type: ItemTypeName | None = None
    wording: str = Field(min_length=1)
    short: str | None = None
    help: str | None = None
    options: list[OptionFile] | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = Field(default=None, gt=0)
    reverse: bool = False
    scored: bool = True
    optional: bool = False
    risk: bool = False
    """A yes is a safety-relevant answer: the clinician is told at once, discreetly."""
    kinds: list[KindName] = Field(
        default_factory=lambda: list[KindName](["individual", "couple"]), min_length=1
    )
    ask_if: ConditionFile | None = None

    @model_validator(mode="after")
    def _options_unique(self) -> ItemFile:
        if self.options is not None:
            values = [option.value for option in self.options]
            if len(set(values)) != len(values):
                raise ValueError("option values must be unique")
            if len({type(v) for v in values}) > 1:
                raise ValueError("option values must be all numbers or all words")
        return self


def check_item_shape(item: ItemFile) -> None:
    """Raise ``ValueError`` if the item's resolved type and its options do not fit."""
    if item.type is None:
        raise ValueError("no type given")
    if item.type in ("choice", "multi_choice") and not item.options:
        raise ValueError(f"a {item.type} item needs options")
    if item.type not in ("choice", "multi_choice") and item.options:
        raise ValueError(f"a {item.type} item takes no options")
    if item.type == "integer" and (item.min is None or item.max is None or item.min > item.max):
        raise ValueError("an integer item needs min <= max")


class SectionFile(_FileModel):
    """A page of the intake wizard in a questions file."""

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    intro: str = Field(min_length=1)
    scope: ScopeName
    private: bool
    asked_alone: bool | None = None
    """Put to one partner with the other absent; by default the same as ``private``."""
    clinician_only: bool = False
    """Filled in by the clinician and seen by the clinician alone (the observations)."""
    items: list[ItemFile] = Field(min_length=1)

    @model_validator(mode="after")
    def _shapes(self) -> SectionFile:
        for item in self.items:
            try:
                check_item_shape(item)
            except ValueError as err:
                raise ValueError(f"item {item.id}: {err}") from None
        return self


class QuestionsFile(_FileModel):
    """A file of the app's own questions: one or more sections."""

    sections: list[SectionFile] = Field(min_length=1)


class BandFile(_FileModel):
    """A severity band: totals from ``min`` up to the next band's ``min``."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    plain: str | None = None
    """The band in everyday words, for what the clients read (default: the label)."""
    min: float
    min_by_sex: dict[SexName, float] | None = None


class CutoffFile(_FileModel):
    """The published cut-off: total ``at_least`` or ``below`` a value, or a named flag."""

    label: str = Field(min_length=1)
    plain: str | None = None
    """The cut-off in everyday words, for what the clients read (default: not shown)."""
    at_least: float | None = None
    below: float | None = None
    flag: str | None = None
    by_sex: dict[SexName, float] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> CutoffFile:
        given = [x for x in (self.at_least, self.below, self.flag) if x is not None]
        if len(given) != 1:
            raise ValueError("a cut-off needs exactly one of 'at_least', 'below' or 'flag'")
        return self


class FlagConditionFile(_FileModel):
    """A condition on one item's raw answer."""

    item: str = Field(pattern=ID_PATTERN)
    at_least: int | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")


class FlagFile(_FileModel):
    """A flag raised whatever the total (item conditions, all must hold) or at a total."""

    id: str = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    risk: bool = False
    when: list[FlagConditionFile] = Field(default_factory=list)
    total_at_least: float | None = None


class DerivationFile(_FileModel):
    """A value derived with Jacobson & Truax from a cited SD and reliability."""

    method: Literal["jacobson_truax"]
    sd: float = Field(gt=0)
    reliability: float = Field(gt=0, lt=1)
    sd_source: str = Field(min_length=1)
    reliability_source: str = Field(min_length=1)
    note: str | None = None


class ChangeValueFile(_FileModel):
    """A difference in total points with its source; ``derived`` says how it was computed."""

    value: float = Field(gt=0)
    source: str = Field(min_length=1)
    derived: DerivationFile | None = None


class CasenessFile(_FileModel):
    """The caseness cut-off: a total ``at_least`` or ``below`` a value, with its source."""

    at_least: float | None = None
    below: float | None = None
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_of(self) -> CasenessFile:
        if (self.at_least is None) == (self.below is None):
            raise ValueError("caseness needs exactly one of 'at_least' or 'below'")
        return self


class ChangeFile(_FileModel):
    """How much a score must differ to matter (see ``therapist_desk.intake.change``)."""

    better: Literal["lower", "higher"] | None = None
    """Which way a score moves when the person is better: needed with a reliable change."""
    minimal_important_difference: ChangeValueFile | None = None
    reliable_change: ChangeValueFile | None = None
    caseness: CasenessFile | None = None

    @model_validator(mode="after")
    def _direction(self) -> ChangeFile:
        if self.reliable_change is not None and self.better is None:
            raise ValueError("a reliable change needs 'better': 'lower' or 'higher'")
        return self


class ScoringFile(_FileModel):
    """How the total is formed; ``max_missing`` items may be prorated (see scoring)."""

    method: Literal["sum"]
    max_total: int = Field(ge=0)
    max_missing: int = Field(ge=0)


class MeasureFile(_FileModel):
    """A validated measure: published items, scoring key, bands, cut-off, flags."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    version: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    licence: str = Field(min_length=1)
    scope: ScopeName
    private: bool
    asked_alone: bool | None = None
    """Put to one partner with the other absent; by default the same as ``private``."""
    personal: bool = False
    """The partner's own scores: shown to both partners only with that partner's yes."""
    numbers_are_scores: bool = False
    """Each option is shown and typed by its published score (PHQ-9: 0–3), not 1, 2, 3…"""
    intro: str = Field(min_length=1)
    type: ItemTypeName
    options: list[OptionFile] | None = None
    items: list[ItemFile] = Field(min_length=1)
    scoring: ScoringFile
    bands: list[BandFile]
    cutoff: CutoffFile | None = None
    flags: list[FlagFile] = Field(default_factory=list)
    change: ChangeFile | None = None


class TimingFile(_FileModel):
    """``timing``: seconds per kind of question, for "about N minutes" (see `TimeModel`)."""

    seconds: dict[
        Literal[
            "scale",
            "choice",
            "yes_no",
            "multi_choice",
            "short_text",
            "long_text",
            "page",
            "alone",
            "consent_first",
            "consent_again",
            "consent_per_person",
            "talk_per_item",
        ],
        float,
    ]
    long_text_from: int = Field(ge=1)
    talked_through: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    note: str = ""


class ManifestFile(_FileModel):
    """``manifest.json``: catalogue version, the files to load, and the wizard's order."""

    catalogue_version: str = Field(pattern=VERSION_PATTERN)
    files: list[str] = Field(min_length=1)
    section_order: list[str] = Field(min_length=1)
    reassessment_order: list[str] = Field(default_factory=list)
    """The sections of a re-assessment, in order; one not in ``section_order`` (what has
    changed since the last consultation) is asked in a re-assessment only."""
    reassessment_ask_if: dict[str, ConditionFile] = Field(default_factory=dict)
    """Sections a re-assessment asks only when an earlier answer makes them relevant."""
    timing: TimingFile | None = None
