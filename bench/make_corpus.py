"""Benchmark corpus: a complete data root with N articles of real shape, cloned from the
shipped encodings.

    python bench/make_corpus.py N OUT_DIR [--seed S] [--force]

Every article in graph/articles/ is cloned round-robin. Each clone gets

- its own id, `bench_000042`: `art:OLD`, the `this:` prefix IRI and the text file name are
  rewritten; the .txt is copied byte for byte, so every evidence offset stays valid;
- its own dates: every xsd:date, xsd:dateTime, xsd:gYearMonth and xsd:gYear literal moves by
  the same whole number of weeks (the first clone of each article keeps its dates), so the
  weekdays the text names ("on Monday") stay right. A month or a year moves as a whole: the
  bounds of its time that sat on the period's first or last day stay there, the others move
  and are kept inside it, so each time still satisfies the shapes;
- in some clones, new entities: every second clone replaces one non-state armed group taking
  part in an event by `ent:bench-group-000042` ("Bench Brigade 42"), and every fourth a person
  by `ent:bench-person-000042` ("Bench Person 42"), with the replaced entity's types; its
  mentions, evidence and relations in the clone are the replaced entity's. The entity set
  grows, and "Kataib Hezbollah" and the others stay resolvable in most clones.

ontology/ and queries/ are copied from the project; graph/entities.ttl is the shipped one plus
the new entities. Prints the number of triples (parsed with pyoxigraph) at the end.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

PROJECT = Path(__file__).resolve().parent.parent
MARKER = ".bench-corpus.json"  # written into every generated root; --force replaces only those
ID_FORMAT = "bench_{:06d}"
ART = "https://w3id.org/newskg/article/"
ENT = "https://w3id.org/newskg/entity/"
KG = "https://w3id.org/newskg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATE_KINDS = ("dateTime", "date", "gYearMonth", "gYear")
MAX_WEEKS = 520  # dates move by up to ten years either way
# Which shipped entities a clone may replace, and what the new ones are called.
REPLACEABLE = {"group": (KG + "NonStateArmedGroup", "Bench Brigade {}"),
               "person": (KG + "Person", "Bench Person {}")}

DATATYPE = re.compile(r"\^\^(?:xsd:(\w+)|<" + re.escape(XSD) + r"(\w+)>)")
ENTITY = re.compile(r"(?<![\w:/#.-])ent:([A-Za-z0-9_-]+)(?![\w-])|<" + re.escape(ENT)
                    + r"([A-Za-z0-9_-]+)>")


# --- Dates --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DateSlot:
    """One date literal of a template: its lexical value, kind, and the time it belongs to."""

    value: str
    kind: str
    group: object


def _split_day(value: str) -> tuple[dt.date, str]:
    """'2023-12-26' or '2023-12-26T13:22:00Z' → the day and whatever follows it."""
    found = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(.*)", value, re.DOTALL)
    if not found:
        raise ValueError(f"unsupported date literal {value!r}")
    return dt.date(int(found[1]), int(found[2]), int(found[3])), found[4]


def _period(value: str, kind: str) -> tuple[dt.date, dt.date, str]:
    """First and last day of a gYear or gYearMonth, and any timezone after it."""
    if kind == "gYear":
        found = re.fullmatch(r"(\d{4})(.*)", value, re.DOTALL)
        if not found:
            raise ValueError(f"unsupported gYear literal {value!r}")
        year = int(found[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), found[2]
    found = re.fullmatch(r"(\d{4})-(\d\d)(.*)", value, re.DOTALL)
    if not found:
        raise ValueError(f"unsupported gYearMonth literal {value!r}")
    year, month = int(found[1]), int(found[2])
    return (dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]),
            found[3])


def _period_of(day: dt.date, kind: str) -> tuple[dt.date, dt.date]:
    if kind == "gYear":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def shift_time(slots: list[DateSlot], days: int) -> list[str]:
    """New lexical values for the date literals of one time (or one statement), moved by `days`.

    Days and timestamps move by `days`. A month or year (at most one per time) moves as a
    whole, to the period holding the middle of its bounds once moved; bounds on the period's
    first or last day go to the new period's first or last day, the others move by `days` and
    are kept inside the new period, so the bounds still lie within the date the time names.
    """
    delta = dt.timedelta(days=days)
    coarse = [slot for slot in slots if slot.kind in ("gYear", "gYearMonth")]
    if len(coarse) > 1:
        raise ValueError(f"a time with two months or years: {[s.value for s in coarse]}")
    if not coarse:
        out = []
        for slot in slots:
            day, rest = _split_day(slot.value)
            out.append((day + delta).isoformat() + rest)
        return out
    first, last, zone = _period(coarse[0].value, coarse[0].kind)
    bounds = [_split_day(slot.value)[0] for slot in slots if slot.kind == "date"]
    middle = (min(bounds) + (max(bounds) - min(bounds)) / 2) if bounds else first + (last - first) / 2
    new_first, new_last = _period_of(middle + delta, coarse[0].kind)
    out = []
    for slot in slots:
        if slot is coarse[0]:
            text = f"{new_first.year:04d}" if slot.kind == "gYear" else f"{new_first.year:04d}-{new_first.month:02d}"
            out.append(text + zone)
            continue
        day, rest = _split_day(slot.value)
        if slot.kind == "date" and day == first:
            moved = new_first
        elif slot.kind == "date" and day == last:
            moved = new_last
        elif slot.kind == "date" and first <= day <= last:
            moved = min(max(day + delta, new_first), new_last)
        else:
            moved = day + delta
        out.append(moved.isoformat() + rest)
    return out


# --- Templates ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edit:
    """A span of the template text that every clone rewrites."""

    start: int
    end: int
    kind: str  # "id", "date" or "entity"
    payload: object = None


@dataclass
class Template:
    """One shipped article, cut into fixed text and the places each clone fills in."""

    article_id: str
    text: bytes
    pieces: list[str | Edit]
    groups: dict[object, list[DateSlot]]
    candidates: dict[str, list[str]]  # "group"/"person" → entity local names, in a fixed order
    types: dict[str, list[str]]  # entity local name → its rdf:type IRIs in entities.ttl
    triples: int
    clones: int = 0
    date_slots: list[DateSlot] = field(default_factory=list)


def _scan(text: str) -> Iterator[tuple[int, int, str, object]]:
    """The date literals of a Turtle text: (start, end of the lexical value, kind, time key).

    The key is the innermost `[ ]` holding the literal (a time is written as a bracketed
    blank node), else the top-level statement. Strings, IRIs and comments are skipped.
    """
    i, n, statement = 0, len(text), 0
    brackets: list[int] = []
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "<":
            i = text.index(">", i) + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            value_start, value_end, i = i + len(quote), j, j + len(quote)
            typed = DATATYPE.match(text, i)
            if typed:
                kind = typed[1] or typed[2]
                i = typed.end()
                if kind in DATE_KINDS:
                    key = ("bracket", brackets[-1]) if brackets else ("statement", statement)
                    yield value_start, value_end, kind, key
        elif c == "[":
            brackets.append(i)
            i += 1
        elif c == "]":
            brackets.pop()
            i += 1
        elif c == "." and not brackets and (i + 1 == n or text[i + 1].isspace() or text[i + 1] == "#"):
            statement += 1
            i += 1
        else:
            i += 1


def _parse(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))


def entity_types(entities: Path) -> dict[str, list[str]]:
    """Each shared entity (local name) and its rdf:type IRIs."""
    types: dict[str, list[str]] = {}
    for quad in _parse(entities):
        if quad.predicate.value == RDF_TYPE and quad.subject.value.startswith(ENT):
            types.setdefault(quad.subject.value[len(ENT):], []).append(quad.object.value)
    return types


def load_template(encoding: Path, types: dict[str, list[str]]) -> Template:
    """Cut one article's encoding into fixed text and edits; check every date was found."""
    old = encoding.stem
    source = encoding.read_text(encoding="utf-8")
    edits = [Edit(m.start(), m.end(), "id")
             for m in re.finditer(r"(?<![A-Za-z0-9_-])" + re.escape(old) + r"(?![A-Za-z0-9_-])", source)]
    slots: list[DateSlot] = []
    for start, end, kind, key in _scan(source):
        slot = DateSlot(source[start:end], kind, key)
        slots.append(slot)
        edits.append(Edit(start, end, "date", slot))
    quads = _parse(encoding)
    typed_dates = sum(1 for q in quads if isinstance(q.object, ox.Literal)
                      and q.object.datatype.value in {XSD + kind for kind in DATE_KINDS})
    if typed_dates != len(slots):
        raise ValueError(f"{encoding.name}: found {len(slots)} date literals in the text but "
                         f"{typed_dates} in the parsed graph; write them as \"...\"^^xsd:TYPE")
    participants = {q.object.value[len(ENT):] for q in quads
                    if q.predicate.value == KG + "participant" and q.object.value.startswith(ENT)}
    candidates = {role: sorted(name for name in participants if cls in types.get(name, ()))
                  for role, (cls, _) in REPLACEABLE.items()}
    replaceable = {name for names in candidates.values() for name in names}
    for found in ENTITY.finditer(source):
        name = found[1] or found[2]
        if name in replaceable:
            edits.append(Edit(found.start(), found.end(), "entity", name))
    edits.sort(key=lambda e: e.start)
    pieces: list[str | Edit] = []
    at = 0
    for edit in edits:
        if edit.start < at:
            raise ValueError(f"{encoding.name}: overlapping rewrites at offset {edit.start}")
        pieces += [source[at:edit.start], edit]
        at = edit.end
    pieces.append(source[at:])
    groups: dict[object, list[DateSlot]] = {}
    for slot in slots:
        groups.setdefault(slot.group, []).append(slot)
    text = encoding.with_suffix(".txt").read_bytes()
    return Template(old, text, pieces, groups, candidates, types, len(quads), date_slots=slots)


@dataclass(frozen=True)
class NewEntity:
    local: str
    label: str
    types: list[str]
    replaces: str


def render(template: Template, new_id: str, weeks: int, replace: dict[str, NewEntity]) -> str:
    """The clone's encoding: new id, dates moved by `weeks`, entities replaced."""
    values: dict[int, str] = {}
    for slots in template.groups.values():
        for slot, value in zip(slots, shift_time(slots, 7 * weeks) if weeks else [s.value for s in slots]):
            values[id(slot)] = value
    out = [f"# Generated by bench/make_corpus.py: a clone of article {template.article_id}, dates "
           f"moved by {weeks} weeks.\n"]
    for piece in template.pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "id":
            out.append(new_id)
        elif piece.kind == "date":
            out.append(values[id(piece.payload)])
        else:
            new = replace.get(piece.payload)
            out.append(f"ent:{new.local}" if new else f"ent:{piece.payload}")
    return "".join(out)


def _curie(iri: str) -> str:
    return "kg:" + iri[len(KG):] if iri.startswith(KG) else f"<{iri}>"


def entities_text(shipped: str, new: list[NewEntity]) -> str:
    lines = [shipped.rstrip("\n"), "",
             "# --- Generated by bench/make_corpus.py: entities that replace a shipped one in some clones",
             f"@prefix kg:   <{KG}> .", f"@prefix ent:  <{ENT}> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .", ""]
    for entity in new:
        types = " , ".join(_curie(t) for t in entity.types)
        lines.append(f"ent:{entity.local} a {types} ; rdfs:label {json.dumps(entity.label)} .  "
                     f"# in place of ent:{entity.replaces}")
    return "\n".join(lines) + "\n"


# --- The corpus ---------------------------------------------------------------------------------

def templates(project: Path = PROJECT) -> list[Template]:
    """Every shipped article, in file-name order."""
    types = entity_types(project / "graph" / "entities.ttl")
    encodings = sorted((project / "graph" / "articles").glob("*.ttl"))
    found = [load_template(path, types) for path in encodings if not path.name.startswith(".")]
    if not found:
        raise SystemExit("no articles to clone in graph/articles/")
    return found


def base_triples(project: Path = PROJECT) -> int:
    """Triples of the ontology and the shipped entities, which every corpus holds."""
    return sum(len(_parse(project / name)) for name in ("ontology/newskg.ttl", "graph/entities.ttl"))


def count_triples(root: Path) -> int:
    """Triples in the ontology, the entities and every article, as pyoxigraph parses them."""
    files = [root / "ontology" / "newskg.ttl", root / "graph" / "entities.ttl",
             *sorted((root / "graph" / "articles").glob("*.ttl"))]
    return sum(sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE,
                                       base_iri=path.resolve().as_uri()))
               for path in files)


def make_corpus(n: int, out: Path, seed: int = 1, force: bool = False,
                project: Path = PROJECT, count: bool = True) -> dict:
    """Write a data root with `n` cloned articles to `out`; return what the marker file says."""
    if n < 1:
        raise SystemExit("N must be at least 1")
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise SystemExit(f"{out}: not empty and not a generated corpus; choose another folder")
        if not force:
            raise SystemExit(f"{out}: holds a corpus already; pass --force to replace it")
        shutil.rmtree(out)
    started = time.perf_counter()
    shipped = templates(project)
    rng = random.Random(seed)
    articles = out / "graph" / "articles"
    articles.mkdir(parents=True)
    for folder in ("ontology", "queries"):
        shutil.copytree(project / folder, out / folder)
    new_entities: list[NewEntity] = []
    for number in range(n):
        template = shipped[number % len(shipped)]
        ordinal = template.clones  # how many clones of this article came before
        template.clones += 1
        new_id = ID_FORMAT.format(number)
        weeks = rng.randint(-MAX_WEEKS, MAX_WEEKS) if ordinal else 0
        replace: dict[str, NewEntity] = {}
        for role, every, offset in (("group", 2, 1), ("person", 4, 2)):
            names = template.candidates[role]
            if names and ordinal % every == offset:
                old = names[(ordinal // every) % len(names)]
                local = f"bench-{role}-{number:06d}"
                replace[old] = NewEntity(local, REPLACEABLE[role][1].format(number),
                                         template.types[old], old)
        new_entities += replace.values()
        (articles / f"{new_id}.ttl").write_text(render(template, new_id, weeks, replace), encoding="utf-8")
        (articles / f"{new_id}.txt").write_bytes(template.text)
    shipped_entities = (project / "graph" / "entities.ttl").read_text(encoding="utf-8")
    (out / "graph" / "entities.ttl").write_text(entities_text(shipped_entities, new_entities),
                                                encoding="utf-8")
    info = {"articles": n, "seed": seed, "templates": [t.article_id for t in shipped],
            "new_entities": len(new_entities),
            "triples": count_triples(out) if count else None,
            "seconds": round(time.perf_counter() - started, 2)}
    (out / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, metavar="N", help="how many articles")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="the data root to write")
    parser.add_argument("--seed", type=int, default=1, help="seed for the date shifts (default 1)")
    parser.add_argument("--force", action="store_true", help="replace a corpus this script made")
    args = parser.parse_args(argv)
    info = make_corpus(args.n, args.out, args.seed, args.force)
    print(f"wrote {info['articles']} articles ({info['new_entities']} new entities) to {args.out} "
          f"in {info['seconds']:.1f} s")
    print(f"{info['triples']} triples")


if __name__ == "__main__":
    sys.exit(main())
