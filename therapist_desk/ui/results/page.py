"""Results: the order, why, what would change it, and the clinician's decision.

The page shows a summary (`ReportInput`) that the audience's filter has already cut:
in *clinician only* mode, everything, with the safety box, private reasons, the decision
controls and the sharing buttons; for the partners, exactly what their summary PDF
prints, and nothing to act with. The record it shows is the one stored at completion,
so an old intake reads the same after the rules change.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from therapist_desk.intake import explain
from therapist_desk.intake.findings import TherapyOrder
from therapist_desk.reports.data import Decision, ReportInput
from therapist_desk.ui.results.sections import (
    comparison_html,
    counterfactuals_html,
    discrepancies_html,
    focus_html,
    notes_html,
    plan_html,
    reasons_html,
    scores_html,
)

ORDERS = [TherapyOrder.INDIVIDUAL_FIRST, TherapyOrder.CONCURRENT, TherapyOrder.RELATIONSHIP_FIRST]


def _label(html: str, name: str = "") -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(label.textFormat().RichText)
    if name:
        label.setObjectName(name)
    return label


class ResultsPage(QScrollArea):
    """The results of one completed intake, as the audience may see them."""

    decision_made = Signal(str, str, object)  # suggested, final, reason or None
    pdf_requested = Signal(str)  # "client" | "clinician"
    share_requested = Signal()  # preview, print, email
    amend_requested = Signal()
    reevaluate_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.suggested = ""
        self.clinician_view = True
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(18, 12, 24, 18)
        self.setWidget(self.body)
        self.accept_radio = QRadioButton(self.tr("Accept the suggestion"))
        self.override_radio = QRadioButton(self.tr("Override to:"))
        self.override_order = QComboBox()
        for order in ORDERS:
            self.override_order.addItem(explain.order_label(order), order.value)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the override (required)"))
        self.reason.setFixedHeight(70)
        self.reason.setTabChangesFocus(True)
        self.decision_error = _label("", "fieldError")
        self.decision_error.hide()
        self.decision_status = _label("")
        self.decide_button = QPushButton(self.tr("Record decision"))
        self.decide_button.setObjectName("primary")
        self.client_pdf = QPushButton(self.tr("Client PDF…"))
        self.clinician_pdf = QPushButton(self.tr("Clinician PDF…"))
        self.share_button = QPushButton(self.tr("Preview / share…"))
        self.share_button.setObjectName("primary")
        self.amend_button = QPushButton(self.tr("Amend answers…"))
        self.reevaluate_button = QPushButton()
        self.reevaluate_button.hide()
        self.comparison: QFrame | None = None
        self.since_box: QFrame | None = None
        self.safety_box: QFrame | None = None
        self.sections: dict[str, QLabel] = {}
        self.back_button = QPushButton(self.tr("← Client"))
        self.headline = _label("", "orderHeadline")
        self.strength = _label("")
        group = QButtonGroup(self)
        group.addButton(self.accept_radio)
        group.addButton(self.override_radio)
        self.accept_radio.setChecked(True)
        for widget, name in (
            (self.accept_radio, self.tr("Accept the suggested order")),
            (self.override_radio, self.tr("Override the suggested order")),
            (self.override_order, self.tr("Order chosen instead")),
            (self.reason, self.tr("Reason for the override")),
            (self.decide_button, self.tr("Record decision")),
            (self.client_pdf, self.tr("Create the client PDF")),
            (self.clinician_pdf, self.tr("Create the clinician PDF")),
            (self.share_button, self.tr("Preview, print or email the summary")),
            (self.amend_button, self.tr("Amend the answers of this intake")),
            (self.reevaluate_button, self.tr("Re-evaluate these answers with today's rules")),
            (self.back_button, self.tr("Back to the client")),
        ):
            widget.setAccessibleName(name)
        self.decide_button.clicked.connect(self.submit_decision)
        self.client_pdf.clicked.connect(lambda: self.pdf_requested.emit("client"))
        self.clinician_pdf.clicked.connect(lambda: self.pdf_requested.emit("clinician"))
        self.share_button.clicked.connect(self.share_requested)
        self.amend_button.clicked.connect(self.amend_requested)
        self.reevaluate_button.clicked.connect(self.reevaluate_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.override_radio.toggled.connect(self._override_toggled)
        self._override_toggled(False)

    def set_default_variant(self, variant: str) -> None:
        """Make the PDF button of the settings' default version the default one."""
        for button, name in ((self.client_pdf, "client"), (self.clinician_pdf, "clinician")):
            button.setDefault(name == variant)

    def _kept(self) -> tuple[QWidget, ...]:
        return (
            self.accept_radio,
            self.override_radio,
            self.override_order,
            self.reason,
            self.decision_error,
            self.decision_status,
            self.decide_button,
            self.client_pdf,
            self.clinician_pdf,
            self.share_button,
            self.amend_button,
            self.reevaluate_button,
            self.back_button,
            self.headline,
            self.strength,
        )

    def _clear(self) -> None:
        kept = self._kept()
        for widget in kept:  # out of the old rows and cards first: deleting those deletes them
            widget.setParent(self.body)
            widget.hide()
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget() is not None and item.widget() not in kept:
                item.widget().hide()
                item.widget().deleteLater()
        self.comparison = self.safety_box = self.since_box = None

    def show_summary(
        self, data: ReportInput, *, clinician: bool, suggested: str, decision: Decision | None
    ) -> None:
        """Fill the page from ``data``, already cut to the audience by its filter."""
        self._clear()
        self.suggested, self.clinician_view = suggested, clinician
        rec = data.recommendation
        if clinician:
            self._add_row(
                self.back_button,
                None,
                self.amend_button,
                self.reevaluate_button,
                self.client_pdf,
                self.clinician_pdf,
                self.share_button,
            )
            self.reevaluate_button.setVisible(bool(self.reevaluate_button.text()))
        elif rec.decided:
            self.layout_.addWidget(_label(self.tr("<b>How you agreed to start</b>")))
        else:
            self.layout_.addWidget(_label(self.tr("<b>What we suggest</b>")))
        overridden = clinician and decision is not None and decision.overridden
        self.headline.setText(escape(decision.final_order_label if overridden else rec.order_label))
        self._add(self.headline)
        if overridden:
            self._add(
                _label(
                    self.tr("You chose this order. The app suggested: {0}.").format(
                        escape(rec.order_label)
                    )
                )
            )
        if rec.strength:
            text = (
                self.tr("Strength of the suggestion: <b>{0}</b>")
                if clinician
                else self.tr("How clear the picture is: <b>{0}</b>")
            )
            self.strength.setText(text.format(escape(rec.strength)))
            self._add(self.strength)
        if rec.provisional:
            self._add(
                _label(
                    self.tr("<b>Provisional</b>: some answers the rules read are missing.")
                    if clinician
                    else self.tr("Some questions were not answered, so this may change.")
                )
            )
        for line in self._consent_lines(data, clinician):
            self._add(_label(line))
        if clinician and rec.safety_actions:
            self._add(self._safety_box(data))
        self._add(_label(escape(rec.explanation)))
        self.sections = {}
        for name, html in (
            ("plan", plan_html(data, clinician)),
            ("reasons", reasons_html(data, clinician)),
            ("counterfactuals", counterfactuals_html(data, clinician)),
            ("discrepancies", discrepancies_html(data, clinician) if data.couple else ""),
            ("focus", focus_html(data)),
            ("scores", scores_html(data, clinician)),
            ("notes", notes_html(data, clinician)),
        ):
            if html:
                self.sections[name] = _label(html)
                self._add(self.sections[name])
        if clinician:
            self._add(self._decision_box(decision))
        self.layout_.addStretch(1)

    def _consent_lines(self, data: ReportInput, clinician: bool) -> list[str]:
        """A withdrawal of consent, and (for the clinician) an intake with none recorded."""
        consent = data.consent
        if consent is None:
            return []
        if consent.version is None:
            return [self.tr("No consent was recorded for this intake.")] if clinician else []
        return [
            self.tr(
                "<b>Consent withdrawn</b> by {0} on {1}: every answer here was given before."
            ).format(escape(p.name), p.withdrawn_at.astimezone().strftime("%d %b %Y %H:%M"))
            for p in consent.people
            if p.withdrawn_at is not None
        ]

    def _add(self, widget: QWidget) -> None:
        self.layout_.addWidget(widget)
        widget.show()

    def _add_row(self, *widgets: QWidget | None) -> None:
        row = QHBoxLayout()
        for widget in widgets:
            if widget is None:
                row.addStretch(1)
            else:
                row.addWidget(widget)
                widget.show()
        holder = QWidget()
        holder.setLayout(row)
        self._add(holder)

    def show_reevaluation(self, offer: str | None, comparison: Any | None) -> None:
        """Offer a re-evaluation with newer rules; for a re-evaluation, show both results.

        ``comparison`` has ``rows`` (what, original, re-evaluated) and the original's id.
        """
        self.reevaluate_button.setText(offer or "")
        self.reevaluate_button.setVisible(bool(offer) and self.clinician_view)
        if comparison is None or not self.clinician_view:
            return
        box = QFrame()
        box.setObjectName("card")
        QVBoxLayout(box).addWidget(
            _label(comparison_html(comparison.rows, comparison.original_intake_id))
        )
        self.layout_.insertWidget(max(0, self.layout_.count() - 1), box)
        self.comparison = box

    def show_since(self, text: str | None) -> None:
        """For a re-assessment (clinician only): the suggestion beside the visit before's."""
        if not text or not self.clinician_view:
            return
        box = QFrame()
        box.setObjectName("card")
        label = _label(self.tr("<b>Since the visit before</b><br>") + escape(text))
        label.setObjectName("sinceBefore")
        QVBoxLayout(box).addWidget(label)
        self.layout_.insertWidget(max(0, self.layout_.count() - 1), box)
        self.since_box = box

    def _safety_box(self, data: ReportInput) -> QFrame:
        box = QFrame()
        box.setObjectName("safetyBox")
        layout = QVBoxLayout(box)
        title = (
            self.tr("<b>Safety — act before any joint session</b>")
            if data.couple
            else self.tr("<b>Safety — act on this first</b>")
        )
        layout.addWidget(_label(title))
        for action in data.recommendation.safety_actions:
            who = " and ".join(data.name_of(p) for p in action.participants)
            prefix = f"<b>{escape(who)}</b>: " if who else ""
            layout.addWidget(_label(f"• {prefix}{escape(action.text)}"))
        self.safety_box = box
        return box

    def _decision_box(self, decision: Decision | None) -> QFrame:
        box = QFrame()
        box.setObjectName("card")
        layout = QVBoxLayout(box)
        layout.addWidget(_label(self.tr("<b>Your decision</b> — the app suggests; you decide.")))
        override_row = QHBoxLayout()
        override_row.addWidget(self.override_radio)
        override_row.addWidget(self.override_order, 1)
        layout.addWidget(self.accept_radio)
        layout.addLayout(override_row)
        layout.addWidget(self.reason)
        layout.addWidget(self.decision_error)
        layout.addWidget(self.decide_button)
        layout.addWidget(self.decision_status)
        for widget in (
            self.accept_radio,
            self.override_radio,
            self.override_order,
            self.reason,
            self.decide_button,
            self.decision_status,
        ):
            widget.show()
        self.show_decision(decision)
        return box

    def show_decision(self, decision: Decision | None) -> None:
        """Say what was decided, or that nothing has been yet."""
        if decision is None:
            self.decision_status.setText(self.tr("No decision recorded yet."))
            return
        when = (
            decision.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
            if isinstance(decision.decided_at, datetime)
            else str(decision.decided_at or "")
        )
        text = self.tr("Decided {0} by {1}: <b>{2}</b>").format(
            when, escape(decision.decided_by), escape(decision.final_order_label)
        )
        if decision.overridden:
            text += self.tr(" (override; reason: {0})").format(escape(decision.reason or ""))
        self.decision_status.setText(text)

    def back_to_decision(self, scrolled: int) -> None:
        """After a decision was recorded and the page drawn again: where it was
        (``scrolled``), the keyboard on the decision, which the status below it names."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the new heights
        self.verticalScrollBar().setValue(scrolled)
        self.ensureWidgetVisible(self.decision_status)
        self.decide_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _override_toggled(self, on: bool) -> None:
        self.override_order.setEnabled(on)
        self.reason.setEnabled(on)

    def submit_decision(self) -> None:
        """Emit the decision; an override without a reason is refused with a message."""
        suggested = self.suggested
        if self.accept_radio.isChecked():
            self.decision_error.hide()
            self.decision_made.emit(suggested, suggested, None)
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.decision_error.setText(self.tr("Give a reason for the override; it is recorded."))
            self.decision_error.show()
            self.reason.setFocus()
            return
        self.decision_error.hide()
        self.decision_made.emit(suggested, self.override_order.currentData(), reason)
