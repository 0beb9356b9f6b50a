"""The intake domain: catalogue, answers, scoring and the therapy-order recommendation.

Pure Python: imports no Qt, no SQL, no reportlab, and nothing of ours outside this
package. The stable API for the rest of the app is re-exported here::

    catalogue = load_catalogue()
    answers_file = parse_answers_file(path, catalogue)
    intake = answers_file.to_intake(catalogue)
    result = recommend(catalogue, intake)
    result.to_dict()                     # clinician view, the CLI's JSON
    result.client_safe().to_dict()       # nothing private: for the couple's report
    recommendation_from_dict(stored)     # a completed intake's record, read back
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from therapist_desk.intake.answers import (
        IntakeAnswers,
        Participant,
        check_intake,
        coerce_answers,
        ignored_answers,
        intake_problems,
        is_asked,
        value_problem,
    )
    from therapist_desk.intake.answers_file import (
        FORMAT,
        FORMAT_VERSION,
        AnswersFile,
        DecisionFile,
        IntakeMetaFile,
        PersonFile,
        parse_answers_file,
        write_answers_file,
    )
    from therapist_desk.intake.catalogue import (
        AnswerValue,
        Catalogue,
        IntakeKind,
        Item,
        ItemType,
        Measure,
        Option,
        Scope,
        Section,
    )
    from therapist_desk.intake.engine import recommend
    from therapist_desk.intake.errors import (
        AnswerError,
        AnswersFileError,
        CatalogueError,
        IntakeError,
    )
    from therapist_desk.intake.explain import ORDER_EXPLANATIONS, ORDER_LABELS, order_label
    from therapist_desk.intake.findings import (
        RULESET_VERSION,
        AnswerChange,
        Counterfactual,
        Discrepancy,
        Evidence,
        FocusArea,
        MissingItem,
        Part,
        RuleFinding,
        SafetyAction,
        Strength,
        TherapyOrder,
    )
    from therapist_desk.intake.loader import load_catalogue
    from therapist_desk.intake.recommendation import Recommendation
    from therapist_desk.intake.record import recommendation_from_dict
    from therapist_desk.intake.resources import catalogue_dir, resources_dir
    from therapist_desk.intake.scoring import MeasureScore, ScoreStatus, score_participant

_EXPORTS: dict[str, tuple[str, ...]] = {  # submodule: the names it gives the package
    "answers": (
        "IntakeAnswers",
        "Participant",
        "check_intake",
        "coerce_answers",
        "ignored_answers",
        "intake_problems",
        "is_asked",
        "value_problem",
    ),
    "answers_file": (
        "FORMAT",
        "FORMAT_VERSION",
        "AnswersFile",
        "DecisionFile",
        "IntakeMetaFile",
        "PersonFile",
        "parse_answers_file",
        "write_answers_file",
    ),
    "catalogue": (
        "AnswerValue",
        "Catalogue",
        "IntakeKind",
        "Item",
        "ItemType",
        "Measure",
        "Option",
        "Scope",
        "Section",
    ),
    "engine": ("recommend",),
    "errors": ("AnswerError", "AnswersFileError", "CatalogueError", "IntakeError"),
    "explain": ("ORDER_EXPLANATIONS", "ORDER_LABELS", "order_label"),
    "findings": (
        "RULESET_VERSION",
        "AnswerChange",
        "Counterfactual",
        "Discrepancy",
        "Evidence",
        "FocusArea",
        "MissingItem",
        "Part",
        "RuleFinding",
        "SafetyAction",
        "Strength",
        "TherapyOrder",
    ),
    "loader": ("load_catalogue",),
    "recommendation": ("Recommendation",),
    "record": ("recommendation_from_dict",),
    "resources": ("catalogue_dir", "resources_dir"),
    "scoring": ("MeasureScore", "ScoreStatus", "score_participant"),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    """Load a re-exported name from its submodule on first use (PEP 562).

    Importing one submodule (``intake.catalogue`` for `IntakeKind`, say) then costs that
    submodule only: the models and the client list start without the rules, the
    loader and the catalogue schema.
    """
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ORDER_EXPLANATIONS",
    "ORDER_LABELS",
    "RULESET_VERSION",
    "AnswerChange",
    "AnswerError",
    "AnswerValue",
    "AnswersFile",
    "AnswersFileError",
    "Catalogue",
    "CatalogueError",
    "Counterfactual",
    "DecisionFile",
    "Discrepancy",
    "Evidence",
    "FocusArea",
    "IntakeAnswers",
    "IntakeError",
    "IntakeKind",
    "IntakeMetaFile",
    "Item",
    "ItemType",
    "Measure",
    "MeasureScore",
    "MissingItem",
    "Option",
    "Part",
    "Participant",
    "PersonFile",
    "Recommendation",
    "RuleFinding",
    "SafetyAction",
    "Scope",
    "ScoreStatus",
    "Section",
    "Strength",
    "TherapyOrder",
    "catalogue_dir",
    "check_intake",
    "coerce_answers",
    "ignored_answers",
    "intake_problems",
    "is_asked",
    "load_catalogue",
    "order_label",
    "parse_answers_file",
    "recommend",
    "recommendation_from_dict",
    "resources_dir",
    "score_participant",
    "value_problem",
    "write_answers_file",
]
