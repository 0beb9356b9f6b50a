"""The main window: menus, and the screen that fits the practice's state."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from therapist_desk import APP_NAME
from therapist_desk.ui.about import show_about
from therapist_desk.ui.context import AppContext
from therapist_desk.ui.empty_state import EmptyState


class MainWindow(QMainWindow):
    """The one window of the app."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)
        self.setMinimumSize(900, 600)
        self.stack = QStackedWidget()
        self.empty_state = EmptyState()
        self.stack.addWidget(self.empty_state)
        self.setCentralWidget(self.stack)
        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About Therapist Desk"), self)
        self.about_action.triggered.connect(lambda: show_about(self, self.context.database.path))
        help_menu.addAction(self.about_action)
