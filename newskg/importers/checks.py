"""The shapes as they apply to a dataset's graph: a source record where an article's fact has a
text span, every other shape as it stands (see the note in ontology/shapes.ttl)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .. import namespaces as ns
from ..layout import Layout
from ..sources import parse_turtle

DEACTIVATED = (f"{ns.KGSH}source", f"{ns.KGSH}evidence", f"{ns.KGSH}TimeGrounded")
ACTIVATED = (f"{ns.KGSH}RecordedShape",)
DEACTIVATED_PROPERTY = ox.NamedNode(ns.SH + "deactivated")


def dataset_shapes(shapes: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The shapes with the article's provenance shapes turned off and the record's on."""
    kept = [q for q in shapes if not (q.predicate == DEACTIVATED_PROPERTY and q.subject.value in ACTIVATED)]
    true = ox.Literal("true", datatype=ox.NamedNode(ns.XSD + "boolean"))
    return kept + [ox.Quad(ox.NamedNode(shape), DEACTIVATED_PROPERTY, true) for shape in DEACTIVATED]


def check(layout: Layout, quads: Iterable[ox.Quad]) -> list:
    """pySHACL's results for a dataset graph's quads, with the ontology and CAMEO codes."""
    from ..shacl import run_shapes, shapes_graph

    store = ox.Store()
    for path in (layout.ontology, layout.ontology.with_name("cameo.ttl")):
        store.extend(parse_turtle(path, layout.relative(path)))
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    shapes = parse_turtle(layout.shapes, layout.relative(layout.shapes))
    return run_shapes(store, shapes_graph(dataset_shapes(shapes)))
