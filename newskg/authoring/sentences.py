"""Sentences and word tokens of an article, with their character offsets.

Sentences come from pysbd (rule-based sentence boundary detection: it knows "U.S." and
"Gen." are not sentence ends, and needs no model download); a line break that ends a
headline or paragraph always ends a sentence as well.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*[\w]|[A-Za-z0-9]|[\"“”«»]|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, white space trimmed, never across a line break."""
    spans: list[tuple[int, int]] = []
    for block in re.finditer(r"[^\n]+", text):
        line = block.group(0)
        if len(line) < 40 and not re.search(r"[.!?]\s", line):
            pieces = [(0, len(line))]
        else:
            pieces = [(piece.start, piece.end) for piece in _segmenter().segment(line)]
        for start, end in pieces:
            start, end = block.start() + start, block.start() + end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans


def tokens(text: str, start: int, end: int) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in WORD.finditer(text, start, end)]
