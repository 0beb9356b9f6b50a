"""``therapist-desk report ANSWERS.json -o OUT.pdf``: the intake summary PDF, no database.

Reads an answers file, runs the recommendation, and writes the clinician or the client
version of the summary. The PDF is rendered in memory and written atomically, so a
failure never leaves a partial file behind.
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
}


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
        choices=("clinician", "client"),
        default=None,
        help="clinician: everything, including private sections; client: safe to hand over "
        "(default: the setting, else client)",
    )
    parser.add_argument(
        "--password-file",
        metavar="FILE",
        type=Path,
        help="protect the PDF with the password in FILE (its first line)",
    )


def read_password(path: Path) -> str:
    """The password in ``path``, without the trailing newline; refuse an empty one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        raise UserError(TEXTS["no_password_file"].format(path=path, reason=reason)) from None
    password = text.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UserError(TEXTS["empty_password"].format(path=path))
    return password


def run(args: argparse.Namespace) -> int:
    """Read, recommend, render, and write the PDF atomically."""
    from therapist_desk.commands.recommend import load_catalogue_or_exit, print_notes
    from therapist_desk.intake import IntakeError, parse_answers_file, recommend
    from therapist_desk.reports import default_filename, render_report, write_pdf_atomic
    from therapist_desk.reports.from_intake import PracticeInfo, report_input_from_answers_file
    from therapist_desk.settings import load_settings

    password = read_password(args.password_file) if args.password_file else None
    settings = load_settings()
    variant = args.variant or settings.default_pdf_variant
    catalogue = load_catalogue_or_exit()
    try:
        answers = parse_answers_file(args.answers, catalogue)
        intake = answers.to_intake(catalogue)
        result = recommend(catalogue, intake)
    except IntakeError as err:
        raise UserError(str(err)) from None
    print_notes(args.answers, catalogue, intake)
    practice = PracticeInfo(
        practice_name=settings.practice_name,
        clinician_name=settings.clinician_name,
        clinician_credentials=settings.clinician_credentials,
        logo_path=Path(settings.logo_path).expanduser() if settings.logo_path else None,
    )
    data = report_input_from_answers_file(answers, catalogue, result, practice=practice)
    output = args.output or Path(
        default_filename([p.name for p in answers.participants], data.session_date, variant)
    )
    pdf = render_report(data, variant=variant, password=password)
    write_pdf_atomic(output, pdf)
    print(TEXTS["written"].format(path=output))
    return 0
