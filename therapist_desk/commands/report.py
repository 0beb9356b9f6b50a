"""``therapist-desk report ANSWERS.json -o OUT.pdf``: the intake summary PDF, no database.

Reads an answers file, runs the recommendation, and writes the clinician or the client
version of the summary, or one person's own. The PDF is rendered in memory and written
atomically, so a failure never leaves a partial file behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from therapist_desk.errors import UserError

NAME = "report"
ORDER = 30
HELP = "write the PDF intake summary (clinician or client version) of an answers file"
DESCRIPTION = (
    "Read an answers file (see docs/answers-format.md), suggest a therapy order and write "
    "the intake summary as a PDF. The client version leaves out everything disclosed "
    "privately and everything derived from it. Practice name, clinician and logo come from "
    "the settings. Without -o the file is named from the clients' initials and the date."
)
TEXTS = {
    "no_password_file": "Cannot read the password file {path}: {reason}.",
    "empty_password": "The password file {path} is empty; write the password in it, or "
    "leave out --password-file for an unprotected PDF.",
    "written": "Wrote {path}",
    "output_is_input": "Cannot write the PDF to {path}: that is {what}, which would be "
    "replaced. Choose another file name with -o; nothing was written.",
}


VARIANTS = ("clinician", "client", "personal-1", "personal-2")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``ANSWERS.json``, ``-o``, ``--variant`` and ``--password-file``."""
    parser.add_argument("answers", metavar="ANSWERS.json", type=Path, help="the answers file")
    add_pdf_arguments(parser)


def add_pdf_arguments(parser: argparse.ArgumentParser) -> None:
    """``-o``, ``--variant`` and ``--password-file``: shared with ``export``."""
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.pdf",
        type=Path,
        help="where to write the PDF (default: intake-<initials>-<date>-<variant>.pdf here)",
    )
    parser.add_argument(
        "--variant",
        choices=VARIANTS,
        default=None,
        help="clinician: everything, including private sections; client: safe to hand to "
        "the client(s); personal-1, personal-2: that person's own summary, with their own "
        "scores, for them only (default: the setting, else client)",
    )
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="protect the PDF with the password in FILE (its first line)",
    )
    parser.add_argument(
        "--seal",
        action="store_true",
        help="seal the clinician version with the practice's key (PAdES; made on first "
        "use), so that any later change shows: check it with `therapist-desk verify`",
    )


def check_output(output: Path, args: argparse.Namespace, *, inputs: dict[str, Path | None]) -> None:
    """Refuse an output path that is one of the command's inputs, or the database's files.

    ``report same.json -o same.json`` would replace the answers file with the PDF.
    """
    from therapist_desk.commands._practice import db_path_of
    from therapist_desk.store.fileset import is_part_of, same_path

    target = output.expanduser().absolute()
    for what, given in inputs.items():
        if given is not None and same_path(target, given.expanduser().absolute()):
            raise UserError(TEXTS["output_is_input"].format(path=output, what=what))
    if is_part_of(db_path_of(args), target):
        raise UserError(TEXTS["output_is_input"].format(path=output, what="the database"))


def note_unusable_logo(logo: Path | None) -> None:
    """Say on stderr when the logo of the settings is left out of the PDF, and why."""
    import sys

    from therapist_desk.reports.logo import logo_problem

    problem = logo_problem(logo) if logo is not None else None
    if problem is not None:
        print(f"note: {problem} The PDF is made without it.", file=sys.stderr)


def read_password(path: Path) -> str:
    """The password in ``path``, without the trailing newline; refuse an empty one.

    Only a regular file is read (a pipe would block); at most 64 KiB of it.
    """
    from therapist_desk.intake.errors import AnswersFileError
    from therapist_desk.intake.json_input import read_limited

    try:
        text = read_limited(path, max_bytes=64 * 1024).decode("utf-8")
    except AnswersFileError as err:
        reason = str(err).removeprefix(f"{path}: ")
        raise UserError(TEXTS["no_password_file"].format(path=path, reason=reason)) from None
    except UnicodeDecodeError as err:
        reason = type(err).__name__
        raise UserError(TEXTS["no_password_file"].format(path=path, reason=reason)) from None
    password = text.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UserError(TEXTS["empty_password"].format(path=path))
    return password


def run(args: argparse.Namespace) -> int:
    """Read, recommend, render, and write the PDF atomically."""
    from therapist_desk.commands.recommend import print_notes
    from therapist_desk.intake import IntakeError, parse_answers_file
    from therapist_desk.reports import write_pdf_atomic
    from therapist_desk.services import summaries
    from therapist_desk.services.practice import catalogue_as_asked
    from therapist_desk.settings import load_settings

    password = read_password(args.password_file) if args.password_file else None
    settings = load_settings()
    variant = args.variant or settings.default_pdf_variant
    catalogue = catalogue_as_asked(settings)  # what the practice asks alone stays hidden
    try:
        answers = parse_answers_file(args.answers, catalogue)
        print_notes(args.answers, catalogue, answers.to_intake(catalogue))
        data, _ = summaries.answers_file_summary(
            catalogue=catalogue, settings=settings, answers=answers
        )
    except IntakeError as err:
        raise UserError(str(err)) from None
    output = args.output or Path(summaries.answers_file_name(answers, data, variant))
    check_output(
        output,
        args,
        inputs={"the answers file": args.answers, "the password file": args.password_file},
    )
    note_unusable_logo(data.logo_path)
    from therapist_desk.paths import data_dir, ensure_private_dir

    seal = args.seal or (settings.seal_clinician_pdf and variant == "clinician")
    folder = ensure_private_dir(data_dir()) if seal else None
    pdf = summaries.render(data, variant=variant, password=password, seal_folder=folder)
    write_pdf_atomic(output, pdf)
    print(TEXTS["written"].format(path=output))
    return 0
