"""Plain-text helpers for evidence: the sentence around a span."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?=\s)|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or headline line) of `text` that contains the span start..end."""
    begin = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = len(text)
    found = SENTENCE_END.search(text, max(end - 1, begin))
    if found:
        stop = found.end()
    return text[begin:stop].strip()
