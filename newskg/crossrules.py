"""The rules no single article can be checked for alone, run as SPARQL over the whole store.

`kg validate` checks each article with the ontology and the shared entities (see validation);
what depends on every file at once is asked of the store, where each file is its named graph:

- kgsh:source, kgsh:evidence (the shapes' own rules, for shared entities): an actor or place of
  graph/entities.ttl must be sourced and evidenced by some article. The shapes ask it of each
  node; for a shared entity the answer lies in the articles, so it is asked here, of them all.
- kgsh:DefinedSomewhere: an entity or article node (ent:…, art:…) that an article uses, as
  subject or value, has an rdf:type in some file. Asked per article (validation.undefined), with
  what `imports` brings it: every node of another article it refers to that has a type there,
  so what is still untyped is typed nowhere. Found there, it is cached with the article's check.
- kgsh:DefinedOnce: one id, one definition. A node given its rdfs:label in two files (an article
  that defines ent:x, which graph/entities.ttl defines too; two articles defining one id) is
  named in every file but the first, whether or not the labels agree.
- `imports`: an article that refers to a node another article defines (an event it responds
  to, the article a span points into) is checked with that node's description, as when the whole
  graph was checked at once; the description is part of the digest its cached result is kept by.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from . import namespaces as ns

DEFINED_ONCE = "kgsh:DefinedOnce"
PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ns.PREFIXES.items())
SHARED = (ns.ONTOLOGY_GRAPH, ns.ENTITIES_GRAPH)


@dataclass(frozen=True)
class Finding:
    """One cross-file violation, its file given as the named graph it was found in."""

    graph: str
    focus: str
    path: str | None
    value: str | None
    message: str
    constraint: str


def _scope(graph: str | None, variable: str = "?g") -> str:
    return f"VALUES {variable} {{ <{graph}> }}" if graph else ""


def _among(graphs: Iterable[str] | None, *variables: str) -> str:
    """Each variable kept to the graphs (the files being validated: the store may also hold
    imported datasets, which are neither checked here nor allowed to slow the check)."""
    if graphs is None:
        return ""
    values = " ".join(f"<{g}>" for g in graphs)
    return " ".join(f"VALUES {variable} {{ {values} }}" for variable in variables)


def unsourced(store: ox.Store, targets: dict[str, tuple[list[str], str]],
              shown: dict[str, str]) -> list[Finding]:
    """Shared nodes (typed in the ontology or entities graph) of the classes a sourcing shape
    targets, with no value for its property in any graph. `targets`: constraint id →
    (target classes, message); the constraint id names the property (kgsh:source → kg:source)."""
    found = []
    for constraint, (classes, message) in sorted(targets.items()):
        if not classes:
            continue
        prop = ns.KG + constraint.removeprefix("kgsh:")
        values = " ".join(f"<{c}>" for c in classes)
        query = PREFIXES + f"""
            SELECT DISTINCT ?x ?g WHERE {{
                VALUES ?g {{ <{ns.ONTOLOGY_GRAPH}> <{ns.ENTITIES_GRAPH}> }}
                VALUES ?target {{ {values} }}
                GRAPH ?g {{ ?x a ?type }}
                ?type rdfs:subClassOf* ?target .
                FILTER NOT EXISTS {{ GRAPH ?any {{ ?x <{prop}> ?v }} }}
            }}"""
        for row in store.query(query, use_default_graph_as_union=True):
            found.append(Finding(row["g"].value, _show(row["x"]), ns.qname(prop), None, message,
                                 constraint))
    return found


def _order(graph: str) -> tuple[int, str]:
    return (SHARED.index(graph) if graph in SHARED else len(SHARED), graph)


def defined_twice(store: ox.Store, shown: dict[str, str], graph: str | None = None,
                  among: Iterable[str] | None = None) -> list[Finding]:
    """Nodes given an rdfs:label in more than one file (of `among`, else of any graph): named
    in each file but the first."""
    query = PREFIXES + f"""
        SELECT ?x ?g ?label WHERE {{
            {{ SELECT ?x WHERE {{ {_scope(graph, "?in") or _among(among, "?in")} GRAPH ?in {{ ?x rdfs:label ?any }}
                                 {_among(among, "?other")} GRAPH ?other {{ ?x rdfs:label ?l }} FILTER (?other != ?in) }}
               GROUP BY ?x }}
            {_among(among, "?g")} GRAPH ?g {{ ?x rdfs:label ?label }}
        }}"""
    labels: dict[object, dict[str, list[str]]] = {}
    for row in store.query(query, use_default_graph_as_union=False):
        labels.setdefault(row["x"], {}).setdefault(row["g"].value, []).append(row["label"].value)
    found = []
    for node, by_graph in labels.items():
        first, *others = sorted(by_graph, key=_order)
        for other in others:
            if graph is not None and other != graph:
                continue
            found.append(Finding(
                other, _show(node), "rdfs:label", ", ".join(sorted(by_graph[other])),
                f"Also defined in {shown.get(first, ns.qname(first))} (as "
                f"{', '.join(repr(label) for label in sorted(by_graph[first]))}): an id is defined "
                "once, a shared actor or place in graph/entities.ttl and an article's own nodes in "
                "its file; remove this definition and refer to that one, or use another id.",
                DEFINED_ONCE))
    return found


def imports(store: ox.Store, graphs: Iterable[str] | None = None,
            among: Iterable[str] | None = None) -> dict[str, str]:
    """Per graph, the description (as N-Triples) of the nodes it refers to that another article
    defines (gives an rdf:type): their triples in that article, blank nodes followed. Graphs
    that refer to no other article's nodes are left out. `among`: the graphs to look in (the
    files being validated), else all."""
    scope = _among(graphs, "?g") or _among(among, "?g")
    query = f"""
        SELECT DISTINCT ?g ?x ?h WHERE {{
            {scope} {_among(among, "?h")}
            GRAPH ?h {{ ?x a ?t }}
            FILTER (?h NOT IN (<{ns.ONTOLOGY_GRAPH}>, <{ns.ENTITIES_GRAPH}>))
            GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }}
            FILTER (?g != ?h)
        }}"""
    wanted: dict[str, set[tuple[ox.NamedNode, ox.NamedNode]]] = {}
    for row in store.query(query, use_default_graph_as_union=False):
        wanted.setdefault(row["g"].value, set()).add((row["x"], row["h"]))
    found = {}
    for graph, nodes in wanted.items():
        triples: set[ox.Triple] = set()
        for node, home in nodes:
            triples |= describe(store, node, home)
        found[graph] = "".join(sorted(f"{t} .\n" for t in triples))
    return found


def describe(store: ox.Store, node: ox.NamedNode | ox.BlankNode, graph: ox.NamedNode) -> set[ox.Triple]:
    """The triples about `node` in `graph`, and about the blank nodes they lead to."""
    triples, todo, seen = set(), [node], {node}
    while todo:
        subject = todo.pop()
        for quad in store.quads_for_pattern(subject, None, None, graph):
            triples.add(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.BlankNode) and quad.object not in seen:
                seen.add(quad.object)
                todo.append(quad.object)
    return triples


def _show(term: object) -> str:
    return ns.qname(term.value) if isinstance(term, ox.NamedNode) else str(term)
