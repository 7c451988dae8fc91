"""Analysis and paths through the CLI, and the projections' subtle rules as unit tests."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import networks
from newskg.layout import find_layout
from newskg.lookups import Graph
from newskg.store import open_store


@pytest.fixture(scope="module")
def nets(layout):
    return networks.build(Graph(open_store(layout), layout))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_actor_network_edges_are_typed_signed_and_weighted(nets):
    actors = nets.actors
    strike = actors.edges["ent:us-military", "ent:kataib-hezbollah", "struck"]
    assert (strike["kind"], strike["sign"], strike["weight"]) == ("hostile", -1, 1)
    backs = actors.edges["ent:iran", "ent:kataib-hezbollah", "backs"]
    assert (backs["kind"], backs["sign"]) == ("cooperative", 1)
    # the designation is supported by the event and by the reported relation: weight 2
    designated = actors.edges["ent:united-states", "ent:kataib-hezbollah", "designated"]
    assert designated["weight"] == 2 and len(designated["support"]) == 2
    briefed = actors.edges["ent:white-house-nsc", "ent:joe-biden", "briefed"]
    assert (briefed["kind"], briefed["sign"]) == ("communicative", 0)
    assert actors.has_edge("ent:joe-biden", "ent:us-military", "ordered")
    assert all(actors.nodes[n]["type"] == "actor" for n in actors)


def test_actor_event_graph_has_role_labelled_edges(nets):
    g = nets.actor_event
    strike = "art:000_4751dd8fe703f37b#us-strikes"
    roles = {k for _, _, k in g.in_edges(strike, keys=True)}
    assert {"agent", "target", "harmed", "ordered by", "announced by"} <= roles


def test_event_graph_links(nets):
    g = nets.events
    assert g.has_edge("art:000_4751dd8fe703f37b#us-strikes",
                      "art:000_4751dd8fe703f37b#erbil-drone-attack", "inResponseTo")
    assert g.has_edge("art:000_4751dd8fe703f37b#nsc-briefs-biden",
                      "art:000_4751dd8fe703f37b#erbil-drone-attack", "about")


def test_balance_flags_a_negative_triangle():
    import networkx as nx

    g = nx.MultiDiGraph()
    for a, b, kind in [("a", "b", "cooperative"), ("b", "c", "cooperative"), ("a", "c", "hostile"),
                       ("c", "d", "hostile"), ("d", "e", "hostile"), ("c", "e", "cooperative")]:
        g.add_edge(a, b, key=kind, kind=kind, sign=networks.SIGN[kind], weight=1)
    triangles, unbalanced = networks.unbalanced_triads(g)
    assert triangles == 2
    assert unbalanced == [("a", "b", "c")]


def test_analyze_table_and_json():
    result = invoke("analyze")
    assert result.exit_code == 0
    assert "communities (Louvain)" in result.output and "structural balance:" in result.output
    data = json.loads(invoke("analyze", "--format", "json").output)
    first = data["actors"][0]
    assert set(first) >= {"id", "label", "pagerank", "betweenness", "degree", "community",
                          "hostile", "cooperative", "communicative", "ties"}
    ranks = [a["pagerank"] for a in data["actors"]]
    assert ranks == sorted(ranks, reverse=True)
    assert abs(sum(ranks) - 1) < 0.01
    assert data["balance"]["triangles"] >= 1
    assert any(set(c) >= {"Iran", "Revolutionary Guards"} for c in data["communities"])


def test_path_through_an_event_with_evidence():
    result = invoke("path", "Biden", "Kataib Hezbollah")
    assert result.exit_code == 0
    assert "Joe Biden —[ordered by]— US strikes on Kataib Hezbollah" in result.output
    assert "—[harmed / target]— Kataib Hezbollah" in result.output
    # a hop quotes its first evidence in reading order (the article's, not the store's, order)
    assert "“came upon US President Joe Biden's directions”" in result.output
    chains = json.loads(invoke("path", "Reuters", "Iran", "--format", "json").output)
    assert chains and all(hop["evidence"] for chain in chains for hop in chain)
    assert chains[0][0]["from"] == "Reuters" and chains[0][-1]["to"] == "Iran"


def test_path_between_unconnected_actors_exits_1():
    result = invoke("path", "Manzoor-ul-Hassan", "Iran")
    assert result.exit_code == 1
    assert "are not connected" in result.output
