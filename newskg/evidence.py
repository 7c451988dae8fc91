"""The evidence check `kg validate` always runs beside SHACL: every span's text must be the
article's text at its offsets, and must point into an article its subject is sourced from.

It runs on the pyoxigraph store the shapes ran on (one article with what it depends on), and
lives in Python rather than in a SHACL-SPARQL constraint because comparing a span with a slice
of a text of thousands of characters is what Python does best; the rule is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from . import namespaces as ns

SPAN_MATCHES_TEXT = "kgsh:SpanMatchesText"
EVIDENCE_IN_SOURCE = "kgsh:EvidenceInSourceArticle"

KG_TEXT = ox.NamedNode(ns.KG + "text")
KG_SOURCE = ox.NamedNode(ns.KG + "source")
IN_ARTICLE = ox.NamedNode(ns.KG + "inArticle")
START, END, EXACT = (ox.NamedNode(ns.KG + name) for name in ("start", "end", "exact"))
SPAN_PROPERTIES = (ox.NamedNode(ns.KG + "evidence"), ox.NamedNode(ns.KG + "factualityCue"))
INTEGERS = {ns.XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "negativeInteger",
    "nonPositiveInteger")}

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class SpanProblem:
    owner: Term
    prop: str
    span: Term
    constraint: str
    message: str
    value: str | None


def _value(store: ox.Store, subject: Term, predicate: ox.NamedNode) -> Term | None:
    quad = next(store.quads_for_pattern(subject, predicate, None), None)
    return None if quad is None else quad.object


def _int(term: Term | None) -> int | None:
    if isinstance(term, ox.Literal) and term.datatype.value in INTEGERS:
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def check_span(store: ox.Store, span: Term, texts: dict[Term, str]) -> tuple[str, str] | None:
    """None when the span is right; else (message, text actually found at the offsets)."""
    if isinstance(span, ox.Literal):
        return None  # not a span at all: the shapes say so (kgsh:TextSpanShape)
    article = _value(store, span, IN_ARTICLE)
    start, end = _int(_value(store, span, START)), _int(_value(store, span, END))
    exact = _value(store, span, EXACT)
    if article is None or start is None or end is None or exact is None or end <= start or start < 0:
        return None  # malformed spans are the shapes' business (kgsh:TextSpanShape)
    text = texts.get(article)
    if text is None:
        return None  # an article without text is reported by kgsh:ArticleShape
    found = text[start:end]
    if end > len(text):
        return (f"Span {start}-{end} runs past the end of the article text "
                f"({len(text)} characters).", found)
    if found != exact.value:
        return (f"Span text does not match the article: at {start}-{end} the article has "
                f"\"{found}\", not \"{exact.value}\"; fix kg:start/kg:end or kg:exact.", found)
    return None


def span_problems(store: ox.Store) -> Iterator[SpanProblem]:
    """Every wrong span in the store (all its graphs as one)."""
    texts = {quad.subject: quad.object.value for quad in store.quads_for_pattern(None, KG_TEXT, None)
             if isinstance(quad.object, ox.Literal)}
    for prop in SPAN_PROPERTIES:
        for quad in store.quads_for_pattern(None, prop, None):
            owner, span = quad.subject, quad.object
            wrong = check_span(store, span, texts)
            if wrong:
                yield SpanProblem(owner, prop.value, span, SPAN_MATCHES_TEXT, wrong[0], wrong[1])
            sources = {q.object for q in store.quads_for_pattern(owner, KG_SOURCE, None)}
            article = None if isinstance(span, ox.Literal) else _value(store, span, IN_ARTICLE)
            if sources and isinstance(article, ox.NamedNode) and article not in sources:
                yield SpanProblem(
                    owner, prop.value, span, EVIDENCE_IN_SOURCE,
                    f"Evidence points into article {ns.qname(article.value)}, which is not among "
                    "its kg:source articles; add that kg:source or fix kg:inArticle.",
                    ns.qname(article.value),
                )
