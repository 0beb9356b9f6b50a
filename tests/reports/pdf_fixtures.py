"""Hand-built report inputs for the renderer tests (synthetic people only).

Every private item carries a distinctive marker word, so a test can prove that none of
them reaches the client version: `PRIVATE_MARKERS` lists them all.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from pypdf import PdfReader

from therapist_desk.reports.data import (
    Answer,
    Decision,
    FocusArea,
    Line,
    MeasureResult,
    Note,
    Participant,
    Provenance,
    Reason,
    RecommendationView,
    ReportInput,
    TraceEntry,
)

HOSTILE = "<b>Zoë O'Brien & Sons</b>"
PRIVATE_MARKERS = (
    "Quokkaviolence",
    "Wombatexplain",
    "Platypusstrength",
    "Dingoevidence",
    "Emusafety",
    "Koalacounter",
    "Numbatmeasure",
    "Bilbyband",
    "Possumflag",
    "Echidnadiscrepancy",
    "Wallabyconcern",
    "Bandicootanswer",
    "Cassowarynote",
    "Kookaburrareason",
    "Galahstep",
    "Dugonggoal",
    "Quollcitation",
)


def couple_input(**changes) -> ReportInput:
    """A couple intake with public and private content in every section."""
    a, b = "a", "b"
    rec = RecommendationView(
        order_label="Individual therapy first, for each of you",
        explanation="Wombatexplain: fear at home must be addressed one-to-one first.",
        neutral_explanation="We suggest starting with one-to-one sessions for each of you.",
        strength="Strong Platypusstrength",
        decisive_private=True,
        provisional=True,
        reasons=(
            Reason(
                "Quokkaviolence reported in the private section.",
                private=True,
                participants=(a,),
                decisive=True,
                evidence=(Line("private answer: yes", private=True),),
            ),
            Reason(
                "Both want help with low mood.",
                participants=(a, b),
                evidence=(
                    Line("PHQ-9 total 12 for Alex"),
                    Line("Dingoevidence self-harm item", private=True),
                ),
            ),
        ),
        safety_actions=(
            Line("Emusafety: plan safety today.", private=True, participants=(a,)),
            Line("Call back within 48 hours."),
        ),
        counterfactuals=(
            Line("Koalacounter: without the fear this would be concurrent.", private=True),
            Line("Without low mood this would be relationship first."),
        ),
    )
    measures = (
        MeasureResult(
            a,
            "PHQ-9",
            12,
            27,
            "moderate",
            "≥ 10 moderate",
            10,
            8,
            9,
            ("Item 4: Feeling tired or having little energy",),
            flags=(Line("Possumflag item 9 above zero", private=True),),
            citation="Kroenke K, Spitzer RL, Williams JB (2001). PHQ-9.",
        ),
        MeasureResult(
            b,
            "PHQ-9",
            4,
            27,
            "minimal",
            "≥ 10 moderate",
            10,
            9,
            9,
            citation="Kroenke K, Spitzer RL, Williams JB (2001). PHQ-9.",
        ),
        MeasureResult(
            a,
            "CSI-4",
            None,
            21,
            "",
            "< 13.5 dissatisfied",
            13.5,
            2,
            4,
            ("Item 3: How rewarding is your relationship?", "Item 4: How happy are you?"),
            citation="Funk JL, Rogge RD (2007). CSI.",
        ),
        MeasureResult(
            b,
            "Numbatmeasure",
            9,
            12,
            "Bilbyband",
            "≥ 8",
            8,
            3,
            3,
            private=True,
            citation="Quollcitation (1998).",
        ),
    )
    data = ReportInput(
        practice_name="Riverside Therapy Rooms",
        clinician_name="Sam Clinician",
        clinician_credentials="MFT",
        session_date=date(2026, 11, 25),
        mode="in_person",
        participants=(Participant(a, "Alex Sample"), Participant(b, "Blair Sample")),
        recommendation=rec,
        provenance=Provenance(
            "0.1.0", "rules-2026.1", "cat-2026.1", datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
        ),
        focus_areas=(
            FocusArea("Communication", "Say needs and listen.", "Practise talking together."),
        ),
        measures=measures,
        discrepancies=(
            Line("PHQ-9 differs by two bands."),
            Line("Echidnadiscrepancy on fear", private=True),
        ),
        presenting_concerns=(
            Line("More arguments lately"),
            Line("Wallabyconcern: threats", private=True),
        ),
        goals=(Line("Communicate better"), Line("Dugonggoal", private=True)),
        answers=(
            Answer(a, "Patterns", "Same trouble in earlier relationships", None),
            Answer(a, "Private", "Fear of partner", "Bandicootanswer", private=True),
        ),
        notes=(
            Note("Notes about the relationship", "Arrived together; calm.", from_clients=True),
            Note("Private notes", "Cassowarynote", private=True),
        ),
        decision=Decision(
            "overridden",
            "Concurrent",
            "Kookaburrareason",
            reason_private=True,
            decided_at=datetime(2026, 11, 25, 11, 0, tzinfo=UTC),
        ),
        next_steps=(Line("Book individual sessions."), Line("Galahstep referral", private=True)),
        references=("Stith, McCollum & Rosen (2011).",),
        rule_trace=(
            TraceEntry(
                "R2", "Violence or fear", True, "individual first", ("fear_of_partner = yes",)
            ),
            TraceEntry("R9", "Relationship distress", False),
        ),
    )
    return replace(data, **changes)


def pdf_pages(pdf: bytes, password: str | None = None) -> list[str]:
    """The extracted text of each page."""
    reader = PdfReader(io.BytesIO(pdf))
    if password is not None:
        reader.decrypt(password)
    return [page.extract_text() for page in reader.pages]


def pdf_text(pdf: bytes, password: str | None = None) -> str:
    """All the extracted text, pages joined by newlines."""
    return "\n".join(pdf_pages(pdf, password))
