"""Tooling for graph/links.tsv: which curated entity a coded actor may stand for, and why.

A coded actor (a dataset's name and CAMEO codes) is tied to a curated entity only by a line a
person wrote in graph/links.tsv. `suggest` proposes such lines with the evidence for each, and
`check` reports lines that point nowhere; neither ever writes the file.

The evidence, and the score it makes (0 to 1):
- name (weight 0.6): the coded name normalised is a label or altLabel of the entity (1), or
  shares words with one (the share of words in common);
- country (0.2): the coded actor's CAMEO country code names a country (ISO 3166 alpha-3, from
  the table beside the GDELT importer) that the entity's names mention (+1), or the entity's
  names mention other countries only, or the coded actor has codes but no country (-1);
  entities carry no country codes, so this is evidence only through their labels;
- type (0.2): a CAMEO actor type (GOV, MIL, REB, MED, ...) that fits the entity's class (+1) or
  contradicts it (-1); a bare country code (USA, and no type) fits a state.
A candidate needs a word in common. A bare country code whose country is the label of a
kg:State is `safe` and suggested for the code (`USA<TAB>ent:united-states`, every coded actor
with exactly that code); the rest are for one coded actor (`CODE/NAME`, or its id `coded:…` for
a dataset without codes) and need a person: `likely` with the whole name matching and nothing
against it, `possible` otherwise.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from . import namespaces as ns
from .errors import InputError
from .provenance import CODED, coded_actor_iri, is_node_key, link_lines
from .resolve import normalise

COUNTRIES = Path(__file__).parent / "importers" / "fips_countries.tsv"
WEIGHTS = {"name": 0.6, "country": 0.2, "type": 0.2}
STOPWORDS = frozenset({"the", "of", "and", "in", "for", "a", "an", "al"})
# CAMEO actor types (GDELT's cameoType list) and the entity classes each fits. An entity of a
# class in TYPED that fits none of a coded actor's types does not match it (a US business, USABUS,
# is not the United States); a bare country code (no type) fits a kg:State and none of the others.
FITS = {
    "GOV": {"State", "GovernmentBody"}, "LEG": {"GovernmentBody"}, "JUD": {"GovernmentBody"},
    "COP": {"GovernmentBody"}, "SPY": {"GovernmentBody"},
    "MIL": {"ArmedForces", "MilitaryUnit"}, "REB": {"NonStateArmedGroup"}, "INS": {"NonStateArmedGroup"},
    "SEP": {"NonStateArmedGroup"}, "UAF": {"NonStateArmedGroup"}, "IMG": {"NonStateArmedGroup"},
    "MED": {"NewsOrganisation"},
}
TYPED = {"State", "GovernmentBody", "ArmedForces", "MilitaryUnit", "NonStateArmedGroup", "NewsOrganisation"}
SHOWN_NAMES = 5


@dataclass(frozen=True)
class CodedActor:
    iri: str
    label: str
    code: str
    country: str
    types: tuple[str, ...]
    rows: int

    @property
    def key(self) -> str:
        """Its links.tsv key: CODE/NAME where that names exactly this node, else its id (coded:…)."""
        key = f"{self.code}/{self.label}"
        if self.iri == coded_actor_iri(self.code, self.label) and normalise(self.label) and not re.search(r"[#\t\n]", key):
            return key
        return ns.qname(self.iri)


@dataclass(frozen=True)
class Entity:
    iri: str
    label: str
    kind: str  # the local name of its most specific class
    names: tuple[str, ...]  # label and altLabels, normalised

    @property
    def id(self) -> str:
        return ns.qname(self.iri)


@dataclass
class Suggestion:
    key: str  # CODE or CODE/NAME, as links.tsv takes it
    entity: Entity
    confidence: str  # safe, likely, possible
    score: float
    evidence: dict[str, str]
    rows: int
    actors: list[tuple[str, int]]  # the coded names it covers, with their rows
    linked: list[str] = field(default_factory=list)  # entities links.tsv links it to already
    alternative: bool = False  # not the best candidate for its key (or tied with another)

    @property
    def to_paste(self) -> bool:
        """Safe or likely, the best for its coded actor, and not in links.tsv yet."""
        return self.confidence in ("safe", "likely") and not self.alternative and not self.linked

    def status(self) -> str:
        if self.entity.id in self.linked:
            return "already in graph/links.tsv"
        if self.linked:
            return f"graph/links.tsv links it to {', '.join(self.linked)} now"
        return "not in graph/links.tsv"

    def tsv(self) -> str:
        """Its links.tsv line with the evidence as a comment; commented out unless to_paste."""
        why = "; ".join(f"{k}: {v}" for k, v in self.evidence.items())
        extra = ", an alternative: keep one line per coded actor" if self.alternative else ""
        line = (f"{self.key}\t{self.entity.id}\t# {self.confidence}{extra}, score {self.score:.2f}; "
                f"{why}; {rows(self.rows)}; {self.status()}")
        return line if self.to_paste else f"# {line}"

    def as_json(self) -> dict[str, object]:
        return {"line": f"{self.key}\t{self.entity.id}", "key": self.key, "entity": self.entity.id,
                "entity_label": self.entity.label, "entity_class": f"kg:{self.entity.kind}",
                "confidence": self.confidence, "score": round(self.score, 2), "evidence": self.evidence,
                "rows": self.rows, "coded_actors": [{"name": n, "rows": r} for n, r in self.actors],
                "already_linked_to": self.linked, "alternative": self.alternative,
                "to_paste": self.to_paste}


def rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"


def words(name: str) -> frozenset[str]:
    return frozenset(w for w in normalise(name).split() if w not in STOPWORDS)


def countries() -> dict[str, str]:
    """ISO 3166 alpha-3 -> country name (CAMEO's country codes are alpha-3 for countries)."""
    table: dict[str, str] = {}
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            _, _, iso3, name = line.split("\t")[:4]
            table[iso3] = name
    return table


def entities(store) -> list[Entity]:
    """The curated actors (graph/entities.ttl), with their names and class."""
    query = f"""
    PREFIX rdfs: <{ns.RDFS}> PREFIX skos: <{ns.SKOS}> PREFIX kg: <{ns.KG}>
    SELECT ?e ?label ?class (GROUP_CONCAT(DISTINCT ?alt; separator="\\u0001") AS ?alts) WHERE {{
      GRAPH <{ns.ENTITIES_GRAPH}> {{ ?e a ?class ; rdfs:label ?label . OPTIONAL {{ ?e skos:altLabel ?alt }} }}
      ?class rdfs:subClassOf* kg:Actor .
      FILTER NOT EXISTS {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?e a ?sub }} ?sub rdfs:subClassOf+ ?class }}
    }} GROUP BY ?e ?label ?class ORDER BY ?e"""
    found: dict[str, Entity] = {}
    for row in store.query(query, use_default_graph_as_union=True):
        alts = [a for a in row["alts"].value.split("\u0001") if a] if row["alts"] else []
        names = tuple(dict.fromkeys(normalise(n) for n in [row["label"].value, *alts]))
        found.setdefault(row["e"].value,  # one entity once, even with two classes or labels
                         Entity(row["e"].value, row["label"].value, row["class"].value.rsplit("#", 1)[-1], names))
    return list(found.values())


def coded_actors(store) -> list[CodedActor]:
    """Every kg:CodedActor in the store (of any dataset), with the rows it takes part in."""
    query = f"""
    PREFIX rdfs: <{ns.RDFS}> PREFIX kg: <{ns.KG}>
    SELECT ?a ?label ?code ?country (GROUP_CONCAT(DISTINCT ?type) AS ?types) (COUNT(DISTINCT ?event) AS ?rows)
    WHERE {{
      ?a a kg:CodedActor ; rdfs:label ?label .
      OPTIONAL {{ ?a kg:actorCode ?code }} OPTIONAL {{ ?a kg:countryCode ?country }}
      OPTIONAL {{ ?a kg:actorTypeCode ?type }}
      OPTIONAL {{ ?event kg:participation/kg:participant ?a }}
    }} GROUP BY ?a ?label ?code ?country"""
    return [CodedActor(row["a"].value, row["label"].value, row["code"].value if row["code"] else "",
                       row["country"].value if row["country"] else "",
                       tuple(sorted(row["types"].value.split())) if row["types"] else (),
                       int(row["rows"].value))
            for row in store.query(query, use_default_graph_as_union=True)]


def _contains(name: str, phrase: str) -> bool:
    return re.search(rf"(^| ){re.escape(phrase)}( |$)", name) is not None


class Evidence:
    """Scores a coded actor against an entity, saying why."""

    def __init__(self, entities: list[Entity]) -> None:
        table = countries()
        states = {normalise(name): e for e in entities if e.kind == "State" for name in e.names}
        # A country's names: its ISO name, and the names of the curated state that bears it.
        self.country_names: dict[str, tuple[str, ...]] = {}
        for iso3, name in table.items():
            state = states.get(normalise(name))
            self.country_names[iso3] = tuple(dict.fromkeys((normalise(name), *(state.names if state else ()))))
        self.country_label = table
        # Words that only name a country: of its ISO name, and of a state's short names (US, U.S.),
        # not of its longer ones ("United States government").
        self.country_words = frozenset(w for iso3, names in self.country_names.items() for n in names
                                       if n == normalise(table[iso3]) or len(n.replace(" ", "")) <= 3
                                       for w in words(n))
        self.state_of = {iso3: states[normalise(name)] for iso3, name in table.items() if normalise(name) in states}
        self.named_countries = {e.iri: {iso3 for iso3, names in self.country_names.items()
                                        if any(_contains(n, c) for n in e.names for c in names if c)}
                                for e in entities}

    def name(self, actor: CodedActor, entity: Entity) -> tuple[float, str]:
        if normalise(actor.label) in entity.names:
            return 1.0, f"'{actor.label}' is a name of the entity ('{entity.label}')"
        mine = words(actor.label)
        best, said = 0.0, ""
        for name in entity.names:
            theirs = words(name)
            shared = mine & theirs
            if entity.kind != "State" and shared <= self.country_words:
                continue  # a country's name shared with one of its bodies or groups says nothing
            if shared and len(shared) / len(mine | theirs) > best:
                best = len(shared) / len(mine | theirs)
                said = (f"'{actor.label}' shares {', '.join(sorted(shared))} with '{name}' "
                        f"({len(shared)} of {len(mine | theirs)} words)")
        return best, said

    def country(self, actor: CodedActor, entity: Entity) -> tuple[int, str]:
        named = self.named_countries[entity.iri]
        if not named:
            return 0, "the entity's names mention no country"
        shown = ", ".join(sorted(self.country_label[c] for c in named))
        if actor.country in named:
            return 1, f"{actor.country} is {self.country_label[actor.country]}, named by the entity"
        if not actor.country and not actor.code:
            return 0, f"no codes given; the entity's names mention {shown}"
        if not actor.country:
            return -1, f"no country code; the entity's names mention {shown}"
        return -1, f"{actor.country} is not what the entity's names mention ({shown})"

    def type(self, actor: CodedActor, entity: Entity) -> tuple[int, str]:
        kind = f"kg:{entity.kind}"
        if not actor.types:
            if not (actor.code and actor.code == actor.country):
                return 0, f"no type code; a {kind}"
            if entity.kind == "State":
                return 1, f"a bare country code ({actor.code}) and a {kind}"
            if entity.kind in TYPED:
                return -1, f"a bare country code ({actor.code}) stands for the country, not a {kind}"
            return 0, f"a bare country code ({actor.code}); a {kind}"
        fits = [t for t in actor.types if entity.kind in FITS.get(t, ())]
        if fits:
            return 1, f"{'/'.join(fits)} fits a {kind}"
        if entity.kind in TYPED:
            return -1, f"{'/'.join(actor.types)} does not fit a {kind}"
        return 0, f"{'/'.join(actor.types)} says nothing about a {kind}"


def _linked(lines: list[tuple[int, str, str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """links.tsv as coded actor IRI -> entities, and bare CODE -> entities."""
    by_actor: dict[str, list[str]] = defaultdict(list)
    by_code: dict[str, list[str]] = defaultdict(list)
    for _, key, entity in lines:
        code, _, name = key.partition("/")
        if is_node_key(key):
            by_actor[ns.expand(key)].append(ns.qname(entity))
        else:
            (by_actor[coded_actor_iri(code, name)] if name else by_code[code]).append(ns.qname(entity))
    return by_actor, by_code


def suggest(store, root, min_score: float = 0.5, limit: int = 3) -> list[Suggestion]:
    """Candidate links.tsv lines, best first within each coded actor (or code), with evidence.

    Up to `limit` candidates per coded actor; the best of them is the one to paste, the others
    are marked as alternatives (and so are candidates tied for best: a person must choose).
    """
    if not 0 <= min_score <= 1:
        raise InputError(f"--min-score {min_score}: give a score between 0 and 1.")
    curated = entities(store)
    actors = coded_actors(store)
    evidence = Evidence(curated)
    by_actor, by_code = _linked(link_lines(root))
    found = _code_suggestions(store, actors, evidence, by_code)
    safe_codes = {(s.key, s.entity.iri) for s in found}
    index: dict[str, list[Entity]] = defaultdict(list)
    for entity in curated:
        for word in {w for name in entity.names for w in words(name)}:
            index[word].append(entity)
    for actor in sorted(actors, key=lambda a: (-a.rows, a.code, a.label)):
        key = actor.key
        candidates = {e.iri: e for w in words(actor.label) for e in index.get(w, [])}
        scored = []
        for entity in candidates.values():
            if (actor.code, entity.iri) in safe_codes:
                continue  # the code's own line covers it
            name, name_said = evidence.name(actor, entity)
            if not name:
                continue
            country, country_said = evidence.country(actor, entity)
            kind, kind_said = evidence.type(actor, entity)
            score = max(0.0, WEIGHTS["name"] * name + WEIGHTS["country"] * country + WEIGHTS["type"] * kind)
            if score < min_score:
                continue
            confidence = "likely" if name == 1.0 and country >= 0 and kind >= 0 else "possible"
            scored.append(Suggestion(key, entity, confidence, score,
                                     {"name": name_said, "country": country_said, "type": kind_said},
                                     actor.rows, [(actor.label, actor.rows)],
                                     by_actor.get(actor.iri, []) + by_code.get(actor.code, [])))
        scored.sort(key=lambda s: (-s.score, s.entity.id))
        for rank, suggestion in enumerate(scored[:limit]):
            tied = len(scored) > 1 and round(scored[1].score, 6) == round(scored[0].score, 6)
            suggestion.alternative = rank > 0 or tied
        found += scored[:limit]
    return found


def _rows_by_code(store, codes: list[str]) -> dict[str, int]:
    """The rows (events) in which some coded actor with each of these codes takes part."""
    if not codes:
        return {}
    values = " ".join(f"<{CODED}code/{quote(c, safe='')}>" for c in codes)
    query = (f"SELECT ?code (COUNT(DISTINCT ?event) AS ?rows) WHERE {{ VALUES ?code {{ {values} }} "
             f"?a <{ns.KG}hasActorCode> ?code . ?event <{ns.KG}participation>/<{ns.KG}participant> ?a }} "
             "GROUP BY ?code")
    return {unquote(row["code"].value[len(CODED) + 5:]): int(row["rows"].value)
            for row in store.query(query, use_default_graph_as_union=True)}


def _code_suggestions(store, actors: list[CodedActor], evidence: Evidence,
                      by_code: dict[str, list[str]]) -> list[Suggestion]:
    """`CODE<TAB>ent:state` for each bare country code whose country is a kg:State's name."""
    per_code: dict[str, list[CodedActor]] = defaultdict(list)
    for actor in actors:
        if actor.code and actor.code == actor.country and not actor.types and actor.code in evidence.state_of:
            per_code[actor.code].append(actor)
    counted = _rows_by_code(store, sorted(per_code))
    found = []
    for code, members in sorted(per_code.items(), key=lambda item: (-counted.get(item[0], 0), item[0])):
        state = evidence.state_of[code]
        members.sort(key=lambda a: (-a.rows, a.label))
        names = ", ".join(f"{a.label} {a.rows}" for a in members[:SHOWN_NAMES])
        more = f", and {len(members) - SHOWN_NAMES} more" if len(members) > SHOWN_NAMES else ""
        found.append(Suggestion(
            code, state, "safe", 1.0,
            {"name": f"'{evidence.country_label[code]}', the country of {code}, is a name of the entity",
             "country": f"{code} is {evidence.country_label[code]} (ISO 3166 alpha-3)",
             "type": f"a bare country code and a kg:{state.kind}",
             "covers": f"every coded actor with the code {code}: {names}{more}"},
            counted.get(code, 0), [(a.label, a.rows) for a in members], by_code.get(code, [])))
    return found


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    entity: str
    problem: str


def check(store, root) -> tuple[int, list[Problem]]:
    """The lines of links.tsv, and those that point to no curated actor or match no coded actor."""
    lines = link_lines(root)
    curated = {e.iri: e for e in entities(store)}
    places = _places(store)
    actors = coded_actors(store)
    iris = {a.iri for a in actors}
    codes = {a.code for a in actors}
    problems = []
    for number, key, entity in lines:
        code, _, name = key.partition("/")
        if entity in places:
            problems.append(Problem(number, key, ns.qname(entity), "is a place; kg who shows coded "
                                    "events under actors only (a state, a group, a person)"))
        elif entity not in curated:
            problems.append(Problem(number, key, ns.qname(entity), "is not an actor of graph/entities.ttl"))
        if is_node_key(key):
            if ns.expand(key) not in iris:
                problems.append(Problem(number, key, ns.qname(entity), "is not an imported coded actor"))
        elif name and coded_actor_iri(code, name) not in iris:
            problems.append(Problem(number, key, ns.qname(entity), f"no imported coded actor has the code "
                                    f"{code or '(none)'} and the name {name!r}"))
        elif not name and code not in codes:
            problems.append(Problem(number, key, ns.qname(entity), f"no imported coded actor has the code {code}"))
    return len(lines), problems


def _places(store) -> set[str]:
    query = (f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ns.ENTITIES_GRAPH}> {{ ?e a ?class }} "
             f"?class <{ns.RDFS}subClassOf>* <{ns.KG}Location> }}")
    return {row["e"].value for row in store.query(query, use_default_graph_as_union=True)}

