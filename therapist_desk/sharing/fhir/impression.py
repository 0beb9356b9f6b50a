"""The suggestion and the clinician's decision as one ClinicalImpression.

A ClinicalImpression is FHIR's record of a clinician's assessment: what was looked at
(``investigation``: the responses and scores), by which rules (``protocol``: the
ruleset and its version), what was found (``finding``, one per rule that fired, its
answers as ``basis``) and the conclusion (``summary``). The order suggested and the
decision, which FHIR has no element for, are two extensions of the app's own.

The clients' version is the suggestion as `recommendation_for` lets them see it, or,
once the clinician has decided, the decision in plain words alone, as in the client PDF.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from therapist_desk.intake import explain
from therapist_desk.intake.answers_file import AnswersFile
from therapist_desk.intake.audience import Audience, recommendation_for
from therapist_desk.intake.catalogue import Catalogue
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.intake.recommendation import Recommendation
from therapist_desk.sharing.fhir import codes

SESSION_NOTES = "Session notes: "
SAFETY = "Safety: "


def _sentences(headline: str, explanation: str) -> str:
    headline = headline.strip()
    if headline and headline[-1] not in ".!?":
        headline += "."
    return f"{headline} {explanation}".strip()


def order_coding(order: TherapyOrder | str) -> dict[str, str]:
    """The Coding of a therapy order."""
    order = TherapyOrder(order)
    return {"system": codes.ORDERS, "code": order.value, "display": explain.order_label(order)}


def _findings(rec: Recommendation, words: tuple[tuple[str, str], ...] = ()) -> list[dict[str, Any]]:
    """The rule trace; ``words``: clinical phrases to say in the clients' words."""
    names = dict(rec.participants)
    found = []
    for f in rec.findings:
        who = explain.names_text([names.get(p, p) for p in f.participant_ids])
        outcome = explain.order_label(f.order) + (f" for {who}" if who else "")
        outcome += " (decisive)" if f.decisive else " (supporting)"
        basis = "; ".join(explain.in_plain_words(e.text, words) for e in f.evidence)
        found.append(
            {
                "itemCodeableConcept": {
                    "coding": [{"system": codes.RULES, "code": f.rule_id, "display": f.title}],
                    "text": f.title,
                },
                "basis": f"{outcome}: {basis}" if basis else outcome,
            }
        )
    return found


def _decision(answers: AnswersFile) -> dict[str, Any]:
    decision = answers.decision
    assert decision is not None
    parts: list[dict[str, Any]] = [
        {"url": "status", "valueCode": decision.status},
        {"url": "order", "valueCoding": order_coding(decision.order)},
    ]
    if decision.reason:
        parts.append({"url": "reason", "valueString": decision.reason})
    if decision.decided_on:
        parts.append({"url": "date", "valueDate": decision.decided_on.isoformat()})
    return {"url": codes.EXT_DECISION, "extension": parts}


def clinical_impression(
    *,
    catalogue: Catalogue,
    answers: AnswersFile,
    recommendation: Recommendation,
    audience: Audience,
    shared: Collection[str],
    refs: Mapping[str, Any],
) -> dict[str, Any]:
    """The ClinicalImpression of the suggestion (and decision) as ``audience`` may see it."""
    couple = len(answers.participants) > 1
    meta = answers.intake
    decided = answers.decision
    data: dict[str, Any] = {
        "resourceType": "ClinicalImpression",
        "status": "completed",
        "code": {
            "coding": [
                {
                    "system": codes.ASSESSMENT,
                    "code": "therapy-order",
                    "display": "Which therapy to start with",
                }
            ]
        },
        "subject": refs["subject"],
        "encounter": refs["encounter"],
        **({"effectiveDateTime": meta.date.isoformat()} if meta and meta.date else {}),
        **({"assessor": {"display": meta.clinician}} if meta and meta.clinician else {}),
        "protocol": [f"{codes.RULESET}|{recommendation.ruleset_version}"],
        "investigation": [
            {"code": {"text": "Answers and scores"}, "item": list(refs["investigated"])}
        ],
    }
    if audience.is_clinician:
        rec = recommendation
        extensions = [{"url": codes.EXT_ORDER, "valueCoding": order_coding(rec.order)}]
        if decided is not None:
            extensions.append(_decision(answers))
        notes = [SAFETY + s.text for s in rec.safety]
        if meta and meta.notes:
            notes.append(SESSION_NOTES + meta.notes)
        private = any(f.private or f.hard for f in rec.findings) or bool(notes)
        data.update(
            extension=extensions,
            summary=_sentences(rec.headline, rec.explanation),
            finding=_findings(rec),
            **({"note": [{"text": n} for n in notes]} if notes else {}),
            **({"meta": {"security": [codes.RESTRICTED]}} if private else {}),
        )
    elif decided is not None and decided.status == "overridden":
        order = TherapyOrder(decided.order)
        data.update(
            extension=[{"url": codes.EXT_ORDER, "valueCoding": order_coding(order)}],
            summary=_sentences(
                explain.order_label(order), explain.order_explanation(order, couple=couple)
            ),
        )
    else:
        seen = recommendation_for(recommendation, audience, catalogue, shared)
        data.update(
            extension=[{"url": codes.EXT_ORDER, "valueCoding": order_coding(seen.order)}],
            summary=_sentences(seen.headline, seen.explanation),
            **(
                {"finding": _findings(seen, explain.plain_words(catalogue))}
                if seen.findings
                else {}
            ),
        )
    if not data.get("finding"):
        data.pop("finding", None)
    return data
