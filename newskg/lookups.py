"""Lookups without SPARQL: who did what, who said what, what happened when, profiles, counts.

Each returns plain data (dicts and lists) whose shape the README documents; the CLI renders it.
The SPARQL lives in queries/*.rq, the same files `kg query` runs.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError, NotFound
from .layout import Layout
from .queries import NamedQuery, bind, run
from .sparql import internal
from .resolve import ACTORS, EVENTS, PLACES, Names
from .text import sentence_around

PRECISION = {ns.TIME + "unitDay": "day", ns.TIME + "unitMonth": "month", ns.TIME + "unitYear": "year"}


def _value(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ns.qname(term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in (ns.XSD + "integer", ns.XSD + "decimal"):
            number = float(term.value)
            return int(number) if number.is_integer() else number
        return term.value
    return str(term)


class Graph:
    """The store plus what lookups need again and again: queries, names, article texts."""

    def __init__(self, store: ox.Store, layout: Layout) -> None:
        self.store = store
        self._names: dict[tuple[str, ...], Names] = {}
        self.texts = {
            row["a"].value: row["t"].value
            for row in store.query(f"SELECT ?a ?t WHERE {{ ?a <{ns.KG}text> ?t }}",
                                   use_default_graph_as_union=True)
        }

    def rows(self, name: str, **params: str) -> list[dict[str, object]]:
        query = self.query(name)
        bindings = {ox.Variable(k): ox.NamedNode(v) for k, v in params.items()}
        solutions = run(self.store, query, bindings)
        names = [v.value for v in solutions.variables]
        return [{n: _value(row[n]) for n in names} for row in solutions]

    def query(self, name: str) -> NamedQuery:
        """One of the package's own queries (newskg/sparql/), never a user-editable one."""
        return internal(name)

    def sentence(self, article: str | None, start: int | None, exact: str) -> str:
        """The sentence holding a span; within the headline, the headline alone (not the
        metadata that may share its line)."""
        text = self.texts.get(ns.expand(article)) if article else None
        if text is None or start is None:
            return exact
        begin, end = int(start), int(start) + len(exact)
        head = self.headlines.get(ns.expand(article))
        if head and head[0] <= begin and end <= head[1]:
            return text[head[0]:head[1]]
        return sentence_around(text, begin, end)

    @functools.cached_property
    def headlines(self) -> dict[str, tuple[int, int]]:
        """Where each article's headline stands in its text."""
        query = (f"SELECT ?a ?s ?e WHERE {{ ?a <{ns.SCHEMA}headline> ?h ; <{ns.KG}evidence> "
                 f"[ <{ns.KG}exact> ?h ; <{ns.KG}start> ?s ; <{ns.KG}end> ?e ] }}")
        return {r["a"].value: (int(r["s"].value), int(r["e"].value))
                for r in self.store.query(query, use_default_graph_as_union=True)}

    def mentions(self, iri: str) -> list[tuple[str, int, int]]:
        """Where the articles name a thing: (article, start, end) of its evidence spans."""
        query = (f"SELECT ?a ?s ?e WHERE {{ <{iri}> <{ns.KG}evidence> [ <{ns.KG}inArticle> ?a ; "
                 f"<{ns.KG}start> ?s ; <{ns.KG}end> ?e ] }}")
        return [(ns.qname(r["a"].value), int(r["s"].value), int(r["e"].value))
                for r in self.store.query(query, use_default_graph_as_union=True)]

    def is_place(self, iri: str) -> bool:
        query = f"ASK {{ <{iri}> a/<{ns.RDFS}subClassOf>* <{ns.KG}Location> }}"
        return bool(self.store.query(query, use_default_graph_as_union=True))

    def resolve(self, name: str, kinds: tuple[str, ...]) -> tuple[str, str]:
        if kinds not in self._names:
            self._names[kinds] = Names(self.store, kinds)
        found = self._names[kinds].resolve(name)
        return found.iri, found.label


def _time(detail: str | None, date: object) -> dict[str, object]:
    """An event's time. `date` is set only where the source gives one; bounds are never dates."""
    precision, not_before, not_after, anchor, said_by, resolution = (detail or "|||||").split("|", 5)
    return {
        "date": date,
        "precision": PRECISION.get(precision),
        "not_before": not_before or None,
        "not_after": not_after or None,
        "anchor": anchor.rpartition("#")[2] or None,
        "according_to": said_by or None,
        "resolution": resolution or None,
    }


def _quantity(value: object, qualifier: object, counts: object, **about: object) -> dict[str, object] | None:
    """A figure as the article gives it; for a participant's figure also its harm, hedge, source
    and the larger figure it is part of ("three soldiers—one of them critically": of = 3)."""
    if qualifier is None:
        return None
    return {"value": value, "qualifier": str(qualifier).removeprefix("kg:"), "counts": counts,
            "harm": about.get("harm"), "of": about.get("of"), "factuality": about.get("factuality"),
            "according_to": about.get("according_to")}


def events(graph: Graph) -> dict[str, dict[str, object]]:
    """Every event with its facts and participants, keyed by id."""
    found: dict[str, dict[str, object]] = defaultdict(lambda: {
        "id": None, "label": None, "type": None, "time": None, "places": [], "participants": [],
        "quantities": [], "factuality": None, "according_to": [], "links": [], "about": [],
        "evidence": [],
    })
    for row in graph.rows("event-facts"):
        event = found[row["event"]]
        event["id"] = row["event"]
        fact, value, label, detail = row["fact"], row["value"], row["valueLabel"], row["detail"]
        if fact == "label":
            event["label"] = value
        elif fact == "type":
            event["type"] = label
        elif fact == "place":
            event["places"].append({"id": value, "label": label})
        elif fact == "time":
            event["time"] = _time(detail, value)
        elif fact == "factuality":
            event["factuality"] = {"value": str(value).removeprefix("kg:"), "label": label, "cue": detail}
        elif fact == "quantity":
            event["quantities"].append(_quantity(value, label, detail))
        elif fact == "according to":
            event["according_to"].append({"id": value, "label": label})
        elif fact == "about":
            event["about"].append({"id": value, "label": label})
        elif fact == "evidence":
            event["evidence"].append({
                "article": row["article"], "start": row["start"],
                "end": int(detail), "text": value,
                "sentence": graph.sentence(row["article"], row["start"], value),
            })
        else:
            event["links"].append({"relation": fact, "id": value, "label": label,
                                   "factuality": detail or None})
    for row in graph.rows("event-participants"):
        event = found[row["event"]]
        said_by = {"id": row["saidBy"], "label": row["saidByLabel"]} if row["saidBy"] else None
        quantity = _quantity(row["value"], row["qualifier"], row["counts"], harm=row["harmLabel"],
                             of=row["ofValue"], factuality=row["factualityLabel"],
                             according_to=row["saidByLabel"])
        event["participants"].append({
            "id": row["participant"], "label": row["participantLabel"],
            "role": row["roleLabel"], "harm": row["harmLabel"],
            "quantity": quantity,
            "factuality": _local(row["factuality"]), "factuality_label": row["factualityLabel"],
            "cue": row["cue"], "according_to": said_by,
        })
    for event in found.values():
        event["participants"] = _unique(event["participants"])
    return dict(found)


def _local(qname: object) -> str | None:
    return None if qname is None else str(qname).rpartition(":")[2]


def _unique(items: list[dict[str, object]]) -> list[dict[str, object]]:
    seen, kept = set(), []
    for item in items:
        key = tuple(sorted((k, str(v)) for k, v in item.items()))
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _counterparts(event: dict[str, object], me: str | None) -> list[dict[str, object]]:
    """The others in an event, each with its role and, where the article hedges or credits that
    part to a speaker, the hedge and the speaker."""
    return _unique([
        {"id": p["id"], "label": p["label"], "role": p["role"], "factuality": p["factuality_label"],
         "according_to": (p["according_to"] or {}).get("label")}
        for p in event["participants"] if p["id"] != me
    ])


def _links(event: dict[str, object], relation: str) -> list[dict[str, object]]:
    return [{"id": link["id"], "label": link["label"], "factuality": link["factuality"]}
            for link in event["links"] if link["relation"] == relation]


def who(graph: Graph, name: str) -> dict[str, object]:
    """What an actor did and what was done to it, one row per event and role.

    A place is answered too, as what happened there: its roles in events (a base attacked) and
    the events that took place in it or in a place inside it.
    """
    thing, label = graph.resolve(name, ACTORS + PLACES)
    is_place = graph.is_place(thing)
    all_events = events(graph)
    rows = _roles(graph, thing, all_events)
    if is_place:
        rows += _happened_here(graph, thing, all_events)
    rows.sort(key=lambda r: ((r["time"] or {}).get("not_before") or "", r["event"]))
    if not rows:
        what = "nothing happened there, and it takes part in no event" if is_place else "takes part in no event"
        raise NotFound(f"{label} ({ns.qname(thing)}) {what} in the graph.")
    return {"actor": {"id": ns.qname(thing), "label": label, "kind": "place" if is_place else "actor"},
            "events": rows}


def _row(event: dict[str, object], role: str, mine: list[dict[str, object]], me: str,
         evidence: list[str]) -> dict[str, object]:
    """One row of `who`: the event as seen from one participant's role in it."""
    harms = list(dict.fromkeys(p["harm"] for p in mine if p["harm"]))
    hedged = next(({"value": p["factuality"], "label": p["factuality_label"], "cue": p["cue"]}
                   for p in mine if p["factuality"]), None)
    return {
        "event": event["id"],
        "label": event["label"],
        "type": event["type"],
        "role": role,
        "harm": ", ".join(harms) or None,
        "time": event["time"],
        "places": event["places"],
        "counterparts": _counterparts(event, me),
        "quantities": [p["quantity"] for p in mine if p["quantity"]] + event["quantities"],
        "factuality": event["factuality"] or hedged,
        "according_to": _unique(event["according_to"] + [p["according_to"] for p in mine if p["according_to"]]),
        "responds_to": _links(event, "inResponseTo"),
        "caused_by": _links(event, "causedBy"),
        "evidence": evidence,
    }


def _roles(graph: Graph, thing: str, all_events: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    me = ns.qname(thing)
    evidence: dict[tuple[str, str], list[str]] = {}
    for row in graph.rows("who-did-what", actor=thing):
        sentences = evidence.setdefault((row["event"], row["roleLabel"]), [])
        sentence = graph.sentence(row["article"], row["start"], row["evidence"] or "")
        if sentence not in sentences:
            sentences.append(sentence)
    rows = []
    for (event_id, role), sentences in evidence.items():
        event = all_events[event_id]
        mine = [p for p in event["participants"] if p["id"] == me and p["role"] == role]
        mine.sort(key=lambda p: -((p["quantity"] or {}).get("value") or 0))  # "3 injured, 1 critically"
        rows.append(_row(event, role, mine, me, sentences))
    return rows


def _happened_here(graph: Graph, place: str, all_events: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Events in a place or inside it; the evidence is the event's sentence naming the place."""
    rows = []
    for found in _unique([{"event": r["event"], "at": r["at"], "label": r["atLabel"]}
                          for r in graph.rows("events-in-place", place=place)]):
        event = all_events[found["event"]]
        mentions = graph.mentions(ns.expand(found["at"]))
        naming = [e for e in event["evidence"]
                  if any(e["article"] == article and e["start"] <= start and end <= e["end"]
                         for article, start, end in mentions)]
        chosen = (naming or event["evidence"])[:1]
        rows.append(_row(event, f"took place in {found['label']}", [], ns.qname(place),
                         [e["sentence"] for e in chosen]))
    return rows


def said(graph: Graph, name: str | None) -> list[dict[str, object]]:
    """Statements, of one speaker or of all, with office, mode, time and what they are about."""
    params = {}
    if name is not None:
        params["speaker"], _ = graph.resolve(name, ACTORS)
    grouped: dict[str, dict[str, object]] = {}
    for row in graph.rows("statements", **params):
        statement = grouped.setdefault(row["statement"], {
            "statement": row["statement"], "speaker": row["speakerLabel"],
            "speaker_id": row["speaker"], "office": row["office"],
            "mode": _local(row["mode"]), "text": row["quote"],
            "time": {"not_before": row["notBefore"], "not_after": row["notAfter"]},
            "about": [], "evidence": row["evidence"],
        })
        about = {"id": row["about"], "label": row["aboutLabel"]}
        if row["about"] and about not in statement["about"]:
            statement["about"].append(about)
    if not grouped:
        who_ = f" by {name}" if name else ""
        raise NotFound(f"no statement{who_} in the graph.")
    return list(grouped.values())


def _date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise InputError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD.") from error


def timeline(graph: Graph, start: str | None, end: str | None) -> list[dict[str, object]]:
    """Events whose time can fall in [start, end], earliest first."""
    start, end = _date(start, "--from"), _date(end, "--to")
    if start and end and start > end:
        raise InputError(f"--from {start} is after --to {end}.")
    given = {name: value for name, value in (("from", start), ("to", end)) if value}
    bindings = bind(graph.query("timeline"), given, lambda value: value)
    all_events = events(graph)
    rows = []
    for row in run(graph.store, graph.query("timeline"), bindings):
        event = all_events[_value(row["event"])]
        rows.append({
            "event": event["id"], "label": event["label"], "type": event["type"],
            "time": event["time"],
            "participants": _counterparts(event, None),
            "places": event["places"],
            "quantities": event["quantities"] + sorted(
                (p["quantity"] for p in event["participants"] if p["quantity"]),
                key=lambda q: q["of"] is not None),  # "3 injured" before "1 of the 3 critically"
            "factuality": event["factuality"],
            "according_to": event["according_to"],
        })
    if not rows:
        shown = f"between {start or 'the first'} and {end or 'the last'}" if (start or end) else "in the graph"
        raise NotFound(f"no event falls {shown}; widen --from/--to (kg timeline without them lists all).")
    return rows


def profile(graph: Graph, name: str) -> dict[str, object]:
    """An actor's or place's types, names, positions, relations, events, statements, neighbours."""
    thing, label = graph.resolve(name, ACTORS + PLACES)
    facts = graph.rows("actor-profile", actor=thing)
    types = sorted({f["valueLabel"] for f in facts if f["kind"] == "type"})
    names = [f["value"] for f in facts if f["kind"] == "name" and f["value"] != label]
    positions = _unique([{"office": f["value"], "organisation": f["valueLabel"]}
                         for f in facts if f["kind"] == "position"])
    relations = _unique([{
        "direction": f["kind"], "relation": _local(f["property"]),
        "id": f["value"], "label": f["valueLabel"], "evidence": f["evidence"],
    } for f in facts if f["kind"] in ("outgoing", "incoming")])
    try:
        took_part = _roles(graph, thing, events(graph))
    except NotFound:
        took_part = []
    try:
        statements = said(graph, ns.qname(thing)) if "place" not in " ".join(types) else []
    except NotFound:
        statements = []
    here = graph.rows("events-in-place", place=thing)
    neighbours = sorted({r["label"] for r in relations if r["label"]} |
                        {c["label"] for e in took_part for c in e["counterparts"]})
    return {
        "id": ns.qname(thing), "label": label, "types": types, "aliases": names,
        "positions": positions, "relations": relations,
        "events": [{"event": e["event"], "label": e["label"], "role": e["role"], "time": e["time"]}
                   for e in took_part],
        "statements": [{"statement": s["statement"], "text": s["text"]} for s in statements],
        "events_here": _unique([{"event": r["event"], "label": r["label"], "at": r["atLabel"]} for r in here]),
        "neighbours": neighbours,
    }


def event(graph: Graph, name: str) -> dict[str, object]:
    """One event in full, with the chain of events it responded to."""
    event_id, _ = graph.resolve(name, EVENTS)
    record = events(graph)[ns.qname(event_id)]
    chain = graph.rows("causal-chain", event=event_id)
    links: dict[tuple, dict[str, object]] = {}
    for r in chain:
        link = links.setdefault((r["from"], r["link"], r["to"]), {
            "from": r["fromLabel"], "relation": _local(r["link"]), "to": r["toLabel"], "evidence": []})
        link["evidence"].append(r["evidence"])
    record["causal_chain"] = list(links.values())
    return record


def stats(graph: Graph) -> dict[str, object]:
    """Counts by class and by event type, and the articles loaded."""
    classes = {}
    for top in ("Actor", "Location", "Event", "Statement", "Relation", "Quantity", "Position", "TextSpan"):
        query = (f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a/<{ns.RDFS}subClassOf>* <{ns.KG}{top}> }}")
        if top == "TextSpan":
            query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?s <{ns.KG}evidence>|<{ns.KG}factualityCue> ?x }}"
        classes[top] = int(next(iter(graph.store.query(query, use_default_graph_as_union=True)))["n"].value)
    articles = [{
        "id": _value(row["a"]), "headline": row["h"].value, "published": row["d"].value,
    } for row in graph.store.query(
        f"SELECT ?a ?h ?d WHERE {{ ?a a <{ns.KG}NewsArticle> ; <{ns.SCHEMA}headline> ?h ; "
        f"<{ns.SCHEMA}datePublished> ?d }} ORDER BY ?d", use_default_graph_as_union=True)]
    return {
        "articles": articles,
        "classes": classes,
        "event_types": {r["label"]: r["events"] for r in graph.rows("counts-by-type")},
        "triples": len(graph.store),
    }
