"""Every resource written or read passes through the ``fhir.resources`` R4B models.

HL7 states R4B is R4 apart from a few modules; Questionnaire, QuestionnaireResponse,
Observation, Patient, Group, Encounter, ClinicalImpression and Bundle are not among
them, so an R4B model that accepts a resource accepts it as R4. The models check
structure (elements, cardinality, data types); `checks` adds what they leave out.
"""

from __future__ import annotations

from typing import Any

from therapist_desk.errors import UserError


class FhirError(UserError):
    """A FHIR resource that is not valid, said in one line."""


def built(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` validated by its R4B model and written back as that model writes it."""
    return validated(data).model_dump(mode="json", exclude_none=True)


def validated(data: dict[str, Any]) -> Any:
    """The R4B model of ``data``; a `FhirError` saying what is wrong if it is not valid."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    kind = data.get("resourceType")
    try:
        model = get_fhir_model_class(str(kind))
    except (KeyError, ValueError):
        raise FhirError(f"{str(kind)[:40]!r} is not a FHIR R4 resource type") from None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise FhirError(f"not a valid FHIR R4 {kind}: {describe(err)}") from None


def describe(err: Any) -> str:
    """The first problem pydantic found, as ``where: what`` (values are never quoted)."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])[:160]
    what = {"extra_forbidden": "unknown element", "missing": "missing element"}.get(
        first["type"], first["msg"].split("[")[0].strip()[:120]
    )
    count = len(err.errors())
    more = f" (and {count - 1} more)" if count > 1 else ""
    return f"{where}: {what}{more}"
