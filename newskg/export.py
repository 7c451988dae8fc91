"""Exports for Gephi and other tools: GEXF 1.3, GraphML, Gephi spreadsheet CSV, RDF.

Every write is atomic: the file is written beside its destination under a temporary name and
moved into place only when complete, so a failure leaves no partial file.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from . import namespaces as ns
from .errors import InputError
from .lookups import Graph
from .networks import Networks, build, centralities

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
GRAPH_FORMATS = ("gexf", "graphml", "csv")
RDF_FORMATS = {"ttl": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "trig": "TRIG"}
VIEWS = ("actors", "actor-event", "full")

# One colour per node class, readable on Gephi's white background (Okabe–Ito and neighbours).
CLASS_COLOURS = {
    "person": (0, 114, 178), "state or government": (213, 94, 0), "government body": (204, 121, 167),
    "armed forces": (0, 158, 115), "military unit or command": (0, 120, 90),
    "non-state armed group": (230, 159, 0), "news organisation": (86, 180, 233),
    "country": (120, 120, 120), "city": (150, 150, 150), "facility or base": (90, 90, 90),
    "region": (180, 180, 180),
}
EVENT_COLOUR = (200, 40, 40)
NODE_ATTRIBUTES = [("type", "string"), ("class", "string"), ("iri", "anyURI"),
                   ("pagerank", "double"), ("latitude", "double"), ("longitude", "double")]
EDGE_ATTRIBUTES = [("relation", "string"), ("kind", "string"), ("evidence", "string")]


def colour(attrs: dict[str, object]) -> tuple[int, int, int]:
    if attrs["type"] == "event":
        return EVENT_COLOUR
    return CLASS_COLOURS.get(str(attrs["class"]), (100, 100, 100))


def view(networks: Networks, name: str) -> nx.MultiDiGraph:
    return {"actors": networks.actors, "actor-event": networks.actor_event, "full": networks.full}[name]


def _prepared(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Nodes with their IRI and PageRank; edges with an id and, where parallel, a kind."""
    scores = centralities(g)
    out = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        out.add_node(node, **attrs, iri=ns.expand(node), pagerank=scores[node]["pagerank"])
    parallel = Counter((u, v) for u, v in g.edges())
    for number, (u, v, key, data) in enumerate(sorted(g.edges(keys=True, data=True),
                                                      key=lambda e: (e[0], e[1], e[2]))):
        out.add_edge(u, v, key=key, id=f"e{number}", relation=data["relation"],
                     kind=data["kind"], weight=float(data["weight"]),
                     evidence=" | ".join(e for e in data["evidence"] if e),
                     parallel=parallel[(u, v)] > 1)
    return out


def gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3: static attributes, viz colours and sizes, dynamic start/end on events."""
    from lxml import etree

    g = _prepared(g)

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
        r, gr, b = colour(attrs)
        E("color", element, ns_=VIZ_NS, r=r, g=gr, b=b)
        E("size", element, ns_=VIZ_NS, value=round(8 + 40 * attrs["pagerank"] / top, 2))

    edges = E("edges", graph, count=g.number_of_edges())
    for u, v, data in g.edges(data=True):
        times = {}
        for end_ in (u, v):
            if g.nodes[end_]["type"] == "event":
                times = {k: g.nodes[end_][k] for k in ("start", "end") if g.nodes[end_].get(k)}
        extra = {"kind": data["relation"]} if data["parallel"] else {}
        element = E("edge", edges, id=data["id"], source=u, target=v, label=data["relation"],
                    weight=data["weight"], **extra, **times)
        values = E("attvalues", element)
        for position, (name, _) in enumerate(EDGE_ATTRIBUTES):
            if data.get(name):
                E("attvalue", values, **{"for": str(position), "value": data[name]})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def graphml_bytes(g: nx.MultiDiGraph) -> bytes:
    prepared = _prepared(g)
    for _, _, data in prepared.edges(data=True):
        data.pop("parallel")
    buffer = io.BytesIO()
    nx.write_graphml(prepared, buffer, named_key_ids=True)
    return buffer.getvalue()


def csv_tables(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """Gephi's spreadsheet import: nodes.csv (Id, Label, …) and edges.csv (Source, Target, …)."""
    g = _prepared(g)
    nodes, edges = io.StringIO(), io.StringIO()
    node_writer = csv.writer(nodes)
    node_writer.writerow(["Id", "Label", "Type", "Class", "Iri", "PageRank", "Latitude",
                          "Longitude", "Start", "End"])
    for node, a in g.nodes(data=True):
        node_writer.writerow([node, a["label"], a["type"], a["class"], a["iri"], a["pagerank"],
                              a.get("latitude", ""), a.get("longitude", ""), a.get("start", ""),
                              a.get("end", "")])
    edge_writer = csv.writer(edges)
    edge_writer.writerow(["Source", "Target", "Type", "Id", "Label", "Weight", "Kind", "Evidence"])
    for u, v, d in g.edges(data=True):
        edge_writer.writerow([u, v, "Directed", d["id"], d["relation"], d["weight"], d["kind"],
                              d["evidence"]])
    return {"nodes.csv": nodes.getvalue().encode("utf-8"), "edges.csv": edges.getvalue().encode("utf-8")}


def rdf_bytes(graph: Graph, fmt: str) -> bytes:
    """The whole graph; TriG keeps one named graph per article, the others merge them."""
    import pyoxigraph as ox

    rdf_format = getattr(ox.RdfFormat, RDF_FORMATS[fmt])
    prefixes = dict(ns.PREFIXES)
    if fmt == "trig":
        quads = [q for q in graph.store if str(q.graph_name.value) != ns.ONTOLOGY_GRAPH]
        return ox.serialize(quads, format=rdf_format, prefixes=prefixes)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in graph.store
               if str(q.graph_name.value) != ns.ONTOLOGY_GRAPH}
    if fmt == "nt":
        return ox.serialize(sorted(triples, key=str), format=rdf_format)
    return ox.serialize(sorted(triples, key=str), format=rdf_format, prefixes=prefixes)


def atomic_write(path: Path, data: bytes, force: bool) -> None:
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; pass --force to replace it.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise InputError(f"{path}: cannot write there ({error.strerror}).") from error
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes files private; exports are not
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export(graph: Graph, fmt: str, view_name: str, output: Path, force: bool) -> list[Path]:
    """Write the export; returns the files written."""
    if fmt in RDF_FORMATS:
        atomic_write(output, rdf_bytes(graph, fmt), force)
        return [output]
    g = view(build(graph), view_name)
    if fmt == "csv":
        if output.exists() and not output.is_dir():
            raise InputError(f"{output}: CSV export writes nodes.csv and edges.csv into a folder; "
                             "this is a file.")
        tables = csv_tables(g)
        targets = [output / name for name in tables]
        clashes = [t for t in targets if t.exists()]
        if clashes and not force:
            raise InputError(f"{clashes[0]}: already exists; pass --force to replace it.")
        output.mkdir(parents=True, exist_ok=True)
        for target in targets:
            atomic_write(target, tables[target.name], force=True)
        return targets
    writers: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {"gexf": gexf_bytes, "graphml": graphml_bytes}
    atomic_write(output, writers[fmt](g), force)
    return [output]
