"""`kg draft`: a first encoding of a new article, proposed from its text alone.

It finds, each grounded in its words: mentions of the graph's known actors and places and
candidate new ones (mentions), time expressions resolved against the publication date (times),
quotes and reported speech with speaker and office (quotes), quantities and hedges
(quantities), and candidate events with a CAMEO code, PLOVER category, agent and target
(events, with the lexicon derived from PETRARCH2 and the CAMEO tables). No network, no model.

The draft is Turtle in the form people write (`anchor`): evidence as the article's own words,
with a `kg:prefix` chosen wherever the words recur, so it anchors and loads as it is. The
article carries `kg:draft true` and every proposed node `kg:unreviewed true`; the author checks
each, fixes quotes and ids, and deletes the marker. `kg validate` lists what is left.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import namespaces as ns
from ..errors import InputError
from . import events as events_mod
from .descriptions import find_descriptions
from .anchor import FlatText, Quote, flatten
from .lexicon import Lexicon, load
from .mentions import (ACTOR_CLASSES, PLACE_CLASSES, KnownName, Mention, NameIndex, find_mentions, outermost,
                       slug)
from .quantities import Hedge, Quantity, find_hedges, find_quantities
from .quotes import Statement, find_statements
from .sentences import sentences as split_sentences
from .times import TimeExpr, find_times, long_date

SPEAKER_CLASSES = ACTOR_CLASSES - {"Actor"}
ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass
class Draft:
    """What the drafter found in one article."""

    article_id: str
    text: str
    published: date
    headline: str
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    events: list[events_mod.Event] = field(default_factory=list)
    event_classes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    events_written: int | None = None  # set by to_turtle: candidates with an actor, one per sentence and kind


def parse_published(value: str) -> date:
    """The publication date, YYYY-MM-DD (a time after it is ignored)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"--published {value!r} is not a date; give it as YYYY-MM-DD, e.g. "
                         "--published 2020-01-05.") from None


def draft_text(text: str, published: date, article_id: str, known: list[KnownName],
               event_classes: dict[str, list[tuple[str, str]]] | None = None,
               lexicon: Lexicon | None = None, index: NameIndex | None = None) -> Draft:
    """Everything the drafter proposes for `text` (see the modules for each part)."""
    lex = lexicon or load()
    index = index or NameIndex(known)
    spans = split_sentences(text)
    headline = text[spans[0][0]:spans[0][1]] if spans else article_id
    mentions = find_mentions(text, spans, index, lex)
    times = find_times(text, published, sentence_spans=spans)
    time_spans = [(t.start, t.end) for t in times]
    top = outermost(mentions)
    statements = find_statements(text, spans, top)
    events = events_mod.find_events(text, spans, top, lex)
    described = find_descriptions(text, spans, mentions, statements, lex)  # more evidence, after who did what
    return Draft(
        article_id=article_id, text=text, published=published, headline=headline,
        mentions=sorted(mentions + described, key=lambda m: (m.start, -m.end)), times=times,
        statements=statements,
        quantities=find_quantities(text, skip=time_spans),
        hedges=find_hedges(text),
        events=events,
        event_classes=event_classes or {},
    )


# --- reading what the graph knows -------------------------------------------------------------


def known_names(store: object) -> list[KnownName]:
    """Labels and aliases of the shared actors and places (ent:), with their most specific class."""
    query = f"""
        SELECT ?thing ?label ?name ?class WHERE {{
            GRAPH <{ns.ENTITIES_GRAPH}> {{ ?thing a ?class ; <{ns.RDFS}label> ?label .
                {{ ?thing <{ns.RDFS}label> ?name }} UNION {{ ?thing <{ns.SKOS}altLabel> ?name }} }}
        }}"""
    found = []
    for row in store.query(query):
        cls = row["class"].value.removeprefix(ns.KG)
        if cls in ACTOR_CLASSES | PLACE_CLASSES:
            found.append(KnownName(row["name"].value, row["thing"].value, row["label"].value, cls))
    return found


def event_classes(store: object) -> dict[str, list[tuple[str, str]]]:
    """CAMEO code -> [(event class local name, its label)] from the ontology."""
    query = f"""
        SELECT ?class ?code ?label WHERE {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{
            ?class <{ns.KG}cameoCode> ?code ; <{ns.RDFS}label> ?label }} }}"""
    table: dict[str, list[tuple[str, str]]] = {}
    for row in store.query(query):
        table.setdefault(row["code"].value, []).append((row["class"].value.removeprefix(ns.KG), row["label"].value))
    return {code: sorted(classes) for code, classes in table.items()}


def class_for(event: events_mod.Event, table: dict[str, list[tuple[str, str]]]) -> str:
    """The ontology's event class for a code: exact, else the nearest parent code; among several,
    the one whose label shares a word with the trigger's sentence ("drone", "missile")."""
    for length in range(len(event.code), 1, -1):
        classes = table.get(event.code[:length])
        if not classes:
            continue
        if len(classes) == 1:
            return classes[0][0]
        near = event.trigger.lower()
        for cls, label in classes:
            if any(word in near for word in label.lower().split() if len(word) > 3 and word != "attack"):
                return cls
        generic = [cls for cls, label in classes if "strike" in label.lower() and "air" not in label.lower()]
        return (generic or [classes[0][0]])[0]
    return "CandidateEvent"


# --- writing the draft ------------------------------------------------------------------------


def _literal(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


class Quoter:
    """The shortest quote that anchors to one place: the words, with a prefix (or suffix) of
    the text around them only when they recur."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.flat = FlatText(text)

    def quote(self, start: int, end: int) -> str:
        exact = flatten(self.text[start:end].strip())
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
        plain = Quote(exact)
        if len(plain.locate(self.flat)) == 1:
            return plain.written()
        at = start
        for _ in range(30):
            back = self.text.rfind(" ", 0, max(0, at - 1))
            at = 0 if back < 0 else back + 1
            candidate = Quote(exact, prefix=flatten(self.text[at:start]))
            if len(candidate.locate(self.flat)) == 1:
                return candidate.written()
            if at == 0:
                break
        stop = start + len(self.text[start:end].strip())
        for _ in range(30):
            ahead = self.text.find(" ", stop + 1)
            stop_at = len(self.text) if ahead < 0 else ahead
            candidate = Quote(exact, prefix=flatten(self.text[at:start]), suffix=flatten(self.text[start + len(exact):stop_at]))
            if len(candidate.locate(self.flat)) == 1:
                return candidate.written()
            stop = stop_at
        return plain.written()


def to_turtle(draft: Draft) -> str:  # noqa: C901 - one writer, section by section
    text, art, quoter = draft.text, draft.article_id, Quoter(draft.text)
    q = quoter.quote
    out: list[str] = []
    pub = draft.published.isoformat()
    out.append(f"""# DRAFT encoding of article {art} (text in {art}.txt), proposed by `kg draft` from the text
# alone, published {long_date(draft.published)}. Nothing here is checked yet. For each part: keep
# it if the text says it, fix its ids and quotes (the article's own words; a kg:prefix tells
# recurring words apart), or delete it; then delete its `kg:unreviewed true`. When none is left,
# delete `kg:draft true` on the article. `kg validate {art}` lists the parts still unreviewed.

@prefix kg:     <{ns.KG}> .
@prefix ent:    <{ns.ENT}> .
@prefix art:    <{ns.ART}> .
@prefix this:   <{ns.ART}{art}#> .
@prefix rdfs:   <{ns.RDFS}> .
@prefix xsd:    <{ns.XSD}> .
@prefix schema: <{ns.SCHEMA}> .

# === The article ===============================================================================

art:{art} a kg:NewsArticle ; kg:textFile {_literal(art + ".txt")} ; kg:draft true ;
    schema:headline {_literal(draft.headline)} ;
    schema:datePublished "{pub}"^^xsd:date ;
    kg:evidence {q(*_span_of(text, draft.headline))} .
""")
    ids: dict[int, str] = {}
    used: set[str] = set()

    def new_id(base: str) -> str:
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        return name

    def node(mention: Mention) -> str | None:
        entity = mention.entity
        if entity.iri:
            return ns.qname(entity.iri)
        if entity.kind == "other":
            return None
        if id(entity) not in ids:
            ids[id(entity)] = "this:" + new_id(entity.key)
        return ids[id(entity)]

    # Mentions -----------------------------------------------------------------------------
    known: dict[str, list[Mention]] = {}
    new: dict[str, list[Mention]] = {}
    others: list[Mention] = []
    for mention in draft.mentions:
        name = node(mention)
        if name is None:
            others.append(mention)
        elif mention.entity.iri:
            known.setdefault(name, []).append(mention)
        else:
            new.setdefault(name, []).append(mention)
    out.append("# === Mentions of known actors and places (graph/entities.ttl) ===========================\n")
    for name, mentions in known.items():
        out.append(f"{name} kg:unreviewed true ;\n    kg:evidence " + _list(q(m.start, m.end) for m in mentions) + " .")
    out.append("\n# === Candidate new actors and places: check the type, or use an ent: id that exists ======\n")
    for name, mentions in new.items():
        entity = mentions[0].entity
        out.append(f"{name} a kg:{entity.cls} ; rdfs:label {_literal(entity.label)} ; kg:unreviewed true ;\n"
                   f"    kg:evidence " + _list(q(m.start, m.end) for m in mentions) + " .")
    if others:
        names = sorted({m.text for m in others})
        out.append("\n# Other names in the text, not typed (add them if they are actors or places): "
                   + "; ".join(names[:40]) + ".")

    # Times --------------------------------------------------------------------------------
    time_ids: dict[int, str] = {}
    out.append("\n# === Time expressions, resolved against the publication date ============================\n")
    for n, time in enumerate(draft.times, 1):
        name = f"this:t{n}-{slug(time.text)}"
        time_ids[time.start] = name
        parts = [f"{name} a kg:TimeSpec"]
        if time.date:
            datatype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[time.unit]
            parts.append(f'kg:date "{time.date}"^^xsd:{datatype}')
        parts.append(" ; ".join(f'kg:{name} "{bound}"^^xsd:date' for name, bound in
                                (("notBefore", time.not_before), ("notAfter", time.not_after)) if bound))
        if time.anchor:
            parts.append(f"kg:anchor kg:{time.anchor}")
        parts.append(f"kg:resolution {_literal(time.resolution)}")
        parts.append("kg:unreviewed true")
        parts.append(f"kg:evidence {q(time.start, time.end)}")
        out.append(" ;\n    ".join(parts) + " .")

    def time_in(start: int, end: int, avoid: tuple[int, int] | None = None) -> str:
        for time in draft.times:
            if start <= time.start and time.end <= end and not (avoid and avoid[0] <= time.start < avoid[1]):
                return time_ids[time.start]
        return (f'[ a kg:TimeSpec ; kg:notAfter "{pub}"^^xsd:date ;\n        kg:resolution '
                f'{_literal("Not dated in its sentence; no later than publication, " + long_date(draft.published) + ". (Proposed by kg draft; check it.)")} ]')

    # Quantities ---------------------------------------------------------------------------
    out.append("\n# === Quantities (attach each to the event or participation it counts) ====================\n")
    for n, quantity in enumerate(draft.quantities, 1):
        parts = [f"this:q{n}-{slug(quantity.counts)} a kg:Quantity"]
        if quantity.value is not None:
            parts.append(f"kg:value {quantity.value}")
        parts.append(f"kg:qualifier kg:{quantity.qualifier} ; kg:counts {_literal(quantity.counts)}")
        parts.append("kg:unreviewed true")
        parts.append(f"kg:evidence {q(quantity.start, quantity.end)}")
        out.append(" ;\n    ".join(parts) + " .")

    # Statements ---------------------------------------------------------------------------
    out.append("\n# === Statements: quotes and reported speech =============================================\n")
    positions: dict[tuple[str, str], str] = {}
    declared = {id(m.entity) for m in draft.mentions if m.entity.cls in SPEAKER_CLASSES}
    for n, statement in enumerate(draft.statements, 1):
        entity = statement.speaker.entity
        speaker = node(statement.speaker)
        cls = entity.cls if entity.cls in SPEAKER_CLASSES else statement.speaker_class
        if speaker is None or cls is None:
            continue
        if not entity.iri and id(entity) not in declared:  # described ("a spokesperson"), or typed only kg:Actor
            declared.add(id(entity))
            out.append(f"{speaker} a kg:{cls} ; rdfs:label {_literal(entity.label)} ; kg:unreviewed true ;\n"
                       f"    kg:evidence {q(statement.speaker.start, statement.speaker.end)} .")
        parts = [f"this:st{n}-{slug(statement.speaker.entity.label)} a kg:Statement",
                 f"kg:speaker {speaker} ; kg:mode kg:{statement.mode}"]
        if statement.office and statement.speaker.entity.cls == "Person" and statement.office_start is not None:
            key = (speaker, statement.office)
            if key not in positions:
                positions[key] = "this:" + new_id(f"pos-{slug(statement.speaker.entity.label)}")
                out.append(f"{positions[key]} a kg:Position ; kg:office {_literal(statement.office)} ; kg:unreviewed true ;\n"
                           f"    kg:evidence {q(statement.office_start, statement.office_start + len(statement.office))} .\n"
                           f"{speaker} kg:holdsPosition {positions[key]} .")
            parts.append(f"kg:speakerPosition {positions[key]}")
        parts.append(f"kg:quote {_literal(statement.quote(text))}")
        parts.append("kg:unreviewed true")
        parts.append(f"kg:evidence {q(statement.start, statement.end)}")
        parts.append("kg:time " + time_in(statement.start, statement.end, (statement.quote_start, statement.quote_end)))
        out.append(" ;\n    ".join(parts) + " .")

    # Events -------------------------------------------------------------------------------
    out.append("\n# === Candidate events (CAMEO code and PLOVER category from the PETRARCH2 lexicon) ========\n")
    kept: dict[tuple, events_mod.Event] = {}
    for event in sorted(draft.events, key=lambda ev: (ev.agent is None, ev.noun, ev.start)):
        names = tuple(node(m) for _, m in event.participants if node(m) is not None)
        key = (event.sentence, event.plover, names)
        if names and key not in kept:
            kept[key] = event  # one event per sentence, category and participants: a verb's first
    chosen = {id(ev) for ev in kept.values()}
    draft.events_written = len(chosen)
    for n, event in enumerate(draft.events, 1):
        if id(event) not in chosen:
            continue
        roles = [(role, m, node(m)) for role, m in event.participants]
        roles = [(role, m, name) for role, m, name in roles if name is not None]
        cls = class_for(event, draft.event_classes)
        who = {role: m.entity.label for role, m, _ in roles}
        label = " ".join(part for part in (who.get("agent"), event.trigger, who.get("target")) if part)
        parts = [f"this:ev{n}-{slug(event.trigger)} a kg:{cls} ; rdfs:label {_literal(label)}",
                 f'kg:cameoCode "{event.code}"' + (f' ; kg:ploverCategory "{event.plover}"' if event.plover else ""),
                 "kg:unreviewed true",
                 f"kg:evidence {q(*event.sentence)}"]
        participations = []
        for role, mention, name in roles:
            start, end = min(mention.start, event.start), max(mention.end, event.end)
            participations.append(f"[ kg:participant {name} ; kg:role kg:{role} ; kg:evidence {q(start, end)} ]")
        parts.append("kg:participation " + " ,\n        ".join(participations))
        place = node(event.place) if event.place is not None else None
        parts.append(f"kg:place {place}" if place else "kg:placeNotGiven true")
        parts.append("kg:time " + time_in(*event.sentence))
        hedge = _hedge_for(draft.hedges, event)
        if hedge is not None:
            parts.append(f"kg:factuality kg:{hedge.kind} ; kg:factualityCue {q(hedge.start, hedge.end)}")
        out.append(" ;\n    ".join(parts) + " .")
    cues = [h for h in draft.hedges if h.kind == "attribution"]
    if cues:
        out.append("\n# Attribution cues (credit the facts they cover with kg:attribution to a statement): "
                   + "; ".join(sorted({h.cue for h in cues})) + ".")
    return "\n".join(out) + "\n"


def _span_of(text: str, words: str) -> tuple[int, int]:
    at = text.find(words)
    return at, at + len(words)


def _list(items) -> str:
    items = list(dict.fromkeys(items))
    return " ,\n        ".join(items)


def _hedge_for(hedges: list[Hedge], event: events_mod.Event) -> Hedge | None:
    for hedge in hedges:
        if hedge.kind in ("likely", "reportedly") and event.sentence[0] <= hedge.start and \
                0 <= event.start - hedge.end <= 40:
            return hedge
        if hedge.kind == "notHappened" and 0 <= event.start - hedge.end <= 12 and event.sentence[0] <= hedge.start:
            return hedge
    return None


# --- the command ------------------------------------------------------------------------------


def draft_file(layout: object, article: str, published: str, article_id: str | None = None,
               output: str | None = None, force: bool = False, store_folder: str | None = None) -> tuple[Path, Draft]:
    """Draft ARTICLE and write the encoding where the author edits it: graph/articles/ID.ttl
    beside the text (copied there, byte for byte, when it is elsewhere), or `output`.
    Refuses to overwrite an encoding without `force`; writes atomically."""
    from ..sources import decode_text
    from ..store import open_store

    path = Path(article)
    if not path.is_file():
        raise InputError(f"{article}: no such file; give the path of the article's text (UTF-8).")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{article}: the file is empty; give the article's text.")
    text = decode_text(raw, article)
    when = parse_published(published)
    article_id = article_id or path.stem
    if not ARTICLE_ID.fullmatch(article_id):
        raise InputError(f"--id {article_id!r}: an article id has letters, digits, '_' and '-' only "
                         "(and starts with a letter or digit); give one with --id.")
    articles = layout.articles_dir
    target = Path(output) if output else articles / f"{article_id}.ttl"
    if target.exists() and not force:
        raise InputError(f"{layout.relative(target) if not output else output}: an encoding is already there; "
                         "give --force to replace it, or -o FILE to write the draft elsewhere.")
    text_copy = articles / f"{article_id}.txt"
    if not output:
        if text_copy.exists() and text_copy.resolve() != path.resolve() and text_copy.read_bytes() != raw:
            raise InputError(f"{layout.relative(text_copy)} holds another text; give the draft another --id.")
    store = open_store(layout, store_folder)
    try:
        known, classes = known_names(store), event_classes(store)
    finally:
        store.close()
    draft = draft_text(text, when, article_id, known, classes)
    turtle = to_turtle(draft)
    if not output and not text_copy.exists():
        _write_atomic(text_copy, raw)
    _write_atomic(target, turtle.encode("utf-8"))
    return target, draft


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
