"""What generic FHIR validation misses, checked on every Bundle written or read.

The ``fhir.resources`` models accept any string where R4 binds a code to a value set,
and know nothing of a Questionnaire's items. Here: status and other codes come from
their (required) value sets; every reference inside the Bundle resolves; every response
names a Questionnaire we have, every ``linkId`` exists in it, and every coded answer is
one of the item's options (and every other answer of the item's type).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

VALUE_SETS: Mapping[tuple[str, str], frozenset[str]] = {
    ("Bundle", "type"): frozenset(
        [
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        ]
    ),
    ("QuestionnaireResponse", "status"): frozenset(
        ["in-progress", "completed", "amended", "entered-in-error", "stopped"]
    ),
    ("Observation", "status"): frozenset(
        [
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        ]
    ),
    ("ClinicalImpression", "status"): frozenset(["in-progress", "completed", "entered-in-error"]),
    ("Encounter", "status"): frozenset(
        [
            "planned",
            "arrived",
            "triaged",
            "in-progress",
            "onleave",
            "finished",
            "cancelled",
            "entered-in-error",
            "unknown",
        ]
    ),
    ("Patient", "gender"): frozenset(["male", "female", "other", "unknown"]),
    ("Group", "type"): frozenset(
        ["person", "animal", "practitioner", "device", "medication", "substance"]
    ),
    ("Questionnaire", "status"): frozenset(["draft", "active", "retired", "unknown"]),
}
ITEM_TYPES = frozenset(
    [
        "group",
        "display",
        "boolean",
        "decimal",
        "integer",
        "date",
        "dateTime",
        "time",
        "string",
        "text",
        "url",
        "choice",
        "open-choice",
        "attachment",
        "reference",
        "quantity",
    ]
)
OPERATORS = frozenset(["exists", "=", "!=", ">", "<", ">=", "<="])
VALUE_TYPES = {
    "boolean": {"valueBoolean"},
    "integer": {"valueInteger"},
    "decimal": {"valueDecimal", "valueInteger"},
    "text": {"valueString"},
    "string": {"valueString"},
    "choice": {"valueCoding"},
    "open-choice": {"valueCoding", "valueString"},
}


def resources(bundle: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The resources of a Bundle's entries."""
    for entry in bundle.get("entry") or ():
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            yield resource


def questionnaire_items(questionnaire: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every item of a Questionnaire, at any depth, by ``linkId``."""
    found: dict[str, dict[str, Any]] = {}
    stack = list(questionnaire.get("item") or ())
    while stack:
        item = stack.pop()
        found[str(item.get("linkId"))] = item
        stack.extend(item.get("item") or ())
    return found


def _codes(resource: Mapping[str, Any]) -> Iterator[str]:
    kind = str(resource.get("resourceType"))
    for (rtype, element), allowed in VALUE_SETS.items():
        value = resource.get(element)
        if rtype == kind and value is not None and value not in allowed:
            yield f"{kind}.{element} {str(value)[:30]!r} is not one of its codes"
    if kind == "Questionnaire":
        for link, item in questionnaire_items(resource).items():
            if item.get("type") not in ITEM_TYPES:
                yield f"Questionnaire item {link[:40]!r} has an unknown type"
            for when in item.get("enableWhen") or ():
                if when.get("operator") not in OPERATORS:
                    yield f"Questionnaire item {link[:40]!r} has an unknown enableWhen operator"


def _references(bundle: Mapping[str, Any]) -> Iterator[str]:
    addresses = {e.get("fullUrl") for e in bundle.get("entry") or () if isinstance(e, dict)}
    for resource in resources(bundle):
        stack: list[Any] = [resource]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("reference")
                if isinstance(ref, str) and ref.startswith("urn:") and ref not in addresses:
                    yield f"{resource.get('resourceType')} refers to {ref[:60]} outside the Bundle"
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


def _answer_problem(link: str, item: Mapping[str, Any], answer: Mapping[str, Any]) -> str | None:
    kinds = {k for k in answer if k.startswith("value")}
    allowed = VALUE_TYPES.get(str(item.get("type")), set())
    if not kinds or not kinds <= allowed:
        return f"the answer to {link[:40]!r} is not of the item's type ({item.get('type')})"
    coding = answer.get("valueCoding")
    if coding is not None and item.get("answerOption"):
        options = {
            (o["valueCoding"].get("system"), o["valueCoding"].get("code"))
            for o in item["answerOption"]
            if "valueCoding" in o
        }
        if (coding.get("system"), coding.get("code")) not in options:
            return f"the answer to {link[:40]!r} is not one of its options"
    return None


def response_problems(
    response: Mapping[str, Any], questionnaire: Mapping[str, Any]
) -> Iterator[str]:
    """What in ``response`` does not fit ``questionnaire``: unknown linkIds, answers that
    are not among the options or not of the item's type."""
    items = questionnaire_items(questionnaire)
    stack = list(response.get("item") or ())
    while stack:
        given = stack.pop()
        link = str(given.get("linkId"))
        item = items.get(link)
        if item is None:
            yield f"linkId {link[:40]!r} is not in {questionnaire.get('url')}"
            continue
        stack.extend(given.get("item") or ())
        for answer in given.get("answer") or ():
            problem = _answer_problem(link, item, answer)
            if problem:
                yield problem
            stack.extend(answer.get("item") or ())


def structure_problems(bundle: Mapping[str, Any]) -> list[str]:
    """Codes outside their value sets, and references that lead out of the Bundle."""
    problems = list(_codes(bundle))
    problems += _references(bundle)
    for resource in resources(bundle):
        problems += _codes(resource)
    return problems


def bundle_problems(
    bundle: Mapping[str, Any], known: Mapping[str, Mapping[str, Any]] | None = None
) -> list[str]:
    """Every problem the generic models miss in ``bundle``; ``known``: Questionnaires by
    canonical (``url|version`` and ``url``) that need not be in the Bundle."""
    questionnaires = dict(known or {})
    for resource in resources(bundle):
        if resource.get("resourceType") == "Questionnaire" and resource.get("url"):
            questionnaires[f"{resource['url']}|{resource.get('version', '')}"] = resource
            questionnaires[str(resource["url"])] = resource
    problems = structure_problems(bundle)
    for resource in resources(bundle):
        if resource.get("resourceType") != "QuestionnaireResponse":
            continue
        canonical = str(resource.get("questionnaire"))
        questionnaire = questionnaires.get(canonical) or questionnaires.get(canonical.split("|")[0])
        if questionnaire is None:
            problems.append(f"the response's Questionnaire {canonical[:80]} is unknown")
            continue
        problems += response_problems(resource, questionnaire)
    return problems
