"""Preview: the summary PDF shown inside the app before it is saved, printed or sent."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.ui.sharing.printing import load_pdf
from therapist_desk.ui.widgets.ops import run_op

ZOOM_STEP = 1.25


class PreviewDialog(QDialog):
    """The PDF of one version, with page count and zoom; Save, Print and Email from here."""

    loaded = Signal()  # a version finished rendering and is shown
    save_requested = Signal(str, bytes)  # variant, pdf
    print_requested = Signal(str, bytes)
    email_requested = Signal()  # the email dialog picks its own version: never this one

    def __init__(
        self,
        render: Callable[[str], bytes],
        variant: str,
        parent: QWidget | None = None,
        documents: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preview summary"))
        self._render = render
        self.pdf: bytes | None = None
        self.document: QPdfDocument | None = None
        self._buffer = None
        self.variant = QComboBox()
        for label, name in documents or (
            (self.tr("Client version"), "client"),
            (self.tr("Clinician version (everything, private)"), "clinician"),
        ):
            self.variant.addItem(label, name)
        self.variant.setCurrentIndex(max(0, self.variant.findData(variant)))
        self.pages = QLabel()
        self.zoom_out = QPushButton(self.tr("−"))
        self.zoom_in = QPushButton(self.tr("+"))
        self.fit = QPushButton(self.tr("Fit width"))
        self.view = QPdfView()
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.save_button = QPushButton(self.tr("Save…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.email_button = QPushButton(self.tr("Email…"))
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.zoom_out, self.zoom_in, self.fit):
            button.setAutoDefault(False)
        # Enter closes the preview, unless Save…, Print… or Email… has the focus mark:
        # then it opens that button's own dialog (which sends nothing by itself).
        self.close_button.setDefault(True)
        for widget, name in (
            (self.variant, self.tr("Version to preview")),
            (self.pages, self.tr("Number of pages")),
            (self.zoom_out, self.tr("Zoom out")),
            (self.zoom_in, self.tr("Zoom in")),
            (self.fit, self.tr("Fit the page width")),
            (self.view, self.tr("Summary preview")),
            (self.save_button, self.tr("Save this PDF")),
            (self.print_button, self.tr("Print this PDF")),
            (self.email_button, self.tr("Email this PDF")),
            (self.close_button, self.tr("Close the preview")),
        ):
            widget.setAccessibleName(name)
        self.variant.currentIndexChanged.connect(lambda _: self.render())
        self.zoom_in.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.zoom_out.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.save_button.clicked.connect(lambda: self._emit(self.save_requested))
        self.print_button.clicked.connect(lambda: self._emit(self.print_requested))
        self.email_button.clicked.connect(self.email_requested)
        self.close_button.clicked.connect(self.reject)
        self._layout()
        self.resize(fitted(self, 820, 900))

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.variant)
        top.addWidget(self.pages, 1)
        for button in (self.zoom_out, self.zoom_in, self.fit):
            top.addWidget(button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.close_button, self.save_button, self.print_button, self.email_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    @property
    def current_variant(self) -> str:
        """``"client"`` or ``"clinician"``: the version shown."""
        return str(self.variant.currentData())

    def render(self) -> None:
        """Render the chosen version on a worker and show it when ready."""
        self.pdf = None
        self._set_busy(True)
        variant = self.current_variant
        run_op(
            lambda: self._render(variant),
            lambda pdf: self._show(variant, pdf),
            self._failed,
        )

    def _show(self, variant: str, pdf: bytes) -> None:
        if variant != self.current_variant:
            return  # the clinician switched again; a newer render is on its way
        document, buffer = load_pdf(pdf, self)
        self.view.setDocument(document)
        if self.document is not None:
            self.document.close()
        self.document, self._buffer, self.pdf = document, buffer, pdf
        count = document.pageCount()
        self.pages.setText(self.tr("1 page") if count == 1 else self.tr("{0} pages").format(count))
        self._set_busy(False)
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self.pages.setText(self.tr("Not rendered: {0}").format(message))
        self.variant.setEnabled(True)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self.pages.setText(self.tr("Rendering…"))
        for button in (self.save_button, self.print_button, self.email_button):
            button.setEnabled(not busy)

    def zoom(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, from the current zoom."""
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def _emit(self, signal: Signal) -> None:
        if self.pdf is not None:
            signal.emit(self.current_variant, self.pdf)  # type: ignore[attr-defined]


def fitted(widget: QWidget, width: int, height: int) -> QSize:
    """``width`` × ``height``, made smaller where the screen is: the buttons at the
    bottom (Save, Print, Email, Close) stay on screen on a 900-pixel-high display."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    room = screen.availableGeometry().size() - QSize(40, 80)  # the frame and a margin
    return QSize(min(width, room.width()), min(height, room.height()))
