"""The graph as rdflib objects, for pySHACL: the same files, read and checked by `sources`.

Turtle is parsed once, by pyoxigraph (see sources: it does not recurse and rejects bad IRIs);
this module only turns its quads into rdflib terms, so both loaders see the same graph and
report a broken file with the same message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from . import namespaces as ns
from .layout import Layout
from .sources import load_turtle, read_sources

XSD_STRING = ns.XSD + "string"


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """One pyoxigraph term as rdflib builds it from Turtle (plain strings without a datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def add_quads(graph: Graph, quads: Iterable[ox.Quad]) -> Graph:
    # rdflib logs a traceback for an ill-typed literal ("abc"^^xsd:integer); it is no crash,
    # and the shapes report the value (sh:datatype), so keep the traceback off the terminal.
    terms = logging.getLogger("rdflib.term")
    level = terms.level
    terms.setLevel(logging.ERROR)
    try:
        for quad in quads:
            graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate),
                       rdflib_term(quad.object)))
    finally:
        terms.setLevel(level)
    return graph


def parse_turtle(path: Path, shown_as: str | None = None, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; a broken file names the file and line, never a traceback."""
    store = ox.Store()
    load_turtle(store, path, shown_as or str(path))
    graph = into if into is not None else _bound(Graph())
    return add_quads(graph, store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def _bound(graph: Graph) -> Graph:
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


@dataclass
class LoadedGraph:
    """The whole graph as named graphs, plus which file each subject was written in."""

    dataset: Dataset
    origin: dict[URIRef | BNode, str] = field(default_factory=dict)

    def union(self) -> Graph:
        """All named graphs in one rdflib Graph, as SHACL sees the data."""
        merged = _bound(Graph())
        for context in self.dataset.graphs():
            for triple in context:
                merged.add(triple)
        return merged


def load_graph(layout: Layout) -> LoadedGraph:
    """Ontology, shared entities and every article, each in its own named graph."""
    sources = read_sources(layout)
    loaded = LoadedGraph(_bound(Dataset()))
    for turtle in sources.files:
        name = ox.NamedNode(turtle.graph)
        graph = add_quads(loaded.dataset.graph(URIRef(turtle.graph)),
                          sources.store.quads_for_pattern(None, None, None, name))
        for subject in set(graph.subjects()):
            loaded.origin.setdefault(subject, turtle.shown)
    return loaded
