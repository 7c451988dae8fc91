"""Network projections of the RDF graph with networkx, and their analysis.

Three projections:
- actor–event: actors and places linked to the events they take part in, one edge per role;
- actors: actor-to-actor edges typed and signed by relation (hostile, cooperative,
  communicative), weighted by how many events and reported relations support them;
- events: event-to-event links (in response to, caused by, preceded by, part of, about).

The rules come from ontology terms, never from labels: which tie an event type makes, between
which roles, is stated in the ontology (kg:tieLabel, kg:tieCounterpart), and its sign comes from
the type's CAMEO quad class (kg:quadClass, kg:tieSign); what a node is (actor, location, event)
comes from the class hierarchy. Labels are fetched once per node and only shown.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from . import namespaces as ns, provenance
from .lookups import Graph, _value
from .queries import run

HOSTILE, COOPERATIVE, COMMUNICATIVE, LINK = "hostile", "cooperative", "communicative", "link"
SIGN = {HOSTILE: -1, COOPERATIVE: 1, COMMUNICATIVE: 0, LINK: 0}
KIND_OF_SIGN = {-1: HOSTILE, 0: COMMUNICATIVE, 1: COOPERATIVE}

# What a node is, by the top class its class falls under.
TOPS = {"kg:Actor": "actor", "kg:Event": "event", "kg:Location": "location"}
AGENT = "kg:agent"

# Ties a role implies whatever the event, as (from roles, to roles, edge label, kind).
ROLE_TIES = [
    (("kg:orderedBy",), ("kg:agent",), "ordered", COOPERATIVE),
    (("kg:helpedBy",), ("kg:theme", "kg:agent"), "helped", COOPERATIVE),
    (("kg:agent", "kg:theme"), ("kg:opposed",), "opposed", HOSTILE),
]
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

# Betweenness is exact up to this many nodes, and estimated from a fixed sample above it.
BETWEENNESS_EXACT_UP_TO = 2000
BETWEENNESS_SAMPLE = 500
SEED = 7


def _rows(graph: Graph, name: str) -> list[dict[str, object]]:
    """Graph.rows for answers of 10^5 rows: the same values, each distinct IRI shortened once."""
    solutions = run(graph.store, graph.query(name), {})
    names = [variable.value for variable in solutions.variables]
    short: dict[str, str] = {}

    def value(term: object) -> object:
        if isinstance(term, ox.NamedNode):
            found = short.get(term.value)
            if found is None:
                found = short[term.value] = ns.qname(term.value)
            return found
        return _value(term)

    return [dict(zip(names, map(value, row))) for row in solutions]


@dataclass(frozen=True)
class Tie:
    """The tie an event type makes: from its agents to the holders of the counterpart roles."""
    label: str
    kind: str
    counterparts: frozenset[str]


class Vocabulary:
    """The ontology terms the networks read (network-vocabulary.rq): class hierarchy, labels,
    and each event type's tie, inherited from the nearest class that states it."""

    def __init__(self, rows: Iterable[dict[str, object]]) -> None:
        self.labels: dict[str, str] = {}
        self.facts: dict[str, dict[str, set[object]]] = defaultdict(lambda: defaultdict(set))
        self._lineages: dict[str, tuple[str, ...]] = {}
        self._ties: dict[str, Tie | None] = {}
        for row in rows:
            term, fact, value = str(row["term"]), str(row["fact"]), row["value"]
            if fact == "label":
                self.labels[term] = min(self.labels.get(term, str(value)), str(value))
            else:
                self.facts[term][fact].add(value)

    def label(self, term: str) -> str:
        return self.labels.get(term) or term.rpartition(":")[2]

    def lineage(self, cls: str) -> tuple[str, ...]:
        """The class and its ancestors, nearest first (breadth first; siblings by IRI, the
        hand-written classes before the generated CAMEO codes, so that a type the ontology places
        under a code keeps the rules of its own ancestors)."""
        if cls not in self._lineages:
            seen, level = [cls], [cls]
            while level:
                level = sorted({str(s) for c in level for s in self.facts[c]["superclass"]} - set(seen),
                               key=lambda term: (term.startswith("cameo:"), term))
                seen.extend(level)
            self._lineages[cls] = tuple(seen)
        return self._lineages[cls]

    def most_specific(self, classes: set[str]) -> list[str]:
        """The classes that are no other given class's ancestor, sorted."""
        ancestors = {a for c in classes for a in self.lineage(c)[1:]}
        return sorted(classes - ancestors)

    def _nearest(self, cls: str, fact: str) -> set[object]:
        for ancestor in self.lineage(cls):
            if self.facts[ancestor][fact]:
                return self.facts[ancestor][fact]
        return set()

    def sign(self, cls: str) -> int | None:
        """The tie sign the nearest class states, its own (kg:tieSign) or its quad class's."""
        for ancestor in self.lineage(cls):
            own = self.facts[ancestor]["tieSign"]
            if own:
                return int(min(own))
            for quad in sorted(map(str, self.facts[ancestor]["quadClass"])):
                if self.facts[quad]["tieSign"]:
                    return int(min(self.facts[quad]["tieSign"]))
        return None

    def tie(self, cls: str) -> Tie | None:
        """The tie an event of this type makes, if the ontology gives it a label and a sign."""
        if cls not in self._ties:
            labels, sign = self._nearest(cls, "tieLabel"), self.sign(cls)
            counterparts = frozenset(map(str, self._nearest(cls, "tieCounterpart")))
            self._ties[cls] = (Tie(min(map(str, labels)), KIND_OF_SIGN[sign], counterparts)
                               if labels and sign in KIND_OF_SIGN else None)
        return self._ties[cls]


@dataclass
class Networks:
    actor_event: nx.MultiDiGraph
    actors: nx.MultiDiGraph
    events: nx.MultiDiGraph
    full: nx.MultiDiGraph


def _node_attributes(graph: Graph, vocabulary: Vocabulary) -> dict[str, dict[str, object]]:
    """Every actor, location and event, ordered by top class and label.

    Attributes: label; type (actor, location, event: the top class); class (the label of the
    most specific class, the first by IRI if there are several); lineage (that class and its
    ancestors, nearest first); coordinates; start and end (the widest bounds given); hedge.
    """
    found: dict[str, dict[str, object]] = defaultdict(lambda: {"classes": set()})
    for row in _rows(graph, "network-nodes"):
        node = found[row["node"]]
        node["classes"].add(row["class"])
        node["label"] = min(node.get("label", row["label"]), row["label"])
        if row["lat"] is not None:
            node["latitude"], node["longitude"] = float(row["lat"]), float(row["long"])
        for key, value, pick in (("start", row["notBefore"], min), ("end", row["notAfter"], max)):
            if value:
                node[key] = pick(node.get(key, value), value)
        if row["factuality"]:
            node["hedge"] = str(row["factuality"]).removeprefix("kg:")
    nodes = {}
    for iri, node in found.items():
        cls = vocabulary.most_specific(node.pop("classes"))[0]
        lineage = vocabulary.lineage(cls)
        top = next(c for c in lineage if c in TOPS)
        nodes[iri] = {"label": node.pop("label"), "type": TOPS[top], "class": vocabulary.label(cls),
                      "lineage": lineage, "top": top, **node}
    order = sorted(nodes, key=lambda n: (ns.expand(str(nodes[n]["top"])), nodes[n]["label"], n))
    return {n: {k: v for k, v in nodes[n].items() if k != "top"} for n in order}


@dataclass
class Credits:
    """Whom the articles credit facts to (speakers' labels), and the hedges of roles and relations,
    from the network-credits query: keyed by (event or relation, participant or None)."""

    said: dict[tuple[str, str | None], set[str]]
    hedges: dict[tuple[str, str | None], str]

    @classmethod
    def read(cls, graph: Graph) -> "Credits":
        said: dict[tuple[str, str | None], set[str]] = defaultdict(set)
        hedges: dict[tuple[str, str | None], str] = {}
        for row in _rows(graph, "network-credits"):
            key = (row["thing"], row["participant"])
            if row["saidBy"]:
                said[key].add(str(row["saidBy"]))
            if row["hedge"]:
                hedges[key] = str(row["hedge"]).removeprefix("kg:")
        return cls(said, hedges)

    def of(self, *keys: tuple[str, str | None]) -> set[str]:
        return set().union(*(self.said.get(key, set()) for key in keys))

    def of_tie(self, event: str, a: str, b: str) -> set[str]:
        """A tie an event makes: the event's own attribution and both parts' (the Houthis as agent
        is their spokesman's claim; Abqaiq as target, the Saudi Press Agency's)."""
        return self.of((event, None), (event, a), (event, b))


def _add_edge(g: nx.MultiDiGraph, source: str, target: str, relation: str, kind: str,
              support: str, evidence: str | None, hedge: str | None = None,
              credit: Iterable[str] = ()) -> None:
    """One edge per (source, target, relation); repeated support raises its weight.

    The edge is hedged ("reportedly", "likely") only while every support of it is hedged, and
    credited to someone ("according_to": the names, "; "-joined) only while every support of it
    is: a tie one article states in its own voice is not anyone's claim.
    """
    names = sorted(set(credit), key=str.casefold)
    if g.has_edge(source, target, key=relation):
        data = g.edges[source, target, relation]
        if support not in data["supported"]:
            data["supported"].add(support)
            data["support"].append(support)
            data["weight"] = len(data["support"])
            if not hedge:
                data["hedge"] = ""
            if not names or not data["according_to"]:
                data["according_to"] = ""
            else:
                data["according_to"] = "; ".join(sorted(set(data["according_to"].split("; ")) | set(names),
                                                        key=str.casefold))
        if evidence and evidence not in data["evidence"]:
            data["evidence"].append(evidence)
        return
    g.add_edge(source, target, key=relation, relation=relation, kind=kind, sign=SIGN[kind],
               weight=1, support=[support], supported={support},
               evidence=[evidence] if evidence else [], hedge=hedge or "", according_to="; ".join(names))


def _holders(roles: dict[str, set[str]], names: Iterable[str]) -> list[str]:
    return sorted(set().union(*(roles.get(name, set()) for name in names)))


def _event_edges(actors: nx.MultiDiGraph, event: str, tie: Tie | None,
                 roles: dict[str, set[str]], evidence: str, hedge: str | None, credits: Credits) -> None:
    """Actor-to-actor edges that an event implies: its participants' roles (ROLE_TIES) and the
    tie its type makes (Tie). A tie among the agents themselves is mutual: once per pair."""
    pairs = [(_holders(roles, sources), _holders(roles, targets), label, kind)
             for sources, targets, label, kind in ROLE_TIES]
    if tie:
        if AGENT in tie.counterparts:
            for a, b in itertools.combinations(_holders(roles, [AGENT]), 2):
                if a in actors and b in actors:
                    _add_edge(actors, a, b, tie.label, tie.kind, event, evidence, hedge, credits.of_tie(event, a, b))
        pairs.append((_holders(roles, [AGENT]), _holders(roles, tie.counterparts - {AGENT}),
                      tie.label, tie.kind))
    for sources, targets, relation, kind in pairs:
        for source in sources:
            for target in targets:
                if source != target and source in actors and target in actors:
                    _add_edge(actors, source, target, relation, kind, event, evidence, hedge,
                              credits.of_tie(event, source, target))


ARTICLE_NAMESPACES = (ns.ENT, ns.ART)  # curated entities and an article's own things


def _sources(kinds: Iterable[str]) -> str:
    """A node's or edge's provenance as an attribute: its kinds of source, e.g. "articles" or
    "articles gdelt" (space-separated, sorted)."""
    return " ".join(sorted(set(kinds)))


def _node_sources(nodes: dict[str, dict[str, object]], facts: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each node's kinds of source: an event's is its own; an entity's or an article's thing is
    from the articles; any node also has the kinds of the facts it takes part in ((node, kind))."""
    found: dict[str, set[str]] = defaultdict(set)
    for node, attrs in nodes.items():
        if attrs["type"] == "event":
            found[node].add(provenance.kind(node))
        elif ns.expand(node).startswith(ARTICLE_NAMESPACES):
            found[node].add("articles")
    for node, kind in facts:
        found[node].add(kind)
    return found


def build(graph: Graph, source: str = "all") -> Networks:
    """The three projections and the full network, from one pass over each kind of fact.

    Every node and edge has `provenance`: the kinds of source it comes from (articles, gdelt,
    sem). With a `source` other than all, only that kind's events and relations are read, and
    only the nodes with a fact of that kind are kept.
    """
    vocabulary = Vocabulary(_rows(graph, "network-vocabulary"))
    credits = Credits.read(graph)
    nodes = _node_attributes(graph, vocabulary)
    if source != "all":
        nodes = {n: a for n, a in nodes.items() if a["type"] != "event" or provenance.keep(n, source)}
    facts: list[tuple[str, str]] = []
    actor_event, actors, events, full = (nx.MultiDiGraph() for _ in range(4))
    for node, attrs in nodes.items():
        full.add_node(node, **attrs)
        if attrs["type"] == "actor":
            actors.add_node(node, **attrs)
        if attrs["type"] == "event":
            events.add_node(node, **attrs)

    def label(node: str) -> str:
        return str(nodes[node]["label"])

    # Participations: by event, role and participant, each one's evidence in reading order.
    participations = [r for r in _rows(graph, "network-participations")
                      if r["event"] in nodes and r["participant"] in nodes]
    participations.sort(key=lambda r: (ns.expand(r["event"]), ns.expand(r["role"]),
                                       label(r["participant"]), r["participant"],
                                       -1 if r["start"] is None else int(r["start"])))
    roles_by_event: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    first_evidence: dict[str, str | None] = {}
    for row in participations:
        event, who, role, evidence = row["event"], row["participant"], row["role"], row["evidence"]
        role_label = vocabulary.label(role)
        roles_by_event[event][role].add(who)
        first_evidence.setdefault(event, evidence)
        facts.append((who, provenance.kind(event)))
        for g in (actor_event, full):
            for node in (who, event):
                if node not in g:
                    g.add_node(node, **nodes[node])
            if not g.has_edge(who, event, key=role_label):
                g.add_edge(who, event, key=role_label, relation=role_label, kind="participation",
                           weight=1, harm=vocabulary.label(row["harm"]) if row["harm"] else "",
                           evidence=[evidence] if evidence else [], support=[event],
                           hedge=credits.hedges.get((event, who)) or nodes[event].get("hedge") or "",
                           according_to="; ".join(sorted(credits.of((event, None), (event, who)), key=str.casefold)))
            elif evidence and evidence not in g.edges[who, event, role_label]["evidence"]:
                g.edges[who, event, role_label]["evidence"].append(evidence)

    for event, roles in roles_by_event.items():
        tie = vocabulary.tie(str(nodes[event]["lineage"][0]))
        _event_edges(actors, event, tie, roles, first_evidence[event], nodes[event].get("hedge"), credits)

    # A statement about an event ties its speaker to the event, not to each participant: that
    # Austin spoke about the strikes says nothing of Austin and Biden.
    for row in _rows(graph, "statements-about"):
        if row["speaker"] in nodes and row["event"] in nodes and provenance.keep(row["statement"], source):
            _add_edge(full, row["speaker"], row["event"], "spoke about", LINK, row["statement"],
                      row["evidence"])
            facts.append((row["speaker"], provenance.kind(row["statement"])))

    relations = [r for r in _rows(graph, "network-relations")
                 if r["subject"] in nodes and r["object"] in nodes and provenance.keep(r["relation"], source)]
    relations.sort(key=lambda r: (ns.expand(r["predicate"]), label(r["subject"]),
                                  label(r["object"]), int(r["start"]), r["relation"]))
    for row in relations:
        predicate, subject, obj = row["predicate"], row["subject"], row["object"]
        relation_name = predicate.removeprefix("kg:")
        hedge, credit = credits.hedges.get((row["relation"], None)), credits.of((row["relation"], None))
        if predicate in RELATION_EDGES and subject in actors and obj in actors:
            edge_label, kind, flipped = RELATION_EDGES[predicate]
            tail, head = (obj, subject) if flipped else (subject, obj)
            _add_edge(actors, tail, head, edge_label, kind, row["relation"], row["evidence"], hedge, credit)
        if predicate in EVENT_LINKS:
            _add_edge(events, subject, obj, relation_name, LINK, row["relation"], row["evidence"], hedge, credit)
        _add_edge(full, subject, obj, relation_name, LINK, row["relation"], row["evidence"], hedge, credit)
        facts += [(subject, provenance.kind(row["relation"])), (obj, provenance.kind(row["relation"]))]

    about = [r for r in _rows(graph, "network-about")
             if r["subject"] in nodes and nodes[r["subject"]]["type"] == "event" and r["about"] in nodes]
    about.sort(key=lambda r: (ns.expand(r["subject"]), label(r["about"]), r["about"]))
    for row in about:
        _add_edge(events, row["subject"], row["about"], "about", LINK, row["subject"], None)
    facts += [(r["place"], provenance.kind(r["event"])) for r in _rows(graph, "network-places")
              if r["event"] in nodes]
    _mark_sources(Networks(actor_event, actors, events, full), _node_sources(nodes, facts), source)
    return Networks(actor_event, actors, events, full)


def _mark_sources(nets: Networks, sources: dict[str, set[str]], source: str) -> None:
    """Set `provenance` on every node and edge; with one source, drop the nodes without a fact
    of that kind (an entity no fact of a dataset names, under --source gdelt)."""
    for g in (nets.actor_event, nets.actors, nets.events, nets.full):
        if source != "all":
            g.remove_nodes_from([n for n in g if source not in sources.get(n, ())])
        for node, attrs in g.nodes(data=True):
            attrs["provenance"] = _sources(sources.get(node, ()))
        for _, _, data in g.edges(data=True):
            data["provenance"] = _sources(provenance.kind(s) for s in data["support"])


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


@dataclass(frozen=True)
class BetweennessMethod:
    """How betweenness was computed: exactly, or estimated from k sampled source nodes."""
    exact: bool
    k: int
    nodes: int

    def __str__(self) -> str:
        if self.exact:
            return f"exact, {self.nodes:,} nodes"
        return f"sampled, k={self.k:,} of {self.nodes:,} nodes (seed {SEED})"

    def as_dict(self) -> dict[str, object]:
        return {"method": "exact" if self.exact else "sampled", "k": self.k, "nodes": self.nodes,
                "seed": None if self.exact else SEED}


def betweenness(g: nx.Graph) -> tuple[dict[str, float], BetweennessMethod]:
    """Exact up to BETWEENNESS_EXACT_UP_TO nodes; above, estimated from a fixed-seed sample."""
    n = len(g)
    if n <= BETWEENNESS_EXACT_UP_TO:
        return nx.betweenness_centrality(g), BetweennessMethod(True, n, n)
    k = min(BETWEENNESS_SAMPLE, n)
    return nx.betweenness_centrality(g, k=k, seed=SEED), BetweennessMethod(False, k, n)


def pagerank(g: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank on the directed network, parallel edges summed into weights."""
    return nx.pagerank(simple(g, directed=True), weight="weight") if len(g) else {}


def centralities(g: nx.MultiDiGraph) -> tuple[dict[str, dict[str, float]], BetweennessMethod]:
    """Degree and betweenness on the undirected network, PageRank on the directed one."""
    undirected = simple(g, directed=False)
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else {n: 0.0 for n in undirected}
    between, method = betweenness(undirected)
    ranks = pagerank(g)
    return {node: {"degree": round(degree[node], 4), "betweenness": round(between[node], 4),
                   "pagerank": round(ranks[node], 4)} for node in g}, method


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


def analyze(graph: Graph, source: str = "all") -> dict[str, object]:
    nets = build(graph, source)
    actors = nets.actors
    scores, method = centralities(actors)
    communities = nx.community.louvain_communities(simple(actors, directed=False), weight="weight", seed=SEED)
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
            "provenance": actors.nodes[node]["provenance"],
            **scores[node], "community": community_of[node], **by_kind,
            "ties": sorted({f"{d['relation']} {label(v)}" for _, v, d in actors.out_edges(node, data=True)}
                           | {f"{label(u)} {d['relation']} it" for u, _, d in actors.in_edges(node, data=True)}),
        })
    summary.sort(key=lambda s: (-s["pagerank"], s["label"]))
    return {
        "actors": summary,
        "betweenness": method.as_dict(),
        "communities": [sorted(label(n) for n in members)
                        for members in sorted(communities, key=len, reverse=True)],
        "balance": {
            "signed_ties": signed_pairs(actors).number_of_edges(),
            "triangles": triangles,
            "unbalanced": [[label(n) for n in t] for t in unbalanced],
        },
        "edges": [
            {"source": label(u), "target": label(v), "relation": d["relation"], "kind": d["kind"],
             "weight": d["weight"], "hedge": d["hedge"], "according_to": d["according_to"],
             "provenance": d["provenance"]}
            for u, v, d in sorted(actors.edges(data=True), key=lambda e: (-e[2]["weight"], label(e[0])))
        ],
    }


def _article_of(a: str, b: str, data: dict, full: nx.MultiDiGraph) -> str | None:
    """The article a hop's evidence comes from: its event's, or its relation's."""
    for node in (a, b):
        if full.nodes[node]["type"] == "event" and "#" in node:
            return node.partition("#")[0]
    support = next((s for s in data.get("support", ()) if "#" in s), None)
    return support.partition("#")[0] if support else None


def path(graph: Graph, start: str, end: str, limit: int = 5) -> list[list[dict[str, object]]]:
    """Shortest chains linking two actors through events and reported relations."""
    nets = build(graph)
    undirected = nx.MultiGraph()
    for u, v, data in nets.full.edges(data=True):
        undirected.add_edge(u, v, source=u, target=v, support=data.get("support", []),
                            **{k: data[k] for k in ("relation", "evidence")})
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
                    "article": _article_of(a, b, data, nets.full),
                })
                kinds = {n: nets.full.nodes[n]["type"] for n in (a, b)}
                if "event" in kinds.values() and kinds[a] != kinds[b]:  # an actor's role in an event
                    hops[-1]["event"] = a if kinds[a] == "event" else b
                    hops[-1]["actor"] = b if kinds[a] == "event" else a
                else:
                    hops[-1]["relations"] = [s for d in parallel for s in d["support"]]
                hops[-1]["support"] = data["support"]
            chains.append(hops)
    except nx.NetworkXNoPath:
        return []
    _credit(graph, chains, nets.full)
    return chains


def _credit(graph: Graph, chains: list[list[dict[str, object]]], full: nx.MultiDiGraph) -> None:
    """Each hop's hedge and who the article credits it to: a role as the event's participation
    (or the whole event) is hedged and attributed, a relation as the relation is."""
    from .lookups import events

    supports = {s for chain in chains for hop in chain for s in hop.pop("support")}
    ids = [s for s in supports if s in full and full.nodes[s]["type"] == "event"]
    details = events(graph, ids) if ids else {}
    relations: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    others = sorted(supports - set(ids))
    if others:
        for row in graph.rows("relation-credits", {"relation": others}):
            hedges, names = relations[row["relation"]]
            hedges.update(filter(None, [row["hedge"]]))
            names.update(filter(None, [row["saidBy"]]))
    for chain in chains:
        for hop in chain:
            hedges, names = set(), set()
            event = details.get(hop["event"]) if hop.get("event") else None
            if event is not None:
                roles = set(hop["relation"].split(" / "))
                mine = [p for p in event["participants"] if p["id"] == hop["actor"] and p["role"] in roles]
                hedges.update(filter(None, [(event["factuality"] or {}).get("label")]))
                by_role = {p["role"]: p["factuality_label"] for p in mine}
                for hedge in set(filter(None, by_role.values())):  # "likely (harmed)" when the target role is not hedged
                    hedged = sorted(role for role, h in by_role.items() if h == hedge)
                    hedges.add(hedge if len(hedged) == len(roles) else f"{hedge} ({', '.join(hedged)})")
                names.update(a["label"] for a in event["according_to"] if a)
                names.update(p["according_to"]["label"] for p in mine if p["according_to"])
            for relation in hop.pop("relations", []):
                hedges.update(relations[relation][0])
                names.update(relations[relation][1])
            hop["hedge"] = ", ".join(sorted(hedges)) or None
            hop["according_to"] = sorted(names, key=str.casefold)

