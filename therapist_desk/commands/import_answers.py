"""``therapist-desk import ANSWERS.json``: a client and a completed intake from a file
(an answers file, or with ``--format fhir`` a FHIR R4 Bundle)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "import"
HELP = "create a client and a completed intake from an answers file or a FHIR Bundle"
DESCRIPTION = (
    "Read an answers file (format therapist-desk-answers), or with --format fhir a FHIR R4 "
    "Bundle (ours, or LOINC-coded responses from elsewhere), check it against the catalogue, "
    "compute the recommendation, and store a new client with a completed intake: answers, "
    "score and recommendation snapshots, and the clinician's decision if the file has one. "
    "Prints the new intake's id. Nothing is stored if the file has a problem."
)
ORDER = 30
HOLDER = "`therapist-desk import`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ANSWERS.json``: the answers file to import."""
    parser.add_argument("answers", metavar="ANSWERS.json", type=Path, help="the answers file")
    parser.add_argument(
        "--format",
        choices=("answers", "fhir"),
        default="answers",
        help="answers: an answers file (default); fhir: a FHIR R4 Bundle of one intake",
    )


def run(args: argparse.Namespace) -> int:
    """Import the file and print the new intake id."""
    from therapist_desk.commands._practice import writing
    from therapist_desk.commands.recommend import load_catalogue_or_exit, print_notes
    from therapist_desk.errors import UserError
    from therapist_desk.intake import IntakeError, recommend
    from therapist_desk.intake.catalogue import asked_alone_choices
    from therapist_desk.store.importing import import_intake

    catalogue = load_catalogue_or_exit()  # as the practice asks it: the intake records it
    try:
        parsed = _read(args, catalogue)
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


def _read(args: argparse.Namespace, catalogue: Any) -> Any:
    """The file as an answers file: read as one, or from a FHIR Bundle."""
    from therapist_desk.intake import AnswersFileError, parse_answers_file

    if args.format == "fhir":
        from therapist_desk.sharing.fhir.read import read_bundle

        return read_bundle(args.answers, catalogue)
    try:
        return parse_answers_file(args.answers, catalogue)
    except AnswersFileError as err:
        if _is_fhir(args.answers):
            raise AnswersFileError(f"{err}; it is FHIR: add --format fhir") from None
        raise


def _is_fhir(path: Path) -> bool:
    """Whether the file (a regular one: a pipe is never opened) looks like FHIR."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return b'"resourceType"' in handle.read(4096)
    except OSError:
        return False
