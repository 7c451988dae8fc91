"""Lookups without SPARQL: who did what, who said what, what happened when, profiles, counts.

Each returns plain data (dicts and lists) whose shape the README documents; the CLI renders it.
The SPARQL lives in queries/*.rq, the same files `kg query` runs.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import operator
from dataclasses import dataclass
from collections import defaultdict

import pyoxigraph as ox

from . import namespaces as ns, provenance
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
        self.root = layout.root if layout is not None else None
        self._names: dict[tuple[str, ...], Names] = {}
        self._texts: dict[str, str | None] = {}

    def text(self, article: str) -> str | None:
        """An article's text, read from the store when first needed."""
        if article not in self._texts:
            found = list(self.store.query(f"SELECT ?t WHERE {{ <{article}> <{ns.KG}text> ?t }}"))
            self._texts[article] = found[0]["t"].value if found else None
        return self._texts[article]

    def rows(self, name: str, values: dict[str, list[str]] | None = None,
             **params: str) -> list[dict[str, object]]:
        """Run one of the package's queries; `values` restricts variables to lists of IRIs (ids
        from the store), so details are fetched for one page of answers, not the whole graph."""
        query = self.query(name)
        if values:
            block = " ".join(
                f"VALUES ?{var} {{ {' '.join(str(ox.NamedNode(ns.expand(v))) for v in iris)} }}"
                for var, iris in values.items())
            query = NamedQuery(query.name, query.title, query.description, query.params,
                               _restrict(query.text, block), query.source)
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
        text = self.text(ns.expand(article)) if article else None
        if text is None or start is None:
            return exact
        begin, end = int(start), int(start) + len(exact)
        head = self.headline(ns.expand(article))
        if head and head[0] <= begin and end <= head[1]:
            return text[head[0]:head[1]]
        return sentence_around(text, begin, end)

    @functools.lru_cache(maxsize=None)
    def headline(self, article: str) -> tuple[int, int] | None:
        """Where an article's headline stands in its text."""
        query = (f"SELECT ?s ?e WHERE {{ <{article}> <{ns.KG}evidence> ?span . <{article}> <{ns.SCHEMA}headline> ?h . "
                 f"?span <{ns.KG}exact> ?h ; <{ns.KG}start> ?s ; <{ns.KG}end> ?e }}")  # in this order: 20x faster
        found = list(self.store.query(query))
        return (int(found[0]["s"].value), int(found[0]["e"].value)) if found else None

    @functools.lru_cache(maxsize=None)
    def times(self) -> dict[str, tuple[str | None, str | None]]:
        """The articles' events' time bounds, by prefixed id: from the store's index where it
        has one. An imported event's are fetched for the rows that need them
        (provenance.times): 10^5 of them would slow every lookup."""
        if hasattr(self.store, "events"):
            return {ns.qname(iri): (nb, na) for iri, nb, na in self.store.events(imported=False)}
        return {r["event"]: (r["notBefore"], r["notAfter"])
                for r in _unique_rows(self.rows("timeline-page"), ("event",))}

    @functools.lru_cache(maxsize=None)
    def bounds(self) -> dict[str, tuple[str | None, str | None]]:
        """`times`, keyed by full IRI (no prefixed id made for the events not shown)."""
        if hasattr(self.store, "events"):
            return {iri: (nb, na) for iri, nb, na in self.store.events(imported=False)}
        return {ns.expand(event): bounds for event, bounds in self.times().items()}

    def event_roles(self, actors: list[str]) -> list[tuple[str, str, str]]:
        """(event IRI, role label, actor IRI) of each part the actors or places have in events,
        once each: one query for them all (a country code may link thousands of coded actors),
        without the events' dates (`event_bounds` has them)."""
        if not actors:
            return []
        query = self.query("who-page")
        query = NamedQuery(query.name, query.title, query.description, query.params,
                           _restrict(query.text, f"VALUES ?actor {{ {' '.join(f'<{a}>' for a in actors)} }}"),
                           query.source)
        found = {(event.value, role.value, actor.value): None for actor, event, role in run(self.store, query, {})}
        roles = sorted({role for _, role, _ in found})
        labels: dict[str, list[str]] = {}
        if roles:
            query = (f"SELECT ?role ?label WHERE {{ VALUES ?role {{ {' '.join(f'<{r}>' for r in roles)} }} "
                     f"?role <{ns.RDFS}label> ?label }}")
            for row in self.store.query(query, use_default_graph_as_union=True):
                labels.setdefault(row["role"].value, []).append(row["label"].value)
        return list({(event, label, actor): None for event, role, actor in found for label in labels.get(role, ())})

    def event_bounds(self, events: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """The time bounds of events, by full IRI: the articles' from the store's index; the
        imported ones' fetched from the store, or, when there are many, read from the imported
        datasets' index (whose cost grows with all the imported quads, not with these events)."""
        known = self.bounds()
        found = {event: known[event] for event in events if event in known}
        missing = [event for event in events if event not in known]
        if hasattr(self.store, "events") and len(missing) * IMPORTED_QUADS_PER_FETCH > sum(
                entry["quads"] for entry in self.store.manifest.graphs.values() if "import" in entry):
            wanted = set(missing)
            found.update((event, (nb, na)) for event, nb, na in self.store.events() if event in wanted)
            missing = [event for event in missing if event not in found]
        stated = provenance.times(self.store, missing)  # by prefixed id
        found.update((event, stated.get(ns.qname(event), (None, None))) for event in missing)
        return found

    def mentions(self, iri: str) -> list[tuple[str, int, int]]:
        """Where the articles name a thing: (article, start, end) of its evidence spans."""
        query = (f"SELECT ?a ?s ?e WHERE {{ <{iri}> <{ns.KG}evidence> [ <{ns.KG}inArticle> ?a ; "
                 f"<{ns.KG}start> ?s ; <{ns.KG}end> ?e ] }}")
        return [(ns.qname(r["a"].value), int(r["s"].value), int(r["e"].value))
                for r in self.store.query(query, use_default_graph_as_union=True)]

    def is_place(self, iri: str) -> bool:
        query = f"ASK {{ <{iri}> a/<{ns.RDFS}subClassOf>* <{ns.KG}Location> }}"
        return bool(self.store.query(query, use_default_graph_as_union=True))

    def resolve(self, name: str, kinds: tuple[str, ...], article: str | None = None) -> tuple[str, str]:
        if kinds not in self._names:
            self._names[kinds] = Names(self.store, kinds)
        found = self._names[kinds].resolve(name, article)
        return found.iri, found.label


def _restrict(text: str, block: str) -> str:
    """The query with VALUES at the head of its group, or of each branch of a top-level UNION:
    the engine does not push outer bindings into union branches, so each branch gets its own."""
    at = text.index("WHERE {") + len("WHERE {")
    body = text[at:]
    if "} UNION {" in body:
        first = body.index("{") + 1
        body = body[:first] + f" {block}" + body[first:]
        return text[:at] + body.replace("} UNION {", "} UNION { " + block)
    return text[:at] + f"\n  {block}\n" + body


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


def events(graph: Graph, ids: list[str] | None = None) -> dict[str, dict[str, object]]:
    """Events with their facts and participants, keyed by id: those of `ids`, or every one."""
    values = {"event": ids} if ids is not None else None
    if ids == []:
        return {}
    found: dict[str, dict[str, object]] = defaultdict(lambda: {
        "id": None, "article": None, "label": None, "type": None, "time": None, "places": [], "participants": [],
        "quantities": [], "factuality": None, "according_to": [], "links": [], "about": [],
        "evidence": [],
    })
    hedges: dict[tuple[object, object, object], object] = {}
    for row in graph.rows("event-facts", values):
        event = found[row["event"]]
        event["id"] = row["event"]
        event["article"] = event["id"].partition("#")[0] if event["id"].startswith("art:") else None
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
        elif fact == "quantity":  # detail: "counts|speaker" (the speaker who states the figure, if any)
            counts, _, said_by = detail.rpartition("|")
            figure = _quantity(value, label, counts, according_to=said_by or None)
            same = next((q for q in event["quantities"] if q is not None and
                         (q["value"], q["qualifier"], q["counts"]) == (figure["value"], figure["qualifier"], counts)), None)
            if same is None:
                event["quantities"].append(figure)
            elif said_by and said_by not in (same["according_to"] or "").split(" and "):  # one figure, several sources
                names = (same["according_to"] or "").split(" and ") + [said_by]
                same["according_to"] = " and ".join(sorted(filter(None, names), key=str.casefold))  # same order every run
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
        elif fact == "link hedge":
            hedges[(row["event"], label, value)] = detail
        else:
            event["links"].append({"relation": fact, "id": value, "label": label, "factuality": None})
    for event in found.values():
        for link in event["links"]:
            link["factuality"] = hedges.get((event["id"], link["relation"], link["id"]))
    for event_id, part in _participations(graph, values):
        event = found[event_id]
        said_by = {"id": part["saidBy"], "label": part["saidByLabel"]} if part["saidBy"] else None
        quantity = _quantity(part["value"], part["qualifier"], part["counts"], harm=part["harmLabel"],
                             of=part["ofValue"], factuality=part["factualityLabel"],
                             according_to=part["saidByLabel"])
        event["participants"].append({
            "id": part["participant"], "label": part["participantLabel"],
            "role": part["roleLabel"], "harm": part["harmLabel"],
            "quantity": quantity,
            "factuality": _local(part["factuality"]), "factuality_label": part["factualityLabel"],
            "cue": part["cue"], "according_to": said_by,
        })
    for event in found.values():
        event["participants"] = _unique(event["participants"])
    return dict(found)


FACETS = {"who": ("participant", "roleLabel", "participantLabel"), "harm": ("harmLabel",),
          "quantity": ("qualifier", "counts"), "value": ("value",), "of": ("ofValue",),
          "factuality": ("factuality", "cue", "factualityLabel"), "said by": ("saidBy", "saidByLabel")}


def _participations(graph: Graph, values: dict | None) -> list[tuple[str, dict[str, object]]]:
    """Each participation of the events, its facets joined (the query returns one per row),
    ordered by event, role and participant as the lookups show them."""
    parts: dict[tuple[str, str], dict[str, object]] = {}
    for row in graph.rows("event-parts", values):
        part = parts.setdefault((row["event"], row["p"]), dict.fromkeys(
            [name for names in FACETS.values() for name in names] + ["evidence"]))
        if row["facet"] in FACETS:
            part.update(zip(FACETS[row["facet"]], (row["a"], row["b"], row["c"])))
    return sorted(((event, part) for (event, _), part in parts.items() if part["participant"]),
                  key=lambda item: (item[0], str(item[1]["roleLabel"]), str(item[1]["participantLabel"])))


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


DEFAULT_LIMIT = 20
# Fetching one imported event's dates costs about as much as reading 2,000 imported quads' share
# of the store's index (measured at 100k GDELT rows: 45 µs against 0.06 s for 2.7M quads).
IMPORTED_QUADS_PER_FETCH = 2000


@dataclass(frozen=True)
class Page:
    """Which answers to show: those whose time can fall in [start, end], most recent first, at
    most `limit` of them (None: all)."""

    start: str | None = None
    end: str | None = None
    limit: int | None = DEFAULT_LIMIT

    @classmethod
    def of(cls, start: str | None = None, end: str | None = None,
           limit: int | None = DEFAULT_LIMIT) -> Page:
        start, end = _date(start, "--from"), _date(end, "--to")
        if start and end and start > end:
            raise InputError(f"--from {start} is after --to {end}.")
        if limit is not None and limit < 1:
            raise InputError(f"--limit {limit}: give a number of at least 1, or --all.")
        return cls(start, end, limit)

    def fits(self, not_before: object, not_after: object) -> bool:
        """The time can fall in the range: its bounds overlap it (an open bound always can)."""
        return not ((self.start and not_after and str(not_after) < self.start)
                    or (self.end and not_before and str(not_before) > self.end))

    def choose(self, keyed: list[tuple[tuple, object]]) -> tuple[list, int]:
        """The page of (sort key, item) pairs, most recent first, and how many there were."""
        keyed.sort(key=lambda pair: pair[0], reverse=True)
        items = [item for _, item in keyed]
        return (items if self.limit is None else items[: self.limit]), len(items)

    def describe(self) -> str:
        if self.start or self.end:
            return f"between {self.start or 'the first'} and {self.end or 'the last'}"
        return "in the graph"


def _when(not_before: object, not_after: object) -> str:
    """Sort key of a time: its earliest bound, else its latest (an open start sorts by its end)."""
    return str(not_before or not_after or "")


def who(graph: Graph, name: str, page: Page = Page(), source: str = "all") -> dict[str, object]:
    """What an actor did and what was done to it, one row per event and role, most recent
    first: the page is chosen from ids and dates alone, and only its events are fetched in full.

    A place is answered too, as what happened there: its roles in events (a base attacked) and
    the events that took place in it or in a place inside it. `source` keeps one kind of
    provenance (articles, gdelt, sem) or all; each row says its own.
    """
    thing, label = graph.resolve(name, ACTORS + PLACES)
    is_place = graph.is_place(thing)
    keyed: list[tuple[tuple, tuple[str, str, str | None]]] = []
    linked = provenance.coded_actors(graph.store, graph.root, thing) if graph.root and not is_place else []
    # graph/links.tsv: a coded actor's events under the curated entity
    roles = [r for r in graph.event_roles([thing, *linked]) if provenance.keep(r[0], source)]
    bounds = graph.event_bounds(list(dict.fromkeys(event for event, _, _ in roles)))
    for event, role, actor in roles:
        not_before, not_after = bounds[event]
        if page.fits(not_before, not_after):
            event = ns.qname(event)
            coded = None if actor == thing else ns.qname(actor)
            keyed.append(((_when(not_before, not_after), event, role), (event, role, coded)))
    if is_place:
        times = graph.times()
        for r in _unique_rows(graph.rows("events-in-place", place=thing), ("event",)):
            if not provenance.keep(r["event"], source):
                continue
            not_before, not_after = times.get(r["event"], (None, None))
            if page.fits(not_before, not_after):
                keyed.append(((_when(not_before, not_after), r["event"], "~"),
                              (r["event"], f"took place in {r['atLabel']}", r["at"])))
    chosen, total = page.choose(keyed)
    if not chosen:
        what = "nothing happened there, and it takes part in no event" if is_place else "takes part in no event"
        raise NotFound(f"{label} ({ns.qname(thing)}) {what} {page.describe()}.")
    ids = list(dict.fromkeys(event for event, _, _ in chosen))
    details = events(graph, ids)
    evidence: dict[tuple[str, str], list[str]] = {}
    for row in graph.rows("who-evidence", {"event": ids}, actor=thing):
        sentences = evidence.setdefault((row["event"], row["roleLabel"]), [])
        sentence = graph.sentence(row["article"], row["start"], row["evidence"] or "")
        if sentence not in sentences:
            sentences.append(sentence)
    me = ns.qname(thing)
    records = provenance.records(graph.store, ids)
    rows = []
    for event_id, role, at in chosen:
        event = details[event_id]
        if at is None or at.startswith("coded:"):
            whom = at or me
            mine = [p for p in event["participants"] if p["id"] == whom and p["role"] == role]
            mine.sort(key=lambda p: -((p["quantity"] or {}).get("value") or 0))  # "3 injured, 1 critically"
            rows.append(_row(event, role, mine, whom, evidence.get((event_id, role), [])))
            rows[-1]["as_coded"] = {"id": at, "label": next((p["label"] for p in mine), None)} if at else None
        else:
            rows.append(_row(event, role, [], me, _naming_sentence(graph, event, at)))
            rows[-1]["as_coded"] = None
        rows[-1]["provenance"] = provenance.provenance(event_id, event["article"], records.get(event_id))
    return {"actor": {"id": me, "label": label, "kind": "place" if is_place else "actor"},
            "events": rows, "total": total}


def _unique_rows(rows: list[dict[str, object]], key: tuple[str, ...]) -> list[dict[str, object]]:
    """One row per key, keeping the widest time bounds seen for it."""
    kept: dict[tuple, dict[str, object]] = {}
    for row in rows:
        k = tuple(row[name] for name in key)
        if k not in kept:
            kept[k] = dict(row)
    return list(kept.values())


def _naming_sentence(graph: Graph, event: dict[str, object], at: str) -> list[str]:
    """The event's sentence that names the place it took place at (else its first)."""
    mentions = graph.mentions(ns.expand(at))
    naming = [e for e in event["evidence"]
              if any(e["article"] == article and e["start"] <= start and end <= e["end"]
                     for article, start, end in mentions)]
    return [e["sentence"] for e in (naming or event["evidence"])[:1]]


def _row(event: dict[str, object], role: str, mine: list[dict[str, object]], me: str,
         evidence: list[str]) -> dict[str, object]:
    """One row of `who`: the event as seen from one participant's role in it."""
    harms = list(dict.fromkeys(p["harm"] for p in mine if p["harm"]))
    hedged = next(({"value": p["factuality"], "label": p["factuality_label"], "cue": p["cue"]}
                   for p in mine if p["factuality"]), None)
    return {
        "event": event["id"],
        "article": event["article"],
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


def said(graph: Graph, name: str | None, page: Page | None = None) -> dict[str, object]:
    """Statements, of one speaker or of all, with office, mode, time and what they are about,
    most recent first (a page of them, when given one)."""
    page = page or Page(limit=None)
    params = {}
    if name is not None:
        params["speaker"], _ = graph.resolve(name, ACTORS)
    grouped: dict[str, dict[str, object]] = {}
    for row in graph.rows("statements", **params):
        statement = grouped.setdefault(row["statement"], {
            "statement": row["statement"], "article": row["statement"].partition("#")[0] or None,
            "speaker": row["speakerLabel"],
            "speaker_id": row["speaker"], "office": row["office"],
            "mode": _local(row["mode"]), "text": row["quote"],
            "time": {"not_before": row["notBefore"], "not_after": row["notAfter"]},
            "about": [], "evidence": row["evidence"],
        })
        about = {"id": row["about"], "label": row["aboutLabel"]}
        if row["about"] and about not in statement["about"]:
            statement["about"].append(about)
    keyed = [((_when(s["time"]["not_before"], s["time"]["not_after"]), s["statement"]), s)
             for s in grouped.values() if page.fits(s["time"]["not_before"], s["time"]["not_after"])]
    chosen, total = page.choose(keyed)
    if not chosen:
        who_ = f" by {name}" if name else ""
        raise NotFound(f"no statement{who_} {page.describe()}.")
    return {"statements": chosen, "total": total}


def _date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise InputError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD.") from error


def timeline(graph: Graph, page: Page = Page(), source: str = "all") -> dict[str, object]:
    """Events whose time can fall in the page's range, most recent first: the articles' and the
    imported ones alike (the store's index holds both), or one kind of them (`source`); each
    row says its provenance."""
    # One pass over the index, full IRIs (only the page's are shortened): 10^5 imported events
    # must not cost a call, a tuple and a sort each.
    found = graph.store.events() if hasattr(graph.store, "events") else \
        ((event, *bounds) for event, bounds in graph.bounds().items())
    if page.start or page.end or source != "all":
        found = ((event, not_before, not_after) for event, not_before, not_after in found
                 if page.fits(not_before, not_after) and provenance.keep(event, source))
    whens = {event: not_before or not_after or "" for event, not_before, not_after in found}  # _when
    total, order = len(whens), operator.itemgetter(1, 0)  # by time, then id
    top = (sorted(whens.items(), key=order, reverse=True) if page.limit is None
           else heapq.nlargest(page.limit, whens.items(), key=order))
    chosen = [ns.qname(event) for event, _ in top]
    if not chosen:
        if source != "all" and not page.start and not page.end:
            raise NotFound(f"no event from {source} in the graph; --source all lists every kind.")
        kind = "" if source == "all" else f" from {source}"
        raise NotFound(f"no event{kind} falls {page.describe()}; widen --from/--to (kg timeline without "
                       "them lists all).")
    details = events(graph, chosen)
    records = provenance.records(graph.store, chosen)
    rows = []
    for event_id in chosen:
        event = details[event_id]
        rows.append({
            "event": event["id"], "article": event["article"], "label": event["label"],
            "type": event["type"], "time": event["time"],
            "participants": _counterparts(event, None),
            "places": event["places"],
            "quantities": event["quantities"] + sorted(
                (p["quantity"] for p in event["participants"] if p["quantity"]),
                key=lambda q: q["of"] is not None),  # "3 injured" before "1 of the 3 critically"
            "factuality": event["factuality"],
            "according_to": event["according_to"],
            "provenance": provenance.provenance(event_id, event["article"], records.get(event_id)),
        })
    return {"events": rows, "total": total}


def profile(graph: Graph, name: str, page: Page = Page(), source: str = "all") -> dict[str, object]:
    """An actor's or place's types, names, positions, relations, events (the page's, most recent
    first, as `who` finds them: a coded actor's too where graph/links.tsv links it, each with its
    provenance), statements, neighbours. Relations, offices and statements come from the
    articles: a `source` of one dataset leaves them out."""
    thing, label = graph.resolve(name, ACTORS + PLACES)
    from_articles = source in ("all", "articles")
    facts = graph.rows("actor-profile", actor=thing)
    facts = [f for f in facts if from_articles or f["kind"] in ("type", "name")]
    types = sorted({f["valueLabel"] for f in facts if f["kind"] == "type"})
    names = [f["value"] for f in facts if f["kind"] == "name" and f["value"] != label]
    positions = _unique([{"office": f["value"], "organisation": f["valueLabel"], "article": f["source"]}
                         for f in facts if f["kind"] == "position"])
    relations = _unique([{
        "direction": f["kind"], "relation": _local(f["property"]),
        "id": f["value"], "label": f["valueLabel"], "evidence": f["evidence"], "article": f["source"],
    } for f in facts if f["kind"] in ("outgoing", "incoming")])
    try:
        answered = who(graph, ns.qname(thing), page, source)
        took_part, total = answered["events"], answered["total"]
    except NotFound:
        took_part, total = [], 0
    try:
        statements = (said(graph, ns.qname(thing), page)["statements"]
                      if from_articles and not graph.is_place(thing) else [])
    except NotFound:
        statements = []
    here = [r for r in graph.rows("events-in-place", place=thing) if provenance.keep(r["event"], source)] \
        if graph.is_place(thing) else []
    neighbours = sorted({r["label"] for r in relations if r["label"]} |
                        {c["label"] for e in took_part for c in e["counterparts"]})
    return {
        "id": ns.qname(thing), "label": label, "types": types, "aliases": names,
        "positions": positions, "relations": relations,
        "events": [{"event": e["event"], "article": e["article"], "label": e["label"],
                    "role": e["role"], "time": e["time"], "as_coded": e["as_coded"],
                    "provenance": e["provenance"]} for e in took_part],
        "events_total": total,
        "statements": [{"statement": s["statement"], "text": s["text"]} for s in statements],
        "events_here": _unique([{"event": r["event"], "label": r["label"], "at": r["atLabel"]} for r in here]),
        "neighbours": neighbours,
    }


def event(graph: Graph, name: str, article: str | None = None) -> dict[str, object]:
    """One event in full, with the chain of events it responded to."""
    event_id, _ = graph.resolve(name, EVENTS, article)
    record = events(graph, [event_id])[ns.qname(event_id)]
    chain = graph.rows("causal-chain", event=event_id)
    links: dict[tuple, dict[str, object]] = {}
    for r in chain:
        link = links.setdefault((r["from"], r["link"], r["to"]), {
            "from": r["fromLabel"], "relation": _local(r["link"]), "to": r["toLabel"], "evidence": []})
        link["evidence"].append(r["evidence"])
    record["causal_chain"] = list(links.values())
    return record


def graphs_by_source(graph: Graph) -> dict[str, list[str]]:
    """The store's named graphs by kind of source: the articles' (with the shared entities they
    name), and each dataset's imported files."""
    found: dict[str, list[str]] = {"articles": []}
    manifest = getattr(graph.store, "manifest", None)
    for name, entry in (manifest.graphs.items() if manifest is not None else ()):
        if "import" in entry:
            found.setdefault(entry["import"].get("kind", "sem"), []).append(name)
        elif name.startswith(ns.ART) or name == ns.ENTITIES_GRAPH:
            found["articles"].append(name)
    return found


def _count(graph: Graph, inside: str, outside: str, graphs: list[str] | None) -> int:
    """COUNT(DISTINCT ?x): `inside` matched in the given graphs (None: their union), `outside`
    (the class hierarchy) anywhere."""
    if graphs is not None:
        inside = f"VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} GRAPH ?g {{ {inside} }}"
    query = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {inside} . {outside} }}"
    return int(next(iter(graph.store.query(query, use_default_graph_as_union=True)))["n"].value)


def stats(graph: Graph, source: str = "all") -> dict[str, object]:
    """Counts by class and by event type, the articles loaded, and the files, events and triples
    of each kind of source (articles, each dataset); `source` counts one kind alone."""
    by_source = graphs_by_source(graph)
    only = None if source == "all" else by_source.get(source, [])
    if only == [] and source != "articles":
        raise NotFound(f"no {source} file is imported; kg import {source} FILE imports one.")
    classes = {}
    for top in ("Actor", "Location", "Event", "Statement", "Relation", "Quantity", "Position", "TextSpan"):
        inside, outside = "?x a ?class", f"?class <{ns.RDFS}subClassOf>* <{ns.KG}{top}>"
        if top == "TextSpan":
            inside, outside = f"?s <{ns.KG}evidence>|<{ns.KG}factualityCue> ?x", ""
        classes[top] = _count(graph, inside, outside, only) if only != [] else 0
    articles = [{
        "id": _value(row["a"]), "headline": row["h"].value, "published": row["d"].value,
    } for row in graph.store.query(
        f"SELECT ?a ?h ?d WHERE {{ ?a a <{ns.KG}NewsArticle> ; <{ns.SCHEMA}headline> ?h ; "
        f"<{ns.SCHEMA}datePublished> ?d }} ORDER BY ?d", use_default_graph_as_union=True)
    ] if source in ("all", "articles") else []
    events_by_kind: dict[str, int] = defaultdict(int)
    every = (iri for iri, _, _ in graph.store.events()) if hasattr(graph.store, "events") else graph.bounds()
    for event in every:
        events_by_kind[provenance.kind(event)] += 1
    quads = {name: entry.get("quads", 0) for name, entry in
             getattr(getattr(graph.store, "manifest", None), "graphs", {}).items()}
    sources = [{"source": kind, "files": len(names) - (ns.ENTITIES_GRAPH in names),
                "events": events_by_kind.get(kind, 0), "triples": sum(quads.get(n, 0) for n in names)}
               for kind, names in by_source.items() if source in ("all", kind)]
    return {
        "articles": articles,
        "sources": sources,
        "classes": classes,
        "event_types": _event_types(graph, only),
        "triples": len(graph.store) if only is None else sum(s["triples"] for s in sources),
    }


def _event_types(graph: Graph, graphs: list[str] | None) -> dict[str, int]:
    if graphs is None:
        return {r["label"]: r["events"] for r in graph.rows("counts-by-type")}
    if not graphs:
        return {}
    query = (f"SELECT ?label (COUNT(DISTINCT ?event) AS ?n) WHERE {{ VALUES ?g {{ {' '.join(f'<{g}>' for g in graphs)} }} "
             f"GRAPH ?g {{ ?event a ?type }} ?type <{ns.RDFS}subClassOf>+ <{ns.KG}Event> ; <{ns.RDFS}label> ?label }} "
             f"GROUP BY ?type ?label ORDER BY DESC(?n) ?label")
    return {row["label"].value: int(row["n"].value)
            for row in graph.store.query(query, use_default_graph_as_union=True)}
