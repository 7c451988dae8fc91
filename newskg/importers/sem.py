"""NewsReader SEM event graphs (TriG, plain or gzipped), mapped into the model for one named graph.

What the graph states becomes the model's own terms, so that every lookup and query sees a SEM
event as it sees a GDELT row: a `sem:Event` with at least one `sem:hasActor` becomes a
kg:SemEvent (its FrameNet, ESO and WordNet classes kept as kg:sourceType, none mapped to a
CAMEO type: no mapping of them is certain), each actor a kg:Participation with the role
kg:involved (SEM does not say who acted on whom; the PropBank, FrameNet and ESO role properties
the file puts on the same link are kept as kg:sourceRole), `sem:hasPlace` kg:place, the
OWL-Time instant or interval of `sem:hasAtTime` kg:time at the precision its date gives, and
a kg:SourceRecord (dataset kg:newsreaderSem, the event's SEM IRI as record id, its document
as URL, each `gaf:denotedBy` mention with its character offsets) as evidence. Actors and
places are kg:CodedActor and kg:CodedPlace nodes named by their SEM IRI (DBpedia's page title),
`owl:sameAs` that IRI, with the file's labels as kg:sourceLabel (they are the words of its
mentions, "our" and "the union" among them: not names, so not aliases the lookups resolve).
Event ids are minted under provenance.SEM_EVENTS from the SEM IRI, which each event keeps as
`owl:sameAs`.

TriG needs the whole graph to join events with their actors, times and mentions; at the size
of a NewsReader export (tens of thousands of statements) the file is parsed in one go.
"""

from __future__ import annotations

import calendar
import gzip
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, unquote_plus

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import InputError
from ..layout import Layout
from ..provenance import CODED, SEM_EVENTS
from .registry import Entry, Outcome

GAF_DENOTED_BY = "http://groundedannotationframework.org/gaf#denotedBy"
OWL_TIME = "http://www.w3.org/TR/owl-time#"  # the OWL-Time namespace NewsReader writes
NWR_TIME = "http://www.newsreader-project.eu/time/"
DBPEDIA = "http://dbpedia.org/resource/"
SEM_EVENT, HAS_ACTOR, HAS_PLACE, HAS_AT_TIME = (ns.SEM + "Event", ns.SEM + "hasActor", ns.SEM + "hasPlace",
                                               ns.SEM + "hasAtTime")
RDF_TYPE, LABEL = ns.RDF + "type", ns.RDFS + "label"
NOT_ROLES = (ns.RDF, ns.RDFS, ns.SEM, ns.SKOS, ns.OWL, OWL_TIME, GAF_DENOTED_BY)
CHAR = re.compile(r"char=(\d+),(\d+)$")
REPORTED = 20
IRI_SAFE = "/%!$&'()*+,;=:@-._~"


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _minted(base: str, iri: str) -> str:
    """A node of ours for a SEM IRI: the IRI without its scheme, percent-encoded where an IRI
    path may not hold a character as it stands ('#' included, so that #record, #time can follow)."""
    return base + quote(iri.split("://", 1)[-1], safe=IRI_SAFE)


def _title(iri: str) -> str:
    """The name a SEM IRI gives its thing: a DBpedia page title, or NewsReader's entity key."""
    local = iri.rstrip("/").rsplit("/", 1)[-1]
    if iri.startswith(DBPEDIA):
        return unquote(local).replace("_", " ") or iri
    return unquote_plus(local) or iri


def read(path: Path, shown: str) -> bytes:
    """The file's bytes, gunzipped when it is gzipped (by its content, not its name)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{shown}: no such file.") from error
    except OSError as error:
        raise InputError(f"{shown}: cannot read the file ({error.strerror}).") from error
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise InputError(f"{shown}: a damaged gzip file ({error}); give the TriG file or an intact "
                             ".gz.") from error
    if path.suffix.lower() == ".gz":
        raise InputError(f"{shown}: not a gzip file, though its name ends in .gz; give the TriG file itself "
                         "or the .gz it came in.")
    return raw


@dataclass
class Parsed:
    """The statements of a SEM graph that the mapping reads, by subject."""

    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    labels: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    places: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    at_times: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    links: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    related: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    time_values: dict[tuple[str, str], str] = field(default_factory=dict)
    statements: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    unreadable: int = 0


def parse(data: bytes, shown: str, report: Callable[[str], None] | None = None) -> Parsed:
    """Every statement of the file. When some cannot be read strictly (an IRI with a space or a
    brace), each is reported with its line and text and the file is read again leniently: the
    statements holding a bad IRI are skipped and counted, every other one is kept (a strict
    parser that recovers loses the graph block it was in, and with it the statements after)."""
    parsed = Parsed()
    errors: list[tuple] = []  # each error's args: an exception kept would keep its frames, the store among them, alive
    kept: list[ox.Quad] = []
    statements = ox.parse(data, format=ox.RdfFormat.TRIG)
    while True:
        try:
            kept.append(next(statements))
        except StopIteration:
            break
        except SyntaxError as error:
            errors.append(error.args)
    if errors:
        lines = data.splitlines()
        bad_iris = [e for e in errors if "IRI" in e[0]]
        shown_errors = bad_iris if bad_iris else errors
        for error in shown_errors[:REPORTED]:
            message = _located(error, lines, shown)
            parsed.problems.append((error[1][1] or 0, message))
            if report:
                report(f"{message}; skipped.")
        lenient = _lenient(data)
        if lenient is not None:
            kept = [q for q in lenient if _valid(q)]
            parsed.unreadable = len(lenient) - len(kept)
        else:
            parsed.unreadable = len(errors)
    for quad in kept:
        _keep(parsed, quad)
    parsed.statements = len(kept)
    return parsed


def _lenient(data: bytes) -> list[ox.Quad] | None:
    """The statements as a parser that does not check IRIs reads them; None on any other error."""
    try:
        return list(ox.parse(data, format=ox.RdfFormat.TRIG, lenient=True))
    except SyntaxError:
        return None


def _valid(quad: ox.Quad) -> bool:
    """Whether every IRI of the statement is one (the lenient parser lets bad ones through)."""
    try:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                ox.NamedNode(term.value)
        return True
    except ValueError:
        return False


def _located(error: tuple, lines: list[bytes], shown: str) -> str:
    """FILE, line N: the parser's reason, and the text it could not read (from a SyntaxError's args)."""
    _, line, start, _, end_line, end = error[1] if len(error) > 1 and len(error[1] or ()) == 6 else (None,) * 6
    reason = error[0].split(": ", 1)[-1]
    reason = re.sub(r" \(line \d+\)$", "", reason)
    text = ""
    if line and 0 < line <= len(lines):
        row = lines[line - 1].decode("utf-8", "replace")
        text = row[start - 1:end - 1] if end_line == line and start and end and end > start else row.strip()
    shown_text = f": {text[:200]!r}" if text else ""
    return f"{shown}, line {line}: {reason}{shown_text}"


def _keep(parsed: Parsed, quad: ox.Quad) -> None:
    """Files the statement under its subject. An event, actor or place must be an IRI: the
    nodes made for them are named after it (a blank node's label means nothing outside its file)."""
    s, p, o = quad.subject.value, quad.predicate.value, quad.object
    named = isinstance(quad.subject, ox.NamedNode) and isinstance(o, ox.NamedNode)
    if p in (HAS_ACTOR, HAS_PLACE) and not named:
        return
    if p == RDF_TYPE:
        if o.value == SEM_EVENT and not named:
            return
        parsed.types[s].append(o.value)
    elif p == LABEL and isinstance(o, ox.Literal):
        parsed.labels[s].append(o.value)
    elif p == GAF_DENOTED_BY:
        parsed.mentions[s].append(o.value)
    elif p == HAS_ACTOR:
        parsed.actors[s].append(o.value)
    elif p == HAS_PLACE:
        parsed.places[s].append(o.value)
    elif p == HAS_AT_TIME:
        parsed.at_times[s].append(o.value)
    elif p == ns.SKOS + "relatedMatch":
        parsed.related[s].append(o.value)
    elif p.startswith(OWL_TIME):
        parsed.time_values[(s, p[len(OWL_TIME):])] = o.value
    elif isinstance(o, ox.NamedNode) and not p.startswith(NOT_ROLES):
        parsed.links[(s, o.value)].append(p)


# Times ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A time as the source gives it: a date at its precision, or bounds only."""

    date: ox.Literal | None
    unit: str | None
    not_before: str | None
    not_after: str | None


def _date_of(parsed: Parsed, iri: str) -> Period | None:
    """A DateTimeDescription (year, month, day, no finer than its time:unitType), or a NewsReader
    time IRI without one (nwr:time/YYYY, YYYYMM, YYYYMMDD: its digits are the date it names)."""
    year = parsed.time_values.get((iri, "year"), "")
    month = parsed.time_values.get((iri, "month"), "").lstrip("-")
    day = parsed.time_values.get((iri, "day"), "").lstrip("-")
    unit = parsed.time_values.get((iri, "unitType"), "")
    if unit in (OWL_TIME + "unitYear", OWL_TIME + "unitMonth"):
        day = ""
        month = "" if unit == OWL_TIME + "unitYear" else month
    if not year and iri.startswith(NWR_TIME):
        digits = iri[len(NWR_TIME):]
        if digits.isdigit() and len(digits) in (4, 6, 8):
            year, month, day = digits[:4], digits[4:6], digits[6:8]
    if not (year.isdigit() and len(year) == 4 and int(year) > 0) or (day and not month):
        return None
    if not month:
        return Period(_typed(year, "gYear"), "unitYear", f"{year}-01-01", f"{year}-12-31")
    if not (month.isdigit() and 1 <= int(month) <= 12) or (day and not day.isdigit()):
        return None
    last = calendar.monthrange(int(year), int(month))[1]
    if not day:
        return Period(_typed(f"{year}-{int(month):02d}", "gYearMonth"), "unitMonth",
                      f"{year}-{int(month):02d}-01", f"{year}-{int(month):02d}-{last:02d}")
    if not 1 <= int(day) <= last:
        return None
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    return Period(_typed(iso, "date"), "unitDay", iso, iso)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_node(ns.XSD + datatype))


def _period(parsed: Parsed, time: str) -> Period | None:
    """An instant (time:inDateTime) or an interval (time:hasBeginning, time:hasEnd)."""
    within = parsed.time_values.get((time, "inDateTime"))
    if within:
        return _date_of(parsed, within)
    begin, end = parsed.time_values.get((time, "hasBeginning")), parsed.time_values.get((time, "hasEnd"))
    first = _date_of(parsed, begin) if begin else None
    last = _date_of(parsed, end) if end else None
    if first is None and last is None:
        return None
    return Period(None, None, first.not_before if first else None, last.not_after if last else None)


def event_time(parsed: Parsed, event: str) -> Period | None:
    """The event's time: the one its hasAtTime values agree on, else the span that holds them
    all (bounds only: true if any one of them is), never more precise than any of them."""
    periods = {p for p in (_period(parsed, t) for t in parsed.at_times.get(event, ())) if p}
    if not periods:
        return None
    if len(periods) == 1:
        return next(iter(periods))
    starts = [p.not_before for p in periods]
    ends = [p.not_after for p in periods]
    span = Period(None, None, None if None in starts else min(starts), None if None in ends else max(ends))
    return span if span.not_before or span.not_after else None


# The mapping ------------------------------------------------------------------------------------

@dataclass
class Mapper:
    """Quads of the model for a parsed SEM graph, each actor and place described once."""

    parsed: Parsed
    graph: ox.NamedNode
    quads: list[ox.Quad] = field(default_factory=list)
    described: set[tuple[str, str]] = field(default_factory=set)
    named: set[str] = field(default_factory=set)

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        self.quads.append(ox.Quad(_node(s), _node(p), _node(o) if isinstance(o, str) else o, self.graph))

    def thing(self, iri: str, cls: str) -> str:
        """An actor's or place's node, described the first time it is met as that class."""
        node = _minted(CODED + "sem/", iri)
        if (node, cls) in self.described:
            return node
        self.described.add((node, cls))
        self.add(node, RDF_TYPE, ns.KG + cls)
        if node not in self.named:
            self.named.add(node)
            self.add(node, LABEL, ox.Literal(_title(iri)))
            self.add(node, ns.OWL + "sameAs", iri)
            for label in dict.fromkeys(self.parsed.labels.get(iri, ())):
                self.add(node, ns.KG + "sourceLabel", ox.Literal(label))
            for kind in dict.fromkeys(self.parsed.types.get(iri, ())):
                self.add(node, ns.KG + "sourceType", kind)
            for match in dict.fromkeys(self.parsed.related.get(iri, ())):
                self.add(node, ns.SKOS + "relatedMatch", match)
        return node

    def event(self, iri: str) -> bool:
        """One SEM event; False (nothing written) when it has no actor: the model's event needs one."""
        actors = list(dict.fromkeys(self.parsed.actors.get(iri, ())))
        if not actors:
            return False
        event = _minted(SEM_EVENTS + "event/", iri)
        kg = ns.KG
        self.add(event, RDF_TYPE, kg + "SemEvent")
        self.add(event, ns.OWL + "sameAs", iri)
        lemmas = sorted(set(self.parsed.labels.get(iri, ()))) or [_title(iri)]
        self.add(event, LABEL, ox.Literal(" / ".join(lemmas)))
        for kind in dict.fromkeys(self.parsed.types.get(iri, ())):
            if kind != SEM_EVENT:
                self.add(event, kg + "sourceType", kind)
        for number, actor in enumerate(sorted(actors), 1):
            part = f"{event}#actor{number}"
            self.add(event, kg + "participation", part)
            self.add(part, kg + "participant", self.thing(actor, "CodedActor"))
            self.add(part, kg + "role", kg + "involved")
            for role in dict.fromkeys(self.parsed.links.get((iri, actor), ())):
                self.add(part, kg + "sourceRole", role)
        places = list(dict.fromkeys(self.parsed.places.get(iri, ())))
        for place in places:
            self.add(event, kg + "place", self.thing(place, "CodedPlace"))
        if not places:
            self.add(event, kg + "placeNotGiven", ox.Literal(True))
        self._time(event, event_time(self.parsed, iri))
        self._record(event, iri)
        return True

    def _time(self, event: str, period: Period | None) -> None:
        kg = ns.KG
        if period is None:
            self.add(event, kg + "timeNotGiven", ox.Literal(True))
            return
        time = f"{event}#time"
        self.add(event, kg + "time", time)
        if period.date is not None:
            self.add(time, kg + "date", period.date)
            self.add(time, ns.TIME + "unitType", ns.TIME + period.unit)
        date = _node(ns.XSD + "date")
        if period.not_before:
            self.add(time, kg + "notBefore", ox.Literal(period.not_before, datatype=date))
        if period.not_after:
            self.add(time, kg + "notAfter", ox.Literal(period.not_after, datatype=date))

    def _record(self, event: str, iri: str) -> None:
        kg = ns.KG
        record = f"{event}#record"
        self.add(event, kg + "sourceRecord", record)
        self.add(record, RDF_TYPE, kg + "SourceRecord")
        self.add(record, kg + "dataset", kg + "newsreaderSem")
        self.add(record, kg + "recordId", ox.Literal(iri))
        mentions = list(dict.fromkeys(self.parsed.mentions.get(iri, ())))
        documents = {m.split("#", 1)[0] for m in mentions}
        if len(documents) == 1:
            self.add(record, kg + "sourceUrl", ox.Literal(documents.pop()))
        for mention in mentions:
            self.add(record, kg + "mention", mention)
            self.add(mention, RDF_TYPE, kg + "Mention")
            self.add(mention, kg + "sourceUrl", ox.Literal(mention.split("#", 1)[0]))
            offsets = CHAR.search(mention)
            if offsets:
                integer = _node(ns.XSD + "integer")
                self.add(mention, kg + "charOffset", ox.Literal(offsets[1], datatype=integer))
                self.add(mention, kg + "charEnd", ox.Literal(offsets[2], datatype=integer))


def load(store: ox.Store, layout: Layout, entry: Entry, *, strict: bool = False,
         report: Callable[[str], None] | None = None) -> Outcome:
    """Map the file's SEM events into the entry's graph (the caller has emptied it, and drops
    it again if this is interrupted)."""
    outcome = Outcome(entry)
    parsed = parse(read(entry.path(layout), entry.file), entry.file, None if strict else report)
    if strict and parsed.problems:
        raise InputError(f"{parsed.problems[0][1]}; nothing was imported, and an earlier import of the file is kept "
                         "(without --strict a statement that cannot be read is skipped).")
    outcome.problems = [message for _, message in parsed.problems]
    if not parsed.statements:
        raise InputError(f"{entry.file}: no statement could be read as TriG"
                         + (f" ({outcome.problems[0]})" if outcome.problems else "")
                         + "; give a NewsReader SEM graph in TriG, plain or gzipped.")
    mapper = Mapper(parsed, ox.NamedNode(entry.graph))
    events = [s for s, kinds in parsed.types.items() if SEM_EVENT in kinds]
    entry.rows = sum(mapper.event(event) for event in events)
    entry.skipped = parsed.unreadable
    outcome.left_out = len(events) - entry.rows
    outcome.statements = parsed.statements
    store.bulk_extend(mapper.quads)
    return outcome
