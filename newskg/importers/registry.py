"""Which files are imported: `graph/imports.json` in the data root, the truth the store follows.

Files are the truth and the store is derived, for imports too: the list of imported files
lives in the data root, and a store that lacks one of their graphs (a deleted store, a fresh
clone with the list) imports it again from its file. Each imported file is one named graph,
`https://w3id.org/newskg/import/KIND/NAME`, replaced whole when the file is imported again.

An import is recorded in the store's manifest as loading before its first row is written, and
as done (with its quad count) after the last; the data root's list is written only then. An
interrupted import is taken out again (its graph dropped, its line removed from the list, so
nothing half-imported is ever answered from); one killed outright is still marked loading, and
the next command drops it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..errors import InputError
from ..layout import Layout

IMPORTS_FILE = Path("graph") / "imports.json"
IMPORT = "https://w3id.org/newskg/import/"
KINDS = ("gdelt", "sem")


@dataclass
class Entry:
    """One imported file, as the data root lists it."""

    kind: str
    file: str  # relative to the data root when inside it, else absolute
    graph: str
    mentions: str | None = None
    rows: int = 0
    skipped: int = 0

    def path(self, layout: Layout) -> Path:
        return layout.root / self.file

    def mentions_path(self, layout: Layout) -> Path | None:
        return layout.root / self.mentions if self.mentions else None


def graph_for(kind: str, path: Path) -> str:
    return f"{IMPORT}{kind}/{quote(path.name, safe='')}"


def shown(layout: Layout, path: Path) -> str:
    """A path as the list keeps it: relative to the data root when inside it."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(layout.root))
    except ValueError:
        return str(path)


def read(layout: Layout) -> list[Entry]:
    path = layout.root / IMPORTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        raise InputError(f"{IMPORTS_FILE}: cannot read the list of imported files ({error}); fix it, "
                         "or delete it and import the files again.") from error
    try:
        return [Entry(**entry) for entry in data["imports"]]
    except (KeyError, TypeError) as error:
        raise InputError(f"{IMPORTS_FILE}: not a list of imported files (each needs kind, file and "
                         "graph); fix it, or delete it and import the files again.") from error


def write(layout: Layout, entries: list[Entry]) -> None:
    """Atomically; no list at all when nothing is imported."""
    path = layout.root / IMPORTS_FILE
    if not entries:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"imports": [asdict(e) for e in entries]}, indent=1) + "\n",
                         encoding="utf-8")
    os.replace(temporary, path)


def graphs(layout: Layout) -> set[str]:
    return {entry.graph for entry in read(layout)}


def stale(layout: Layout, manifest_graphs: dict[str, dict]) -> tuple[list[str], list[Entry]]:
    """Graphs to drop (no longer listed, or left loading by a killed import) and listed files
    whose graph the store lacks."""
    listed = {entry.graph: entry for entry in read(layout)}
    drop = [graph for graph, entry in manifest_graphs.items() if "import" in entry
            and (graph not in listed or entry["import"].get("state") != "done")]
    missing = [entry for graph, entry in listed.items()
               if graph not in manifest_graphs or graph in drop]
    return drop, missing


@dataclass
class Outcome:
    """What one import did."""

    entry: Entry
    quads: int = 0
    seconds: float = 0.0
    mentions: int = 0
    problems: list[str] = field(default_factory=list)
    statements: int = 0  # SEM: statements read from the file
    left_out: int = 0  # SEM: events the model cannot hold (no actor)


Report = Callable[[str], None]
Progress = Callable[[int, int], None]  # (bytes read so far, file size)


def load(store, layout: Layout, entry: Entry, manifest, write_manifest: Callable[[], None], *,
         strict: bool = False, report: Report | None = None, progress: Progress | None = None) -> Outcome:
    """Replace the entry's graph with the file's content, under the caller's exclusive lock.

    The manifest says "loading" while rows are written; on any failure or interruption the
    graph is dropped again and the manifest forgets it.
    """
    import time

    import pyoxigraph as ox

    from . import loader

    graph = ox.NamedNode(entry.graph)
    began = time.monotonic()
    store.remove_graph(graph)
    if hasattr(manifest, "load_index"):
        manifest.load_index()  # the names index is rewritten with this graph's names
    manifest.graphs[entry.graph] = {"files": {}, "quads": 0, "import": {"state": "loading", "kind": entry.kind}}
    write_manifest()
    try:
        outcome = loader.load(store, layout, entry, strict=strict, report=report, progress=progress)
        store.flush()
    except BaseException:
        store.remove_graph(graph)
        manifest.graphs.pop(entry.graph, None)
        write_manifest()
        raise
    outcome.seconds = time.monotonic() - began
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{entry.graph}> {{ ?s ?p ?o }} }}"
    outcome.quads = int(next(iter(store.query(query)))["n"].value)
    manifest.graphs[entry.graph] = {"files": {}, "quads": outcome.quads, "names": _names(store, entry.graph),
                                    "import": {"state": "done", "kind": entry.kind, "file": entry.file}}
    from ..store import _index_events, compact_events  # the timeline pages imported events from the index too

    _index_events(store, manifest, [entry.graph])
    manifest.graphs[entry.graph]["events"] = compact_events(manifest.graphs[entry.graph]["events"])
    write_manifest()
    return outcome


def _names(store, graph: str) -> list[list[str]]:
    """The coded actors and places of the graph, as the store's name index lists them."""
    from .. import namespaces as ns
    from ..resolve import local_id, normalise

    found = []
    for cls, top in (("CodedActor", "Actor"), ("CodedPlace", "Location")):
        query = (f"SELECT DISTINCT ?thing ?label WHERE {{ GRAPH <{graph}> {{ ?thing a <{ns.KG}{cls}> ; "
                 f"<{ns.RDFS}label> ?label }} }}")
        for row in store.query(query):
            label = row["label"].value
            iri = row["thing"].value
            found.append([iri, label, label, top, normalise(label), normalise(local_id(iri))])
    return sorted(found)


def restore(store, layout: Layout, manifest, write_manifest: Callable[[], None],
            say: Report | None = None) -> list[str]:
    """Bring the store's imported graphs in line with the list: drop what is not listed (or
    was left half-loaded), import again what the store lacks. Returns the graphs imported."""
    import pyoxigraph as ox

    drop, missing = stale(layout, manifest.graphs)
    for graph in drop:
        store.remove_graph(ox.NamedNode(graph))
        manifest.graphs.pop(graph, None)
    done = []
    for entry in missing:
        if say:
            say(f"Importing {entry.file} again ({entry.kind}): the store did not hold it…")
        load(store, layout, entry, manifest, write_manifest)
        done.append(entry.graph)
    return done


def entries_for(layout: Layout, kind: str, files: list[Path], mentions: Path | None) -> Iterator[Entry]:
    """The list entries for files about to be imported (the same graph as before for a file
    imported again; another file of the same name is refused)."""
    listed = {entry.graph: entry for entry in read(layout)}
    for path in files:
        graph = graph_for(kind, path)
        file = shown(layout, path)
        if graph in listed and listed[graph].file != file:
            raise InputError(f"{file}: a file of the same name is imported already ({listed[graph].file}); "
                             f"kg import --remove {listed[graph].file} first, or rename one of them.")
        yield Entry(kind, file, graph, shown(layout, mentions) if mentions else None)
