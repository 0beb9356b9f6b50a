"""A name inside the app's sentences keeps its own direction and leaves theirs alone.

Qt sets a label right to left when its first letter is (QLabel looks at the text), so
"דנה כהן alone" showed as "alone דנה כהן", aligned right. A right-to-left name is put
between the Unicode isolates FSI and PDI: inside, it reads in its own direction; outside,
the sentence keeps the direction of its own words, and Qt draws neither mark.
"""

from __future__ import annotations

from therapist_desk.reports.scripts import has_rtl

FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolated(name: str) -> str:
    """``name`` ready to go inside a sentence: isolated when it has right-to-left letters."""
    return f"{FSI}{name}{PDI}" if has_rtl(name) and not name.startswith(FSI) else name
