"""Quotes to offsets: an author writes the article's words, the build finds where they are.

In an article's Turtle, wherever a text span goes (the object of `kg:evidence` or
`kg:factualityCue`), the author may write

- the quoted words alone, as a plain string:  `kg:evidence "the US military has struck"`;
- or, when those words occur more than once in the text, a span with a little of the text just
  before or after them (as the W3C Web Annotation TextQuoteSelector's prefix and suffix):
  `kg:evidence [ kg:exact "Monday" ; kg:prefix "earlier on " ]`.

`anchor` turns each into the span the graph has always held:
`[ kg:inArticle art:ID ; kg:start S ; kg:end E ; kg:exact "…the text's own characters…" ]`,
offsets counted in Unicode code points from 0, end exclusive. The prefix and suffix only steer
the search; the offsets say where the words are, so they are not kept. A run of white space in
a quote matches any run of white space in the text (a quote may cross a line break); the span
keeps the text's own characters. A quote that is not in the text, or occurs more than once with
nothing to tell the places apart, is an error naming the file, the line, the quote and the
places; nothing is guessed. Spans written with offsets are left as they are (checked against
the text as always).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import InputError

KG = ns.KG
EXACT, PREFIX, SUFFIX = (ox.NamedNode(KG + name) for name in ("exact", "prefix", "suffix"))
IN_ARTICLE, START, END = (ox.NamedNode(KG + name) for name in ("inArticle", "start", "end"))
# The properties whose values are text spans (rdfs:range kg:TextSpan in the ontology; a test
# keeps this list and the ontology in step).
SPAN_PROPERTIES = frozenset(ox.NamedNode(KG + name) for name in ("evidence", "factualityCue"))
KG_TEXT = ox.NamedNode(KG + "text")
XSD_STRING = ox.NamedNode(ns.XSD + "string")
XSD_INTEGER = ox.NamedNode(ns.XSD + "integer")
SHOWN_PLACES = 5
WHITE = re.compile(r"\s+")


class FlatText:
    """The text with every run of white space read as one space, and the way back to offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts, self.starts, self.ends = [], [], []
        position = 0
        for run in WHITE.finditer(text):
            for index in range(position, run.start()):
                self.starts.append(index)
                self.ends.append(index + 1)
            parts.append(text[position:run.start()])
            parts.append(" ")
            self.starts.append(run.start())
            self.ends.append(run.end())
            position = run.end()
        for index in range(position, len(text)):
            self.starts.append(index)
            self.ends.append(index + 1)
        parts.append(text[position:])
        self.flat = "".join(parts)
        self._lines = [m.start() for m in re.finditer("\n", text)]

    def find_all(self, words: str) -> list[int]:
        """Where `words` (already flattened) begins in the flat text, every place."""
        found, at = [], self.flat.find(words)
        while at != -1 and words:
            found.append(at)
            at = self.flat.find(words, at + 1)
        return found

    def span(self, flat_start: int, length: int) -> tuple[int, int]:
        """Offsets in the text of the flat stretch [flat_start, flat_start + length)."""
        return self.starts[flat_start], self.ends[flat_start + length - 1]

    def place(self, offset: int) -> str:
        """'line L, column C' of a text offset (both from 1), for people to find it."""
        line = bisect.bisect_left(self._lines, offset)
        column = offset - (self._lines[line - 1] + 1 if line else 0)
        return f"line {line + 1}, column {column + 1}"


def flatten(words: str) -> str:
    return WHITE.sub(" ", words)


@dataclass
class Quote:
    """One quote to anchor: its words, and the text around them when the author gave it."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    def locate(self, text: FlatText) -> list[tuple[int, int]]:
        """Every (start, end) in the text where the quote, with its prefix and suffix, fits."""
        exact, prefix, suffix = flatten(self.exact), flatten(self.prefix), flatten(self.suffix)
        whole = prefix + exact + suffix
        return [text.span(at + len(prefix), len(exact)) for at in text.find_all(whole)] if exact else []

    def written(self) -> str:
        """The quote as the author would write it in Turtle."""
        if not (self.prefix or self.suffix):
            return _turtle(self.exact)
        parts = [f"kg:exact {_turtle(self.exact)}"]
        parts += [f"kg:prefix {_turtle(self.prefix)}"] if self.prefix else []
        parts += [f"kg:suffix {_turtle(self.suffix)}"] if self.suffix else []
        return "[ " + " ; ".join(parts) + " ]"


def _turtle(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def anchor(quads: list[ox.Quad], article: str, text: str, shown: str, text_shown: str,
           source: bytes | str | None = None) -> list[ox.Quad]:
    """The quads with every quote anchored in `text`, the text of `article` (an IRI).

    `shown` and `text_shown` name the Turtle and text files in messages; `source`, the Turtle
    itself, lets a message give the line a quote is written on.
    """
    literals = [q for q in quads if q.predicate in SPAN_PROPERTIES and _plain(q.object)]
    nodes = _unanchored(quads)
    if not literals and not nodes:
        return quads
    flat = FlatText(text)
    article_node = ox.NamedNode(article)
    problems: list[tuple[int | None, str]] = []
    written = _Source(source)
    out: list[ox.Quad] = []
    drop: set[ox.Quad] = set()

    def place(quote: Quote) -> tuple[int, int] | None:
        found = quote.locate(flat)
        if len(found) == 1:
            return found[0]
        line = written.line_of(quote)
        problems.append((line, _problem(quote, found, flat)))
        return None

    for quad in literals:
        drop.add(quad)
        found = place(Quote(quad.object.value))
        if found is None:
            continue
        node = ox.BlankNode()
        out.append(ox.Quad(quad.subject, quad.predicate, node, quad.graph_name))
        out.extend(_span(node, article_node, text, *found, quad.graph_name))
    for node, parts in nodes.items():
        inside = parts.get(IN_ARTICLE)
        if inside is not None and inside.object != article_node:
            problems.append((written.line_of(Quote(parts[EXACT].object.value)),
                             f"{_turtle(parts[EXACT].object.value)} points into {ns.qname(inside.object.value)}, "
                             f"but quotes are anchored only in this file's own article "
                             f"({ns.qname(article)}); give kg:start and kg:end for a span in another article."))
            continue
        quote = Quote(parts[EXACT].object.value,
                      *(_value(parts.get(p)) for p in (PREFIX, SUFFIX)))
        found = place(quote)
        drop.update(parts.values())
        if found is None:
            continue
        out.extend(_span(node, article_node, text, *found, parts[EXACT].graph_name))
    if problems:
        raise InputError(_message(problems, shown, text_shown))
    return [q for q in quads if q not in drop] + out


def anchor_standalone(quads: list[ox.Quad], shown: str, source: bytes | str | None = None) -> list[ox.Quad]:
    """Anchor the quotes of a file that carries its own article text (`ART kg:text "…"`), as the
    shape examples do; a file with no text, or several, is left as it is."""
    texts = [q for q in quads if q.predicate == KG_TEXT and isinstance(q.object, ox.Literal)]
    if len(texts) != 1:
        return quads
    article = texts[0].subject.value
    return anchor(quads, article, texts[0].object.value, shown, f"the kg:text of {ns.qname(article)}", source)


def _plain(term: object) -> bool:
    return isinstance(term, ox.Literal) and term.datatype == XSD_STRING and not term.language


def _value(quad: ox.Quad | None) -> str:
    return quad.object.value if quad is not None and isinstance(quad.object, ox.Literal) else ""


def _unanchored(quads: list[ox.Quad]) -> dict[object, dict[ox.NamedNode, ox.Quad]]:
    """Blank spans written as a quote: a kg:exact, and neither kg:start nor kg:end."""
    by_node: dict[object, dict[ox.NamedNode, ox.Quad]] = {}
    for quad in quads:
        if quad.predicate in (EXACT, PREFIX, SUFFIX, IN_ARTICLE, START, END) and isinstance(quad.subject, ox.BlankNode):
            by_node.setdefault(quad.subject, {})[quad.predicate] = quad
    return {node: parts for node, parts in by_node.items()
            if EXACT in parts and START not in parts and END not in parts and _plain(parts[EXACT].object)}


def _span(node: object, article: ox.NamedNode, text: str, start: int, end: int, graph: object) -> list[ox.Quad]:
    return [ox.Quad(node, IN_ARTICLE, article, graph),
            ox.Quad(node, START, ox.Literal(str(start), datatype=XSD_INTEGER), graph),
            ox.Quad(node, END, ox.Literal(str(end), datatype=XSD_INTEGER), graph),
            ox.Quad(node, EXACT, ox.Literal(text[start:end]), graph)]


def _problem(quote: Quote, found: list[tuple[int, int]], flat: FlatText) -> str:
    if not found:
        return f"{quote.written()} is not in the text{_nearest(quote, flat)}."
    places = "; ".join(flat.place(start) for start, _ in found[:SHOWN_PLACES])
    more = f"; and {len(found) - SHOWN_PLACES} more" if len(found) > SHOWN_PLACES else ""
    hint = _distinguish(quote, found[0], flat)
    return (f"{quote.written()} occurs {len(found)} times in the text ({places}{more}); say which"
            f"{', e.g. for the first: ' + hint if hint else ' with kg:prefix or kg:suffix'}.")


def _nearest(quote: Quote, flat: FlatText) -> str:
    """Where the longest beginning of the quote is found, and what the text has after it."""
    words = flatten(quote.prefix + quote.exact)
    low, high = 0, len(words)
    while low < high:  # the longest beginning of the quote that the text contains
        middle = (low + high + 1) // 2
        if words[:middle] in flat.flat:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return "; copy the words exactly as the text has them"
    at = flat.flat.find(words[:low])
    start, _ = flat.span(at, low)
    has = flat.flat[at + low: at + low + 12]
    wants = words[low: low + 12]
    return (f": the text has {words[:low][-30:]!r} at {flat.place(start)}, then {has!r} where the "
            f"quote has {wants!r}")


def _distinguish(quote: Quote, first: tuple[int, int], flat: FlatText) -> str:
    """The shortest prefix, else suffix (whole words, up to 40 characters), that makes the first
    place unique."""
    start, end = first
    text = flat.text
    for width in range(1, 41):
        if start - width < 0:
            break
        if width < 40 and start - width > 0 and not text[start - width - 1].isspace():
            continue
        candidate = Quote(quote.exact, text[start - width:start], quote.suffix)
        if len(candidate.locate(flat)) == 1:
            return candidate.written()
    for width in range(1, 41):
        if end + width > len(text):
            break
        if width < 40 and end + width < len(text) and not text[end + width].isspace():
            continue
        candidate = Quote(quote.exact, quote.prefix, text[end:end + width])
        if len(candidate.locate(flat)) == 1:
            return candidate.written()
    return ""


class _Source:
    """The Turtle text, to say on which line a quote is written."""

    def __init__(self, source: bytes | str | None) -> None:
        if isinstance(source, bytes):
            source = source.decode("utf-8", errors="replace")
        self.text = source or ""
        self.reported: dict[str, int] = {}  # where the last line given for each words was found

    def line_of(self, quote: Quote) -> int | None:
        """The line of the next place these words are written, not yet given: the same wrong
        quote on three lines is reported on each of the three."""
        for needle in (_turtle(quote.exact), quote.exact):
            if not needle:
                continue
            at = self.text.find(needle, self.reported.get(needle, -1) + 1)
            if at == -1:
                at = self.text.find(needle)  # more problems than places (one written quote, two uses)
            if at != -1:
                self.reported[needle] = at
                return self.text.count("\n", 0, at) + 1
        return None


def _message(problems: list[tuple[int | None, str]], shown: str, text_shown: str) -> str:
    problems.sort(key=lambda p: (p[0] is None, p[0] or 0))
    count = len(problems)
    lines = [f"{shown}: {count} quote{'s' if count != 1 else ''} cannot be anchored in {text_shown}:"]
    for line, problem in problems[:20]:
        lines.append(f"  {'line ' + str(line) if line else 'quote'}: {problem}")
    if count > 20:
        lines.append(f"  and {count - 20} more.")
    lines.append("Fix the quotes and run again.")
    return "\n".join(lines)
