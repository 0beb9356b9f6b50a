"""Plain-language texts shared by the results screen, the PDF reports and the CLI.

Every user-visible sentence of the recommendation is built here (or in the ``TEXTS`` of
the module that owns it), so the screen and the reports say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from therapist_desk.intake.findings import FocusArea, RuleFinding, Strength, TherapyOrder

if TYPE_CHECKING:
    from therapist_desk.intake.catalogue import Catalogue

ORDER_LABELS = {
    TherapyOrder.INDIVIDUAL_FIRST: "Individual therapy first",
    TherapyOrder.CONCURRENT: "Individual and relationship therapy at the same time",
    TherapyOrder.RELATIONSHIP_FIRST: "Relationship therapy first",
}
ORDER_EXPLANATIONS = {
    TherapyOrder.INDIVIDUAL_FIRST: (
        "We suggest starting with one-to-one sessions. Some things are best worked on in a "
        "space of your own first — for example a painful experience, a pattern that has "
        "followed you through earlier relationships, or a worry that needs attention now. "
        "Work as a couple can follow when the time is right, and your therapist will talk "
        "with you about when that is."
    ),
    TherapyOrder.CONCURRENT: (
        "We suggest individual sessions and couple sessions side by side. Personal struggles "
        "such as anxiety, low mood, a change in health or low self-esteem can feed into "
        "conflict between partners, and conflict can feed them in turn. Working on both at "
        "once lets each kind of therapy support the other."
    ),
    TherapyOrder.RELATIONSHIP_FIRST: (
        "We suggest starting with couple sessions. What you describe seems to live mainly "
        "between the two of you — how you talk, argue, make up and find time for each other. "
        "That is what relationship therapy works on. Individual sessions remain possible "
        "later if either of you wants them."
    ),
}
ORDER_EXPLANATIONS_ONE = {
    TherapyOrder.INDIVIDUAL_FIRST: (
        "We suggest starting with one-to-one sessions. Some things are best worked on in a "
        "space of your own first — for example a painful experience, a pattern that has "
        "followed you through earlier relationships, or a worry that needs attention now. "
        "Work with your partner can follow when the time is right, and your therapist will "
        "talk with you about when that is."
    ),
    TherapyOrder.CONCURRENT: (
        "We suggest sessions of your own and sessions with your partner side by side. "
        "Personal struggles such as anxiety, low mood, a change in health or low self-esteem "
        "can feed into conflict in a relationship, and conflict can feed them in turn. "
        "Working on both at once lets each kind of therapy support the other."
    ),
    TherapyOrder.RELATIONSHIP_FIRST: (
        "We suggest starting with sessions together with your partner. What you describe "
        "seems to live mainly between you and your partner — how you talk, argue, make up "
        "and find time for each other. That is what relationship therapy works on. Sessions "
        "of your own remain possible later if you want them."
    ),
}
"""The same explanations, for a client who came alone: they speak to one person."""


def order_explanation(order: TherapyOrder, *, couple: bool) -> str:
    """What ``order`` means, said to a couple or to one client."""
    return (ORDER_EXPLANATIONS if couple else ORDER_EXPLANATIONS_ONE)[order]


NEUTRAL_HEADLINE = "Your therapist suggests starting with individual sessions."
NEUTRAL_EXPLANATION = (
    "Your therapist suggests this way to start after looking at everything you shared, "
    "and will talk the reasons through with you."
)
"""What the clients read in place of the reasons when a reason they may not see decided
the order: it names no order and no reason (the one neutral sentence of the app)."""
STRENGTH_LABELS = {
    Strength.STRONG: "strong",
    Strength.MODERATE: "moderate",
    Strength.WEAK: "weak — nothing points strongly to one order",
}
CAPPED_STRENGTH_LABEL = "weak — provisional until the unanswered questions are answered"
"""The strength label when missing answers capped it (says nothing about which ones)."""
TEXTS = {
    "trauma_then_concurrent": "Concurrent work may follow once the trauma work is under way.",
    "discrepancy": "{measure}: {bands} — {diff} band{s} apart; worth discussing together.",
    "discrepancy_points": (
        "{measure}: {bands} — {diff} band{s} and {points} points apart (the smallest "
        "difference worth raising is {mid:g}); worth discussing together."
    ),
    "discrepancy_alone": (
        "{measure}: {bands} — {diff} band{s} apart{points}; asked of each partner alone: "
        "for the clinician to explore with each partner separately, not together."
    ),
    "discrepancy_alone_points": " and {points} points",
    "discrepancy_on_hold": (
        "{measure}: {bands} — {diff} band{s} apart{points}; for the clinician to explore "
        "first: joint sessions wait for the safety concerns."
    ),
    "derived_source": "{source} Derived: {formula}, SD {sd:g} ({sd_source}), r {r:g} ({r_source}).",
    "safety_gap": (
        "Complete {name}'s safety questions before deciding on joint sessions "
        "(not answered: {items})."
    ),
    "safety_gap_absent": (
        "{name} was not seen at this visit, so their safety questions were not asked again: "
        "see {name}, alone, before deciding on joint sessions."
    ),
}
FOCUS = {
    "self_awareness": ("Understanding myself better", "mostly individual",
        "Understanding one's own thoughts, feelings and part in conflict; building confidence.",
        "Seeing oneself through the partner's eyes, with the therapist keeping it safe."),
    "communication": ("Communicating better", "both",
        "Learning to say what one needs and to listen.",
        "Practising new ways of talking and listening together, in the room."),
    "conflict_resolution": ("Resolving conflict", "both",
        "Knowing one's triggers and managing one's reactions.",
        "Working through disagreements together and learning to repair after a fight."),
    "intimacy": ("Intimacy and connection", "mostly couples",
        "Healing old wounds that make closeness hard.",
        "Rebuilding closeness, affection and time for each other."),
    "well_being": ("Well-being", "both",
        "Looking after one's own mood, stress and health.",
        "Making the relationship a source of support rather than strain."),
}  # fmt: skip


def names_text(names: Sequence[str]) -> str:
    """ "Alex", "Alex and Sam"."""
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]


def order_label(order: TherapyOrder) -> str:
    """The plain label of an order, e.g. "Relationship therapy first"."""
    return ORDER_LABELS[order]


def finding_sentence(finding: RuleFinding, *, include_private: bool = True) -> str:
    """The clinician sentence of a finding: its title, then the answers that made it fire."""
    evidence = [e.text for e in finding.evidence if include_private or not e.private]
    sentence = finding.title + (": " + "; ".join(evidence) if evidence else "") + "."
    return sentence + (f" {finding.note}" if finding.note else "")


def strength_label(strength: Strength, capped: bool = False) -> str:
    """How the strength is said; a weak result capped by missing answers says so."""
    return CAPPED_STRENGTH_LABEL if capped else STRENGTH_LABELS[strength]


def safety_gap_text(name: str, items: Sequence[str], *, absent: bool = False) -> str:
    """ "Complete Alex's safety questions before deciding on joint sessions (…)"; for a
    partner who did not come, that they were not asked at this visit."""
    if absent:
        return TEXTS["safety_gap_absent"].format(name=name)
    return TEXTS["safety_gap"].format(name=name, items="; ".join(items))


def focus_areas(goals: Sequence[str]) -> tuple[FocusArea, ...]:
    """The chosen benefit areas, in the catalogue's order, with what each therapy offers."""
    return tuple(FocusArea(g, *FOCUS[g]) for g in FOCUS if g in goals)


WHERE_THE_LINE = "were on the other side of its line ({plain})"
PLAIN_PLAN_WORDS = {"a positive trauma screen": "a trauma screen that suggests a closer look"}
"""The plan's own clinical phrases (`intake.plan.REASONS`), in the clients' words."""


def plain_words(catalogue: Catalogue) -> tuple[tuple[str, str], ...]:
    """The catalogue's clinical band and cut-off names in the engine's sentences ("…
    total is 3 (Positive screen)", "… no longer met 'Positive screen (PC-PTSD-5 ≥ 3)'"),
    and the everyday words the clients read instead."""
    words: dict[str, str] = dict(PLAIN_PLAN_WORDS)
    for measure in catalogue.measures.values():
        cutoff = measure.cutoff
        if cutoff is not None and cutoff.plain:
            words[f"no longer met '{cutoff.label}'"] = WHERE_THE_LINE.format(
                plain=cutoff.plain[:1].lower() + cutoff.plain[1:]
            )
        for band in measure.bands:
            if band.plain:
                words[f"({band.label})"] = f"({band.plain[:1].lower() + band.plain[1:]})"
    return tuple(words.items())


def in_plain_words(text: str, words: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each clinical phrase of `plain_words` in the clients' words."""
    for clinical, plain in words:
        text = text.replace(clinical, plain)
    return text
