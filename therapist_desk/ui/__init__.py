"""Qt widgets, dialogs, item models and workers. The only package that imports PySide6.

Importing it makes PySide's check of every later import cheap (`widgets.qt_workarounds`).
"""

from therapist_desk.ui.widgets.qt_workarounds import scan_imports_cheaply

scan_imports_cheaply()
