"""``therapist-desk recommend ANSWERS.json``: the suggested therapy order, fully explained."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from therapist_desk.errors import UserError

NAME = "recommend"
ORDER = 20
HELP = "suggest a therapy order from an answers file, with its full explanation"
DESCRIPTION = (
    "Read an answers file (see docs/answers-format.md), score the measures and print the "
    "suggested order — individual first, concurrent or relationship first — with the rules "
    "that fired, the answers behind them, safety actions, what would change the order, "
    "focus areas and partner discrepancies. --client-safe leaves out everything private."
)
TEXTS = {
    "order": "Suggested order: {label} ({strength})",
    "order_only": "Suggested order: {label}",
    "provisional": "PROVISIONAL: some answers the rules need are missing.",
    "incomplete": "Safety questions incomplete for: {names}.",
    "plan": "Plan, for whom:",
    "note": "therapist-desk: note: {path}: {note}",
    "safety": "Safety actions:",
    "reasons": "Reasons, in precedence order:",
    "decisive": "DECISIVE",
    "supporting": "supporting",
    "counterfactuals": "What would change it:",
    "focus": "Focus areas chosen:",
    "focus_line": "  - {label} ({emphasis}). Individual: {individual} Couples: {couples}",
    "discrepancies": "Partner discrepancies to discuss:",
    "scores": "Scores:",
    "missing": "Missing answers that matter:",
    "relationship": "relationship",
    "versions": "Ruleset {ruleset}, catalogue {catalogue}.",
    "decision": "Clinician decision: {status} — {order}{reason}",
    "private": " [private]",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ANSWERS.json``, ``--format text|json`` and ``--client-safe``."""
    parser.add_argument("answers", metavar="ANSWERS.json", type=Path, help="the answers file")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--client-safe",
        action="store_true",
        help="leave out everything private (the view for a document handed to the couple)",
    )


def load_catalogue_or_exit() -> Any:
    """The catalogue as the practice asks it (the shipped one, with the choices of
    Settings › The room of what is asked alone); a broken catalogue or settings file
    becomes a one-line ``UserError``."""
    from therapist_desk.services.practice import catalogue_as_asked
    from therapist_desk.settings import load_settings

    return catalogue_as_asked(load_settings())


def print_notes(path: Path, catalogue: Any, intake: Any) -> None:
    """On stderr, one line per answer that is kept but not used (see answers-format.md)."""
    from therapist_desk.intake.answers import ignored_answers

    for note in ignored_answers(catalogue, intake):
        print(TEXTS["note"].format(path=path, note=note), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Read the answers file, recommend, and print the result."""
    from therapist_desk.intake import IntakeError, parse_answers_file, recommend

    catalogue = load_catalogue_or_exit()
    try:
        answers = parse_answers_file(args.answers, catalogue)
        intake = answers.to_intake(catalogue)
        result = recommend(catalogue, intake)
    except IntakeError as err:
        raise UserError(str(err)) from None
    print_notes(args.answers, catalogue, intake)
    if args.client_safe:
        from therapist_desk.intake.audience import shared_scores

        shared = shared_scores(
            {p.id: p.answers for p in intake.participants}, couple=len(intake.participants) > 1
        )
        result = result.client_safe(catalogue, shared)
    data = result.to_dict()
    if answers.decision is not None and not args.client_safe:
        data["decision"] = answers.decision.model_dump(mode="json", exclude_none=True)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(as_text(data))
    return 0


def _p(item: dict[str, Any]) -> str:
    return TEXTS["private"] if item.get("private") else ""


def as_text(data: dict[str, Any]) -> str:
    """The recommendation as text for a clinician, from its ``to_dict()`` shape."""
    names = {p["id"]: p["name"] for p in data["participants"]}
    strength = data.get("strength_label", data["strength"])
    lines = [
        TEXTS["order"].format(label=data["order_label"], strength=strength)
        if strength
        else TEXTS["order_only"].format(label=data["order_label"])
    ]
    if data["provisional"]:
        lines.append(TEXTS["provisional"])
    if data.get("safety_incomplete"):
        who = ", ".join(names.get(p, p) for p in data["safety_incomplete"])
        lines.append(TEXTS["incomplete"].format(names=who))
    lines += ["", data["explanation"], "", TEXTS["plan"]]
    lines += [f"  {part['step']}. {part['text']}" for part in data["parts"]]
    if data["safety"]:
        lines += ["", TEXTS["safety"]] + [f"  ! {s['text']}{_p(s)}" for s in data["safety"]]
    lines += ["", TEXTS["reasons"]] if data["reasons"] else []
    for reason in data["reasons"]:
        tag = TEXTS["decisive"] if reason["decisive"] else TEXTS["supporting"]
        lines.append(f"  * [{tag}] {reason['rule_id']}: {reason['title']}{_p(reason)}")
        lines += [f"      - {e['text']}{_p(e)}" for e in reason["evidence"]]
        if reason["note"]:
            lines.append(f"      {reason['note']}")
    if data["counterfactuals"]:
        lines += ["", TEXTS["counterfactuals"]]
        lines += [f"  - {c['text']}{_p(c)}" for c in data["counterfactuals"]]
    if data["focus_areas"]:
        lines += ["", TEXTS["focus"]] + [
            TEXTS["focus_line"].format(**a) for a in data["focus_areas"]
        ]
    if data["discrepancies"]:
        lines += ["", TEXTS["discrepancies"]]
        lines += [f"  - {d['text']}{_p(d)}" for d in data["discrepancies"]]
    lines += ["", TEXTS["scores"]]
    for pid, scores in data["scores"].items():
        shown = []
        for score in scores.values():
            total = (
                "not scored" if score["total"] is None else f"{score['total']}/{score['max_total']}"
            )
            band = (
                f" {score['band']['label'].lower()}"
                if score["band"] and score["total"] is not None
                else ""
            )
            extra = " (prorated)" if score["prorated"] else ""
            shown.append(f"{score['name']} {total}{band}{extra}{_p(score)}")
        lines.append(f"  {names[pid]}: " + "; ".join(shown))
    if data["missing"]:
        lines += ["", TEXTS["missing"]]
        for m in data["missing"]:
            owner = names.get(m["participant_id"] or "", TEXTS["relationship"])
            lines.append(f"  - {owner}: {m['item_id']}{_p(m)}")
    if "decision" in data:
        d = data["decision"]
        reason = f" ({d['reason']})" if d.get("reason") else ""
        lines += ["", TEXTS["decision"].format(status=d["status"], order=d["order"], reason=reason)]
    lines += ["", TEXTS["versions"].format(ruleset=data["ruleset_version"],
                                           catalogue=data["catalogue_version"])]  # fmt: skip
    return "\n".join(lines)
