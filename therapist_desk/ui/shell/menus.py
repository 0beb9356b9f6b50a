"""The menu bar and its actions, with standard shortcuts, declared in one place."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

SERVER_BACKUPS = "The practice server's backups are kept on the server; ask your IT person."


@dataclass
class Actions:
    """Every menu action of the main window."""

    new_client: QAction
    settings: QAction
    back_up: QAction
    quit: QAction
    find: QAction
    edit_client: QAction
    archive_client: QAction
    erase_client: QAction
    start_intake: QAction
    finish_intake: QAction
    observations: QAction
    client_pdf: QAction
    clinician_pdf: QAction
    preview: QAction
    print_summary: QAction
    email_summary: QAction
    export_data: QAction
    privacy: QAction
    lock: QAction
    larger_text: QAction
    about: QAction
    room: QMenu
    """Intake › Who is looking: the audiences and the handovers (filled as it opens)."""


def build_menus(window: QMainWindow) -> Actions:
    """Create the File, Client, Intake, View and Help menus on ``window``."""
    tr = window.tr

    def action(text: str, shortcut: QKeySequence | str | None = None) -> QAction:
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        return act

    actions = Actions(
        new_client=action(tr("&New client…"), QKeySequence.StandardKey.New),
        settings=action(tr("&Settings…"), "Ctrl+,"),
        back_up=action(tr("&Back up now")),
        quit=action(tr("&Quit"), QKeySequence.StandardKey.Quit),
        find=action(tr("&Find client"), QKeySequence.StandardKey.Find),
        edit_client=action(tr("&Edit client…"), "Ctrl+E"),
        archive_client=action(tr("&Archive / restore client")),
        erase_client=action(tr("E&rase client…")),
        start_intake=action(tr("&Start, resume or re-assess"), "Ctrl+I"),
        finish_intake=action(tr("&Finish intake…")),
        observations=action(tr("Clinician's &observations"), "Ctrl+Shift+O"),
        client_pdf=action(tr("Create &client PDF…"), "Ctrl+Shift+P"),
        clinician_pdf=action(tr("Create c&linician PDF…"), "Ctrl+Alt+P"),
        preview=action(tr("Pre&view / share summary…")),
        print_summary=action(tr("&Print summary…"), QKeySequence.StandardKey.Print),
        email_summary=action(tr("E&mail summary…")),
        export_data=action(tr("E&xport data…")),
        privacy=action(tr("&Hide client data"), "Ctrl+Shift+H"),
        lock=action(tr("Loc&k now"), "Ctrl+L"),
        larger_text=action(tr("&Larger text for screen sharing"), "Ctrl+Shift+L"),
        about=action(tr("&About Therapist Desk")),
        room=QMenu(tr("Who is &looking"), window),
    )
    actions.privacy.setCheckable(True)
    actions.larger_text.setCheckable(True)
    bar = window.menuBar()
    menus = {
        tr("&File"): [
            actions.new_client,
            None,
            actions.settings,
            actions.back_up,
            None,
            actions.quit,
        ],
        tr("&Client"): [
            actions.find,
            actions.edit_client,
            actions.archive_client,
            actions.export_data,
            None,
            actions.erase_client,
        ],
        tr("&Intake"): [
            actions.start_intake,
            actions.finish_intake,
            actions.observations,
            actions.room,
            None,
            actions.client_pdf,
            actions.clinician_pdf,
            actions.preview,
            actions.print_summary,
            actions.email_summary,
        ],
        tr("&View"): [actions.privacy, actions.lock, actions.larger_text],
        tr("&Help"): [actions.about],
    }
    for title, entries in menus.items():
        menu = bar.addMenu(title)
        menu.setToolTipsVisible(True)  # a disabled action says why (on a practice server)
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
            else:
                menu.addAction(entry)
    return actions


def server_menus(window: QMainWindow, actions: Actions) -> None:
    """On a practice server: this computer makes no backups, and the menu says why."""
    reason = window.tr(SERVER_BACKUPS)
    actions.back_up.setEnabled(False)
    actions.back_up.setToolTip(reason)
    actions.back_up.setStatusTip(reason)
