"""The SPARQL query library (queries/*.rq): headers, parameter binding as RDF terms, running."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError, NotFound
from .layout import Layout

PARAM_TYPES = ("iri", "date", "integer", "string")
HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(.*?)\s*(?:\((optional|default [^)]*)\))?$")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    description: str
    optional: bool
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    source: str


def parse_query_file(path: Path, shown: str | None = None) -> NamedQuery:
    """Read a .rq file and its comment header (title, description, param lines)."""
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{shown}: cannot read ({error.strerror}).") from error
    except UnicodeDecodeError as error:
        raise InputError(f"{shown}: not UTF-8.") from error
    fields: dict[str, str] = {}
    params = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = HEADER.match(line)
        if not header:
            continue
        key, value = header.groups()
        if key != "param":
            fields[key] = value
            continue
        param = PARAM.match(value)
        if not param or param.group(2) not in PARAM_TYPES:
            raise InputError(
                f"{shown}, line {number}: a parameter is declared as "
                f"`# param: NAME TYPE DESCRIPTION [(optional) | (default VALUE)]`, TYPE one of "
                f"{', '.join(PARAM_TYPES)}."
            )
        name, kind, description, flag = param.groups()
        default = flag.removeprefix("default ").strip() if flag and flag.startswith("default") else None
        params.append(Param(name, kind, description, bool(flag), default))
    return NamedQuery(path.stem, fields.get("title", path.stem), fields.get("description", ""),
                      tuple(params), text, shown)


def library(layout: Layout) -> dict[str, NamedQuery]:
    return {
        path.stem: parse_query_file(path, layout.relative(path))
        for path in sorted(layout.queries_dir.glob("*.rq"))
    }


def find_query(layout: Layout, spec: str) -> NamedQuery:
    """A library name, a path to a .rq file, or `-` for standard input."""
    if spec == "-":
        return NamedQuery("stdin", "query from standard input", "", (), sys.stdin.read(), "<stdin>")
    path = Path(spec)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise InputError(f"{spec}: no such query file.")
        return parse_query_file(path)
    known = library(layout)
    if spec not in known:
        raise NotFound(
            f"no query named {spec!r}. Available: {', '.join(known)}. "
            "Or give a path to a .rq file, or - to read the query from standard input."
        )
    return known[spec]


def expand_iri(value: str) -> str | None:
    """`<full IRI>`, `http(s)://...` or `prefix:local` with a project prefix; else None."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if re.match(r"^https?://", value):
        return value
    prefix, colon, local = value.partition(":")
    if colon and prefix in ns.PREFIXES:
        return ns.PREFIXES[prefix] + local
    return None


def to_term(param: Param, value: str, resolve_name) -> ox.NamedNode | ox.Literal:
    """Turn a --param value into an RDF term of the declared type, or say what is wrong."""
    if param.kind == "iri":
        iri = expand_iri(value) or resolve_name(value)
        return ox.NamedNode(iri)
    if param.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as error:
            raise InputError(
                f"parameter {param.name}: {value!r} is not a date; write it as YYYY-MM-DD."
            ) from error
        return ox.Literal(value, datatype=ox.NamedNode(ns.XSD + "date"))
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise InputError(f"parameter {param.name}: {value!r} is not a whole number.")
        return ox.Literal(value, datatype=ox.NamedNode(ns.XSD + "integer"))
    return ox.Literal(value)


def bind(query: NamedQuery, given: dict[str, str], resolve_name) -> dict[ox.Variable, object]:
    """Substitutions for pyoxigraph (values bound as terms, never pasted into the text)."""
    declared = {p.name: p for p in query.params}
    unknown = set(given) - set(declared)
    if unknown and query.params:
        raise InputError(
            f"query {query.name} has no parameter {', '.join(sorted(unknown))}; "
            f"its parameters are: {', '.join(declared)}."
        )
    bindings = {}
    for name, value in given.items():
        param = declared.get(name, Param(name, "iri" if expand_iri(value) else "string", "", True))
        bindings[ox.Variable(name)] = to_term(param, value, resolve_name)
    for param in query.params:
        if param.default is not None and param.name not in given:
            bindings[ox.Variable(param.name)] = to_term(param, param.default, resolve_name)
    missing = [p.name for p in query.params if not p.optional and p.name not in given]
    if missing:
        wanted = ", ".join(f"--param {p}=VALUE" for p in missing)
        raise InputError(f"query {query.name} needs {wanted}.")
    return bindings


def _position(message: str) -> str:
    found = re.search(r"(\d+):(\d+)", message)
    return f", line {found.group(1)} column {found.group(2)}" if found else ""


def is_update(text: str) -> bool:
    """Whether text parses as a SPARQL update (tried on an empty scratch store, never ours)."""
    try:
        ox.Store().update(text)
    except (SyntaxError, ValueError, OSError):
        return False
    return True


def run(store: ox.Store, query: NamedQuery, bindings: dict) -> object:
    try:
        return store.query(query.text, use_default_graph_as_union=True, substitutions=bindings)
    except RuntimeError as error:
        raise InputError(
            f"{query.source}: a bound parameter must be a variable the query selects: {error}."
        ) from error
    except SyntaxError as error:
        if is_update(query.text):
            raise InputError(
                f"{query.source}: is a SPARQL update; kg query only reads. Pass --allow-update "
                "to run it on an in-memory copy (the files in graph/ are never changed)."
            ) from error
        raise InputError(
            f"{query.source}{_position(str(error))}: SPARQL syntax error: {error}."
        ) from error


def run_update(store: ox.Store, query: NamedQuery) -> None:
    try:
        store.update(query.text)
    except SyntaxError as error:
        raise InputError(f"{query.source}{_position(str(error))}: SPARQL syntax error: {error}.") from error
