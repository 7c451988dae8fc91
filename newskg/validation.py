"""SHACL validation of the whole graph, reported in terms a person can act on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.term import Node

from . import namespaces as ns
from .errors import InputError
from .evidence import span_problems
from .layout import Layout
from .loading import load_graph, parse_turtle

SH = Namespace(ns.SH)


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    constraint: str
    file: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int

    def constraints(self) -> set[str]:
        return {violation.constraint for violation in self.violations}


def _show(term: Node | None, data: Graph) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ns.qname(str(term))
    if isinstance(term, BNode):
        return _describe_blank(term, data)
    return str(term)


def _describe_blank(node: BNode, data: Graph, depth: int = 0) -> str:
    """A blank node as the path from the named node that owns it: `this:x / kg:time`."""
    for subject, predicate in data.subject_predicates(node):
        if depth > 6:
            break
        owner = (
            _describe_blank(subject, data, depth + 1)
            if isinstance(subject, BNode)
            else ns.qname(str(subject))
        )
        return f"{owner} / {ns.qname(str(predicate))}"
    return "[blank node]"


def _owner_file(node: Node, data: Graph, origin: dict) -> str | None:
    seen = set()
    while isinstance(node, BNode) and node not in origin and node not in seen:
        seen.add(node)
        owner = next(data.subjects(object=node), None)
        if owner is None:
            break
        node = owner
    return origin.get(node)


def _constraint_id(result: Node, results: Graph) -> str:
    """The name tests and users refer to a constraint by: its IRI, else path and component."""
    for prop in (SH.sourceConstraint, SH.sourceShape):
        named = results.value(result, prop)
        if isinstance(named, URIRef):
            return ns.qname(str(named))
    path = results.value(result, SH.resultPath)
    component = str(results.value(result, SH.sourceConstraintComponent))
    component = component.removeprefix(ns.SH).removesuffix("ConstraintComponent")
    return f"{ns.qname(str(path)) if isinstance(path, URIRef) else 'path'} {component}"


def validate_graph(data: Graph, shapes: Graph, origin: dict | None = None) -> Report:
    """Run the shapes and the evidence check over `data`, which must include the ontology
    (SHACL finds instances of subclasses through its rdfs:subClassOf triples)."""
    from pyshacl import validate as shacl_validate

    origin = origin or {}
    _, results, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=False
    )
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=_show(focus, data) or "",
                path=_show(results.value(result, SH.resultPath), data),
                value=_show(results.value(result, SH.value), data),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(severity).removeprefix(ns.SH),
                constraint=_constraint_id(result, results),
                file=_owner_file(focus, data, origin),
            )
        )
    for problem in span_problems(data):
        violations.append(
            Violation(
                focus=_show(problem.owner, data) or "",
                path=ns.qname(str(problem.prop)),
                value=problem.value,
                message=problem.message,
                severity="Violation",
                constraint=problem.constraint,
                file=_owner_file(problem.span, data, origin),
            )
        )
    violations.sort(key=lambda v: (v.file or "", v.focus, v.constraint))
    conforms = not any(v.severity == "Violation" for v in violations)
    return Report(conforms, violations, len(data))


def load_shapes(layout: Layout) -> Graph:
    """The SHACL shapes; a file without any is refused, since every graph would "conform"."""
    shown = layout.relative(layout.shapes)
    shapes = parse_turtle(layout.shapes, shown)
    if not any((None, RDF.type, kind) in shapes for kind in (SH.NodeShape, SH.PropertyShape)):
        raise InputError(
            f"{shown}: holds no SHACL shapes (no sh:NodeShape or sh:PropertyShape), so nothing "
            "would be checked; restore the shapes file."
        )
    return shapes


def load_ontology(layout: Layout) -> Graph:
    return parse_turtle(layout.ontology, layout.relative(layout.ontology))


def validate(layout: Layout) -> Report:
    """Validate the ontology, the shared entities and every article under the data root."""
    loaded = load_graph(layout)
    return validate_graph(loaded.union(), load_shapes(layout), loaded.origin)


def validate_file(path: Path, layout: Layout) -> Report:
    """Validate one standalone Turtle graph (it carries its own article text) with the ontology."""
    data = load_ontology(layout)
    parse_turtle(path, str(path), into=data)
    return validate_graph(data, load_shapes(layout), {})
