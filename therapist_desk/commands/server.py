"""``therapist-desk server``: what the practice's IT person does on the practice server.

Each action connects with ``--url`` (the practice owner's login; the practice admin's
for ``assign`` and ``clients``), its password asked on the terminal or read from
``THERAPIST_DESK_SERVER_PASSWORD``. docs/practice-server.md walks through them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

NAME = "server"
HELP = "set up a practice server and manage its clinicians' logins"
DESCRIPTION = (
    "A group practice keeps one PostgreSQL database that every clinician's app connects "
    "to with their own login; each clinician sees only the clients assigned to them. "
    "These commands set it up (safe to run again), add and remove logins, assign "
    "clients, and move a single-user practice's file onto it."
)
ORDER = 90
URL_HELP = "the server, as postgresql://USER@HOST:PORT/DATABASE (the owner's login)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The actions, each with ``--url``."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--url", required=True, help=URL_HELP)
        return sub

    action("setup", "create or update the schema, the roles and the row security")
    add = action("add-clinician", "add a clinician's login (its password is shown once)")
    add.add_argument("name", help="the login name, e.g. dr_lee")
    add.add_argument(
        "--admin", action="store_true", help="a practice admin: assigns clients, reads no answers"
    )
    remove = action(
        "remove-clinician", "remove a login; their clients stay, for the admin to reassign"
    )
    remove.add_argument("name")
    assign = action("assign", "give a client to a clinician (owner or practice admin)")
    assign.add_argument("reference", help="the client's reference (see `server clients`)")
    assign.add_argument("name", help="the clinician's login")
    action("logins", "list the practice's logins and how many clients each has")
    listed = action("clients", "every client with whom it is assigned to (no answers)")
    listed.add_argument("--format", choices=("text", "json"), default="text")
    move = action("move-from-sqlite", "copy a single-user practice's file onto the server")
    move.add_argument("file", type=Path, help="the practice's database file (left unchanged)")
    move.add_argument("--to", required=True, metavar="NAME", help="the clinician whose they are")


def run(args: argparse.Namespace) -> int:
    """Run the action; one line (or a table) saying what was done."""
    from therapist_desk.commands._server_login import password_for
    from therapist_desk.store import server_admin
    from therapist_desk.store.server import parse_url

    address, in_url = parse_url(args.url)
    password = password_for(address, in_url)
    url = args.url
    if args.action == "setup":
        revision = server_admin.setup(url, password)
        print(
            f"The practice database {address.database} on {address.host} is set up "
            f"(schema {revision}), with its roles and row security."
        )
    elif args.action == "add-clinician":
        made = server_admin.add_login(url, args.name, admin=args.admin, password=password)
        role = "practice admin" if args.admin else "clinician"
        print(f"Added the {role} login {args.name}. Its password, shown this once: {made}")
        print("Give it to them in person; they keep it in Settings › Practice server.")
    elif args.action == "remove-clinician":
        clients = server_admin.remove_login(url, args.name, password=password)
        print(
            f"Removed the login {args.name}. Their {clients} client(s) stay on the server; "
            "the practice admin reassigns them with: therapist-desk server assign REFERENCE NAME"
        )
    elif args.action == "assign":
        server_admin.assign(url, args.reference, args.name, password=password)
        print(f"The client {args.reference} is now {args.name}'s.")
    elif args.action == "logins":
        for login in server_admin.logins(url, password=password):
            kind = "admin" if login.admin else "clinician"
            print(f"{login.name}  {kind}  {login.clients} client(s)")
    elif args.action == "clients":
        rows = server_admin.assignments(url, password=password)
        if args.format == "json":
            keys = ("reference", "name", "assigned_to")
            print(json.dumps([dict(zip(keys, row, strict=True)) for row in rows], indent=2))
        else:
            for reference, name, assigned in rows:
                print(f"{reference}  {name}  {assigned}")
    else:  # move-from-sqlite
        _move(args, url, password)
    return 0


def _move(args: argparse.Namespace, url: str, password: str) -> None:
    from therapist_desk.commands._passphrase import passphrase_for
    from therapist_desk.errors import UserError
    from therapist_desk.store import server_admin

    file = args.file.expanduser().absolute()
    if not file.is_file():
        raise UserError(f"There is no database file at {file}.")
    counts = server_admin.move_from_sqlite(
        url, file, clinician=args.to, key=passphrase_for(file), password=password
    )
    print(
        f"Moved {counts['client']} client(s), {counts['intake']} intake(s) and "
        f"{counts['answer']} answer(s) onto the server as {args.to}'s; every table's rows "
        f"were counted on both sides. {file} was not changed."
    )
