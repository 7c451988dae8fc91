"""Authoring: turning what a person writes into the graph's triples.

An article's encoding is Turtle. `compile_article` makes the triples the store holds from it:
quotes are anchored to character offsets (`anchor`: the author writes the article's words, as
the W3C Web Annotation TextQuoteSelector does, never an offset), and the triples the file
already implies are added (`shorthand`). A file written out in full compiles to itself.
"""

from __future__ import annotations

import pyoxigraph as ox

from .anchor import anchor, anchor_standalone
from .shorthand import expand

__all__ = ["anchor", "compile_article", "compile_standalone", "expand"]


def compile_article(quads: list[ox.Quad], article: str, text: str, shown: str, text_shown: str,
                    source: bytes | str | None = None) -> list[ox.Quad]:
    """An article file's triples as the store holds them (see the modules for the rules)."""
    return expand(anchor(quads, article, text, shown, text_shown, source))


def compile_standalone(quads: list[ox.Quad], shown: str, source: bytes | str | None = None) -> list[ox.Quad]:
    """A file checked on its own that carries its own article text (`kg:text`), such as a shape
    example: its quotes are anchored, and otherwise it is read as written (the shape examples
    show what the shapes catch when a triple is missing)."""
    return anchor_standalone(quads, shown, source)
