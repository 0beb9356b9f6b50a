"""``therapist-desk import ANSWERS.json``: a client and a completed intake from a file
(an answers file, or with ``--format fhir`` a FHIR R4 Bundle)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

NAME = "import"
HELP = "create a client and a completed intake (or, with --client, a re-assessment)"
DESCRIPTION = (
    "Read an answers file (format therapist-desk-answers), or with --format fhir a FHIR R4 "
    "Bundle (ours, or LOINC-coded responses from elsewhere), check it against the catalogue, "
    "compute the recommendation, and store a new client with a completed intake: answers, "
    "score and recommendation snapshots, and the clinician's decision if the file has one. "
    "Prints the new intake's id. Nothing is stored if the file has a problem. "
    "With --client REF the file is a re-assessment of that existing client: its "
    "participants are the client's, in order; the history questions it does not answer "
    "are carried forward from the client's latest completed intake."
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
    parser.add_argument(
        "--client",
        metavar="REF",
        help="add the file as a re-assessment of this existing client (see `clients`)",
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
    if args.client:
        intake_id = _reassessment(args, parsed, catalogue, intake_answers)
        print(intake_id)
        return 0
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


def _reassessment(args: argparse.Namespace, parsed: Any, catalogue: Any, answers: Any) -> int:
    """Store the file as a completed re-assessment of the client ``args.client``."""
    import sys

    from therapist_desk.commands._practice import writing
    from therapist_desk.errors import UserError
    from therapist_desk.intake.catalogue import carried_forward
    from therapist_desk.intake.findings import RULESET_VERSION
    from therapist_desk.models import IntakeCreate, IntakePurpose
    from therapist_desk.store.importing import UNKNOWN_CLINICIAN
    from therapist_desk.store.reassessment import import_reassessment

    if parsed.catalogue_version and parsed.catalogue_version != catalogue.version:
        print(
            f"{args.answers}: answered against catalogue {parsed.catalogue_version}; checked "
            f"against {catalogue.version} (an item keeps its meaning under its id) and stored "
            f"under {catalogue.version}.",
            file=sys.stderr,
        )
    meta = parsed.intake
    fields: dict[str, Any] = {
        "client_id": 0,  # the client is found by its reference inside the transaction
        "clinician": (meta.clinician if meta else None) or UNKNOWN_CLINICIAN,
        "mode": (meta.mode if meta and meta.mode else "in_person"),
        "catalogue_version": catalogue.version,
        "ruleset_version": RULESET_VERSION,
        "purpose": IntakePurpose.REASSESSMENT,
    }
    if meta and meta.date:
        fields["date"] = meta.date
    if meta and meta.notes:
        fields["notes"] = meta.notes
    with writing(args, holder=HOLDER) as database:
        try:
            return import_reassessment(
                engine=database.engine,
                reference=args.client,
                data=IntakeCreate.model_validate(fields),
                catalogue=catalogue,
                answers=answers,
                carried=carried_forward(catalogue),
                actor=fields["clinician"],
            )
        except UserError as err:
            raise UserError(f"{args.answers}: {err}", exit_code=err.exit_code) from None


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
