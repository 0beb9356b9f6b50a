"""The whole input of an intake summary PDF, as plain frozen data.

The renderer depends on nothing else: no database rows, no Qt objects, no intake engine
types. Every string here is raw text, exactly as a person typed it or as the catalogue
holds it; escaping for the PDF happens once, in `therapist_desk.reports.escape`.

Each piece that could be shown carries the marks the audience rules read
(`therapist_desk.intake.audience`): ``private`` (a private answer, a safety finding, a
clinician's note), ``alone_of`` (whose asked-alone answers it reveals) and
``personal_of`` (whose own scores it reveals). `therapist_desk.reports.variant.view_for`
keeps what an audience may see; nothing else decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

Mode = Literal["in_person", "video"]
Variant = str
"""``"clinician"``, ``"client"`` (both partners, or the one client) or
``"personal-p1"`` / ``"personal-p2"`` (one partner's own summary)."""
PageSize = Literal["A4", "Letter"]
DecisionStatus = Literal["pending", "accepted", "overridden"]
RELATIONSHIP_LABEL = "Relationship"


@dataclass(frozen=True)
class Participant:
    """One person the intake is about; ``key`` links measures and reasons to them.

    ``display_name`` is used in sentences; ``full_name`` (if given) in the header.
    """

    key: str
    display_name: str
    full_name: str = ""


@dataclass(frozen=True)
class Line:
    """A sentence shown in the report, e.g. a safety action, a next step or a concern.

    ``participants`` holds the keys of the people it concerns (empty: everyone).
    """

    text: str
    private: bool = False
    participants: tuple[str, ...] = ()
    alone_of: tuple[str, ...] = ()
    personal_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why the order was suggested: one sentence plus the answers that drove it."""

    text: str
    private: bool = False
    participants: tuple[str, ...] = ()
    evidence: tuple[Line, ...] = ()
    decisive: bool = False
    alone_of: tuple[str, ...] = ()
    personal_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class FocusArea:
    """A benefit area the client chose and what each kind of therapy offers for it."""

    area: str
    individual_offers: str
    couples_offers: str


@dataclass(frozen=True)
class MeasureResult:
    """One validated measure for one participant.

    ``score`` is None when the measure could not be scored; ``missing_items`` lists the
    wording of every unanswered item (shown as "not answered", never dropped).
    """

    participant: str
    name: str
    score: float | None
    max_score: float
    band: str
    cutoff_text: str
    cutoff: float | None = None
    answered: int = 0
    total_items: int = 0
    missing_items: tuple[str, ...] = ()
    flags: tuple[Line, ...] = ()
    citation: str = ""
    private: bool = False
    alone_of: tuple[str, ...] = ()
    personal_of: tuple[str, ...] = ()
    plain_band: str = ""
    """The band in everyday words, for what the clients read (empty: the band itself)."""
    plain_cutoff: str = ""
    """The cut-off in everyday words, for what the clients read (empty: none shown)."""


@dataclass(frozen=True)
class Answer:
    """One indicator question and its answer (None: not answered)."""

    participant: str
    section: str
    question: str
    answer: str | None
    private: bool = False
    alone_of: tuple[str, ...] = ()
    personal_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """Free text: the clinician's (session notes, observations), or, with
    ``from_clients``, the clients' own words (an answer such as their notes about the
    relationship). Only the clients' own notes are ever in a document for them, under a
    heading that says they are theirs; the clinician's are for the clinician's version."""

    title: str
    text: str
    private: bool = False
    alone_of: tuple[str, ...] = ()
    personal_of: tuple[str, ...] = ()
    from_clients: bool = False


@dataclass(frozen=True)
class Decision:
    """The clinician's final decision on the suggested order.

    ``reason_private`` marks an override reason that may rest on a private disclosure.
    """

    status: DecisionStatus
    final_order_label: str = ""
    reason: str = ""
    decided_at: datetime | date | None = None
    reason_private: bool = False
    final_order: str = ""
    decided_by: str = ""

    @property
    def overridden(self) -> bool:
        """Whether the clinician chose another order than the one suggested."""
        return self.status == "overridden"


@dataclass(frozen=True)
class TraceEntry:
    """One rule the engine evaluated, for the clinician's rule trace."""

    rule_id: str
    title: str
    fired: bool
    outcome: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecommendationView:
    """The suggested order in plain words; ``plan`` lists its steps, each for whom.

    ``neutral_explanation`` replaces ``explanation`` in the client version when the
    decisive reason was private, so the client sees the order without the reason.
    """

    order_label: str
    explanation: str
    strength: str
    neutral_explanation: str = ""
    decisive_private: bool = False
    provisional: bool = False
    plan: tuple[Line, ...] = ()
    reasons: tuple[Reason, ...] = ()
    safety_actions: tuple[Line, ...] = ()
    counterfactuals: tuple[Line, ...] = ()
    decided: bool = False
    """The order is the clinician's decision (what the clients read once it is made)."""
    missing: tuple[Line, ...] = ()
    """The unanswered questions the rules read, each marked like its question."""
    open_questions_step: str = ""
    """The next step while the suggestion is provisional: to answer what was left open."""


@dataclass(frozen=True)
class ConsentPerson:
    """One person's agreement to the practice's consent text, and their signature.

    ``key`` is the participant's ("p1"), or empty for the clinician.
    """

    name: str
    key: str = ""
    agreed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    signature_png: bytes | None = None
    signed_at: datetime | None = None


@dataclass(frozen=True)
class Consent:
    """The consent of the intake: the policy and its version, who agreed when, signatures.

    ``version`` None: no consent was recorded in the app for this intake.
    """

    policy: str
    text: str
    version: int | None
    sha256: str
    people: tuple[ConsentPerson, ...] = ()
    clinician: ConsentPerson | None = None


@dataclass(frozen=True)
class Provenance:
    """Which software and content produced the report, and when."""

    app_version: str
    ruleset_version: str
    catalogue_version: str
    generated_at: datetime


@dataclass(frozen=True)
class ReportInput:
    """Everything an intake summary shows; both variants are rendered from this."""

    practice_name: str
    clinician_name: str
    session_date: date
    mode: Mode
    participants: tuple[Participant, ...]
    recommendation: RecommendationView
    provenance: Provenance
    title: str = "Intake summary"
    clinician_credentials: str = ""
    logo_path: Path | None = None
    page_size: PageSize = "A4"
    focus_areas: tuple[FocusArea, ...] = ()
    measures: tuple[MeasureResult, ...] = ()
    discrepancies: tuple[Line, ...] = ()
    presenting_concerns: tuple[Line, ...] = ()
    goals: tuple[Line, ...] = ()
    answers: tuple[Answer, ...] = ()
    notes: tuple[Note, ...] = ()
    decision: Decision | None = None
    next_steps: tuple[Line, ...] = ()
    references: tuple[Line | str, ...] = ()
    """Sources cited by what is shown (a `Line` carries the marks of what cites it)."""
    rule_trace: tuple[TraceEntry, ...] = ()
    no_discrepancies: str = ""
    """What to say when no difference is listed (empty: the wording of ruleset 1.0.0)."""
    couple: bool = True
    """Whether the intake is a couple's (the wording speaks to two people, or one)."""
    shared_scores: tuple[str, ...] = ()
    """The participants who agreed that their own scores appear in the shared summary."""
    for_person: str = ""
    """The participant a personal summary is for (empty for the others)."""
    consent: Consent | None = None
    """The consent section (None: the document has none, e.g. an answers file's)."""
    plain_words: tuple[tuple[str, str], ...] = ()
    """Clinical phrases of the sentences (a band, a cut-off) and the everyday words the
    clients read in their place."""

    def name_of(self, key: str) -> str:
        """The display name of the participant with ``key`` (the key itself if unknown).

        An empty key stands for answers about the relationship as a whole.
        """
        if not key:
            return RELATIONSHIP_LABEL
        for person in self.participants:
            if person.key == key:
                return person.display_name
        return key
