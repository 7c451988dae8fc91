"""The SPARQL query library (queries/*.rq): headers, parameter binding as RDF terms, running.

`kg query` runs a query read-only and offline (newskg.query_guard refuses updates, SERVICE and
texts that could crash the parser), in a child process stopped at a deadline (newskg.deadline).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable
from typing import BinaryIO

import pyoxigraph as ox

from . import deadline
from . import namespaces as ns
from .errors import InputError, NotFound
from .layout import Layout
from .query_guard import MAX_QUERY_BYTES, check
from .sources import query_files, read_bytes

PARAM_TYPES = ("iri", "date", "integer", "string")
HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(.*?)\s*(?:\((optional|default [^)]*)\))?$")
PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
PREFIXED = re.compile(r"([A-Za-z][\w.-]*):(.*)", re.S)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_PARAM_CHARS = 2_000
MAX_MEMORY = 2 * 2**30  # bytes of address space for the process that runs a query

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD}
STDIN = "standard input"


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


@dataclass(frozen=True)
class Answer:
    """A query's answer, ready to print: a document in a machine format, or rows for a table."""

    form: str  # "boolean" (ASK), "solutions" (SELECT) or "graph" (CONSTRUCT, DESCRIBE)
    size: int  # solutions or triples; for ASK, 1 when true and 0 when false
    document: str | None = None
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()


def _decode(data: bytes, shown: str) -> str:
    if len(data) > MAX_QUERY_BYTES:
        raise InputError(
            f"{shown}: is over {MAX_QUERY_BYTES:,} bytes; kg query takes queries of at most "
            f"{MAX_QUERY_BYTES:,} bytes."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InputError(f"{shown}, line {line}: not UTF-8; save the query as UTF-8.") from error


def _read(path: Path, shown: str) -> str:
    """A query file's text: a regular file only (never a FIFO or device), of bounded size."""
    if path.is_dir():
        raise InputError(f"{shown}: is a folder, not a query file; give a .rq file.")
    data = read_bytes(path, shown, missing="no such query file.")
    if len(data) > MAX_QUERY_BYTES:
        raise InputError(f"{shown}: is over {MAX_QUERY_BYTES:,} bytes; kg query takes queries of at "
                         f"most {MAX_QUERY_BYTES:,} bytes.")
    return _decode(data, shown)


def parse_query_file(path: Path, shown: str | None = None) -> NamedQuery:
    """Read a .rq file and its comment header (title, description, param lines)."""
    shown = shown or str(path)
    return parse_query_text(_read(path, shown), path.stem, shown)


def parse_query_text(text: str, name: str, shown: str) -> NamedQuery:
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
        name_, kind, description, flag = param.groups()
        default = flag.removeprefix("default ").strip() if flag and flag.startswith("default") else None
        params.append(Param(name_, kind, description, bool(flag), default))
    return NamedQuery(name, fields.get("title", name), fields.get("description", ""),
                      tuple(params), text, shown)


def library(layout: Layout) -> dict[str, NamedQuery]:
    """The named queries of the data root, queries/*.rq (hidden files and editor copies left out)."""
    return {path.stem: parse_query_file(path, layout.relative(path)) for path in sorted(query_files(layout))}


def find_query(layout: Layout, spec: str, stdin: BinaryIO | None = None) -> NamedQuery:
    """A library name, a path to a .rq file, or `-` for standard input."""
    if spec == "-":
        stream = stdin or sys.stdin.buffer
        text = _decode(stream.read(MAX_QUERY_BYTES + 1), STDIN)
        if not text.strip():
            raise InputError(
                "standard input is empty; pipe a query in, as in "
                "echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 3' | kg query -"
            )
        return parse_query_text(text, "stdin", STDIN)
    if not spec.strip():
        raise InputError("no query given; give a query name (see kg queries), a .rq file, or -.")
    path = Path(spec)
    if path.suffix in (".rq", ".sparql") or "/" in spec or os.sep in spec or path.exists():
        return parse_query_file(path, spec)
    known = library(layout)
    if spec not in known:
        raise NotFound(
            f"no query named {spec!r}. Available: {', '.join(known)}. "
            "Or give a path to a .rq file, or - to read the query from standard input."
        )
    return known[spec]


def parse_params(items: Iterable[str]) -> dict[str, str]:
    """`NAME=VALUE` pairs (the value may hold `=`), each name once."""
    given: dict[str, str] = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not PARAM_NAME.fullmatch(name):
            raise InputError(
                f"--param {_shown(item)}: write it as NAME=VALUE, NAME made of letters, digits and _."
            )
        if name in given:
            raise InputError(f"--param {name} is given twice; give each parameter once.")
        given[name] = value
    return given


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:60] + "...")


def _is_iri_like(value: str) -> bool:
    prefixed = PREFIXED.fullmatch(value)
    return value.startswith("<") or bool(SCHEME.match(value)) or bool(
        prefixed and prefixed.group(1) in ns.PREFIXES)


def expand_iri(value: str) -> str | None:
    """`<full IRI>`, `scheme://...` or `prefix:local` with a project prefix; else None."""
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if SCHEME.match(value):
        return value
    prefixed = PREFIXED.fullmatch(value)
    if prefixed and prefixed.group(1) in ns.PREFIXES:
        return ns.PREFIXES[prefixed.group(1)] + prefixed.group(2)
    return None


def _not_an_iri(param: Param, value: str, why: str) -> InputError:
    why = why.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return InputError(
        f"--param {param.name}: {_shown(value)} is not a valid IRI ({why}); write <http://...>, "
        f"prefix:local (prefixes: {', '.join(ns.PREFIXES)}) or a name."
    )


def to_iri(param: Param, value: str, resolve_name: Callable[[str], str]) -> ox.NamedNode:
    """A name, a prefixed id or a full IRI, as an absolute IRI; or say what is wrong."""
    if not value.strip():
        raise _not_an_iri(param, value, "it is empty")
    if value.startswith("<") != value.endswith(">"):
        raise _not_an_iri(param, value, "a full IRI is written <...>")
    prefixed = PREFIXED.fullmatch(value)
    if (prefixed and prefixed.group(1) not in ns.PREFIXES and not SCHEME.match(value)
            and not re.search(r"\s", value)):
        raise _not_an_iri(param, value, f"unknown prefix {prefixed.group(1)}:")
    iri = expand_iri(value)
    if iri is None:
        iri = resolve_name(value)
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        reason = str(error)
        raise _not_an_iri(param, value, reason[:1].lower() + reason[1:]) from None


def to_term(param: Param, value: str, resolve_name: Callable[[str], str]) -> ox.NamedNode | ox.Literal:
    """Turn a --param value into an RDF term of the declared type, or say what is wrong."""
    if len(value) > MAX_PARAM_CHARS:
        raise InputError(
            f"--param {param.name}: the value is {len(value):,} characters; at most "
            f"{MAX_PARAM_CHARS:,} are taken."
        )
    control = CONTROL.search(value)
    if control:
        raise InputError(
            f"--param {param.name}: {_shown(value)} holds the control character "
            f"U+{ord(control.group()):04X}; remove it."
        )
    if param.kind == "iri":
        return to_iri(param, value, resolve_name)
    if param.kind == "date":
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError as error:
            raise InputError(
                f"parameter {param.name}: {_shown(value)} is not a date; write it as YYYY-MM-DD."
            ) from error
        return ox.Literal(value, datatype=ox.NamedNode(ns.XSD + "date"))
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]+", value):
            raise InputError(f"parameter {param.name}: {_shown(value)} is not a whole number.")
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
        param = declared.get(name, Param(name, "iri" if _is_iri_like(value) else "string", "", True))
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


def run(store: ox.Store, query: NamedQuery, bindings: dict) -> object:
    """Evaluate in this process: for the library's own queries (kg query uses `execute`)."""
    try:
        return store.query(query.text, use_default_graph_as_union=True, substitutions=bindings)
    except RuntimeError as error:
        raise InputError(
            f"{query.source}: a bound parameter must be a variable the query selects: {error}."
        ) from error
    except SyntaxError as error:
        raise InputError(
            f"{query.source}{_position(str(error))}: SPARQL syntax error: {error}."
        ) from error


def execute(layout: Layout, query: NamedQuery, given: dict[str, str], fmt: str | None,
            timeout: float, memory: int = MAX_MEMORY, store_dir: str | None = None) -> Answer:
    """Check the text and bring the store up to date, then answer in a child process stopped
    after `timeout` seconds (the refresh is not the query's time)."""
    from .store import refreshed

    check(query.text, query.source)
    manifest, _ = refreshed(layout, store_dir)
    return deadline.call(answer, (layout, query, given, fmt, store_dir, manifest), seconds=timeout,
                         memory=memory, what=f"{query.source}: the query")


def answer(layout: Layout, query: NamedQuery, given: dict[str, str], fmt: str | None,
           store_dir: str | None = None, manifest: object = None) -> Answer:
    """Open the store, bind the parameters, run the query and serialise its answer."""
    from .store import open_store

    store = open_store(layout, store_dir, refresh=False, manifest=manifest)
    names = None

    def resolve_name(value: str) -> str:
        nonlocal names
        if names is None:
            from .resolve import Names

            names = Names(store)
        return names.resolve(value).iri

    return to_answer(run(store, query, bind(query, given, resolve_name)), fmt)


def to_answer(result: object, fmt: str | None) -> Answer:
    """The answer in `fmt`: W3C SPARQL results or RDF by pyoxigraph's serialisers, or rows."""
    if isinstance(result, ox.QueryTriples):
        fmt = fmt or "turtle"
        if fmt not in GRAPH_FORMATS:
            raise InputError(
                f"--format {fmt}: a CONSTRUCT or DESCRIBE answer is a graph; use turtle, "
                "ntriples or jsonld."
            )
        triples = list(result)
        return Answer("graph", len(triples), ox.serialize(triples, format=GRAPH_FORMATS[fmt]).decode())
    fmt = fmt or "table"
    if fmt in GRAPH_FORMATS:
        form = "an ASK" if isinstance(result, ox.QueryBoolean) else "a SELECT"
        raise InputError(
            f"--format {fmt} is for CONSTRUCT and DESCRIBE; {form} answer is given as "
            "table, json, csv, tsv or xml."
        )
    if isinstance(result, ox.QueryBoolean):
        document = None if fmt == "table" else result.serialize(format=RESULT_FORMATS[fmt]).decode()
        return Answer("boolean", int(bool(result)), document)
    if fmt == "table":
        from .lookups import _value

        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(_value(row[v]) for v in variables) for row in result)
        return Answer("solutions", len(rows), None, variables, rows)
    data = result.serialize(format=RESULT_FORMATS[fmt])
    return Answer("solutions", count_solutions(data, fmt), data.decode())


def count_solutions(data: bytes, fmt: str) -> int:
    """How many solutions a serialised SELECT answer holds."""
    if fmt == "csv":  # not parseable by pyoxigraph (lossy): count the records' line ends
        outside_quotes = data.decode().split('"')[::2]
        return sum(part.count("\r\n") for part in outside_quotes) - 1
    return sum(1 for _ in ox.parse_query_results(data, format=RESULT_FORMATS[fmt]))
