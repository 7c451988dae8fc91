"""Exports open cleanly: schema-valid GEXF 1.3, readable GraphML, Gephi CSV, RDF that keeps
its named graphs; writes are atomic and never clobber without --force."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from rdflib import Dataset

from kg_cli import cli
from newskg.lookups import Graph as KgGraph
from newskg.networks import build
from newskg.store import open_store

from .conftest import SHARED

RNG = SHARED / "data" / "gexf-1.3" / "gexf.rng"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def export(*args: str):
    return CliRunner().invoke(cli, ["export", *args])


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


def test_graphml_round_trips(nets, tmp_path):
    path = tmp_path / "kg.graphml"
    assert export("--format", "graphml", "--view", "actor-event", "-o", str(path)).exit_code == 0
    read = nx.read_graphml(path)
    assert (read.number_of_nodes(), read.number_of_edges()) == \
        (nets.actor_event.number_of_nodes(), nets.actor_event.number_of_edges())
    assert read.nodes["ent:kataib-hezbollah"]["label"] == "Kataib Hezbollah"


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

    sources = [layout.entities] + [a.encoding for a in layout.articles()]
    merged = tmp_path / "sources.nt"
    with open(merged, "wb") as out:
        for source in sources:
            out.write(ox.serialize(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE),
                                   format=ox.RdfFormat.N_TRIPLES))
        text = (layout.articles_dir / "000_4751dd8fe703f37b.txt").read_text(encoding="utf-8")
        article = ox.NamedNode("https://w3id.org/newskg/article/000_4751dd8fe703f37b")
        out.write(ox.serialize([ox.Triple(article, ox.NamedNode("https://w3id.org/newskg/ontology#text"),
                                          ox.Literal(text))], format=ox.RdfFormat.N_TRIPLES))
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
    assert result.exit_code == 2 and "does not exist" in result.output
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    result = export("--format", "gexf", "-o", str(a_file / "kg.gexf"))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_a_folder_we_may_not_write_to_is_a_clear_error(tmp_path, monkeypatch):
    import newskg.export as exporter

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(exporter.tempfile, "mkstemp", refuse)
    result = export("--format", "graphml", "-o", str(tmp_path / "kg.graphml"))
    assert result.exit_code == 2
    assert "cannot write there (Permission denied)" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    import newskg.export as exporter

    def explode(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exporter.os, "replace", explode)
    target = tmp_path / "kg.gexf"
    result = export("--format", "gexf", "-o", str(target))
    assert result.exit_code != 0
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
