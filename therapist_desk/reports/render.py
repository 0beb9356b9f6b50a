"""The renderer: plain `ReportInput` in, PDF bytes out, as a class of small steps.

Steps: pick the variant's data and wording, register fonts, build the stylesheet, make
the document (page template, metadata), build the story, and let the
numbered canvas stamp header, footer and "Page X of Y" on every page.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable

from therapist_desk.reports import story_consent, story_measures, story_more, story_top
from therapist_desk.reports.blocks import Context, fmt_datetime
from therapist_desk.reports.data import ReportInput, Variant
from therapist_desk.reports.fonts import register_fonts
from therapist_desk.reports.pages import build_document, numbered_canvas
from therapist_desk.reports.protect import protect
from therapist_desk.reports.styles import build_styles
from therapist_desk.reports.variant import CLINICIAN, audience_of, view_for
from therapist_desk.reports.wording import PROVENANCE, wording_for

# A section starts on a new page when less than this is left, so no heading is orphaned.
SECTION_MIN_SPACE = 45 * mm

SECTIONS = (
    story_top.header,
    story_top.safety,
    story_top.recommendation,
    story_top.decision,
    story_more.focus_areas,
    story_measures.measures,
    story_measures.discrepancies,
    story_more.concerns_and_goals,
    story_more.answers,
    story_more.notes,
    story_more.next_steps,
    story_consent.consent,
    story_more.references,
    story_more.rule_trace,
)


class ReportRenderer:
    """Renders one variant of an intake summary."""

    def __init__(self, data: ReportInput, *, variant: Variant, password: str | None = None):
        self.variant = variant
        self.data = view_for(data, audience_of(variant))
        self.words = wording_for(variant, self.data)
        self.password = password

    def metadata(self) -> dict[str, str]:
        """Title, author (the clinician) and subject of the PDF."""
        return {
            "title": f"{self.data.title} ({self.words.version_name})",
            "author": self.data.clinician_name,
            "subject": f"{self.data.practice_name}: intake summary and suggested therapy order",
        }

    def provenance_line(self) -> str:
        """The small print saying which software, rules and measures made this."""
        prov = self.data.provenance
        return PROVENANCE.format(
            app=prov.app_version,
            ruleset=prov.ruleset_version,
            catalogue=prov.catalogue_version,
            generated=fmt_datetime(prov.generated_at),
        )

    def story(self, width: float) -> list[Flowable]:
        """All sections, in reading order."""
        ctx = Context(self.data, build_styles(), self.words, width, self.variant == CLINICIAN)
        story: list[Flowable] = []
        for section in SECTIONS:
            flowables = section(ctx)
            if flowables and story:
                story.append(CondPageBreak(SECTION_MIN_SPACE))
            story += flowables
        return story

    def render(self) -> bytes:
        """The finished PDF."""
        register_fonts()
        buffer = BytesIO()
        doc = build_document(
            buffer,
            page_size=self.data.page_size,
            metadata=self.metadata(),
            encrypt=None,
        )
        canvas_class = numbered_canvas(
            self.data.practice_name or self.data.title,
            f"{self.data.title} · {self.words.version_name}",
            self.provenance_line(),
        )
        doc.build(self.story(doc.width), canvasmaker=canvas_class)
        return protect(buffer.getvalue(), self.password) if self.password else buffer.getvalue()


def render_report(data: ReportInput, *, variant: Variant, password: str | None = None) -> bytes:
    """Render the ``variant`` ("clinician", "client", "personal-p1") of ``data`` as PDF bytes.

    The variant's audience decides what of ``data`` is printed (`variant.view_for`).

    A non-empty ``password`` encrypts the file; it then opens only with that password.
    """
    return ReportRenderer(data, variant=variant, password=password).render()
