"""Qt widgets, dialogs, item models and workers. The only package that imports PySide6."""
