"""Where the wizard picks up again: after a restart, and after a change of audience.

The place an intake stopped is stored page by page (`IntakeWizard.go_to`, the handover
window). When that place is a partner's own part (asked alone), it is never shown to
whoever holds the device when the intake opens again: the wizard shows the step before
it instead, the page that hands over to that partner (`own_part_words`), and only once
the clinician switches to that partner alone, or hands the device over, does it go on
exactly where it stopped. Plain functions of the wizard's steps, no widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from therapist_desk.intake.audience import Audience, AudienceKind
from therapist_desk.intake.sequence import Step, unanswered


def own_part_stopped_in(step: Step, audience: Audience) -> int | None:
    """The position of the partner whose own part ``step`` is, when ``audience`` may not
    see it (None: it is no partner's own part, or the audience may see it)."""
    if not step.alone or step.position is None or step.seen_by(audience):
        return None
    return step.position


def continue_target(
    steps: Sequence[Step],
    shown: Sequence[int],
    index: int,
    audience: Audience,
    answers: Mapping[int | None, Mapping[str, Any]],
) -> int | None:
    """The page "Continue" on a handover page opens for ``audience`` (None: no page; the
    end of what this audience answers is shown instead).

    The place reached (``index``) when the audience may see it; one partner alone goes
    on in their own part (at its first open question when the place reached is not in
    it); everyone together goes on after the place reached, or, when that was past the
    joint part, to its end (never back to the consent page).
    """
    if not shown:
        return None
    alone = audience.kind is AudienceKind.ALONE
    own = [i for i in shown if steps[i].alone and steps[i].owner == audience.participant]
    if index in (own if alone else shown):
        return index
    if alone:
        pages = own or list(shown)
        gap = next((i for i in pages if unanswered([steps[i]], answers)), None)
        return gap if gap is not None else pages[0]
    later = [i for i in shown if i > index]
    return later[0] if later else None


def own_part_words(
    tr: Callable[[str], str], name: str, others: str
) -> tuple[str, str, str, str, str]:
    """Title, text and the three choices of the page before a partner's own part:
    switch to them alone, hand them the device, or go on with everyone."""
    return (
        tr("Next: {0}'s own part").format(name),
        tr(
            "The intake is at {0}'s own part, which {0} answers alone. Ask {1} to step out "
            "(or leave the call), then switch to {0} alone, or hand the device to {0}. "
            "Nothing of that part is shown now."
        ).format(name, others),
        tr("Switch to {0} alone").format(name),
        tr("Hand the device to {0}").format(name),
        tr("Continue with both partners"),
    )
