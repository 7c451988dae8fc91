"""Reading the Turtle sources into rdflib graphs, with errors that name the file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from . import namespaces as ns
from .errors import InputError
from .layout import Article, Layout
from .loading_text import read_article_text

KG = Namespace(ns.KG)


def parse_turtle(path: Path, shown_as: str | None = None, into: Graph | None = None) -> Graph:
    """Parse one Turtle file; a syntax error names the file and line, never a traceback."""
    shown = shown_as or str(path)
    graph = into if into is not None else Graph()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{shown}: cannot read ({error.strerror}).") from error
    try:
        graph.parse(data=data, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise InputError(
            f"{shown}, line {error.lines + 1}: Turtle syntax error: {error._why}. "
            "Fix the file and run again."
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"{shown}: not valid Turtle: {error}.") from error
    return graph


@dataclass
class LoadedGraph:
    """The whole graph as named graphs, plus which file each subject was written in."""

    dataset: Dataset
    origin: dict[URIRef | BNode, str] = field(default_factory=dict)

    def union(self) -> Graph:
        """All named graphs in one rdflib Graph, as SHACL sees the data."""
        merged = Graph()
        for prefix, namespace in ns.PREFIXES.items():
            merged.bind(prefix, namespace)
        for context in self.dataset.graphs():
            for triple in context:
                merged.add(triple)
        return merged


def _load_into(loaded: LoadedGraph, path: Path, graph_iri: str, layout: Layout) -> Graph:
    shown = layout.relative(path)
    graph = parse_turtle(path, shown, into=loaded.dataset.graph(URIRef(graph_iri)))
    for subject in set(graph.subjects()):
        loaded.origin.setdefault(subject, shown)
    return graph


def load_article(loaded: LoadedGraph, article: Article, layout: Layout) -> None:
    """An article's encoding becomes its own named graph; its text is attached as kg:text."""
    iri = URIRef(ns.article_iri(article.article_id))
    graph = _load_into(loaded, article.encoding, str(iri), layout)
    shown = layout.relative(article.encoding)
    if (iri, RDF.type, KG.NewsArticle) not in graph:
        raise InputError(
            f"{shown}: describes no article {ns.qname(str(iri))}; an article file must declare "
            f"`{ns.qname(str(iri))} a kg:NewsArticle`, named after the file."
        )
    text = read_article_text(article, layout.relative(article.text))
    graph.add((iri, KG.text, Literal(text)))


def load_graph(layout: Layout) -> LoadedGraph:
    """Ontology, shared entities and every article, each in its own named graph."""
    loaded = LoadedGraph(Dataset())
    for prefix, namespace in ns.PREFIXES.items():
        loaded.dataset.bind(prefix, namespace)
    _load_into(loaded, layout.ontology, ns.ONTOLOGY_GRAPH, layout)
    _load_into(loaded, layout.entities, ns.ENTITIES_GRAPH, layout)
    for article in layout.articles():
        load_article(loaded, article, layout)
    return loaded
