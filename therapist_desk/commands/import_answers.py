"""``therapist-desk import ANSWERS.json``: a client and a completed intake from a file."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "import"
HELP = "create a client and a completed intake from an answers file; print the intake id"
DESCRIPTION = (
    "Read an answers file (format therapist-desk-answers), check it against the catalogue, "
    "compute the recommendation, and store a new client with a completed intake: answers, "
    "score and recommendation snapshots, and the clinician's decision if the file has one. "
    "Prints the new intake's id. Nothing is stored if the file has a problem."
)
ORDER = 30
HOLDER = "`therapist-desk import`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ANSWERS.json``: the answers file to import."""
    parser.add_argument("answers", metavar="ANSWERS.json", type=Path, help="the answers file")


def run(args: argparse.Namespace) -> int:
    """Import the file and print the new intake id."""
    from therapist_desk.commands._practice import writing
    from therapist_desk.commands.recommend import load_catalogue_or_exit, print_notes
    from therapist_desk.errors import UserError
    from therapist_desk.intake import IntakeError, parse_answers_file, recommend
    from therapist_desk.intake.catalogue import asked_alone_choices
    from therapist_desk.store.importing import import_intake

    catalogue = load_catalogue_or_exit()  # as the practice asks it: the intake records it
    try:
        parsed = parse_answers_file(args.answers, catalogue)
        intake_answers = parsed.to_intake(catalogue)
        recommendation = recommend(catalogue, intake_answers)
    except IntakeError as err:
        raise UserError(str(err)) from None
    print_notes(args.answers, catalogue, intake_answers)
    with writing(args, holder=HOLDER) as database:
        try:
            intake_id = import_intake(
                engine=database.engine,
                parsed=parsed,
                answers=intake_answers,
                recommendation=recommendation,
                asked_alone=asked_alone_choices(catalogue),
            )
        except UserError as err:  # what the file holds does not fit the store: say which file
            raise UserError(f"{args.answers}: {err}", exit_code=err.exit_code) from None
    print(intake_id)
    return 0
