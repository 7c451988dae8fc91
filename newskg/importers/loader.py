"""Streaming an imported file into its named graph, and the `kg import` actions over the store.

Rows are turned into N-Triples text a few thousand at a time and handed to pyoxigraph's bulk
loader through a file-like reader, so memory stays flat however long the file is, and the
engine, not Python, parses and indexes the triples.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..layout import Layout
from . import registry
from .registry import Entry, Outcome

BATCH = 2000  # rows per chunk of text
REPORTED = 20  # bad rows reported one by one; the rest are counted


class _Reader(io.RawIOBase):
    """A binary stream over generated chunks. An exception raised while making them (a bad
    row under --strict, Ctrl-C) is kept, for the caller to raise once the loader gives up."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks, self.buffer, self.error = chunks, b"", None

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self.buffer:
            try:
                self.buffer = next(self.chunks)
            except StopIteration:
                return 0
            except BaseException as error:
                self.error = error
                raise OSError("import stopped") from error
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


SEGMENT = 25  # chunks (of BATCH rows) per bulk-load call: the loader buffers what one call gets


def bulk_load(store: ox.Store, graph: str, chunks: Iterator[bytes]) -> None:
    """Several bulk-load calls of SEGMENT chunks each: one call would keep growing its buffers
    with the file, so memory would not stay flat."""
    chunks = iter(chunks)
    while True:
        try:
            first = next(chunks)
        except StopIteration:
            return
        segment = itertools.chain([first], itertools.islice(chunks, SEGMENT - 1))
        reader = _Reader(segment)
        try:
            store.bulk_load(io.BufferedReader(reader, 1 << 20), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.NamedNode(graph))
        except BaseException:
            if reader.error is not None:
                raise reader.error from None
            raise


STRICT_STOP = "nothing was imported, and an earlier import of the file is kept"


def _problem(outcome: Outcome, report: Callable[[str], None] | None, strict: bool, message: str) -> None:
    if strict:
        raise InputError(f"{message}; {STRICT_STOP} (without --strict bad rows are skipped).")
    outcome.entry.skipped += 1
    if len(outcome.problems) < REPORTED:
        outcome.problems.append(message)
        if report:
            report(f"{message}; skipped.")


def check(layout: Layout, entry: Entry) -> None:
    """Read every row (or statement) of the entry's files without writing anything: the first one
    that cannot be read stops --strict before the store is touched."""
    if entry.kind == "sem":
        from .sem import parse, read

        parsed = parse(read(entry.path(layout), entry.file), entry.file, None)
        if parsed.problems:
            raise InputError(f"{parsed.problems[0][1]}; {STRICT_STOP} (without --strict a statement "
                             "that cannot be read is skipped).")
        return
    from .gdelt import BadRow, Rows, lines, open_text

    rows = Rows(layout.root)
    files = [(entry.path(layout), entry.file, rows.event)]
    if entry.mentions:
        files.append((entry.mentions_path(layout), entry.mentions, rows.mention))
    for path, shown, read_row in files:
        text, _, _ = open_text(path, shown)
        with text:
            for number, cells in lines(text):
                try:
                    read_row(cells)
                except BadRow as error:
                    raise InputError(f"{shown}, line {number}: {error}; {STRICT_STOP} "
                                     "(without --strict bad rows are skipped).") from None


def load(store: ox.Store, layout: Layout, entry: Entry, *, strict: bool = False,
         report: Callable[[str], None] | None = None,
         progress: Callable[[int, int], None] | None = None) -> Outcome:
    if entry.kind == "sem":
        from .sem import load as load_sem

        return load_sem(store, layout, entry, strict=strict, report=report)
    from .gdelt import BadRow, Rows, lines, open_text

    outcome = Outcome(entry)
    entry.rows = entry.skipped = 0
    rows = Rows(layout.root)
    path = entry.path(layout)
    text, tell, size = open_text(path, entry.file)

    def events() -> Iterator[bytes]:
        batch: list[str] = []
        with text:
            for number, cells in lines(text):
                try:
                    batch.append(rows.event(cells))
                    entry.rows += 1
                except BadRow as error:
                    _problem(outcome, report, strict, f"{entry.file}, line {number}: {error}")
                if len(batch) >= BATCH:
                    yield "".join(batch).encode("utf-8")
                    batch = []
                    if progress:
                        progress(tell(), size)
        if batch:
            yield "".join(batch).encode("utf-8")
        if progress:
            progress(size, size)

    bulk_load(store, entry.graph, events())
    if entry.mentions:
        outcome.mentions = _mentions(store, layout, entry, rows, outcome, strict, report)
    return outcome


def _mentions(store: ox.Store, layout: Layout, entry: Entry, rows, outcome: Outcome, strict: bool,
              report: Callable[[str], None] | None) -> int:
    """The mentions of the events just loaded (a mention of an event not in the file is left
    out: the record it would describe is not in this graph)."""
    from .gdelt import BadRow, lines, open_text

    graph = ox.NamedNode(entry.graph)
    record_type = ox.NamedNode(registry_kg("SourceRecord"))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    path = entry.mentions_path(layout)
    text, _, _ = open_text(path, entry.mentions)
    count = 0

    def chunks() -> Iterator[bytes]:
        nonlocal count
        batch: list[str] = []
        known: dict[str, bool] = {}
        with text:
            for number, cells in lines(text):
                try:
                    record, made = rows.mention(cells)
                except BadRow as error:
                    _problem(outcome, report, strict, f"{entry.mentions}, line {number}: {error}")
                    continue
                if record not in known:
                    if len(known) > 100_000:
                        known.clear()
                    known[record] = any(store.quads_for_pattern(
                        ox.NamedNode(record[1:-1]), rdf_type, record_type, graph))
                if known[record]:
                    batch.append(made)
                    count += 1
                if len(batch) >= BATCH:
                    yield "".join(batch).encode("utf-8")
                    batch = []
        if batch:
            yield "".join(batch).encode("utf-8")

    bulk_load(store, entry.graph, chunks())
    return count


def registry_kg(local: str) -> str:
    from .. import namespaces as ns

    return ns.KG + local


@dataclass
class Session:
    """The store opened for writing under the exclusive lock, with its manifest."""

    store: ox.Store
    manifest: object
    folder: Path

    def save(self) -> None:
        self.manifest.write(self.folder)


def _session(layout: Layout, chosen: str | None):
    """Bring the store up to date, then hold it exclusively: a context manager."""
    from contextlib import contextmanager

    from .. import store as kgstore
    from ..config import store_dir

    @contextmanager
    def held():
        folder = store_dir(layout, chosen)
        kgstore.refresh(layout, chosen)
        lock = kgstore._Lock.of(folder)
        lock.exclusive()
        try:
            manifest = kgstore.Manifest.read(folder, layout)
            with kgstore._writable(folder) as store:
                yield Session(store, manifest, folder)
        finally:
            lock.shared()

    return held()


def import_files(layout: Layout, chosen: str | None, kind: str, files: list[Path], mentions: Path | None,
                 *, strict: bool = False, report: Callable[[str], None] | None = None,
                 progress: Callable[[str], Callable[[int, int], None] | None] | None = None) -> list[Outcome]:
    """Import each file into its own named graph (replacing its earlier import), and list it
    in the data root once it is whole."""
    if mentions and (kind != "gdelt" or len(files) != 1):
        raise InputError("--mentions goes with one GDELT 2.0 events file: kg import gdelt EVENTS --mentions MENTIONS.")
    for path in files + ([mentions] if mentions else []):
        if not Path(path).is_file():
            raise InputError(f"{path}: no such file.")
    entries = list(registry.entries_for(layout, kind, [Path(f) for f in files], mentions))
    outcomes = []
    if strict:  # every file read first: a bad row stops here, before anything is replaced
        for entry in entries:
            check(layout, entry)
    with _session(layout, chosen) as session:
        for entry in entries:
            try:
                outcome = registry.load(session.store, layout, entry, session.manifest, session.save,
                                        strict=strict, report=report,
                                        progress=progress(entry.file) if progress else None)
            except BaseException:
                listed = [e for e in registry.read(layout) if e.graph != entry.graph]
                registry.write(layout, listed)
                raise
            listed = [e for e in registry.read(layout) if e.graph != entry.graph] + [entry]
            registry.write(layout, listed)
            outcomes.append(outcome)
    return outcomes


def remove(layout: Layout, chosen: str | None, file: str) -> Entry:
    """Drop an imported file's graph and its line in the list."""
    listed = registry.read(layout)
    wanted = registry.shown(layout, Path(file))
    found = [e for e in listed if e.file in (file, wanted) or Path(e.file).name == file]
    if len(found) != 1:
        names = ", ".join(e.file for e in listed) or "none"
        raise InputError(f"{file}: not an imported file (imported: {names}); see kg import --list.")
    entry = found[0]
    registry.write(layout, [e for e in listed if e.graph != entry.graph])
    with _session(layout, chosen) as session:
        session.store.remove_graph(ox.NamedNode(entry.graph))
        session.manifest.graphs.pop(entry.graph, None)
        session.save()
    return entry


def listing(layout: Layout, chosen: str | None) -> list[dict[str, object]]:
    """Each imported file with its graph and counts, from the list and the store."""
    from ..store import open_store

    store = open_store(layout, chosen)
    try:
        quads = {graph: entry.get("quads", 0) for graph, entry in store.manifest.graphs.items()}
    finally:
        store.close()
    return [{"kind": e.kind, "file": e.file, "mentions": e.mentions, "graph": e.graph, "rows": e.rows,
             "skipped": e.skipped, "quads": quads.get(e.graph, 0)} for e in registry.read(layout)]
