"""``therapist-desk items``: print the whole intake catalogue, every item and its values."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

NAME = "items"
ORDER = 10
HELP = "list every intake item: id, scope, private flag, type, allowed values, wording"
DESCRIPTION = (
    "Print the intake catalogue section by section: each item's id, scope (participant or "
    "relationship), whether it is private (asked of each partner alone), its type, the "
    "values an answer may take and its wording. Use it to write answers files."
)
TEXTS = {
    "header": "Therapist Desk intake catalogue {version}",
    "section": "== {title} [{scope}{private}] ==",
    "private": ", private",
    "measure": "   {name}: {version}. Licence: {licence}",
    "item": "{id}  ({type}{private}{asked})",
    "ask_if": ", asked if {item} {op} {values}",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format text|json|fhir-questionnaire`` and ``-o DIR``."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "fhir-questionnaire"),
        default="text",
        help="text or json: printed; fhir-questionnaire: one FHIR R4 Questionnaire file per "
        "measure and group of questions, <name>.R4.json in the folder given with -o",
    )
    parser.add_argument(
        "-o", "--output", metavar="DIR", type=Path, help="the folder for fhir-questionnaire files"
    )


def _item_dict(catalogue: Any, item: Any) -> dict[str, Any]:
    cond = item.ask_if
    return {
        "id": item.id,
        "section": item.section_id,
        "measure": item.measure_id,
        "scope": item.scope.value,
        "private": item.private,
        "asked_alone": item.asked_alone,
        "type": item.type.value,
        "allowed": [{"value": v, "label": item.label_for(v)} for v in item.allowed_values()],
        "allowed_text": item.allowed_text(),
        "wording": item.wording,
        "help": item.help,
        "reverse_scored": item.reverse,
        "optional": item.optional,
        "kinds": sorted(k.value for k in item.kinds),
        "ask_if": None
        if cond is None
        else {
            "item": cond.item_id,
            "not_in" if cond.negate else "in": sorted(cond.values, key=str),
        },
    }


def as_json(catalogue: Any) -> str:
    """The catalogue as JSON: version, sections, measures and items."""
    data = {
        "catalogue_version": catalogue.version,
        "sections": [
            {"id": s.id, "title": s.title, "intro": s.intro, "scope": s.scope.value,
             "private": s.private, "asked_alone": s.asked_alone, "items": list(s.item_ids)}
            for s in catalogue.sections
        ],
        "measures": [
            {"id": m.id, "name": m.name, "title": m.title, "version": m.version,
             "citation": m.citation, "licence": m.licence, "max_total": m.max_total}
            for m in catalogue.measures.values()
        ],
        "items": [_item_dict(catalogue, item) for item in catalogue.items.values()],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_text(catalogue: Any) -> str:
    """The catalogue as readable text, section by section."""
    lines = [TEXTS["header"].format(version=catalogue.version)]
    for section in catalogue.sections:
        private = TEXTS["private"] if section.private else ""
        lines += ["", TEXTS["section"].format(title=section.title, scope=section.scope.value,
                                              private=private)]  # fmt: skip
        if section.measure_id:
            m = catalogue.measures[section.measure_id]
            lines.append(TEXTS["measure"].format(name=m.name, version=m.version, licence=m.licence))
        lines.append(f"   {section.intro}")
        for item_id in section.item_ids:
            item = catalogue.items[item_id]
            asked = ""
            if item.ask_if:
                values = ", ".join(json.dumps(v) for v in sorted(item.ask_if.values, key=str))
                op = "not in" if item.ask_if.negate else "in"
                asked = TEXTS["ask_if"].format(item=item.ask_if.item_id, op=op, values=values)
            kind = item.type.value + (", reverse-scored" if item.reverse else "")
            lines.append(TEXTS["item"].format(id=item.id, type=kind,
                                              private=TEXTS["private"] if item.private else "",
                                              asked=asked))  # fmt: skip
            lines.append(f"    {item.wording}")
            lines.append(f"    values: {item.allowed_text()}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue in the chosen format."""
    from therapist_desk.commands.recommend import load_catalogue_or_exit

    catalogue = load_catalogue_or_exit()
    if args.format == "fhir-questionnaire":
        return _questionnaires(catalogue, args.output)
    print(as_json(catalogue) if args.format == "json" else as_text(catalogue))
    return 0


def _questionnaires(catalogue: Any, folder: Path | None) -> int:
    """Write every Questionnaire as ``<name>.R4.json`` in ``folder`` and list the files."""
    from therapist_desk.errors import UserError
    from therapist_desk.sharing.fhir.questionnaires import questionnaire_files

    if folder is None:
        raise UserError("Give the folder for the Questionnaire files: -o DIR.")
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder: create it first, or give another with -o.")
    from therapist_desk.sharing.export import write_private

    for name, text in questionnaire_files(catalogue).items():
        print(f"Wrote {write_private(folder / name, text)}")
    return 0
