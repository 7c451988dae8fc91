"""Exports open cleanly: schema-valid GEXF 1.3, readable GraphML, Gephi CSV, RDF that keeps
its named graphs and is the same bytes every run; writes are atomic, never clobber without
--force, and never replace anything but a regular file."""

from __future__ import annotations

import csv
import errno
import io
import re
import json
import os
import shutil
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib import Dataset

from kg_cli import cli
from newskg.export import VIEWS
from newskg.lookups import Graph as KgGraph
from newskg.networks import build
from newskg.store import open_store

from .conftest import PROJECT, SHARED

RNG = SHARED / "data" / "gexf-1.3" / "gexf.rng"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def export(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


def network(nets, view: str):
    return {"actors": nets.actors, "actor-event": nets.actor_event, "full": nets.full}[view]


@pytest.fixture(scope="module")
def nets(layout):
    return build(KgGraph(open_store(layout), layout))


@pytest.fixture(scope="module")
def gexf_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gexf") / "kg.gexf"
    result = export("--format", "gexf", "--view", "full", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.skipif(not RNG.is_file(), reason="../shared/data/gexf-1.3 is not beside the project")
@pytest.mark.parametrize("view", ["actors", "actor-event", "full"])
def test_gexf_validates_against_the_official_relax_ng_schema(view, tmp_path):
    path = tmp_path / f"{view}.gexf"
    assert export("--format", "gexf", "--view", view, "-o", str(path)).exit_code == 0
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert schema.validate(etree.parse(str(path))), schema.error_log


@pytest.mark.parametrize("view", ["actors", "actor-event", "full"])
def test_gexf_round_trips_through_networkx_with_the_same_counts(view, nets, tmp_path):
    path = tmp_path / f"{view}.gexf"
    assert export("--format", "gexf", "--view", view, "-o", str(path)).exit_code == 0
    read = nx.read_gexf(path, version="1.3")
    expected = {"actors": nets.actors, "actor-event": nets.actor_event, "full": nets.full}[view]
    assert (read.number_of_nodes(), read.number_of_edges()) == \
        (expected.number_of_nodes(), expected.number_of_edges())


def test_gexf_is_ready_for_gephi(gexf_file):
    root = etree.parse(str(gexf_file)).getroot()
    assert root.get("version") == "1.3" and root.nsmap == {None: "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert b"xsi:schemaLocation" not in gexf_file.read_bytes()
    assert b"<viz:color" in gexf_file.read_bytes()
    graph = root.find(f"{GEXF}graph")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert graph.get("name") is None
    assert sorted(a.get("class") for a in graph.findall(f"{GEXF}attributes")) == ["edge", "node"]
    titles = {a.get("title"): (a.get("id"), a.get("type")) for a in graph.find(f"{GEXF}attributes").findall(f"{GEXF}attribute")}
    assert titles["latitude"][1] == titles["longitude"][1] == "double"
    erbil = graph.find(f"{GEXF}nodes/{GEXF}node[@id='ent:erbil']")
    values = {v.get("for"): v.get("value") for v in erbil.iter(f"{GEXF}attvalue")}
    assert float(values[titles["latitude"][0]]) == pytest.approx(36.19117)
    strike = graph.find(f"{GEXF}nodes/{GEXF}node[@id='art:000_4751dd8fe703f37b#us-strikes']")
    assert (strike.get("start"), strike.get("end")) == ("2023-12-25", "2023-12-25")
    assert float(strike.find(f"{VIZ}size").get("value")) > 0
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    assert all(e.get("label") and float(e.get("weight")) > 0 for e in edges)
    to_strike = [e for e in edges if e.get("target") == strike.get("id")]
    assert all(e.get("start") == "2023-12-25" for e in to_strike)
    pairs = [(e.get("source"), e.get("target")) for e in edges]
    parallel = [e for e in edges if pairs.count((e.get("source"), e.get("target"))) > 1]
    assert parallel and all(e.get("kind") == e.get("label") for e in parallel)
    edge_titles = {a.get("id"): a.get("title") for a in graph.findall(f"{GEXF}attributes")[1]}
    kinds = {edge_titles[v.get("for")]: v.get("value") for v in parallel[0].iter(f"{GEXF}attvalue")}
    assert kinds["relation_kind"] in {"participation", "hostile", "cooperative", "communicative",
                                      "link"} and kinds["relation_kind"] != parallel[0].get("kind")


def test_graphml_round_trips(nets, tmp_path):
    path = tmp_path / "kg.graphml"
    assert export("--format", "graphml", "--view", "actor-event", "-o", str(path)).exit_code == 0
    read = nx.read_graphml(path)
    assert (read.number_of_nodes(), read.number_of_edges()) == \
        (nets.actor_event.number_of_nodes(), nets.actor_event.number_of_edges())
    assert read.nodes["ent:kataib-hezbollah"]["label"] == "Kataib Hezbollah"


def test_graphml_edge_ids_are_unique_nmtokens(tmp_path):
    """Edge ids were the relation (`spoke about`): repeated and with spaces, so graphology refused the file."""
    path = tmp_path / "kg.graphml"
    assert export("--format", "graphml", "--view", "full", "-o", str(path)).exit_code == 0
    ids = [e.get("id") for e in etree.parse(str(path)).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert ids and len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"e[0-9]+", i) for i in ids)


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_is_read_by_igraph(view, nets, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / f"{view}.graphml"
    assert export("--format", "graphml", "--view", view, "-o", str(path)).exit_code == 0
    read = igraph.Graph.Read_GraphML(str(path))
    expected = network(nets, view)
    assert (read.vcount(), read.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert set(read.vs["node_kind"]) == {a["type"] for _, a in expected.nodes(data=True)}
    assert set(read.es["relation_kind"]) == {d["kind"] for *_, d in expected.edges(data=True)}


# Names a format gives a meaning of its own (GEXF's node and edge XML attributes and viz
# elements), and the keys graphology and sigma.js reserve for rendering.
GEXF_OWN = {"id", "label", "kind", "type", "weight", "start", "end", "startopen", "endopen",
            "source", "target", "pid", "color", "size", "position", "shape", "thickness"}
SIGMA_RESERVED = {"type", "x", "y", "size", "color", "label", "hidden", "forcelabel", "zindex",
                  "highlighted"}


def test_no_attribute_takes_a_name_the_formats_or_sigma_reserve(tmp_path):
    """An edge attribute titled `kind` was overwritten by GEXF's own kind in graphology, and the
    node attribute `type` is the key sigma.js renders nodes by."""
    gexf, graphml, folder = tmp_path / "kg.gexf", tmp_path / "kg.graphml", tmp_path / "csv"
    for fmt, path in (("gexf", gexf), ("graphml", graphml), ("csv", folder)):
        assert export("--format", fmt, "-o", str(path)).exit_code == 0
    titles = {a.get("title").lower() for a in etree.parse(str(gexf)).iter(f"{GEXF}attribute")}
    assert {"node_kind", "relation_kind"} <= titles and not titles & (GEXF_OWN | SIGMA_RESERVED)
    keys = {k.get("attr.name").lower() for k in etree.parse(str(graphml)).iter("{http://graphml.graphdrawing.org/xmlns}key")}
    # GraphML has no attributes of its own: label and weight are used for just what they mean.
    assert {"node_kind", "relation_kind"} <= keys
    assert not keys & (GEXF_OWN | SIGMA_RESERVED) - {"label", "weight", "start", "end"}
    gephi_columns = {"id", "label", "source", "target", "type", "weight"}
    for table in ("nodes.csv", "edges.csv"):
        with open(folder / table, encoding="utf-8") as handle:
            columns = {c.lower() for c in next(csv.reader(handle))} - gephi_columns
        assert not columns & (GEXF_OWN | SIGMA_RESERVED) - {"start", "end"}, table


JS = PROJECT / "tests" / "js"
needs_graphology = pytest.mark.skipif(
    shutil.which("node") is None or not (JS / "node_modules" / "graphology").is_dir(),
    reason="graphology is not installed (npm ci --prefix tests/js)")


def graphology_read(fmt: str, path: Path) -> dict:
    """The file as graphology's own parser reads it (the one Gephi Lite and sigma.js use)."""
    done = subprocess.run(["node", str(JS / "read_graph.mjs"), fmt, str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_graphology
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("view", VIEWS)
def test_graphology_reads_exports_with_node_and_relation_kinds_apart(fmt, view, nets, tmp_path):
    """graphology-graphml refused every GraphML export (repeated edge ids); in GEXF, graphology
    merged our `kind` attribute with GEXF's own kind."""
    path = tmp_path / f"{view}.{fmt}"
    assert export("--format", fmt, "--view", view, "-o", str(path)).exit_code == 0
    graph = graphology_read(fmt, path)
    expected = network(nets, view)
    assert (len(graph["nodes"]), len(graph["edges"])) == \
        (expected.number_of_nodes(), expected.number_of_edges())
    nodes = [n["attributes"] for n in graph["nodes"]]
    edges = [e["attributes"] for e in graph["edges"]]
    assert all("type" not in n for n in nodes)
    assert {n["node_kind"] for n in nodes} == {a["type"] for _, a in expected.nodes(data=True)}
    assert {e["relation_kind"] for e in edges} == {d["kind"] for *_, d in expected.edges(data=True)}
    assert Counter(e["relation"] for e in edges) == Counter(d["relation"] for *_, d in expected.edges(data=True))
    assert all(e["kind"] == e["relation"] for e in edges if "kind" in e)  # GEXF's own kind
    if fmt == "gexf":
        assert any("kind" in e for e in edges) == any(
            expected.number_of_edges(u, v) > 1 for u, v in expected.edges())
        kataib = next(n for n in graph["nodes"] if n["key"] == "ent:kataib-hezbollah")["attributes"]
        assert kataib["label"] == "Kataib Hezbollah" and kataib["color"].startswith("rgb(")


def test_csv_has_gephi_headers(nets, tmp_path):
    folder = tmp_path / "csv"
    result = export("--format", "csv", "--view", "actors", "-o", str(folder))
    assert result.exit_code == 0
    with open(folder / "nodes.csv", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(folder / "edges.csv", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert list(nodes[0])[:2] == ["Id", "Label"]
    assert list(edges[0])[:3] == ["Source", "Target", "Type"] and {"Label", "Weight"} <= set(edges[0])
    assert len(nodes) == nets.actors.number_of_nodes() and len(edges) == nets.actors.number_of_edges()


def test_trig_keeps_one_named_graph_per_article(tmp_path, layout):
    path = tmp_path / "kg.trig"
    assert export("--format", "trig", "-o", str(path)).exit_code == 0
    dataset = Dataset()
    dataset.parse(path, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert {"https://w3id.org/newskg/article/000_4751dd8fe703f37b", "https://w3id.org/newskg/entities"} <= names


def canonical(path: Path, fmt: str) -> set[str]:
    """The graph in a file, blank nodes canonically renamed (RDF canonicalization), as a set."""
    import pyoxigraph as ox

    triples = ox.parse(path=str(path), format=fmt)
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def test_rdf_exports_are_the_graph(tmp_path, layout):
    """Turtle, N-Triples and JSON-LD exports are the same graph as the sources (without the ontology)."""
    import pyoxigraph as ox

    from newskg.authoring import compile_article
    from newskg.namespaces import article_iri

    merged = tmp_path / "sources.nt"
    with open(merged, "wb") as out:
        out.write(ox.serialize(ox.parse(path=str(layout.entities), format=ox.RdfFormat.TURTLE),
                               format=ox.RdfFormat.N_TRIPLES))
        for article in layout.articles():  # as the build compiles them: quotes anchored, shorthand expanded
            text = article.text.read_text(encoding="utf-8")
            iri = article_iri(article.article_id)
            quads = compile_article(list(ox.parse(path=str(article.encoding), format=ox.RdfFormat.TURTLE)),
                                    iri, text, article.encoding.name, article.text.name)
            quads.append(ox.Quad(ox.NamedNode(iri), ox.NamedNode("https://w3id.org/newskg/ontology#text"),
                                 ox.Literal(text)))
            out.write(ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                                   format=ox.RdfFormat.N_TRIPLES))
    expected = canonical(merged, ox.RdfFormat.N_TRIPLES)
    assert len(expected) > 1500
    for fmt, rdf_format in (("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES),
                            ("jsonld", ox.RdfFormat.JSON_LD)):
        path = tmp_path / f"kg.{fmt}"
        assert export("--format", fmt, "-o", str(path)).exit_code == 0
        assert canonical(path, rdf_format) == expected, fmt


def test_existing_file_is_replaced_only_with_force(tmp_path):
    path = tmp_path / "kg.gexf"
    path.write_text("keep me")
    refused = export("--format", "gexf", "-o", str(path))
    assert refused.exit_code == 2 and "already exists; pass --force" in refused.output
    assert path.read_text() == "keep me"
    assert export("--format", "gexf", "-o", str(path), "--force").exit_code == 0
    assert path.read_bytes().startswith(b"<?xml")


def test_unwritable_path_is_a_clear_error_and_leaves_nothing(tmp_path):
    missing = tmp_path / "no-such-folder" / "kg.gexf"
    result = export("--format", "gexf", "-o", str(missing))
    assert result.exit_code == 2 and "does not exist; create it first" in result.output
    result = export("--format", "csv", "-o", str(tmp_path / "no-such-folder" / "csv"))
    assert result.exit_code == 2 and "does not exist; create it first" in result.output
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    result = export("--format", "gexf", "-o", str(a_file / "kg.gexf"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_folder_we_may_not_write_to_is_a_clear_error(tmp_path, monkeypatch):
    import newskg.export as exporter

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(exporter.tempfile, "mkstemp", refuse)
    monkeypatch.setattr(exporter.tempfile, "mkdtemp", refuse)
    result = export("--format", "graphml", "-o", str(tmp_path / "kg.graphml"))
    assert result.exit_code == 2
    assert "kg.graphml: cannot write there (Permission denied)" in result.output
    result = export("--format", "csv", "-o", str(tmp_path / "csv"))
    assert result.exit_code == 2 and "csv: cannot write there (Permission denied)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_leaves_no_partial_file(tmp_path, monkeypatch):
    import newskg.export as exporter

    def explode(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(exporter.os, "replace", explode)
    result = export("--format", "gexf", "-o", str(tmp_path / "kg.gexf"))
    assert result.exit_code == 2 and "cannot write there (Read-only file system)" in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def fail_on_fsync(monkeypatch, call: int) -> None:
    """The disk fills up at the `call`-th file flushed to disk (as fsync reports ENOSPC)."""
    calls = []

    def full(_descriptor: int) -> None:
        calls.append(1)
        if len(calls) >= call:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)


def test_full_disk_is_an_error_naming_the_file_not_a_traceback(tmp_path, monkeypatch):
    fail_on_fsync(monkeypatch, call=1)
    target = tmp_path / "kg.ttl"
    result = export("--format", "ttl", "-o", str(target))
    assert result.exit_code == 2, result.output
    assert f"{target}: cannot write there (No space left on device); nothing was written." in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_full_disk_during_csv_leaves_no_half_export(tmp_path, monkeypatch):
    """nodes.csv was written, edges.csv was not: before the fix nodes.csv stayed behind alone."""
    fail_on_fsync(monkeypatch, call=2)
    result = export("--format", "csv", "-o", str(tmp_path / "csv"))
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert list(tmp_path.iterdir()) == []


def test_full_disk_during_csv_with_force_keeps_the_previous_export(tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    assert export("--format", "csv", "--view", "actors", "-o", str(folder)).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    fail_on_fsync(monkeypatch, call=2)
    result = export("--format", "csv", "--view", "full", "-o", str(folder), "--force")
    assert result.exit_code == 2 and "No space left on device" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_csv_export_that_cannot_be_renamed_in_puts_the_previous_one_back(tmp_path, monkeypatch):
    folder = tmp_path / "csv"
    assert export("--format", "csv", "--view", "actors", "-o", str(folder)).exit_code == 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real_replace = os.replace

    def refuse_the_new_folder(source, target):
        if Path(source).name.endswith(".part"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", refuse_the_new_folder)
    result = export("--format", "csv", "--view", "full", "-o", str(folder), "--force")
    assert result.exit_code == 2 and "Invalid cross-device link" in result.output
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_csv_export_is_replaced_whole_with_force(nets, tmp_path):
    folder = tmp_path / "csv"
    assert export("--format", "csv", "--view", "actors", "-o", str(folder)).exit_code == 0
    refused = export("--format", "csv", "--view", "full", "-o", str(folder))
    assert refused.exit_code == 2 and "already exists (a previous export" in refused.output
    result = export("--format", "csv", "--view", "full", "-o", str(folder), "--force")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"wrote {folder / 'nodes.csv'}", f"wrote {folder / 'edges.csv'}"]
    with open(folder / "nodes.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == nets.full.number_of_nodes()
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]  # no temporary or retired folder left


def test_csv_never_replaces_a_folder_holding_other_files(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = export("--format", "csv", "-o", str(folder), "--force")
    assert result.exit_code == 2 and "holds other files (notes.txt)" in result.output
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export("--format", "csv", "-o", str(empty)).exit_code == 0
    assert sorted(p.name for p in empty.iterdir()) == ["edges.csv", "nodes.csv"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
@pytest.mark.parametrize("fmt", ["gexf", "ttl"])
def test_force_never_replaces_a_pipe_or_device_with_a_file(fmt, tmp_path):
    """`-o /dev/null --force` replaced the device node by a regular file; a FIFO stands in here."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = export("--format", fmt, "-o", str(fifo), "--force")
    assert result.exit_code == 2
    assert f"{fifo}: is not a regular file (a device, pipe or socket)" in result.output
    assert "-o - to write to standard output" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_force_never_replaces_a_device_node(tmp_path):
    """The very case: a character device like /dev/null (1, 3), made in tmp_path, never the real one."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (AttributeError, PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here ({error})")
    result = export("--format", "gexf", "-o", str(device), "--force")
    assert result.exit_code == 2 and "is not a regular file" in result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    drawn = CliRunner().invoke(cli, ["draw", "-o", str(device), "--force"])
    assert drawn.exit_code == 2  # no .svg or .png suffix: refused before anything is drawn


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
@pytest.mark.parametrize("points_to", ["regular file", "pipe", "folder"])
def test_force_never_writes_through_or_replaces_a_symlink(points_to, tmp_path):
    """A symlink to /dev/stdout was replaced by a regular file; now every link is refused."""
    target = tmp_path / "target"
    if points_to == "regular file":
        target.write_text("keep me")
    elif points_to == "pipe":
        os.mkfifo(target)
    else:
        target.mkdir()
    link = tmp_path / "kg.gexf"
    link.symlink_to(target)
    for args in (["export", "--format", "gexf"], ["export", "--format", "csv"], ["draw"]):
        output = link.with_suffix(".svg") if args == ["draw"] else link
        if output != link:
            output.symlink_to(target)
        result = CliRunner().invoke(cli, [*args, "-o", str(output), "--force"])
        assert result.exit_code == 2, (args, result.output)
        assert f"{output}: is a symbolic link" in result.output
        assert output.is_symlink() and os.readlink(output) == str(target)
    if points_to == "regular file":
        assert target.read_text() == "keep me"
    if points_to == "folder":
        assert list(target.iterdir()) == []


def test_force_onto_a_folder_is_an_error_not_a_crash(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for fmt in ("gexf", "graphml", "ttl", "jsonld"):
        result = export("--format", fmt, "-o", str(folder), "--force")
        assert result.exit_code == 2 and f"{folder}: is a folder; give the name of a file" in result.output
    (tmp_path / "pictures.svg").mkdir()
    drawn = CliRunner().invoke(cli, ["draw", "-o", str(tmp_path / "pictures.svg"), "--force"])
    assert drawn.exit_code == 2 and "is a folder" in drawn.output
    assert list(folder.iterdir()) == []
    a_file = tmp_path / "a-file"
    a_file.write_text("keep me")
    result = export("--format", "csv", "-o", str(a_file), "--force")
    assert result.exit_code == 2 and "is a file; CSV export writes nodes.csv and edges.csv into a folder" in result.output
    assert a_file.read_text() == "keep me"


def test_dash_writes_to_standard_output_not_a_file_named_dash(tmp_path, monkeypatch):
    import pyoxigraph as ox

    monkeypatch.chdir(tmp_path)
    result = export("--format", "ttl", "-o", "-")
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 1500  # standard output holds the graph and nothing else
    gexf = export("--format", "gexf", "--view", "actors", "-o", "-")
    assert gexf.exit_code == 0 and gexf.stdout_bytes.startswith(b"<?xml")
    etree.fromstring(gexf.stdout_bytes)
    refused = export("--format", "csv", "-o", "-")
    assert refused.exit_code == 2
    assert "CSV export writes two files, nodes.csv and edges.csv, so it cannot go to standard output" in refused.output
    assert list(tmp_path.iterdir()) == []


def test_full_standard_output_is_an_error_not_a_traceback(monkeypatch, capsys):
    class Full:
        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def flush(self) -> None:
            pass

    import kg_cli

    monkeypatch.setattr(kg_cli.sys, "stdout", type("Stdout", (), {"buffer": Full()})())
    code = kg_cli.cli.main(["export", "--format", "nt", "-o", "-"], standalone_mode=False)
    assert code == 2
    assert capsys.readouterr().err == "Error: standard output: cannot write (No space left on device).\n"


def kg_process(*args: str, cwd: Path, hash_seed: str, **kwargs) -> subprocess.CompletedProcess:
    """`kg` in a process of its own (python -m kg_cli), with a chosen str-hash seed."""
    path = os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": path}
    return subprocess.run([sys.executable, "-m", "kg_cli", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120, **kwargs)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "gexf", "graphml"])
def test_two_runs_export_the_same_bytes(fmt, tmp_path):
    """Blank-node labels were random, so two exports of the same graph differed."""
    first = kg_process("export", "--format", fmt, "-o", "-", cwd=tmp_path, hash_seed="1")
    second = kg_process("export", "--format", fmt, "-o", "-", cwd=tmp_path, hash_seed="2")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert len(first.stdout) > 10_000 and first.stdout == second.stdout


def test_jsonld_has_a_context_of_the_project_prefixes_and_is_the_same_graph(tmp_path):
    """The JSON-LD export had no @context: full IRIs everywhere."""
    import pyoxigraph as ox
    from rdflib import Graph, URIRef

    from newskg.namespaces import ART, KG, PREFIXES

    jsonld, turtle = tmp_path / "kg.jsonld", tmp_path / "kg.ttl"
    assert export("--format", "jsonld", "-o", str(jsonld)).exit_code == 0
    assert export("--format", "ttl", "-o", str(turtle)).exit_code == 0
    document = json.loads(jsonld.read_text(encoding="utf-8"))
    assert document["@context"] == PREFIXES
    nodes = {node["@id"]: node for node in document["@graph"]}
    strike = nodes["art:000_4751dd8fe703f37b#us-strikes"]
    assert "kg:participation" in strike and strike["@type"].startswith("kg:")
    assert canonical(jsonld, ox.RdfFormat.JSON_LD) == canonical(turtle, ox.RdfFormat.TURTLE)
    read_by_rdflib = Graph().parse(jsonld, format="json-ld")
    assert len(read_by_rdflib) == len(Graph().parse(turtle, format="turtle"))
    assert (URIRef(ART + "000_4751dd8fe703f37b#us-strikes"), URIRef(KG + "participation"), None) in read_by_rdflib


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX resource limits")
def test_a_real_write_error_midway_through_csv_leaves_nothing(tmp_path):
    """The kernel refuses the larger of the two CSV files (file size limit): the export is all or nothing."""
    import resource
    import signal

    sizes = tmp_path / "sizes"
    assert export("--format", "csv", "-o", str(sizes)).exit_code == 0
    small, large = sorted(p.stat().st_size for p in sizes.iterdir())
    assert small < large
    shutil.rmtree(sizes)

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (small + (large - small) // 2,) * 2)

    target = tmp_path / "csv"
    done = kg_process("export", "--format", "csv", "-o", str(target), cwd=tmp_path, hash_seed="0",
                      preexec_fn=limit_file_size)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert f"Error: {target}: cannot write there (File too large); nothing was written." in stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.iterdir()) == []


def test_draw_writes_a_picture(tmp_path):
    path = tmp_path / "network.svg"
    result = CliRunner().invoke(cli, ["draw", "-o", str(path)])
    assert result.exit_code == 0
    svg = path.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Kataib Hezbollah" in svg and "non-state armed group" in svg  # labels and legend
    bad = CliRunner().invoke(cli, ["draw", "-o", str(tmp_path / "network.gif")])
    assert bad.exit_code == 2 and ".svg or .png" in bad.output


def test_an_edge_says_its_hedge_and_whom_the_articles_credit_it_to(gexf_file, tmp_path):
    """The Houthis "ideologically aligned with Iran" is the BBC analyst's view: in Gephi the tie
    must say so, as the CSV does; a tie the article states in its own voice has neither."""
    graph = etree.parse(str(gexf_file)).getroot().find(f"{GEXF}graph")
    titles = {a.get("title"): a.get("id") for a in graph.findall(f"{GEXF}attributes[@class='edge']/{GEXF}attribute")}
    assert {"hedge", "according_to"} <= set(titles)

    def values(edge):
        return {v.get("for"): v.get("value") for v in edge.iter(f"{GEXF}attvalue")}

    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    aligned = next(e for e in edges if (e.get("source"), e.get("target"), e.get("label"))
                   == ("ent:houthis", "ent:iran", "alignedWith"))
    assert values(aligned).get(titles["according_to"]) == "Jonathan Marcus"
    located = next(e for e in edges if (e.get("source"), e.get("target")) == ("ent:erbil", "ent:iraq"))
    assert not values(located).get(titles["according_to"]) and not values(located).get(titles["hedge"])
    folder = tmp_path / "csv"
    assert export("--format", "csv", "--view", "actors", "-o", str(folder)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO((folder / "edges.csv").read_text(encoding="utf-8"))))
    tie = next(r for r in rows if (r["Source"], r["Target"], r["Label"]) == ("ent:houthis", "ent:iran", "aligned with"))
    assert (tie["hedge"], tie["according_to"]) == ("", "Jonathan Marcus")
    briefed = next(r for r in rows if r["Label"] == "briefed" and r["Target"] == "ent:joe-biden")
    assert briefed["hedge"] == "reportedly"


def test_analyze_ties_say_whom_they_are_credited_to():
    result = CliRunner().invoke(cli, ["analyze", "--format", "json"])
    assert result.exit_code == 0, result.output
    ties = {(e["source"], e["relation"], e["target"]): e for e in json.loads(result.stdout)["edges"]}
    assert ties[("Houthi movement", "aligned with", "Iran")]["according_to"] == "Jonathan Marcus"
    assert ties[("US military", "opposed", "Islamic State")]["according_to"] == ""  # four supports, the articles' own word
