"""The on-disk Oxigraph store: derived from the files, refreshed per named graph, read-only for
every question. The one module that opens pyoxigraph stores for querying.

- One named graph per source: the ontology, the shared entities, each article (with its text as
  kg:text). `manifest.json` beside the data records, for each graph, the size, modification
  time and SHA-256 of its files; `index-SERIAL.json`, which the manifest names, the names and
  events of each graph (read only by the commands that need them, when they need them). A reading command refreshes first: a file whose size or time
  changed is hashed, and only a graph whose content changed is replaced; an added graph is
  loaded and a removed one dropped. Nothing stale is answered; nothing unchanged is reloaded.
- Concurrency: readers hold a shared lock while they read, a refresh or build an exclusive one,
  so a lookup started during a build waits for it and then sees the whole new graph (Oxigraph
  does not allow reading a database another process is writing).
- A graph that fails its checks (syntax, declarations, spans that no longer match the text) is
  left out and not recorded, so the next command checks it again and refuses again: a broken
  file is named on every command until it is fixed, never answered from.
- `kg validate` reports spans that no longer match as violations rather than refusing, so it
  refreshes with `check_text=False`: such graphs are then kept, marked `"text_checked": false`,
  and the next lookup reloads and checks them (and refuses, until the text is fixed).
- Deleting the folder loses nothing: the next command builds it again.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import namespaces as ns
from .config import store_dir
from .importers import registry  # imported files: graph/imports.json, one named graph each
from .errors import InputError
from .layout import Layout
from .resolve import local_id, normalise
from .sources import (KG_TEXT, SPAN, SpanGatherer, TurtleFile, check_declarations, check_ontology, check_spans,
                      decode_text, read_bytes, span_mismatches, syntax_message)

SPAN_NAMES = {predicate: name for name, predicate in SPAN.items()}
# The predicates a build notes as it streams (spans, names, events), and under what.
NOTED = {**{predicate: ("span", name) for predicate, name in SPAN_NAMES.items()},
         ox.NamedNode(ns.RDF + "type"): ("type", None), ox.NamedNode(ns.RDFS + "label"): ("label", None),
         ox.NamedNode(ns.SKOS + "altLabel"): ("alt", None),
         ox.NamedNode(ns.RDFS + "subClassOf"): ("sub", None),
         ox.NamedNode(ns.KG + "participation"): ("part", None), ox.NamedNode(ns.KG + "time"): ("time", None),
         ox.NamedNode(ns.KG + "notBefore"): ("bound", 1), ox.NamedNode(ns.KG + "notAfter"): ("bound", 2)}
PLAIN = {ns.XSD + "string", ns.RDF + "langString"}  # literals the store hands back as written
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # an xsd:date the store hands back as written

FORMAT_VERSION = 6  # bump when what the store holds changes: an older store is rebuilt
DATA, MANIFEST, LOCK = "oxigraph", "manifest.json", "lock"
INDEX = "index-{}.json"  # the names and events of the files' graphs; the manifest names its serial
IMPORTS_INDEX = "index-{}-imports.json"  # the names of the imported datasets' graphs, read when needed
INDEXED = ("names", "events")
Progress = Callable[[list, str], Iterable]  # (items, label) -> the items, perhaps behind a bar


@dataclass(frozen=True)
class Unit:
    """A named graph and the files it is read from (Turtle, and an article's text)."""

    graph: str
    turtle: Path
    shown: str
    text: Path | None = None
    text_shown: str | None = None

    @property
    def is_article(self) -> bool:
        return self.text is not None

    def files(self) -> list[tuple[Path, str]]:
        return [(self.turtle, self.shown)] + ([(self.text, self.text_shown)] if self.text else [])


def units(layout: Layout) -> list[Unit]:
    """Every named graph the data root defines, in load order."""
    found = [Unit(ns.ONTOLOGY_GRAPH, layout.ontology, layout.relative(layout.ontology)),
             Unit(ns.ENTITIES_GRAPH, layout.entities, layout.relative(layout.entities))]
    cameo = layout.ontology.with_name("cameo.ttl")  # generated; optional in a data root
    if cameo.exists():
        found.append(Unit(ns.CAMEO_GRAPH, cameo, layout.relative(cameo)))
    for article in layout.articles():
        found.append(Unit(ns.article_iri(article.article_id), article.encoding,
                          layout.relative(article.encoding), article.text, layout.relative(article.text)))
    return found


def _stat(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


@dataclass
class Manifest:
    """What the store holds: per graph, each file's [size, mtime_ns, sha256] and the quad count;
    and, once `load_index` has read them from the index file, its names and events."""

    graphs: dict[str, dict] = field(default_factory=dict)
    root: str = ""
    index: str | None = None  # the serial of the index files; None: the index is in `graphs`
    folder: Path | None = None
    read_parts: set[str] = field(default_factory=set)  # the index files read so far

    @classmethod
    def read(cls, folder: Path, layout: Layout) -> Manifest | None:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (not isinstance(data, dict) or data.get("version") != FORMAT_VERSION
                or data.get("root") != str(layout.root) or not (folder / DATA).is_dir()
                or not isinstance(data.get("index"), str)
                or not (folder / INDEX.format(data["index"])).is_file()):
            return None
        return cls(data.get("graphs", {}), data["root"], data["index"], folder)

    def load_index(self, imported: bool = True) -> None:
        """Read the names and events of the files' graphs into `graphs`, and those of the
        imported datasets' graphs unless `imported` is false (each once: a million imported
        rows name some 200,000 coded actors, which a lookup of a curated name never needs)."""
        if self.index is None or self.folder is None:
            return
        import gc

        collecting = gc.isenabled()
        gc.disable()  # 10^5 small lists made at once: the cycle collector would scan them often for nothing
        try:
            for part in (INDEX, IMPORTS_INDEX) if imported else (INDEX,):
                path = self.folder / part.format(self.index)
                if part in self.read_parts or (part == IMPORTS_INDEX and not path.is_file()):
                    self.read_parts.add(part)  # an older store keeps every graph in one file
                    continue
                try:
                    data = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError) as error:
                    raise InputError(f"{self.folder}: the store's index cannot be read ({error}); delete "
                                     "the folder (it is rebuilt from the files) or run kg build.") from error
                for graph, entry in self.graphs.items():
                    for key in INDEXED:
                        if graph in data[key] or key not in entry:
                            entry[key] = data[key].get(graph, [])
                self.read_parts.add(part)
        finally:
            if collecting:
                gc.enable()
        if len(self.read_parts) == 2:
            self.index = None

    def write(self, folder: Path) -> None:
        """Atomically: the index under a new serial first, then the manifest naming it, then
        the old index goes. A crash leaves the old manifest and its index, and the next command
        redoes the work."""
        if self.index is None:  # the index was read or changed: write it anew
            serial = f"{os.getpid()}-{time.time_ns()}"
            for part, imported in ((INDEX, False), (IMPORTS_INDEX, True)):
                index = {key: {graph: entry[key] for graph, entry in self.graphs.items()
                               if key in entry and ("import" in entry) == imported} for key in INDEXED}
                temporary = folder / f".{part.format(serial)}"
                temporary.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
                os.replace(temporary, folder / part.format(serial))
        else:
            serial = self.index
        graphs = {graph: {k: v for k, v in entry.items() if k not in INDEXED}
                  for graph, entry in self.graphs.items()}
        temporary = folder / f".{MANIFEST}.{os.getpid()}"
        temporary.write_text(json.dumps({"version": FORMAT_VERSION, "root": self.root, "index": serial,
                                         "graphs": graphs}, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, folder / MANIFEST)
        for old in folder.glob(INDEX.format("*")):  # both parts
            if old.name not in (INDEX.format(serial), IMPORTS_INDEX.format(serial)):
                old.unlink(missing_ok=True)

    def unchanged(self, unit: Unit) -> bool | None:
        """True when every file has its recorded size and time; None when only hashing can tell."""
        entry = self.graphs.get(unit.graph)
        if entry is None:
            return False
        recorded, files = entry["files"], unit.files()
        if len(recorded) != len(files) or any(shown not in recorded for _, shown in files):
            return False
        for path, shown in files:
            if _stat(path) != recorded[shown][:2]:
                return None
        return True


@dataclass
class Report:
    """What a refresh or build did, for tests and messages: loads are counted, not timed."""

    loaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt: bool = False


class KgStore:
    """The read-only store every question is asked of. Ask with `query`; the union of all named
    graphs is the default graph, as SPARQL lookups expect."""

    def __init__(self, store: ox.Store, manifest: Manifest, lock: _Lock, folder: Path) -> None:
        self.raw = store
        self.manifest = manifest
        self.folder = folder
        self._lock = lock  # held (shared) for as long as the store is open

    def query(self, text: str, *, substitutions: dict | None = None,
              use_default_graph_as_union: bool = True) -> object:
        return self.raw.query(text, use_default_graph_as_union=use_default_graph_as_union,
                              substitutions=substitutions)

    def quads_for_pattern(self, *pattern: object) -> Iterator[ox.Quad]:
        return self.raw.quads_for_pattern(*pattern)

    def __iter__(self) -> Iterator[ox.Quad]:
        return iter(self.raw)

    def names(self, kinds: tuple[str, ...], imported: bool | None = None) -> Iterator[tuple[str, str, str, str]]:
        """(iri, label, normalised name, normalised local id) of every actor, place or event of
        the kinds, from the manifest's index (normalised when the graph is loaded, not on every
        lookup): of the files' graphs (imported False), the imported datasets' (True), or all."""
        self.manifest.load_index(imported is not False)
        for entry in self.manifest.graphs.values():
            if imported is not None and ("import" in entry) != imported:
                continue
            for iri, label, name, top, normal, local in entry.get("names", ()):
                if top in kinds:
                    yield iri, label, normal, local

    def events(self, imported: bool = True) -> Iterator[tuple[str, str | None, str | None]]:
        """(iri, not_before, not_after) of every event, from the manifest's index (without
        `imported`: the articles' only, and the imported datasets' index is not read)."""
        self.manifest.load_index(imported)
        for entry in self.manifest.graphs.values():
            if not imported and "import" in entry:
                continue
            events = entry.get("events", ())
            if isinstance(events, dict):  # an imported file's, compact: see compact_events
                prefix = events["prefix"]
                for bounds, locals_ in events["bounds"].items():
                    not_before, _, not_after = bounds.partition(" ")
                    not_before, not_after = not_before or None, not_after or None
                    for local in locals_.split(" "):
                        yield prefix + local, not_before, not_after
                continue
            for iri, not_before, not_after in events:
                yield iri, not_before, not_after

    def close(self) -> None:
        """Let go of the store and its lock (a build may then proceed)."""
        self.raw = None
        self._lock.close()

    def graph_names(self) -> list[str]:
        return sorted(self.manifest.graphs)

    def __len__(self) -> int:
        return sum(entry["quads"] for entry in self.manifest.graphs.values())


class _Lock:
    """An advisory lock on the store folder: shared to read, exclusive to write.

    One per folder per process (`_Lock.of`): flock locks belong to an open file, so a second
    one in the same process would wait for the first forever; with one, a refresh turns this
    process's shared lock into an exclusive one and back.
    """

    _open: dict[Path, _Lock] = {}

    @classmethod
    def of(cls, folder: Path) -> _Lock:
        lock = cls._open.get(folder)
        if lock is None or lock.fd is None or not (folder / LOCK).exists():  # the folder was deleted
            if lock is not None:
                lock.close()
            lock = cls._open[folder] = cls(folder)
        return lock

    def __init__(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise InputError(
                f"{folder}: cannot create the store folder ({error.strerror}); pass --store DIR "
                "or set NEWSKG_STORE to a folder you can write."
            ) from error

    def _take(self, mode: int, waiting: str) -> None:
        try:
            fcntl.flock(self.fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            import click

            click.echo(waiting, err=True)
            fcntl.flock(self.fd, mode)

    def shared(self) -> None:
        self._take(fcntl.LOCK_SH, "Waiting for another kg command to finish updating the store…")

    def exclusive(self) -> None:
        self._take(fcntl.LOCK_EX, "Waiting for other kg commands to finish reading the store…")

    def close(self) -> None:
        fd, self.fd = getattr(self, "fd", None), None
        if fd is not None:
            os.close(fd)

    __del__ = close


def _plan(layout: Layout, manifest: Manifest, check_text: bool = True) -> tuple[list[Unit], list[str], bool]:
    """The graphs to (re)load and to drop; whether only recorded times need updating."""
    current = units(layout)
    changed, touched = [], False
    for unit in current:
        if check_text and not manifest.graphs.get(unit.graph, {}).get("text_checked", True):
            changed.append(unit)  # loaded by kg validate with spans unchecked: check them now
            continue
        same = manifest.unchanged(unit)
        if same is None:  # a time or size differs: the content decides
            digests = {shown: _digest(read_bytes(path, shown)) for path, shown in unit.files()}
            entry = manifest.graphs[unit.graph]["files"]
            if all(entry[shown][2] == digests[shown] for shown in digests):
                for path, shown in unit.files():
                    entry[shown] = [*(_stat(path) or [0, 0]), digests[shown]]
                touched = True
                continue
            same = False
        if not same:
            changed.append(unit)
    wanted = {unit.graph for unit in current}
    removed = [graph for graph, entry in manifest.graphs.items() if graph not in wanted and "import" not in entry]
    return changed, removed, touched


def _digest(data: bytes) -> str:
    import hashlib  # only a refresh that finds a changed file needs it: importing costs start-up time

    return hashlib.sha256(data).hexdigest()


def _read(unit: Unit) -> tuple[bytes, dict[str, list], str | None]:
    """A graph's Turtle bytes, its file records [size, mtime_ns, sha256] and its article text."""
    data = read_bytes(unit.turtle, unit.shown)
    records = {unit.shown: [*(_stat(unit.turtle) or [0, 0]), _digest(data)]}
    text = None
    if unit.text is not None:
        raw = read_bytes(unit.text, unit.text_shown, missing=(
            "the article's text file is missing; put its verbatim text beside the encoding with "
            "the same name and a .txt ending."))
        text = decode_text(raw, unit.text_shown)
        records[unit.text_shown] = [*(_stat(unit.text) or [0, 0]), _digest(raw)]
    return data, records, text


class _Gathered:
    """What a build notes of the quads as they stream into the store, so that it need not read
    them back: the span triples, how many quads each graph has (exact when no quad was a
    duplicate, which the store's size tells), and what the names and events indexes are made
    of. Where the store might hand back a value other than as parsed (it writes numbers and
    dates in canonical form), or the order it hands values back in would decide, the index is
    asked of the store instead (`names_exact`, `events_exact`)."""

    def __init__(self) -> None:
        self.spans = SpanGatherer()
        self.quads: dict[str, int] = {}
        self.types: list[tuple[str, object, object]] = []  # (graph, thing, class)
        self.labels: dict[object, list] = {}
        self.alt: dict[object, list] = {}
        self.sub: list[tuple[object, object]] = []  # (class, superclass) in the ontology
        self.parts: dict[str, dict[object, None]] = {}  # graph -> its events, in order
        self.time: dict[tuple[str, object], list] = {}  # (graph, event) -> its times
        self.bounds: dict[tuple[str, object, int], list] = {}  # (graph, time, column) -> values
        self.names_exact = self.events_exact = True
        self.handler = self.handlers()

    def handlers(self) -> dict[ox.NamedNode, Callable[[str, object, object], None]]:
        """For each predicate noted, what notes it: f(graph, subject, value)."""
        found = {predicate: functools.partial(self.spans.add_span, name)
                 for predicate, name in SPAN_NAMES.items()}
        for predicate, (kind, detail) in NOTED.items():
            if kind != "span":
                method = getattr(self, f"_{kind}")
                found[predicate] = functools.partial(method, detail) if detail else method
        return found

    def _type(self, graph: str, subject: object, value: object) -> None:
        self.types.append((graph, subject, value))

    def _label(self, graph: str, subject: object, value: object, into: str = "labels") -> None:
        getattr(self, into).setdefault(subject, []).append(value)
        if not (isinstance(value, ox.NamedNode) or (isinstance(value, ox.Literal)
                                                    and value.datatype.value in PLAIN)):
            self.names_exact = False

    def _alt(self, graph: str, subject: object, value: object) -> None:
        self._label(graph, subject, value, "alt")

    def _sub(self, graph: str, subject: object, value: object) -> None:
        if graph == ns.ONTOLOGY_GRAPH:
            self.sub.append((subject, value))

    def _part(self, graph: str, subject: object, value: object) -> None:
        self.parts.setdefault(graph, {})[subject] = None
        if not isinstance(subject, ox.NamedNode):
            self.events_exact = False

    def _time(self, graph: str, subject: object, value: object) -> None:
        self.time.setdefault((graph, subject), []).append(value)

    def _bound(self, column: int, graph: str, subject: object, value: object) -> None:
        self.bounds.setdefault((graph, subject, column), []).append(value)
        if not (isinstance(value, ox.Literal) and (value.datatype.value == ns.XSD + "string" or (
                value.datatype.value == ns.XSD + "date" and DAY.fullmatch(value.value)))):
            self.events_exact = False

    def names(self) -> dict[str, set[tuple]]:
        """What `_index_names` finds, per graph: the same query, answered from the notes."""
        children: dict[object, list] = {}
        for child, parent in self.sub:
            children.setdefault(parent, []).append(child)
        kinds: dict[object, set[str]] = {}
        for top in TOPS:  # ?class rdfs:subClassOf* ?top: the top itself, and what reaches it
            seen, todo = set(), [ox.NamedNode(ns.KG + top)]
            while todo:
                node = todo.pop()
                if node not in seen:
                    seen.add(node)
                    kinds.setdefault(node, set()).add(top)
                    todo.extend(children.get(node, ()))
        found: dict[str, set[tuple]] = {}
        for graph, thing, kind in self.types:
            tops = kinds.get(kind)
            if not tops or not isinstance(thing, ox.NamedNode):
                continue
            iri = thing.value
            local = normalise(local_id(iri))
            names = [n.value for n in (*self.labels.get(thing, ()), *self.alt.get(thing, ()))]
            for label in {label.value for label in self.labels.get(thing, ())}:
                for name in names:
                    for top in tops:
                        found.setdefault(graph, set()).add((iri, label, name, top, normalise(name), local))
        return found

    def events(self) -> dict[str, dict[str, list]] | None:
        """What `_index_events` finds, per graph; None when one bound has several values (the
        store's order would decide which one the index keeps)."""
        found: dict[str, dict[str, list]] = {}
        for graph, events in self.parts.items():
            entries = found.setdefault(graph, {})
            for event in events:
                entry = entries[event.value] = [event.value, None, None]
                for column in (1, 2):
                    values = {value.value for time in self.time.get((graph, event), ())
                              for value in self.bounds.get((graph, time, column), ())}
                    if len(values) > 1:
                        return None
                    entry[column] = next(iter(values), None)
        return found


def _quads(unit: Unit, data: bytes, text: str | None, gathered: _Gathered | None = None) -> Iterator[ox.Quad]:
    """The graph's quads: its Turtle (blank nodes renamed, so no two files share one by
    accident) and, for an article, its text as kg:text. `gathered` notes spans and counts."""
    graph = ox.NamedNode(unit.graph)
    count = 0
    try:
        parsed = ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=unit.turtle.resolve().as_uri(),
                          rename_blank_nodes=True)
        if text is not None:  # an article: its quotes anchored, its implied triples added
            from .authoring import compile_article  # only when a graph is loaded, not per lookup

            parsed = compile_article(list(parsed), unit.graph, text, unit.shown, unit.text_shown, data)
        # A quad unpacked is several times faster than its .subject, .predicate, .object.
        if gathered is None:
            for subject, predicate, object_, _ in parsed:
                yield ox.Quad(subject, predicate, object_, graph)
        else:
            handlers = gathered.handler
            for subject, predicate, object_, _ in parsed:
                handler = handlers.get(predicate)
                if handler is not None:
                    handler(unit.graph, subject, object_)
                count += 1
                yield ox.Quad(subject, predicate, object_, graph)
    except SyntaxError as error:
        raise InputError(syntax_message(error, unit.shown)) from error
    if text is not None:
        count += 1
        yield ox.Quad(graph, KG_TEXT, ox.Literal(text), graph)
    if gathered is not None:
        gathered.quads[unit.graph] = count


def _say(message: str) -> None:
    import click

    click.echo(message, err=True)


def _counts(store: ox.Store, graphs: list[str]) -> dict[str, int]:
    """Quads per named graph, counted by the engine in one pass."""
    if not graphs:
        return {}
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    counted = {row["g"].value: int(row["n"].value) for row in store.query(query)}
    return {graph: counted.get(graph, 0) for graph in graphs}


TOPS = ("Actor", "Location", "Event")


def _index_names(store: ox.Store, manifest: Manifest, graphs: list[str]) -> None:
    """Record, per graph, the names of the actors, places and events it types, so that name
    lookups read the index instead of scanning the store: [iri, label, name, top class,
    normalised name, normalised local id]."""
    if not graphs:
        return
    tops = " ".join(f"<{ns.KG}{top}>" for top in TOPS)
    kinds: dict[str, list[str]] = {}
    for row in store.query(f"SELECT ?class ?top WHERE {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ VALUES ?top {{ {tops} }} "
                           f"?class <{ns.RDFS}subClassOf>* ?top }} }}"):
        kinds.setdefault(row["class"].value, []).append(row["top"].value.rpartition("#")[2])
    found: dict[str, set[tuple[str, str, str, str]]] = {graph: set() for graph in graphs}
    values = " ".join(f"<{graph}>" for graph in graphs)
    query = (f"SELECT ?g ?thing ?class ?label ?name WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?thing a ?class }} "
             f"?thing <{ns.RDFS}label> ?label . {{ ?thing <{ns.RDFS}label> ?name }} UNION "
             f"{{ ?thing <{ns.SKOS}altLabel> ?name }} }}")
    for row in store.query(query, use_default_graph_as_union=True):
        for top in kinds.get(row["class"].value, ()):
            if isinstance(row["thing"], ox.NamedNode):
                name = row["name"].value
                iri = row["thing"].value
                found[row["g"].value].add((iri, row["label"].value, name, top, normalise(name),
                                           normalise(local_id(iri))))
    for graph, names in found.items():
        manifest.graphs[graph]["names"] = sorted(names)


def compact_events(events: list[list]) -> dict[str, object]:
    """An imported graph's events in the index as {"prefix", "bounds": {"NOT_BEFORE NOT_AFTER":
    "local local …"}}: 10^5 rows share a namespace and a few thousand days; as 10^5 small lists
    they took 0.12 s to parse (0.26 s with the cycle collector on), grouped under a millisecond."""
    common = os.path.commonprefix([iri for iri, _, _ in events])
    prefix = common[:common.rfind("/") + 1]  # up to a whole path segment; "" when none
    bounds: dict[str, list[str]] = {}
    for iri, not_before, not_after in sorted(events):
        bounds.setdefault(f"{not_before or ''} {not_after or ''}", []).append(iri[len(prefix):])
    return {"prefix": prefix, "bounds": {key: " ".join(locals_) for key, locals_ in bounds.items()}}


def _index_events(store: ox.Store, manifest: Manifest, graphs: list[str]) -> None:
    """Record, per graph, its events and their time bounds, [iri, not_before, not_after], so a
    timeline or a page of answers is chosen without scanning the store."""
    if not graphs:
        return
    values = " ".join(f"<{graph}>" for graph in graphs)
    found: dict[str, dict[str, list]] = {graph: {} for graph in graphs}
    for row in store.query(f"SELECT DISTINCT ?g ?event WHERE {{ VALUES ?g {{ {values} }} "
                           f"GRAPH ?g {{ ?event <{ns.KG}participation> ?p }} }}"):
        found[row["g"].value][row["event"].value] = [row["event"].value, None, None]
    for column, bound in ((1, "notBefore"), (2, "notAfter")):
        query = (f"SELECT ?g ?event ?d WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?event <{ns.KG}time> ?t . "
                 f"?t <{ns.KG}{bound}> ?d }} }}")
        for row in store.query(query):
            entry = found[row["g"].value].get(row["event"].value)
            if entry is not None:
                entry[column] = row["d"].value
    for graph, events in found.items():
        manifest.graphs[graph]["events"] = sorted(events.values())


def _check(store: ox.Store, layout: Layout, loaded: list[Unit], texts: dict[str, str],
           check_text: bool = True, spans: SpanGatherer | None = None) -> set[str]:
    """The checks a graph must pass before anything is answered from it. Without
    `check_text`, spans that no longer match the text do not refuse: the articles whose text
    they point into are returned instead. `spans`: every graph's spans, gathered as parsed."""
    names = {unit.graph for unit in loaded}
    if ns.ONTOLOGY_GRAPH in names:
        check_ontology(store, layout.relative(layout.ontology))
    articles = [unit for unit in units(layout) if unit.is_article]
    check_declarations(store, [TurtleFile(u.turtle, u.shown, u.graph) for u in articles],
                       only={u.graph for u in loaded if u.is_article})
    shown = {unit.graph: unit.text_shown for unit in articles}
    if check_text:
        check_spans(store, texts, shown, graphs=names, gathered=spans and spans.spans)
        return set()
    return set(span_mismatches(store, texts, shown, graphs=names, gathered=spans and spans.spans))


def _apply(store: ox.Store, layout: Layout, manifest: Manifest, changed: list[Unit],
           removed: list[str], bulk: bool, progress: Progress | None, check_text: bool = True) -> Report:
    """Drop the removed graphs, (re)load the changed ones, check them, count their quads.

    A fresh build streams every graph into one bulk load; a refresh replaces graph by graph,
    each in one transaction. A graph that fails is taken out again and not recorded.
    """
    report = Report(removed=list(removed))
    for graph in removed:
        store.remove_graph(ox.NamedNode(graph))
        del manifest.graphs[graph]
    texts: dict[str, str] = {}
    done: list[Unit] = []

    def each() -> Iterator[tuple[Unit, bytes, str | None]]:
        for unit in progress(changed, "Loading the graph") if progress else changed:
            data, records, text = _read(unit)
            manifest.graphs.pop(unit.graph, None)
            yield unit, data, text
            if text is not None:
                texts[unit.graph] = text
            done.append(unit)
            manifest.graphs[unit.graph] = {"files": records, "quads": 0}

    # A build loads every graph into an empty store, so the quads parsed are all the store has.
    gathered = _Gathered() if bulk and not manifest.graphs and not removed else None
    try:
        if bulk:
            store.bulk_extend(quad for unit, data, text in each() for quad in _quads(unit, data, text, gathered))
        else:
            for unit, data, text in each():
                store.remove_graph(ox.NamedNode(unit.graph))
                store.extend(_quads(unit, data, text))
        unchecked = _check(store, layout, done, texts, check_text, gathered and gathered.spans)
    except BaseException:
        for unit in changed:
            manifest.graphs.pop(unit.graph, None)
            store.remove_graph(ox.NamedNode(unit.graph))
        raise
    if gathered is not None and sum(gathered.quads.values()) == len(store):
        counts = gathered.quads  # every quad parsed is in the store: none was a duplicate
    else:
        counts = _counts(store, [u.graph for u in done])
    for graph, quads in counts.items():
        manifest.graphs[graph]["quads"] = quads
    for graph in unchecked:
        if graph in manifest.graphs:
            manifest.graphs[graph]["text_checked"] = False
    shared = {ns.ONTOLOGY_GRAPH, ns.ENTITIES_GRAPH} & {u.graph for u in done}
    if gathered is not None and gathered.names_exact:
        names = gathered.names()
        for graph in manifest.graphs:
            manifest.graphs[graph]["names"] = sorted(names.get(graph, ()))
    else:
        _index_names(store, manifest, list(manifest.graphs) if shared else [u.graph for u in done])
    events = gathered.events() if gathered is not None and gathered.events_exact else None
    if events is not None:
        for graph in manifest.graphs:
            manifest.graphs[graph]["events"] = sorted(events.get(graph, {}).values())
    else:
        _index_events(store, manifest, [u.graph for u in done])
    report.loaded = [unit.graph for unit in done]
    return report


@contextmanager
def _writable(folder: Path) -> Iterator[ox.Store]:
    try:
        store = ox.Store(str(folder / DATA))
    except OSError as error:
        raise InputError(f"{folder}: cannot open the store ({error}); delete the folder (it is "
                         "rebuilt from the files) or pass --store DIR.") from error
    try:
        yield store
    finally:
        store.flush()
        del store


def _update(layout: Layout, folder: Path, lock: _Lock, rebuild: bool,
            progress: Progress | None, check_text: bool = True) -> tuple[Manifest, Report]:
    """Under the exclusive lock: bring the store in line with the files."""
    lock.exclusive()
    manifest = None if rebuild else Manifest.read(folder, layout)
    fresh = manifest is None
    if fresh:
        shutil.rmtree(folder / DATA, ignore_errors=True)
        (folder / MANIFEST).unlink(missing_ok=True)
        manifest = Manifest(root=str(layout.root))
        changed, removed = units(layout), []
    else:
        manifest.load_index()  # the index is written anew with this update's
        changed, removed, _ = _plan(layout, manifest, check_text)
    with _writable(folder) as store:
        try:
            report = _apply(store, layout, manifest, changed, removed, bulk=fresh, progress=progress,
                            check_text=check_text)
            report.loaded += registry.restore(store, layout, manifest, lambda: manifest.write(folder),
                                              say=_say if progress else None)
        except BaseException:
            if not fresh:
                manifest.write(folder)  # what did load stays recorded; the failed graph does not
            raise
        manifest.write(folder)
    report.rebuilt = fresh
    return manifest, report


def build(layout: Layout, chosen: str | None = None, progress: Progress | None = None) -> Report:
    """Make the store from scratch."""
    folder = store_dir(layout, chosen)
    lock = _Lock.of(folder)
    try:
        return _update(layout, folder, lock, rebuild=True, progress=progress)[1]
    finally:
        lock.shared()


def refresh(layout: Layout, chosen: str | None = None, progress: Progress | None = None) -> Report:
    """Bring the store in line with the files, per named graph; a no-op when nothing changed."""
    return refreshed(layout, chosen, progress)[1]


def refreshed(layout: Layout, chosen: str | None = None,
              progress: Progress | None = None) -> tuple[Manifest, Report]:
    """`refresh`, and the manifest of the store it leaves (for `open_store(manifest=...)`)."""
    folder = store_dir(layout, chosen)
    return _refresh(layout, folder, _Lock.of(folder), progress)


def _refresh(layout: Layout, folder: Path, lock: _Lock, progress: Progress | None,
             check_text: bool = True) -> tuple[Manifest, Report]:
    lock.shared()
    manifest = Manifest.read(folder, layout)
    if manifest is not None:
        changed, removed, touched = _plan(layout, manifest, check_text)
        if not changed and not removed and registry.stale(layout, manifest.graphs) == ([], []):
            if touched:
                lock.exclusive()
                manifest.write(folder)
                lock.shared()
            return manifest, Report()
    manifest, report = _update(layout, folder, lock, rebuild=False, progress=progress,
                               check_text=check_text)
    lock.shared()
    return manifest, report


def open_store(layout: Layout, chosen: str | None = None, refresh: bool = True,
               progress: Progress | None = None, check_text: bool = True,
               manifest: Manifest | None = None) -> KgStore:
    """The store, refreshed from the files (unless told not to), opened read-only.

    `check_text=False` (for kg validate): an article whose spans no longer match its text is
    loaded all the same, for the validation to report each span, and marked for the next lookup.
    Without a refresh, `manifest` is the one a refresh in this process (or its parent, which
    still holds the lock) just left, so it is not read again.
    """
    folder = store_dir(layout, chosen)
    lock = _Lock.of(folder)
    if refresh:
        manifest, _ = _refresh(layout, folder, lock, progress, check_text)
    else:
        lock.shared()
        manifest = manifest or Manifest.read(folder, layout)
        if manifest is None:
            raise InputError(f"{folder}: no store yet; run kg build.")
    try:
        store = ox.Store.read_only(str(folder / DATA))
    except OSError as error:
        raise InputError(f"{folder}: cannot open the store ({error}); delete the folder (it is "
                         "rebuilt from the files) or run kg build.") from error
    return KgStore(store, manifest, lock, folder)
