"""``therapist-desk progress REF``: every administration of every measure, and what changed."""

from __future__ import annotations

import argparse
import json
from typing import Any

NAME = "progress"
HELP = "print a client's measures over time with reliable change (clinician's view)"
DESCRIPTION = (
    "Print every completed administration of each measure, per participant: date, total, "
    "band, change_from_first, change_from_previous, reliable_change (improved, none or "
    "deteriorated, against the measure's reliable-change value in the catalogue) and "
    "recovered. REF is the client's reference (`therapist-desk clients`). This is the "
    "clinician's view: it includes private and asked-alone measures and the notices. "
    "With --client-safe, only what both partners may see together."
)
ORDER = 36
HOLDER = "`therapist-desk progress`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``REF`` and ``--format text|json``."""
    parser.add_argument("reference", metavar="REF", help="the client's reference")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--client-safe",
        action="store_true",
        help="only what both partners may see (no private or unshared measures, no notices)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the progress as text or JSON."""
    from therapist_desk.commands._practice import practice_writing
    from therapist_desk.intake.audience import Audience
    from therapist_desk.services.progress import progress_by_reference

    with practice_writing(args, holder=HOLDER) as practice:
        view = progress_by_reference(practice=practice, reference=args.reference)
    if args.client_safe:
        view = view.for_audience(Audience.clients())
    data = as_json(view)
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print("\n".join(as_text(data)))
    return 0


def as_json(view: Any) -> dict[str, Any]:
    """The progress as plain JSON data."""
    measures = []
    for t in view.tracks:
        measures.append(
            {
                "participant": t.participant,
                "name": t.person,
                "measure": t.measure_id,
                "measure_name": t.measure,
                "reliable_change_threshold": t.reliable_change,
                "threshold_derived": t.derived,
                "administrations": [
                    {
                        "date": p.administration.date,
                        "intake_id": p.administration.intake_id,
                        "total": p.administration.total,
                        "band": p.administration.band,
                        "change_from_first": p.change_from_first,
                        "change_from_previous": p.change_from_previous,
                        "reliable_change": p.reliable.value if p.reliable else None,
                        "recovered": p.recovered,
                        "verdict": p.verdict.value if p.verdict else None,
                    }
                    for p in t.points
                ],
            }
        )
    return {
        "client": view.reference,
        "name": view.display_name,
        "intakes": [{"date": d, "intake_id": i, "purpose": p} for d, i, p in view.administrations],
        "measures": measures,
        "notices": [{"kind": n.kind, "text": n.text} for n in view.notices],
    }


def as_text(data: dict[str, Any]) -> list[str]:
    """One block per participant and measure, one line per administration."""
    lines = [f"{data['name']} ({data['client']}): {len(data['intakes'])} completed intakes"]
    for m in data["measures"]:
        rc = m["reliable_change_threshold"]
        note = ""
        if rc is not None:
            note = f", reliable change {rc:g}{' (derived)' if m['threshold_derived'] else ''}"
        lines.append(f"\n{m['name']} — {m['measure_name']}{note}")
        for a in m["administrations"]:
            total = "not scored" if a["total"] is None else f"{a['total']:g}"
            parts = [f"  {a['date']}  {total:>10}  {a['band'] or ''}"]
            if a["change_from_first"] is not None:
                parts.append(
                    f"from first {a['change_from_first']:+g}, "
                    f"from previous {a['change_from_previous']:+g}"
                )
            if a["verdict"]:
                parts.append(a["verdict"])
            lines.append("  ·  ".join(parts))
    if data["notices"]:
        lines.append("\nFor the clinician:")
        lines += [f"  ! {n['text']}" for n in data["notices"]]
    return lines
