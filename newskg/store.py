"""The fast, read-only store for queries and lookups: pyoxigraph, parsed fresh on every run.

Parsing the whole graph takes milliseconds, so there is no cache to go stale; rdflib, pyshacl
and networkx are not imported on this path.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError
from .layout import Layout
from .loading_text import read_article_text


def _load(store: ox.Store, path: Path, graph: str, layout: Layout) -> None:
    shown = layout.relative(path)
    try:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                   to_graph=ox.NamedNode(graph))
    except FileNotFoundError as error:
        raise InputError(f"{shown}: not found.") from error
    except SyntaxError as error:
        raise InputError(
            f"{shown}: Turtle syntax error: {str(error).split(' (', 1)[0]}. Fix the file and run again."
        ) from error


def open_store(layout: Layout) -> ox.Store:
    """Ontology, entities and articles in their named graphs, each article with its kg:text."""
    store = ox.Store()
    _load(store, layout.ontology, ns.ONTOLOGY_GRAPH, layout)
    _load(store, layout.entities, ns.ENTITIES_GRAPH, layout)
    for article in layout.articles():
        iri = ns.article_iri(article.article_id)
        _load(store, article.encoding, iri, layout)
        text = read_article_text(article, layout.relative(article.text))
        store.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode(ns.KG + "text"), ox.Literal(text),
                          ox.NamedNode(iri)))
    return store
