"""Exports for Gephi and other tools: GEXF 1.3, GraphML, Gephi spreadsheet CSV, RDF.

Attribute names never clash with a format's own (GEXF's id, label, kind, weight, start, end) or
with the keys graphology and sigma.js reserve (type, x, y, size, color, label, hidden, …): the
node's kind is `node_kind`, the relation's kind `relation_kind`, in every format.

RDF exports are byte-identical run to run: blank nodes get their RDF canonical (RDFC-1.0)
labels and statements are sorted, so exports can be diffed and cached.

Writes never harm: a write goes to a temporary name beside its target and is moved into place
only when complete; a multi-file (CSV) export appears whole or not at all; only a regular file
(or, for CSV, a folder holding a previous export) is ever replaced, and only with --force.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError
from .lookups import Graph, graphs_by_source
from .networks import Networks, build, pagerank

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
GRAPH_FORMATS = ("gexf", "graphml", "csv")
RDF_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "trig": "TRIG"}
VIEWS = ("actors", "actor-event", "full")
CSV_FILES = ("nodes.csv", "edges.csv")

# One colour per node class, readable on Gephi's white background (Okabe–Ito and neighbours),
# keyed by class IRI; a class without one takes its nearest coloured ancestor's (every event
# type takes kg:Event's red), and a node with none at all is grey.
EVENT_COLOUR = (200, 40, 40)
OTHER_COLOUR = (100, 100, 100)
CLASS_COLOURS = {
    "kg:Person": (0, 114, 178), "kg:State": (213, 94, 0), "kg:GovernmentBody": (204, 121, 167),
    "kg:ArmedForces": (0, 158, 115), "kg:MilitaryUnit": (0, 120, 90),
    "kg:NonStateArmedGroup": (230, 159, 0), "kg:NewsOrganisation": (86, 180, 233),
    "kg:Country": (120, 120, 120), "kg:City": (150, 150, 150), "kg:Facility": (90, 90, 90),
    "kg:Region": (180, 180, 180), "kg:Event": EVENT_COLOUR,
}
NODE_ATTRIBUTES = [("node_kind", "string"), ("class", "string"), ("iri", "anyURI"),
                   ("pagerank", "double"), ("latitude", "double"), ("longitude", "double"),
                   ("provenance", "string")]
EDGE_ATTRIBUTES = [("relation", "string"), ("relation_kind", "string"), ("evidence", "string"),
                   ("hedge", "string"), ("according_to", "string"), ("provenance", "string")]


def colour(attrs: dict[str, object]) -> tuple[int, int, int]:
    """A node's colour, from its class and the classes above it (the node's `lineage`)."""
    for cls in attrs.get("lineage", ()):
        if cls in CLASS_COLOURS:
            return CLASS_COLOURS[cls]
    return OTHER_COLOUR


def view(networks: Networks, name: str) -> nx.MultiDiGraph:
    return {"actors": networks.actors, "actor-event": networks.actor_event, "full": networks.full}[name]


def _prepared(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph as exported: nodes with IRI and PageRank; edges keyed by a unique id (e0, e1, …).

    Attributes take their export names here, once for every format. Only PageRank is computed:
    betweenness is not exported (it is costly on a large network; kg analyze reports it).
    """
    ranks = pagerank(g)
    out = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        exported = {"label": attrs["label"], "node_kind": attrs["type"], "class": attrs["class"],
                    "provenance": attrs["provenance"]}
        exported.update({k: attrs[k] for k in ("latitude", "longitude", "start", "end") if k in attrs})
        out.add_node(node, **exported, iri=ns.expand(node), pagerank=round(ranks[node], 4))
    parallel = Counter((u, v) for u, v in g.edges())
    for number, (u, v, _, data) in enumerate(sorted(g.edges(keys=True, data=True),
                                                    key=lambda e: (e[0], e[1], e[2]))):
        out.add_edge(u, v, key=f"e{number}", relation=data["relation"],
                     relation_kind=data["kind"], weight=float(data["weight"]),
                     evidence=" | ".join(e for e in data["evidence"] if e),
                     hedge=data.get("hedge", ""), according_to=data.get("according_to", ""),
                     provenance=data["provenance"], parallel=parallel[(u, v)] > 1)
    return out


def gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3: static attributes, viz colours and sizes, dynamic start/end on events."""
    from lxml import etree

    source, g = g, _prepared(g)

    def E(tag: str, parent=None, ns_: str = GEXF_NS, **attrs: object):
        """An element in the GEXF (or viz) namespace, attribute values as text."""
        values = {k: str(v) for k, v in attrs.items()}
        if parent is None:
            return etree.Element(f"{{{ns_}}}{tag}", values, nsmap={None: GEXF_NS, "viz": VIZ_NS})
        return etree.SubElement(parent, f"{{{ns_}}}{tag}", values)

    root = E("gexf", version="1.3")
    meta = E("meta", root)
    E("creator", meta).text = "newskg"
    E("description", meta).text = "Actors, events and places from news, with evidence (kg export)."
    graph = E("graph", root, defaultedgetype="directed", mode="dynamic", timeformat="date")
    node_attrs = E("attributes", graph, **{"class": "node", "mode": "static"})
    for position, (name, kind) in enumerate(NODE_ATTRIBUTES):
        E("attribute", node_attrs, id=str(position), title=name, type=kind)
    edge_attrs = E("attributes", graph, **{"class": "edge", "mode": "static"})
    for position, (name, kind) in enumerate(EDGE_ATTRIBUTES):
        E("attribute", edge_attrs, id=str(position), title=name, type=kind)
    top = max((a["pagerank"] for _, a in g.nodes(data=True)), default=1.0) or 1.0

    nodes = E("nodes", graph, count=g.number_of_nodes())
    for node, attrs in g.nodes(data=True):
        times = {k: attrs[k] for k in ("start", "end") if attrs.get(k)}
        element = E("node", nodes, id=node, label=attrs["label"], **times)
        values = E("attvalues", element)
        for position, (name, _) in enumerate(NODE_ATTRIBUTES):
            if attrs.get(name) is not None:
                E("attvalue", values, **{"for": str(position), "value": attrs[name]})
        r, gr, b = colour(source.nodes[node])
        E("color", element, ns_=VIZ_NS, r=r, g=gr, b=b)
        E("size", element, ns_=VIZ_NS, value=round(8 + 40 * attrs["pagerank"] / top, 2))

    edges = E("edges", graph, count=g.number_of_edges())
    for u, v, key, data in g.edges(keys=True, data=True):
        times = {}
        for end_ in (u, v):
            if g.nodes[end_]["node_kind"] == "event":
                times = {k: g.nodes[end_][k] for k in ("start", "end") if g.nodes[end_].get(k)}
        extra = {"kind": data["relation"]} if data["parallel"] else {}
        element = E("edge", edges, id=key, source=u, target=v, label=data["relation"],
                    weight=data["weight"], **extra, **times)
        values = E("attvalues", element)
        for position, (name, _) in enumerate(EDGE_ATTRIBUTES):
            if data.get(name):
                E("attvalue", values, **{"for": str(position), "value": data[name]})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graphml_bytes(g: nx.MultiDiGraph) -> bytes:
    """GraphML; edge ids are the unique keys e0, e1, … (graphology refuses repeated ids)."""
    prepared = _prepared(g)
    for _, _, data in prepared.edges(data=True):
        data.pop("parallel")
    buffer = io.BytesIO()
    nx.write_graphml(prepared, buffer, named_key_ids=True)
    return buffer.getvalue()


def csv_tables(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """Gephi's spreadsheet import: nodes.csv (Id, Label, …) and edges.csv (Source, Target, …).

    Gephi's own columns keep Gephi's spelling; the others are the GEXF attribute titles.
    """
    g = _prepared(g)
    nodes, edges = io.StringIO(), io.StringIO()
    node_writer = csv.writer(nodes)
    node_writer.writerow(["Id", "Label", "node_kind", "class", "iri", "pagerank", "latitude",
                          "longitude", "start", "end", "provenance"])
    for node, a in g.nodes(data=True):
        node_writer.writerow([node, a["label"], a["node_kind"], a["class"], a["iri"], a["pagerank"],
                              a.get("latitude", ""), a.get("longitude", ""), a.get("start", ""),
                              a.get("end", ""), a["provenance"]])
    edge_writer = csv.writer(edges)
    edge_writer.writerow(["Source", "Target", "Type", "Id", "Label", "Weight", "relation_kind",
                          "evidence", "hedge", "according_to", "provenance"])
    for u, v, key, d in g.edges(keys=True, data=True):
        edge_writer.writerow([u, v, "Directed", key, d["relation"], d["weight"], d["relation_kind"],
                              d["evidence"], d["hedge"], d["according_to"], d["provenance"]])
    return {"nodes.csv": nodes.getvalue().encode("utf-8"), "edges.csv": edges.getvalue().encode("utf-8")}


ONTOLOGIES = (ns.ONTOLOGY_GRAPH, ns.CAMEO_GRAPH)


def _canonical_quads(graph: Graph, named_graphs: bool, source: str = "all") -> list[ox.Quad]:
    """The graph without the ontology (nor the CAMEO codes), blank nodes labelled by RDFC-1.0,
    sorted: the same every run. `source`: the named graphs of one kind of source only."""
    def quad(q: ox.Quad) -> ox.Quad:
        if named_graphs:
            return q
        return ox.Quad(q.subject, q.predicate, q.object)

    kept = None if source == "all" else set(graphs_by_source(graph).get(source, ()))
    dataset = ox.Dataset(quad(q) for q in graph.store if str(q.graph_name.value) not in ONTOLOGIES
                         and (kept is None or q.graph_name.value in kept))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=str)


def _refuse_remote_documents(url: str, options: dict | None = None) -> dict:
    raise InputError(f"{url}: JSON-LD export does not fetch remote documents.")


def jsonld_bytes(quads: list[ox.Quad]) -> bytes:
    """Compact JSON-LD with the project's prefixes as its @context (pyld, the JSON-LD API)."""
    from pyld import jsonld

    options = {"format": "application/n-quads", "documentLoader": _refuse_remote_documents}
    expanded = jsonld.from_rdf(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"),
                               options)
    compacted = jsonld.compact(expanded, {"@context": dict(ns.PREFIXES)},
                               {"documentLoader": _refuse_remote_documents})
    return (json.dumps(compacted, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def rdf_bytes(graph: Graph, fmt: str, source: str = "all") -> bytes:
    """The whole graph (or one kind of source's graphs); TriG keeps one named graph per article
    and per imported file, the others merge them."""
    quads = _canonical_quads(graph, named_graphs=fmt == "trig", source=source)
    if fmt == "jsonld":
        return jsonld_bytes(quads)
    rdf_format = getattr(ox.RdfFormat, RDF_FORMATS[fmt])
    if fmt == "trig":
        return ox.serialize(quads, format=rdf_format, prefixes=dict(ns.PREFIXES))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    if fmt == "nt":
        return ox.serialize(triples, format=rdf_format)
    return ox.serialize(triples, format=rdf_format, prefixes=dict(ns.PREFIXES))


# Writing. Every check uses lstat, so a symbolic link is seen as a link and never followed.

def _not_replaceable(path: Path, info: os.stat_result, expected: str) -> InputError | None:
    """Why an existing path may not be replaced by a `expected` (file or folder), if it may not."""
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return InputError(f"{path}: is a symbolic link; kg never writes through or replaces a link. "
                          "Give the path of a plain file (or -o - for standard output).")
    if expected == "file" and stat.S_ISDIR(mode):
        return InputError(f"{path}: is a folder; give the name of a file (in it, or beside it).")
    if expected == "folder" and stat.S_ISREG(mode):
        return InputError(f"{path}: is a file; CSV export writes nodes.csv and edges.csv into a "
                          "folder: give a new folder name.")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return InputError(f"{path}: is not a regular {expected} (a device, pipe or socket); kg "
                          "replaces only regular files. Use -o - to write to standard output.")
    return None


def _lstat(path: Path) -> os.stat_result | None:
    """The path's own status, or None if nothing is there yet (its folder must exist)."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        pass
    except NotADirectoryError:
        raise InputError(f"{path}: the folder {path.parent} does not exist (a file is in the way).") from None
    except OSError as error:
        raise InputError(f"{path}: cannot look at it ({error.strerror}).") from error
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist; create it first "
                         f"(mkdir -p {path.parent}).")
    return None


def check_file_target(path: Path, force: bool) -> None:
    """Refuse, before any work, a target that must not be written: see the module docstring."""
    info = _lstat(path)
    if info is None:
        return
    problem = _not_replaceable(path, info, "file")
    if problem:
        raise problem
    if not force:
        raise InputError(f"{path}: already exists; pass --force to replace it.")


def check_folder_target(path: Path, force: bool) -> bool:
    """Like check_file_target, for the CSV folder; True if a previous export is there to replace.

    An empty folder is filled without --force; a folder holding only nodes.csv and edges.csv is
    a previous export, replaced with --force; a folder holding anything else is never replaced.
    """
    if path.name in ("", ".", ".."):
        raise InputError(f"{path}: give the CSV export a folder of its own, e.g. {path / 'kg-csv'}.")
    info = _lstat(path)
    if info is None:
        return False
    problem = _not_replaceable(path, info, "folder")
    if problem:
        raise problem
    try:
        contents = sorted(os.listdir(path))
    except OSError as error:
        raise InputError(f"{path}: cannot read the folder ({error.strerror}).") from error
    others = [name for name in contents if name not in CSV_FILES]
    if others:
        raise InputError(f"{path}: holds other files ({', '.join(others[:3])}); a CSV export "
                         "replaces the whole folder, so give a new or empty folder.")
    for name in contents:
        problem = _not_replaceable(path / name, os.lstat(path / name), "file")
        if problem:
            raise problem
    if contents and not force:
        raise InputError(f"{path}: already exists (a previous export: {', '.join(contents)}); "
                         "pass --force to replace it.")
    return bool(contents)


def _cannot_write(path: Path, error: OSError) -> InputError:
    return InputError(f"{path}: cannot write there ({error.strerror or error}); nothing was written.")


def _permissions(path: str, directory: bool) -> None:
    """mkstemp and mkdtemp make private files; an export gets the usual umask permissions."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, (0o777 if directory else 0o666) & ~umask)


def _write_new(path: str | Path, data: bytes, descriptor: int | None = None) -> None:
    """Write and flush to disk, so that the rename that follows publishes complete data."""
    with (os.fdopen(descriptor, "wb") if descriptor is not None else open(path, "xb")) as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def atomic_write(path: Path, data: bytes, force: bool) -> None:
    """Write one file: whole, or not at all; replace only a regular file, only with force."""
    check_file_target(path, force)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        _write_new(temporary, data, handle)
        _permissions(temporary, directory=False)
        check_file_target(path, force)  # still what it was when we began
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _cannot_write(path, error) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def atomic_write_folder(path: Path, files: dict[str, bytes], force: bool) -> None:
    """Write a folder of files: built beside the target and renamed into place whole.

    A previous export there is renamed away, the new one renamed in, and only then the old one
    removed; if the new one cannot be renamed in, the old one is put back.
    """
    path = Path(os.path.normpath(path))
    check_folder_target(path, force)
    try:
        building = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part"))
    except OSError as error:
        raise _cannot_write(path, error) from error
    retired = None
    try:
        for name, data in files.items():
            _write_new(building / name, data)
        _permissions(str(building), directory=True)
        if check_folder_target(path, force):  # still what it was when we began
            retired = _move_aside(path)
        try:
            os.replace(building, path)  # onto nothing, or onto an empty folder
        except OSError:
            if retired:
                os.replace(retired, path)
                retired = None
            raise
    except OSError as error:
        shutil.rmtree(building, ignore_errors=True)
        raise _cannot_write(path, error) from error
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    if retired:
        shutil.rmtree(retired, ignore_errors=True)


def _move_aside(path: Path) -> Path:
    """Rename a folder to a fresh hidden name beside it (onto an empty folder made for that)."""
    aside = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
    try:
        os.replace(path, aside)
    except OSError:
        aside.rmdir()
        raise
    return aside


def _file_bytes(graph: Graph, fmt: str, view_name: str, source: str = "all") -> bytes:
    if fmt in RDF_FORMATS:
        return rdf_bytes(graph, fmt, source)
    writers: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {"gexf": gexf_bytes, "graphml": graphml_bytes}
    return writers[fmt](view(build(graph, source), view_name))


def export(graph: Graph, fmt: str, view_name: str, output: Path, force: bool,
           source: str = "all") -> list[Path]:
    """Write the export; returns the files written. The target is checked before any work.
    `source` keeps one kind of source in a network (every node and edge says its own)."""
    if fmt == "csv":
        check_folder_target(Path(os.path.normpath(output)), force)
        tables = csv_tables(view(build(graph, source), view_name))
        atomic_write_folder(output, tables, force)
        return [output / name for name in tables]
    check_file_target(output, force)
    atomic_write(output, _file_bytes(graph, fmt, view_name, source), force)
    return [output]


def export_to_stream(graph: Graph, fmt: str, view_name: str, stream: BinaryIO, source: str = "all") -> None:
    """Write a single-file export to a stream (standard output, for `-o -`)."""
    if fmt == "csv":
        raise InputError("-: CSV export writes two files, nodes.csv and edges.csv, so it cannot go "
                         "to standard output; give a folder with -o, or use --format gexf or graphml.")
    data = _file_bytes(graph, fmt, view_name, source)
    try:
        stream.write(data)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise InputError(f"standard output: cannot write ({error.strerror or error}).") from error
