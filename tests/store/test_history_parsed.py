"""A stored record is parsed once while it is kept (the client page opened again)."""

from __future__ import annotations

import json

from therapist_desk.store import history


def test_the_same_record_is_parsed_once_and_the_kept_ones_are_bounded() -> None:
    history.forget_parsed()
    text = json.dumps({"order": "concurrent", "scores": {"p1": {}}})
    first = history._parsed(text)
    assert history._parsed(str(text)) is first  # the same words: the same parsed record
    for n in range(history.PARSED_KEPT):
        history._parsed(json.dumps({"n": n}))
    assert history._parsed(text) is not first  # the oldest was let go, parsed again
    assert len(history._PARSED) <= history.PARSED_KEPT
    history.forget_parsed()
