"""``therapist-desk clients``: the clients, each with the reference other commands take."""

from __future__ import annotations

import argparse
import json

NAME = "clients"
HELP = "list the clients with their references"
DESCRIPTION = (
    "Print every client you can see (archived ones too, marked; on a practice server, the "
    "ones assigned to your login) with the reference that `import "
    "--client` and `progress` take, the kind of client and the number of completed intakes."
)
ORDER = 25
HOLDER = "`therapist-desk clients`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``."""
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    """One line per client (text), or a JSON list."""
    from therapist_desk.commands._practice import practice_writing
    from therapist_desk.services.progress import client_references

    with practice_writing(args, holder=HOLDER) as practice:
        rows = client_references(practice=practice)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        archived = " (archived)" if row["archived"] else ""
        print(
            f"{row['reference']}  {row['name']}{archived}  {row['kind']}  "
            f"{row['completed_intakes']} completed"
        )
    return 0
