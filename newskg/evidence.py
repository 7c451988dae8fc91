"""The evidence check `kg validate` always runs beside SHACL: every span's text must be the
article's text at its offsets, and must point into an article its subject is sourced from.

It lives in Python rather than in a SHACL-SPARQL constraint because the SPARQL form costs
seconds per hundred spans in rdflib; the rule is the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from . import namespaces as ns

KG = Namespace(ns.KG)

SPAN_MATCHES_TEXT = "kgsh:SpanMatchesText"
EVIDENCE_IN_SOURCE = "kgsh:EvidenceInSourceArticle"


@dataclass(frozen=True)
class SpanProblem:
    owner: Node
    prop: URIRef
    span: Node
    constraint: str
    message: str
    value: str | None


def _int(value: Node | None) -> int | None:
    if isinstance(value, Literal) and isinstance(value.toPython(), int):
        return value.toPython()
    return None


def check_span(graph: Graph, span: Node, texts: dict[Node, str]) -> tuple[str, str] | None:
    """None when the span is right; else (message, text actually found at the offsets)."""
    article = graph.value(span, KG.inArticle)
    start, end = _int(graph.value(span, KG.start)), _int(graph.value(span, KG.end))
    exact = graph.value(span, KG.exact)
    if article is None or start is None or end is None or exact is None or end <= start or start < 0:
        return None  # malformed spans are the shapes' business (kgsh:TextSpanShape)
    text = texts.get(article)
    if text is None:
        return None  # an article without text is reported by kgsh:ArticleShape
    found = text[start:end]
    if end > len(text):
        return (f"Span {start}-{end} runs past the end of the article text "
                f"({len(text)} characters).", found)
    if found != str(exact):
        return (f"Span text does not match the article: at {start}-{end} the article has "
                f"\"{found}\", not \"{exact}\"; fix kg:start/kg:end or kg:exact.", found)
    return None


def span_problems(graph: Graph) -> Iterator[SpanProblem]:
    texts = {article: str(text) for article, text in graph.subject_objects(KG.text)}
    for prop in (KG.evidence, KG.factualityCue):
        for owner, span in graph.subject_objects(prop):
            wrong = check_span(graph, span, texts)
            if wrong:
                yield SpanProblem(owner, prop, span, SPAN_MATCHES_TEXT, wrong[0], wrong[1])
            sources = set(graph.objects(owner, KG.source))
            article = graph.value(span, KG.inArticle)
            if sources and isinstance(article, URIRef) and article not in sources:
                yield SpanProblem(
                    owner, prop, span, EVIDENCE_IN_SOURCE,
                    f"Evidence points into article {ns.qname(str(article))}, which is not among "
                    "its kg:source articles; add that kg:source or fix kg:inArticle.",
                    ns.qname(str(article)),
                )
