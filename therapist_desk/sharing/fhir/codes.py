"""Every code system, address and LOINC code the FHIR files use, in one place.

LOINC codes are written only where a public source confirmed them (``docs/fhir.md``
lists each with its source); everything else is coded in the app's own systems under
`BASE`, a name that identifies rather than an address (``.invalid`` is reserved, so it
can never point at someone else's server).
"""

from __future__ import annotations

from collections.abc import Mapping

BASE = "http://therapist-desk.invalid/fhir"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"

ANSWERS = f"{BASE}/CodeSystem/answers"
"""The app's answer codes: ``<item id>=<stored value>`` ("rses.1=2", "about.sex=female")."""
ITEMS = f"{BASE}/CodeSystem/items"
"""The app's item codes: the item id ("csi4.1")."""
SCORES = f"{BASE}/CodeSystem/scores"
"""The app's score codes: ``<measure id>.total``."""
BANDS = f"{BASE}/CodeSystem/bands"
"""A score's band: ``<measure id>.<band id>``."""
ORDERS = f"{BASE}/CodeSystem/therapy-order"
RULES = f"{BASE}/CodeSystem/rules"
ASSESSMENT = f"{BASE}/CodeSystem/assessment"
RULESET = f"{BASE}/ruleset"
QUESTIONNAIRE = f"{BASE}/Questionnaire"
EXT_PRONOUNS = f"{BASE}/StructureDefinition/pronouns"
EXT_ORDER = f"{BASE}/StructureDefinition/therapy-order"
"""On the ClinicalImpression: the order the reader is told (a Coding)."""
EXT_DECISION = f"{BASE}/StructureDefinition/clinician-decision"
"""On the clinician's ClinicalImpression: status, order, reason, date (sub-extensions)."""

RESTRICTED = {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"}
SURVEY = {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
SCORE_UNIT = {"unit": "{score}", "system": UCUM, "code": "{score}"}
MODES = {"in_person": ("AMB", "ambulatory"), "video": ("VR", "virtual")}

PANELS: Mapping[str, str] = {
    "phq9": "44249-1",
    "gad7": "69737-5",
    "auditc": "72109-2",
    "pcptsd5": "102010-6",
}
"""LOINC panel of each measure that has one."""
TOTALS: Mapping[str, str] = {"phq9": "44261-6", "gad7": "70274-6", "auditc": "75626-2"}
"""LOINC code of each measure's total score that has one."""
ITEM_CODES: Mapping[str, str] = {
    "phq9.1": "44250-9",
    "phq9.2": "44255-8",
    "phq9.3": "44259-0",
    "phq9.4": "44254-1",
    "phq9.5": "44251-7",
    "phq9.6": "44258-2",
    "phq9.7": "44252-5",
    "phq9.8": "44253-3",
    "phq9.9": "44260-8",
    "gad7.1": "69725-0",
    "gad7.2": "68509-9",
    "gad7.3": "69733-4",
    "gad7.4": "69734-2",
    "gad7.5": "69735-9",
    "gad7.6": "69689-8",
    "gad7.7": "69736-7",
    "auditc.1": "68518-0",
    "auditc.2": "68519-8",
    "auditc.3": "68520-6",
}
"""LOINC code of each item that has one (PC-PTSD-5's items: none confirmed)."""
FREQUENCY: Mapping[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}
"""The PHQ-9 and GAD-7 answers (LOINC answer list LL358-3) by their score."""
ANSWER_LISTS: Mapping[str, Mapping[int, tuple[str, str]]] = {"phq9": FREQUENCY, "gad7": FREQUENCY}
ALSO_READ: Mapping[str, int] = {"LA18938-3": 2}
"""Answer codes other forms use for the same choice: LOINC's own GAD-7 form answers its
item 2 with "More days than not" (LA18938-3) where the instrument says "More than half
the days"; read as 2."""


def loinc(code: str, display: str = "") -> dict[str, str]:
    """A LOINC Coding."""
    return {"system": LOINC, "code": code, **({"display": display} if display else {})}


def answer_code(item_id: str, value: object) -> str:
    """The app's code of one answer option."""
    return f"{item_id}={value}"
