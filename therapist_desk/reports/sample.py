"""A complete, synthetic couple intake as `ReportInput`, for demos and benchmarks.

Every person and answer here is invented. It exercises every section of the report:
private and public reasons, safety actions, missing items, discrepancies and a trace.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from therapist_desk import __version__
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

PHQ9 = "Kroenke, K., Spitzer, R. L., & Williams, J. B. (2001). The PHQ-9. J Gen Intern Med."
GAD7 = "Spitzer, R. L., et al. (2006). A brief measure for assessing GAD: the GAD-7."
RSES = "Rosenberg, M. (1965). Society and the adolescent self-image."
CSI4 = "Funk, J. L., & Rogge, R. D. (2007). J. Family Psychology, 21(4), 572–583."
AUDITC = "Bush, K., et al. (1998). The AUDIT alcohol consumption questions (AUDIT-C)."


def _measure(who: str, name: str, score, top, band, cut_text, cut, n, missing=(), **kw):
    answered = n - len(missing)
    return MeasureResult(
        who, name, score, top, band, cut_text, cut, answered, n, tuple(missing), **kw
    )


def sample_couple() -> ReportInput:
    """A synthetic couple whose clinician version fills every section."""
    a, b = "p1", "p2"
    reasons = (
        Reason(
            "Both of you describe personal struggles that feed into the arguments, and "
            "you cannot settle the conflict on your own.",
            participants=(a, b),
            decisive=True,
            evidence=(
                Line("Anna: GAD-7 total 12 (moderate), at or above 10"),
                Line("Couple satisfaction CSI-4: 9 for Anna, 11 for Ben, below 13.5"),
                Line("Both: willing to work on themselves and on the relationship"),
            ),
        ),
        Reason(
            "Ben's low mood is an individual factor that also matters for the couple.",
            participants=(b,),
            evidence=(Line("Ben: PHQ-9 total 13 (moderate)"),),
        ),
        Reason(
            "Alcohol use is causing harm (private answer).",
            private=True,
            participants=(b,),
            evidence=(Line("Ben: AUDIT-C total 6", private=True),),
        ),
    )
    rec = RecommendationView(
        order_label="Concurrent: individual and relationship therapy at the same time",
        explanation="Personal struggles and the relationship conflict feed each other, and "
        "both of you are ready to work on yourselves and on the relationship.",
        strength="Moderate — two indicators point the same way",
        provisional=True,
        reasons=reasons,
        safety_actions=(
            Line(
                "Discuss alcohol use with Ben alone; offer a referral.",
                private=True,
                participants=(b,),
            ),
        ),
        counterfactuals=(Line("Without the personal struggles this would be relationship first."),),
    )
    measures = (
        _measure(a, "PHQ-9", 8, 27, "mild", "≥ 10 moderate", 10, 9, citation=PHQ9),
        _measure(b, "PHQ-9", 13, 27, "moderate", "≥ 10 moderate", 10, 9, citation=PHQ9),
        _measure(a, "GAD-7", 12, 21, "moderate", "≥ 10 moderate", 10, 7, citation=GAD7),
        _measure(b, "GAD-7", 4, 21, "minimal", "≥ 10 moderate", 10, 7, citation=GAD7),
        _measure(
            a,
            "Rosenberg Self-Esteem Scale",
            13,
            30,
            "low",
            "< 15 low",
            15,
            10,
            ("Item 6: I certainly feel useless at times",),
            citation=RSES,
        ),
        _measure(
            b,
            "Rosenberg Self-Esteem Scale",
            19,
            30,
            "normal range",
            "< 15 low",
            15,
            10,
            citation=RSES,
        ),
        _measure(a, "CSI-4", 9, 21, "notable dissatisfaction", "< 13.5", 13.5, 4, citation=CSI4),
        _measure(
            b,
            "CSI-4",
            None,
            21,
            "",
            "< 13.5",
            13.5,
            4,
            ("Item 2: How often do things go well?", "Item 4: How rewarding is it?"),
            citation=CSI4,
        ),
        _measure(
            b,
            "AUDIT-C",
            6,
            12,
            "positive screen",
            "≥ 4 men / ≥ 3 women",
            4,
            3,
            flags=(Line("Drinking six or more drinks weekly", private=True),),
            citation=AUDITC,
            private=True,
        ),
    )
    offers = {
        "Communication": (
            "Learn to say what you need and to listen.",
            "Practise talking and listening together, with support.",
        ),
        "Conflict resolution": (
            "Know and manage your own triggers.",
            "Work through disagreements together.",
        ),
        "Self-awareness": (
            "Understand your own thoughts, feelings and part in conflict.",
            "See how each of you shapes the pattern between you.",
        ),
    }
    return ReportInput(
        practice_name="Harbour Street Counselling",
        clinician_name="Dr Mira Kowalski",
        clinician_credentials="Couple and family therapist",
        session_date=date(2026, 11, 25),
        mode="video",
        participants=(Participant(a, "Anna Example"), Participant(b, "Ben Example")),
        recommendation=rec,
        provenance=Provenance(
            __version__, "rules-1.0", "catalogue-1.0", datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
        ),
        focus_areas=tuple(FocusArea(k, *v) for k, v in offers.items()),
        measures=measures,
        discrepancies=(
            Line("PHQ-9: Ben's score is a band higher than Anna's (moderate vs mild)."),
        ),
        presenting_concerns=(
            Line("More arguments lately"),
            Line("Communication"),
            Line("Conflict that never resolves"),
        ),
        goals=(Line("Communicate better"), Line("Argue less and repair faster")),
        answers=(
            Answer(a, "Personal challenges", "Anxiety affects the relationship", "yes, moderate"),
            Answer(b, "Personal challenges", "Anxiety affects the relationship", "no"),
            Answer(a, "Patterns", "Same difficulties in earlier relationships", None),
            Answer(b, "Private", "Alcohol or drug use causing harm", "yes", private=True),
        ),
        notes=(
            Note(
                "Session notes", "Both arrived on time and spoke openly.\n\nAnna led.", private=True
            ),
            Note(
                "Notes about the relationship",
                "We would like evening appointments.",
                from_clients=True,
            ),
        ),
        decision=Decision(
            "accepted", rec.order_label, decided_at=datetime(2026, 11, 25, 15, 20, tzinfo=UTC)
        ),
        next_steps=(
            Line("Book a joint session within two weeks."),
            Line("Each partner books a first individual session."),
        ),
        rule_trace=(
            TraceEntry("R1", "Suicide risk", False),
            TraceEntry("R3", "Substance dependence", False, "", ("AUDIT-C 6 < 8",)),
            TraceEntry("R5", "Trauma one-to-one", False, "", ("trauma_one_to_one = no",)),
            TraceEntry(
                "R7",
                "Challenges and conflict",
                True,
                "concurrent",
                ("GAD-7 12 ≥ 10", "CSI-4 9 < 13.5"),
            ),
        ),
    )
