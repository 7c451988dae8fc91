"""pySHACL run over pyoxigraph: the data in an Oxigraph store, the shapes in rdflib.

pySHACL (0.40 on) takes a pyoxigraph Store as the data graph and answers the SHACL-SPARQL
constraints with Oxigraph's engine. It reads the shapes graph through rdflib, so the shapes file
is parsed by pyoxigraph (the project's one Turtle loader, with its error messages) and handed
over as an rdflib Graph: the only rdflib graph in validation.

Three things keep it fast, measured on the shipped article (CPU per check, see the README):
- `_OxigraphData`: pySHACL writes `datagraph or shapes` for every result it makes, which on an
  Oxigraph store runs a COUNT query over the whole store each time (10 s instead of 0.4 s).
- `lean_results`: pySHACL writes a text description and generic messages for every result,
  also for the sh:or / sh:xone branches it then throws away; the CLI reads neither (every
  constraint that reports has its own sh:message). Turned off while our checks run, restored after.
- `_Parameters`: pySHACL looks each shape's properties up in a list of constraint parameters,
  comparing rdflib terms one by one, every time it evaluates a shape; looked up in a set instead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from . import namespaces as ns

SH = Namespace(ns.SH)


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """One pyoxigraph term as rdflib's. A plain string keeps its xsd:string datatype, as Oxigraph
    gives it in the data: so `sh:in ("a")` and `sh:hasValue "a"` match data values "a"."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The inverse of rdflib_term, for terms pySHACL reports (focus nodes, values)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def shapes_graph(shapes: list[ox.Quad]) -> Graph:
    """The shapes (parsed by pyoxigraph) as the rdflib Graph pySHACL reads them from."""
    graph = Graph(store="SimpleMemory")
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    for quad in shapes:
        graph.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return graph


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, its nodes as pyoxigraph terms of the data store."""

    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: str | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    message: str
    severity: str
    constraint: str
    component: str


def _data_graph(store: ox.Store):  # -> pyshacl's OxigraphDataGraph
    from pyshacl.graph_abstraction import OxigraphDataGraph

    class _OxigraphData(OxigraphDataGraph):
        def __bool__(self) -> bool:  # never empty for `datagraph or shapes`: no COUNT query
            return True

    return _OxigraphData(store)


def _generic_message_classes() -> list[type]:
    from pyshacl.constraints.constraint_component import ConstraintComponent

    found, todo = [], [ConstraintComponent]
    while todo:
        cls = todo.pop()
        if "make_generic_messages" in cls.__dict__:
            found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


class _Parameters(list):
    """pySHACL's list of constraint parameters, which it searches once per shape property for
    every shape evaluated (a third of the time of a check, comparing rdflib terms): the same
    list, searched through a set."""

    def __init__(self, items: list) -> None:
        super().__init__(items)
        self._set = frozenset(items)

    def __contains__(self, item: object) -> bool:
        return item in self._set


@contextmanager
def lean_results() -> Iterator[None]:
    """No report text, generic messages or rdflib's literal warnings while pySHACL runs, and
    its constraint parameters searched through a set; all restored afterwards."""
    import pyshacl.shape as shape_module
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
    from pyshacl.constraints.constraint_component import ConstraintComponent

    parameters = shape_module.__dict__.get("CONSTRAINT_PARAMS")
    shape_module.CONSTRAINT_PARAMS = (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    saved = [(cls, cls.__dict__["make_generic_messages"]) for cls in _generic_message_classes()]
    describe = ConstraintComponent.__dict__["make_v_result_description"]
    ConstraintComponent.make_v_result_description = lambda self, *args, **kwargs: ""
    for cls, _ in saved:
        cls.make_generic_messages = lambda self, *args, **kwargs: []
    # rdflib logs a traceback for an ill-typed literal ("abc"^^xsd:integer) when pySHACL turns
    # it into an rdflib term; it is no crash, and the shapes report the value (sh:datatype).
    terms = logging.getLogger("rdflib.term")
    level = terms.level
    terms.setLevel(logging.ERROR)
    compares = _comparisons()
    for cls, name, method in compares:
        setattr(cls, name, _incomparable_is_a_result(method))
    try:
        yield
    finally:
        terms.setLevel(level)
        for cls, name, method in compares:
            setattr(cls, name, method)
        if parameters is None:
            del shape_module.CONSTRAINT_PARAMS
        else:
            shape_module.CONSTRAINT_PARAMS = parameters
        ConstraintComponent.make_v_result_description = describe
        for cls, method in saved:
            cls.make_generic_messages = method


def _comparisons() -> list[tuple[type, str, object]]:
    from pyshacl.constraints.core.property_pair_constraints import (
        LessThanConstraintComponent,
        LessThanOrEqualsConstraintComponent,
    )

    return [(LessThanConstraintComponent, "_compare_lt", LessThanConstraintComponent.__dict__["_compare_lt"]),
            (LessThanOrEqualsConstraintComponent, "_compare_ltoe",
             LessThanOrEqualsConstraintComponent.__dict__["_compare_ltoe"])]


def _incomparable_is_a_result(compare):
    """sh:lessThan(OrEquals), pair by pair: two values that cannot be compared (an ill-typed
    "None"^^xsd:date) are a validation result, as SHACL says (section 4.5.3), where pySHACL
    raises TypeError from rdflib's comparison."""

    def pairwise(self, value_nodes, compare_values, datagraph, focus):
        failed, reports = False, []
        for value in value_nodes:
            for other in compare_values:
                try:
                    bad, found = compare(self, [value], [other], datagraph, focus)
                except TypeError:
                    bad, found = True, [self.make_v_result(datagraph, focus, value_node=value)]
                failed |= bad
                reports += found
        return failed, reports

    return pairwise


def _constraint_id(result: Node, results: Graph) -> str:
    """The name tests and users refer to a constraint by: its IRI, else path and component."""
    for prop in (SH.sourceConstraint, SH.sourceShape):
        named = results.value(result, prop)
        if isinstance(named, URIRef):
            return ns.qname(str(named))
    path = results.value(result, SH.resultPath)
    return f"{ns.qname(str(path)) if isinstance(path, URIRef) else 'path'} {_component(result, results)}"


def _component(result: Node, results: Graph) -> str:
    component = str(results.value(result, SH.sourceConstraintComponent))
    return component.removeprefix(ns.SH).removesuffix("ConstraintComponent")


def _path(path: Node | None, results: Graph) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return ns.qname(str(path))
    inverse = results.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return "^" + ns.qname(str(inverse))
    return "[path]"


def run_shapes(store: ox.Store, shapes: Graph) -> list[Result]:
    """Every SHACL result for the data in `store` (all its graphs as one)."""
    from pyshacl import validate

    with lean_results():
        _, results, _ = validate(_data_graph(store), shacl_graph=shapes, inference="none",
                                 allow_warnings=True, advanced=False)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        value = results.value(result, SH.value)
        found.append(Result(
            focus=ox_term(results.value(result, SH.focusNode)),
            path=_path(results.value(result, SH.resultPath), results),
            value=None if value is None else ox_term(value),
            message=str(results.value(result, SH.resultMessage) or ""),
            severity=str(results.value(result, SH.resultSeverity)).removeprefix(ns.SH),
            constraint=_constraint_id(result, results),
            component=_component(result, results),
        ))
    return found
