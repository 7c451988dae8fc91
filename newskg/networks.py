"""Network projections of the RDF graph with networkx, and their analysis.

Three projections:
- actor–event: actors and places linked to the events they take part in, one edge per role;
- actors: actor-to-actor edges typed and signed by relation (hostile, cooperative,
  communicative), weighted by how many events and reported relations support them;
- events: event-to-event links (in response to, caused by, preceded by, part of, about).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .lookups import Graph

HOSTILE, COOPERATIVE, COMMUNICATIVE, LINK = "hostile", "cooperative", "communicative", "link"
SIGN = {HOSTILE: -1, COOPERATIVE: 1, COMMUNICATIVE: 0, LINK: 0}

# Reported relations between actors, as (edge label, kind, reversed?): `A backedBy B` is the
# edge B —backs→ A.
RELATION_EDGES = {
    "kg:backedBy": ("backs", COOPERATIVE, True),
    "kg:alignedWith": ("aligned with", COOPERATIVE, False),
    "kg:allyOf": ("allied with", COOPERATIVE, False),
    "kg:partOf": ("member of", COOPERATIVE, False),
    "kg:designatedBy": ("designated", HOSTILE, True),
}
EVENT_LINKS = {"kg:inResponseTo", "kg:causedBy", "kg:precededBy", "kg:partOfConflict"}
ATTACK_TYPES = {"military strike", "airstrike"}


@dataclass
class Networks:
    actor_event: nx.MultiDiGraph
    actors: nx.MultiDiGraph
    events: nx.MultiDiGraph
    full: nx.MultiDiGraph


def _node_attributes(graph: Graph) -> dict[str, dict[str, object]]:
    nodes = {}
    for row in graph.rows("network-nodes"):
        attrs = {
            "label": row["label"], "type": str(row["top"]).removeprefix("kg:").lower(),
            "class": row["classLabel"],
        }
        if row["lat"] is not None:
            attrs["latitude"], attrs["longitude"] = float(row["lat"]), float(row["long"])
        if row["notBefore"]:
            attrs["start"] = row["notBefore"]
        if row["notAfter"]:
            attrs["end"] = row["notAfter"]
        nodes[row["node"]] = attrs
    return nodes


def _add_edge(g: nx.MultiDiGraph, source: str, target: str, relation: str, kind: str,
              support: str, evidence: str | None, hedge: str | None = None) -> None:
    """One edge per (source, target, relation); repeated support raises its weight.

    The edge is hedged ("reportedly", "likely") only while every support of it is hedged.
    """
    if g.has_edge(source, target, key=relation):
        data = g.edges[source, target, relation]
        if support not in data["support"]:
            data["support"].append(support)
            data["weight"] = len(data["support"])
            if not hedge:
                data["hedge"] = ""
        if evidence and evidence not in data["evidence"]:
            data["evidence"].append(evidence)
        return
    g.add_edge(source, target, key=relation, relation=relation, kind=kind, sign=SIGN[kind],
               weight=1, support=[support], evidence=[evidence] if evidence else [], hedge=hedge or "")


def _event_edges(actors: nx.MultiDiGraph, event: str, event_class: str,
                 roles: dict[str, set[str]], evidence: str, hedge: str | None) -> None:
    """Actor-to-actor edges that an event implies, by its type and its participants' roles."""
    agents, targets = roles["agent"], roles["target"] | roles["harmed"]
    pairs: list[tuple[set[str], set[str], str, str]] = [
        (roles["ordered by"], agents, "ordered", COOPERATIVE),
        (roles["helped by"], roles["theme"] | agents, "helped", COOPERATIVE),
        (agents | roles["theme"], roles["opposed"], "opposed", HOSTILE),
    ]
    if event_class in ATTACK_TYPES:
        pairs.append((agents, targets, "struck", HOSTILE))
    elif event_class in {"drone attack", "mortar attack", "indirect-fire attack", "series of attacks"}:
        pairs.append((agents, targets, "attacked", HOSTILE))
    elif event_class == "designation":
        pairs.append((agents, targets, "designated", HOSTILE))
    elif event_class == "order or directive":
        pairs.append((agents, roles["recipient of order"], "ordered", COOPERATIVE))
    elif event_class == "briefing":
        pairs.append((agents, roles["informed"], "briefed", COMMUNICATIVE))
    if event_class == "war":
        for a, b in itertools.combinations(sorted(agents), 2):
            _add_edge(actors, a, b, "fought", HOSTILE, event, evidence, hedge)
    for sources, targets_, relation, kind in pairs:
        for source in sources:
            for target in targets_:
                if source != target and source in actors and target in actors:
                    _add_edge(actors, source, target, relation, kind, event, evidence, hedge)


def build(graph: Graph) -> Networks:
    nodes = _node_attributes(graph)
    actor_event, actors, events, full = (nx.MultiDiGraph() for _ in range(4))
    for node, attrs in nodes.items():
        full.add_node(node, **attrs)
        if attrs["type"] == "actor":
            actors.add_node(node, **attrs)
        if attrs["type"] == "event":
            events.add_node(node, **attrs)

    roles_by_event: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    first_evidence: dict[str, str] = {}
    for row in graph.rows("event-participants"):
        event, who, role = row["event"], row["participant"], row["roleLabel"]
        roles_by_event[event][role].add(who)
        first_evidence.setdefault(event, row["evidence"])
        for g in (actor_event, full):
            for node in (who, event):
                g.add_node(node, **nodes[node])
            if not g.has_edge(who, event, key=role):
                g.add_edge(who, event, key=role, relation=role, kind="participation", weight=1,
                           harm=row["harmLabel"] or "", evidence=[row["evidence"]])
            elif row["evidence"] not in g.edges[who, event, role]["evidence"]:
                g.edges[who, event, role]["evidence"].append(row["evidence"])

    facts = graph.rows("event-facts")
    hedges = {row["event"]: str(row["value"]).removeprefix("kg:") for row in facts if row["fact"] == "factuality"}
    for event, roles in roles_by_event.items():
        _event_edges(actors, event, nodes[event]["class"], roles, first_evidence.get(event, ""),
                     hedges.get(event))

    # A statement about an event ties its speaker to the event, not to each participant: that
    # Austin spoke about the strikes says nothing of Austin and Biden.
    for row in graph.rows("statements-about"):
        _add_edge(full, row["speaker"], row["event"], "spoke about", LINK, row["statement"], row["evidence"])

    for row in graph.rows("relations"):
        predicate, subject, obj = row["predicate"], row["subject"], row["object"]
        relation_name = predicate.removeprefix("kg:")
        if predicate in RELATION_EDGES and subject in actors and obj in actors:
            label, kind, flipped = RELATION_EDGES[predicate]
            source, target = (obj, subject) if flipped else (subject, obj)
            _add_edge(actors, source, target, label, kind, row["relation"], row["evidence"])
        if predicate in EVENT_LINKS:
            _add_edge(events, subject, obj, relation_name, LINK, row["relation"], row["evidence"])
        _add_edge(full, subject, obj, relation_name, LINK, row["relation"], row["evidence"])

    for row in facts:
        if row["fact"] == "about":
            _add_edge(events, row["event"], row["value"], "about", LINK, row["event"], None)
    return Networks(actor_event, actors, events, full)


def simple(g: nx.MultiDiGraph, directed: bool) -> nx.Graph:
    """Collapse parallel edges, summing weights: the form centralities are computed on."""
    out = nx.DiGraph() if directed else nx.Graph()
    out.add_nodes_from(g.nodes(data=True))
    for u, v, data in g.edges(data=True):
        if out.has_edge(u, v):
            out.edges[u, v]["weight"] += data["weight"]
        else:
            out.add_edge(u, v, weight=data["weight"])
    return out


def centralities(g: nx.MultiDiGraph) -> dict[str, dict[str, float]]:
    undirected = simple(g, directed=False)
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else {n: 0.0 for n in undirected}
    betweenness = nx.betweenness_centrality(undirected)
    pagerank = nx.pagerank(simple(g, directed=True), weight="weight") if len(g) else {}
    return {node: {"degree": round(degree[node], 4), "betweenness": round(betweenness[node], 4),
                   "pagerank": round(pagerank[node], 4)} for node in g}


def signed_pairs(actors: nx.MultiDiGraph) -> nx.Graph:
    """Undirected actor pairs with the sign of their hostile and cooperative ties."""
    total: dict[tuple[str, str], int] = defaultdict(int)
    for u, v, data in actors.edges(data=True):
        if data["sign"]:
            total[tuple(sorted((u, v)))] += data["sign"] * data["weight"]
    signed = nx.Graph()
    for (u, v), value in total.items():
        if value:
            signed.add_edge(u, v, sign=1 if value > 0 else -1)
    return signed


def unbalanced_triads(actors: nx.MultiDiGraph) -> tuple[int, list[tuple[str, str, str]]]:
    """All signed triangles, and those whose sign product is negative (structurally unbalanced)."""
    signed = signed_pairs(actors)
    triangles = [tuple(sorted(c)) for c in nx.enumerate_all_cliques(signed) if len(c) == 3]
    unbalanced = [
        t for t in triangles
        if signed.edges[t[0], t[1]]["sign"] * signed.edges[t[1], t[2]]["sign"] * signed.edges[t[0], t[2]]["sign"] < 0
    ]
    return len(triangles), unbalanced


def analyze(graph: Graph) -> dict[str, object]:
    nets = build(graph)
    actors = nets.actors
    scores = centralities(actors)
    communities = nx.community.louvain_communities(simple(actors, directed=False), weight="weight", seed=7)
    community_of = {node: i for i, members in enumerate(sorted(communities, key=len, reverse=True))
                    for node in members}
    triangles, unbalanced = unbalanced_triads(actors)

    def label(node: str) -> str:
        return actors.nodes[node]["label"]

    summary = []
    for node in actors:
        edges = list(actors.out_edges(node, data=True)) + list(actors.in_edges(node, data=True))
        by_kind = {kind: sum(1 for *_, d in edges if d["kind"] == kind)
                   for kind in (HOSTILE, COOPERATIVE, COMMUNICATIVE)}
        summary.append({
            "id": node, "label": label(node), "class": actors.nodes[node]["class"],
            **scores[node], "community": community_of[node], **by_kind,
            "ties": sorted({f"{d['relation']} {label(v)}" for _, v, d in actors.out_edges(node, data=True)}
                           | {f"{label(u)} {d['relation']} it" for u, _, d in actors.in_edges(node, data=True)}),
        })
    summary.sort(key=lambda s: (-s["pagerank"], s["label"]))
    return {
        "actors": summary,
        "communities": [sorted(label(n) for n in members)
                        for members in sorted(communities, key=len, reverse=True)],
        "balance": {
            "signed_ties": signed_pairs(actors).number_of_edges(),
            "triangles": triangles,
            "unbalanced": [[label(n) for n in t] for t in unbalanced],
        },
        "edges": [
            {"source": label(u), "target": label(v), "relation": d["relation"], "kind": d["kind"],
             "weight": d["weight"], "hedge": d["hedge"]}
            for u, v, d in sorted(actors.edges(data=True), key=lambda e: (-e[2]["weight"], label(e[0])))
        ],
    }


def path(graph: Graph, start: str, end: str, limit: int = 5) -> list[list[dict[str, object]]]:
    """Shortest chains linking two actors through events and reported relations."""
    nets = build(graph)
    undirected = nx.MultiGraph()
    for u, v, data in nets.full.edges(data=True):
        undirected.add_edge(u, v, source=u, target=v, **{k: data[k] for k in ("relation", "evidence")})
    if start not in undirected or end not in undirected:
        return []
    chains = []
    try:
        for nodes in itertools.islice(nx.all_shortest_paths(undirected, start, end), limit):
            hops = []
            for a, b in zip(nodes, nodes[1:]):
                parallel = list(undirected.get_edge_data(a, b).values())
                data = parallel[0]
                hops.append({
                    "from": nets.full.nodes[a]["label"], "to": nets.full.nodes[b]["label"],
                    "relation": " / ".join(sorted({d["relation"] for d in parallel})),
                    "forward": data["source"] == a,
                    "participation": nets.full.nodes[data["target"]]["type"] == "event"
                    and nets.full.nodes[data["source"]]["type"] != "event",
                    "evidence": data["evidence"][0] if data["evidence"] else None,
                })
            chains.append(hops)
    except nx.NetworkXNoPath:
        return []
    return chains

