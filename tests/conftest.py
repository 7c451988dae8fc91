"""Shared fixtures: the shipped graph, loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from newskg import namespaces as ns
from newskg.layout import Layout, find_layout
from newskg.store import open_store

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def layout() -> Layout:
    return find_layout(PROJECT)


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    """One pyoxigraph term as rdflib builds it from Turtle (plain strings without a datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == ns.XSD + "string" else URIRef(datatype))


def rdflib_dataset(layout: Layout) -> Dataset:
    """The data root as rdflib named graphs, for tests that query it with rdflib (the project
    itself reads it with pyoxigraph only)."""
    store = open_store(layout)
    dataset = Dataset()
    for quad in store.raw:
        dataset.graph(URIRef(quad.graph_name.value)).add(
            (rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    store.close()
    return dataset


@pytest.fixture(scope="session")
def shipped(layout: Layout) -> Graph:
    """The ontology, entities and every article as one graph."""
    merged = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        merged.bind(prefix, namespace)
    for context in rdflib_dataset(layout).graphs():
        for triple in context:
            merged.add(triple)
    return merged


FIRST_ARTICLE = "000_4751dd8fe703f37b"


@pytest.fixture(scope="session")
def first_article(layout: Layout) -> Graph:
    """The ontology, the entities and the first article alone, as one graph: for questions about
    that article whose answers would otherwise also count the others'."""
    keep = {URIRef(ns.ONTOLOGY_GRAPH), URIRef(ns.ENTITIES_GRAPH), URIRef(ns.article_iri(FIRST_ARTICLE))}
    merged = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        merged.bind(prefix, namespace)
    for context in rdflib_dataset(layout).graphs():
        if context.identifier in keep:
            for triple in context:
                merged.add(triple)
    return merged


@pytest.fixture(scope="session")
def first_article_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data root holding the ontology, the entities and the first article only."""
    root = tmp_path_factory.mktemp("first-article") / "root"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(PROJECT / folder, root / folder)
    for path in (root / "graph" / "articles").iterdir():
        if path.stem != FIRST_ARTICLE:
            path.unlink()
    return root


@pytest.fixture
def only_first_article(first_article_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Commands in the test read the first article alone (NEWSKG_ROOT)."""
    monkeypatch.setenv("NEWSKG_ROOT", str(first_article_root))
    return first_article_root


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A writable copy of the shipped ontology and graph, for tests that break it."""
    root = tmp_path / "root"
    for folder in ("ontology", "graph", "queries"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, root / folder)
    return root


@pytest.fixture
def offsets_root(data_root: Path) -> Path:
    """The data root with the first article's encoding as it was written with offsets (the
    shipped one quotes the text instead): for tests of spans whose text has changed."""
    name = "000_4751dd8fe703f37b.ttl"
    shutil.copy(PROJECT / "tests" / "authoring" / name.replace(".ttl", ".offsets.ttl"),
                data_root / "graph" / "articles" / name)
    return data_root
