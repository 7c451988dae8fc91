"""Reading the data root's files, with every check a broken file needs, in one place.

Every command reads through here (the on-disk store for lookups and queries; `kg validate`
through the store and, for each article's check, `parse_turtle`), so one broken file gives one
message whichever command meets it. Files are
checked before they are opened: a folder, a FIFO (which would block), a dangling link or a
link loop is named as such. Turtle is parsed by pyoxigraph: its parser does not recurse, so
deeply nested input cannot exhaust the stack, and it rejects invalid IRIs (rdflib only warns).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError
from .layout import Layout, list_folder

MAX_BYTES = 16 * 2**20  # hand-written sources are far smaller (the largest shipped: 53 kB)
NEWS_ARTICLE = ox.NamedNode(ns.KG + "NewsArticle")
RDF_TYPE = ox.NamedNode(ns.RDF + "type")
KG_TEXT = ox.NamedNode(ns.KG + "text")
OWL_CLASS = ox.NamedNode(ns.OWL + "Class")
CORE_CLASSES = ("Actor", "Location", "Event", "Statement")
SPAN = {name: ox.NamedNode(ns.KG + name) for name in ("inArticle", "start", "end", "exact")}
OX_ERROR = re.compile(r"^Parser error at line \d+ (?:between columns \d+ and \d+|column \d+): "
                      r"(?P<why>.*?)(?: \(line \d+\))?$", re.DOTALL)
NOT_REGULAR = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFSOCK: "a socket",
               stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


@dataclass(frozen=True)
class TurtleFile:
    """A Turtle file of the data root and the named graph it is loaded into."""

    path: Path
    shown: str
    graph: str


def _check_regular_file(path: Path, shown: str, missing: str) -> os.stat_result:
    try:
        info = path.stat()
    except FileNotFoundError as error:
        if path.is_symlink():
            raise InputError(
                f"{shown}: a symbolic link to {os.readlink(path)}, which does not exist; point "
                "it at the file or replace it with the file."
            ) from error
        raise InputError(f"{shown}: {missing}") from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{shown}: a symbolic link loop; replace it with the file.") from error
        if error.errno == errno.ENOTDIR:
            raise InputError(f"{shown}: {missing}") from error
        raise _unreadable(shown, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{shown}: a folder, not a file; replace it with the file.")
    if not stat.S_ISREG(info.st_mode):
        kind = NOT_REGULAR.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise InputError(f"{shown}: {kind}, not a regular file; replace it with the file.")
    return info


def _unreadable(shown: str, error: OSError) -> InputError:
    if isinstance(error, PermissionError):
        return InputError(f"{shown}: cannot read (permission denied); make it readable (chmod a+r).")
    return InputError(f"{shown}: cannot read ({error.strerror or error}).")


def _too_big(shown: str, size: int) -> InputError:
    return InputError(
        f"{shown}: {size / 2**20:.1f} MiB, more than the {MAX_BYTES // 2**20} MiB a source file may "
        "hold; check that it is the right file, or split it."
    )


def read_bytes(path: Path, shown: str, missing: str = "not found; restore it, or pass --root "
               "DIR to a complete data root.") -> bytes:
    """A regular file's bytes. Never opens a FIFO or device; never reads more than MAX_BYTES."""
    info = _check_regular_file(path, shown, missing)
    if info.st_size > MAX_BYTES:
        raise _too_big(shown, info.st_size)
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, open() cannot block.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise _unreadable(shown, error) from error
    if len(data) > MAX_BYTES:
        raise _too_big(shown, len(data))
    return data


def syntax_message(error: SyntaxError, shown: str) -> str:
    """pyoxigraph's error as `FILE, line N: Turtle syntax error at column C: why.`"""
    found = OX_ERROR.match(str(error))
    why = (found.group("why") if found else str(error)).rstrip(".")
    if error.lineno is None:
        return f"{shown}: Turtle syntax error: {why}. Fix the file and run again."
    return (f"{shown}, line {error.lineno}: Turtle syntax error at column {error.offset}: {why}. "
            "Fix the file and run again.")


def parse_turtle(path: Path, shown: str, data: bytes | None = None) -> list[ox.Quad]:
    """One Turtle file's triples (in the default graph); a broken file names the file and line.

    Blank nodes get fresh ids, so two files never share one by accident.
    """
    data = read_bytes(path, shown) if data is None else data
    try:
        return list(ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        raise InputError(syntax_message(error, shown)) from error


def decode_text(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{shown}: not UTF-8 (byte {error.start}); save the article text as UTF-8."
        ) from error


def check_declarations(store: ox.Store, encodings: list[TurtleFile], only: set[str] | None = None) -> None:
    """Each article file declares its own article (its named graph), and only that one; no
    article is declared by two files. `only`: the graphs just loaded (default: all)."""
    shown = {encoding.graph: encoding.shown for encoding in encodings}
    declared: dict[str, set[str]] = {encoding.graph: set() for encoding in encodings}
    declared_in: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, RDF_TYPE, NEWS_ARTICLE, None):
        graph = getattr(quad.graph_name, "value", None)
        if graph in declared and isinstance(quad.subject, ox.NamedNode):
            declared[graph].add(quad.subject.value)
            declared_in.setdefault(quad.subject.value, []).append(shown[graph])
    for iri, files in sorted(declared_in.items()):
        if len(files) > 1:
            first, second = sorted(files, key=lambda f: (f != shown.get(iri), f))[:2]
            raise InputError(
                f"{first} and {second} both declare the article {ns.qname(iri)}; an article is "
                "declared once, in the file named after it: remove the copy."
            )
    for encoding in encodings:
        if only is not None and encoding.graph not in only:
            continue
        own = ns.qname(encoding.graph)
        if encoding.graph not in declared[encoding.graph]:
            raise InputError(
                f"{encoding.shown}: describes no article {own}; an article file must declare "
                f"`{own} a kg:NewsArticle`, named after the file."
            )
        others = sorted(declared[encoding.graph] - {encoding.graph})
        if others:
            raise InputError(
                f"{encoding.shown}: declares the article {ns.qname(others[0])} beside its own "
                f"{own}; each article goes in its own file, graph/articles/ID.ttl."
            )


def check_ontology(store: ox.Store, shown: str) -> None:
    """The ontology defines the core classes; without them every lookup would find nothing."""
    graph = ox.NamedNode(ns.ONTOLOGY_GRAPH)
    missing = [name for name in CORE_CLASSES
               if not any(store.quads_for_pattern(ox.NamedNode(ns.KG + name), RDF_TYPE, OWL_CLASS, graph))]
    if missing:
        raise InputError(
            f"{shown}: does not define {', '.join('kg:' + m for m in missing)} (owl:Class); it is "
            "not the project's ontology: restore the file, or pass --root DIR to a complete data root."
        )


def query_files(layout: Layout) -> list[Path]:
    """The named queries, `queries/*.rq`; a missing or unreadable folder is an error."""
    names = list_folder(layout.queries_dir, layout.relative(layout.queries_dir), missing=(
        "no such folder; the named queries live in queries/*.rq: restore it, or pass --root DIR "
        "to a complete data root."))
    return [layout.queries_dir / name for name in names
            if name.endswith(".rq") and not name.startswith(".")]


@dataclass(frozen=True)
class Mismatch:
    """Where a span's kg:exact and the article text first differ."""

    at: int
    expected: str
    found: str


def _mismatch(start: int, expected: str, found: str, context: int = 25) -> Mismatch:
    same = next((i for i, (a, b) in enumerate(zip(expected, found)) if a != b),
                min(len(expected), len(found)))
    begin = max(0, same - context)

    def window(text: str) -> str:
        cut = text[begin: same + context]
        return ("…" if begin else "") + cut + ("…" if same + context < len(text) else "")

    return Mismatch(start + same, window(expected), window(found))


def span_mismatches(store: ox.Store, texts: dict[str, str], shown: dict[str, str],
                    graphs: set[str] | None = None,
                    gathered: dict[object, dict[str, ox.Term]] | None = None) -> dict[str, list[Mismatch]]:
    """Per article (its IRI), the spans whose kg:exact is not its text at their offsets.

    The cheap half of `kg validate`'s span check: offsets and kg:exact against the text, for
    the spans in `graphs` (default: all) and every span pointing into an article of `texts`.
    Malformed spans are left to the shapes, which `kg validate` runs. `gathered`: the spans
    of every graph as a build parsed them (`SpanGatherer.spans`), instead of reading the store.
    """
    if gathered is not None:
        return _wrong_spans(store, gathered, texts, shown)
    spans: dict[object, dict[str, ox.Term]] = {}
    scopes = [ox.NamedNode(g) for g in sorted(graphs)] if graphs is not None else [None]
    for scope in scopes:
        for name, predicate in SPAN.items():
            for quad in store.quads_for_pattern(None, predicate, None, scope):
                spans.setdefault(quad.subject, {})[name] = quad.object
    if graphs is not None:
        for article in texts:
            for quad in store.quads_for_pattern(None, SPAN["inArticle"], ox.NamedNode(article), None):
                if quad.subject not in spans:
                    for name, predicate in SPAN.items():
                        found = next(store.quads_for_pattern(quad.subject, predicate, None, None), None)
                        if found is not None:
                            spans.setdefault(quad.subject, {})[name] = found.object
    return _wrong_spans(store, spans, texts, shown)


class SpanGatherer:
    """The span triples of graphs as they are parsed, for `span_mismatches(gathered=...)`: a
    build need not read them back from the store. Only for every graph of the store (a build),
    and only when each span is in one graph with one value per property: otherwise which
    value the store hands back first decides, so `spans` is None and the store is read."""

    def __init__(self) -> None:
        self.found: dict[object, dict[str, ox.Term]] = {}
        self.graph_of: dict[object, str] = {}
        self.clear = True

    def add_span(self, name: str, graph: str, subject: object, value: ox.Term) -> None:
        span = self.found.setdefault(subject, {})
        if self.graph_of.setdefault(subject, graph) != graph or span.get(name, value) != value:
            self.clear = False
        span[name] = value

    @property
    def spans(self) -> dict[object, dict[str, ox.Term]] | None:
        return self.found if self.clear else None


def _wrong_spans(store: ox.Store, spans: dict[object, dict[str, ox.Term]], texts: dict[str, str],
                 shown: dict[str, str]) -> dict[str, list[Mismatch]]:
    wrong: dict[str, list[Mismatch]] = {}
    for span in spans.values():
        iri = getattr(span.get("inArticle"), "value", None)
        if iri is None or iri not in shown:
            continue
        text = texts.get(iri)
        if text is None:
            stored = next(store.quads_for_pattern(ox.NamedNode(iri), KG_TEXT, None, ox.NamedNode(iri)), None)
            if stored is None:
                continue
            text = texts[iri] = stored.object.value
        start, end, exact = _integer(span.get("start")), _integer(span.get("end")), span.get("exact")
        if start is None or end is None or not isinstance(exact, ox.Literal):
            continue
        if not 0 <= start < end:
            continue
        found = text[start:end]
        if found != exact.value:
            wrong.setdefault(iri, []).append(_mismatch(start, exact.value, found))
    return wrong


def check_spans(store: ox.Store, texts: dict[str, str], shown: dict[str, str],
                graphs: set[str] | None = None,
                gathered: dict[object, dict[str, ox.Term]] | None = None) -> None:
    """Refuse to answer from an article whose text no longer matches its evidence spans."""
    wrong = span_mismatches(store, texts, shown, graphs, gathered)
    for iri in sorted(wrong):
        mismatches = sorted(wrong[iri], key=lambda m: (m.at, -len(m.expected), m.expected))
        first = mismatches[0]
        line = texts[iri].count("\n", 0, first.at) + 1
        raise InputError(
            f"{shown[iri]} no longer matches its encoding "
            f"({len(mismatches)} span{'s' if len(mismatches) != 1 else ''}, first at line "
            f"{line}, offset {first.at}: expected {first.expected!r}, found {first.found!r}); "
            "run kg validate to see them all."
        )


def _integer(term: object) -> int | None:
    if isinstance(term, ox.Literal) and term.datatype.value == ns.XSD + "integer":
        try:
            return int(term.value)
        except ValueError:
            return None
    return None
