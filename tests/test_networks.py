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
    data = json.loads(invoke("analyze", "--format", "json").stdout)
    first = data["actors"][0]
    assert set(first) >= {"id", "label", "pagerank", "betweenness", "degree", "community",
                          "hostile", "cooperative", "communicative", "ties"}
    ranks = [a["pagerank"] for a in data["actors"]]
    assert ranks == sorted(ranks, reverse=True)
    assert abs(sum(ranks) - 1) < 0.01
    assert data["balance"]["triangles"] >= 1
    assert any(set(c) >= {"Iran", "Islamic Revolutionary Guard Corps"} for c in data["communities"])


def test_path_through_an_event_with_evidence():
    result = invoke("path", "Biden", "Kataib Hezbollah")
    assert result.exit_code == 0
    assert "Joe Biden —[ordered by]— US strikes on Kataib Hezbollah" in result.output
    assert "—[harmed / target]— Kataib Hezbollah" in result.output
    # a hop quotes its first evidence in reading order (the article's, not the store's, order)
    assert "“came upon US President Joe Biden's directions”" in result.output
    chains = json.loads(invoke("path", "Reuters", "Iran", "--format", "json").stdout)
    assert chains and all(hop["evidence"] for chain in chains for hop in chain)
    assert chains[0][0]["from"] == "Reuters" and chains[0][-1]["to"] == "Iran"


def test_path_says_who_a_link_is_credited_to_and_its_hedge():
    """A relation the article credits to a speaker, or a role it hedges, is not shown as plain fact."""
    result = invoke("path", "Houthis", "Iran")
    assert result.exit_code == 0, result.output
    assert "“the Houthis who are ideologically aligned with Iran” " in result.output
    assert "according to Jonathan Marcus)" in result.output
    chains = json.loads(invoke("path", "Biden", "Kataib Hezbollah", "--format", "json").stdout)
    hops = {hop["relation"]: hop for hop in chains[0]}
    assert hops["harmed / target"]["hedge"] == "likely (harmed)"  # harmed is likely; that it was targeted is not hedged
    assert hops["ordered by"]["hedge"] is None and hops["ordered by"]["according_to"] == []


def test_path_between_unconnected_actors_exits_1():
    result = invoke("path", "Manzoor-ul-Hassan", "Iran")
    assert result.exit_code == 1
    assert "are not connected" in result.output


# --- the rules come from the ontology ----------------------------------------------------------

NEW_EVENT_TYPES = """
kg:Truce a owl:Class ;
    rdfs:subClassOf kg:Event ;
    kg:quadClass kg:materialCooperation ;
    kg:tieLabel "made a truce with"@en ;
    kg:tieCounterpart kg:agent ;
    rdfs:label "truce"@en ;
    skos:definition "The sides of a conflict agree to stop fighting."@en .

kg:Denunciation a owl:Class ;
    rdfs:subClassOf kg:Event ;
    kg:quadClass kg:verbalConflict ;
    kg:tieLabel "denounced"@en ;
    kg:tieCounterpart kg:recipient ;
    rdfs:label "denunciation"@en ;
    skos:definition "An actor condemns another in public."@en .

kg:Campaign a owl:Class ;
    rdfs:subClassOf kg:AttackSeries ;
    rdfs:label "campaign of attacks"@en ;
    skos:definition "A series of attacks waged to one end."@en .
"""


def test_ties_and_their_signs_come_from_the_ontology(data_root):
    """New event types, declared only in the ontology, make their ties with the sign of their
    quad class; a subclass inherits its ancestor's tie. No code knows these types."""
    with open(data_root / "ontology" / "newskg.ttl", "a", encoding="utf-8") as ontology:
        ontology.write(NEW_EVENT_TYPES)
    article = data_root / "graph" / "articles" / "000_4751dd8fe703f37b.ttl"
    text = article.read_text(encoding="utf-8")
    text = text.replace("this:israel-hamas-war a kg:War ;", "this:israel-hamas-war a kg:Truce ;")
    text = text.replace("this:iran-aligned-attacks a kg:AttackSeries ;",
                        "this:iran-aligned-attacks a kg:Campaign ;")
    # the order becomes a denunciation: its agent and recipient keep their roles
    text = text.replace("this:biden-orders-response a kg:Order ;",
                        "this:biden-orders-response a kg:Denunciation ;")
    article.write_text(text, encoding="utf-8")

    layout = find_layout(data_root)
    nets = networks.build(Graph(open_store(layout), layout))
    actors = nets.actors
    truce = actors.edges["ent:hamas", "ent:israel", "made a truce with"]
    assert (truce["kind"], truce["sign"]) == ("cooperative", 1)
    assert not actors.has_edge("ent:hamas", "ent:israel", "fought")
    denounced = actors.edges["ent:joe-biden", "ent:pentagon", "denounced"]
    assert (denounced["kind"], denounced["sign"]) == ("hostile", -1)
    assert not actors.has_edge("ent:joe-biden", "ent:pentagon", "ordered")
    campaign = "art:000_4751dd8fe703f37b#iran-aligned-attacks"
    assert nets.full.nodes[campaign]["class"] == "campaign of attacks"
    assert nets.full.nodes[campaign]["type"] == "event"
    attacked = [d for *_, d in actors.edges(data=True) if campaign in d["support"]]
    assert attacked and all((d["relation"], d["kind"], d["sign"]) == ("attacked", "hostile", -1)
                            for d in attacked)


def test_every_tie_label_has_a_sign_and_counterparts(layout):
    """An event type that names a tie also says (or inherits) its quad class and counterparts."""
    graph = Graph(open_store(layout), layout)
    vocabulary = networks.Vocabulary(graph.rows("network-vocabulary"))
    named = [c for c in vocabulary.facts if vocabulary.facts[c]["tieLabel"]]
    assert len(named) >= 5
    for cls in named:
        tie = vocabulary.tie(cls)
        assert tie and tie.counterparts, cls
    assert vocabulary.tie("kg:Airstrike") == networks.Tie("struck", "hostile",
                                                          frozenset({"kg:target", "kg:harmed"}))
    assert vocabulary.tie("kg:Briefing").kind == "communicative"
    assert vocabulary.tie("kg:Founding") is None


def test_node_kind_comes_from_the_class_hierarchy(nets):
    kinds = {n: a["type"] for n, a in nets.full.nodes(data=True)}
    assert kinds["ent:erbil"] == "location" and kinds["ent:iran"] == "actor"
    assert kinds["art:000_4751dd8fe703f37b#us-strikes"] == "event"
    lineage = nets.full.nodes["ent:us-central-command"]["lineage"]
    assert lineage[:3] == ("kg:MilitaryUnit", "kg:ArmedForces", "kg:Organisation")


def test_colours_follow_the_class_iri_and_its_ancestors():
    from newskg.export import CLASS_COLOURS, EVENT_COLOUR, OTHER_COLOUR, colour

    assert colour({"lineage": ("kg:Person", "kg:Actor")}) == CLASS_COLOURS["kg:Person"]
    # a class without a colour of its own takes its nearest coloured ancestor's
    assert colour({"lineage": ("kg:Militia", "kg:NonStateArmedGroup", "kg:Organisation")}) == \
        CLASS_COLOURS["kg:NonStateArmedGroup"]
    assert colour({"lineage": ("kg:OneWayDroneAttack", "kg:DroneAttack", "kg:Attack", "kg:Event")}) == EVENT_COLOUR
    assert colour({"lineage": ("kg:Organisation", "kg:Actor")}) == OTHER_COLOUR


# --- betweenness: exact on small networks, sampled on large ones ---------------------------------


def test_betweenness_is_exact_below_the_threshold_and_says_so():
    data = json.loads(invoke("analyze", "--format", "json").stdout)
    assert data["betweenness"] == {"method": "exact", "k": len(data["actors"]),
                                   "nodes": len(data["actors"]), "seed": None}
    assert f"betweenness: exact, {len(data['actors'])} nodes" in invoke("analyze").output


def test_betweenness_is_sampled_above_the_threshold_and_says_so(monkeypatch):
    monkeypatch.setattr(networks, "BETWEENNESS_EXACT_UP_TO", 10)
    monkeypatch.setattr(networks, "BETWEENNESS_SAMPLE", 8)
    calls = []
    original = networks.nx.betweenness_centrality

    def spy(g, *args, **kwargs):
        calls.append(kwargs)
        return original(g, *args, **kwargs)

    monkeypatch.setattr(networks.nx, "betweenness_centrality", spy)
    data = json.loads(invoke("analyze", "--format", "json").stdout)
    nodes = len(data["actors"])
    assert nodes > 10
    assert calls == [{"k": 8, "seed": networks.SEED}]
    assert data["betweenness"] == {"method": "sampled", "k": 8, "nodes": nodes, "seed": networks.SEED}
    assert all(0 <= a["betweenness"] <= 1 for a in data["actors"])
    output = invoke("analyze").output
    assert f"betweenness: sampled, k=8 of {nodes} nodes (seed {networks.SEED}); exact up to 10" in output
    # the same sample every run
    assert json.loads(invoke("analyze", "--format", "json").stdout) == data


def test_export_computes_pagerank_but_not_betweenness(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("export computed betweenness")

    monkeypatch.setattr(networks.nx, "betweenness_centrality", refuse)
    result = invoke("export", "--format", "gexf", "-o", str(tmp_path / "kg.gexf"))
    assert result.exit_code == 0, result.output
    assert b'title="pagerank"' in (tmp_path / "kg.gexf").read_bytes()
