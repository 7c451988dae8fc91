"""Where a fact comes from, for the lookups: an article's text span, or a dataset's record.

Article events are `art:ID#local`; imported ones live under the importers' namespaces. The
lookups mark each row with its kind of source and, for a coded event, its record (dataset,
record id, URL, date added), and `--source articles|gdelt|sem|all` keeps one kind.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from . import namespaces as ns

GDELT = "https://w3id.org/newskg/gdelt/"
SEM_EVENTS = "https://w3id.org/newskg/sem/"
CODED = "https://w3id.org/newskg/coded/"  # coded actors and places, of any dataset
SOURCES = ("articles", "gdelt", "sem", "all")
CHUNK = 2000


def kind(event: str) -> str:
    """articles, gdelt or sem, from an event's id (prefixed or full)."""
    iri = ns.expand(event)
    if iri.startswith(GDELT):
        return "gdelt"
    if iri.startswith(ns.ART):
        return "articles"
    return "sem"


def keep(event: str, source: str) -> bool:
    return source == "all" or kind(event) == source


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def times(store, events: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """Time bounds of events the store's index does not hold (imported ones), by prefixed id."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for chunk in _chunks(events):
        values = " ".join(str(ox.NamedNode(ns.expand(e))) for e in chunk)
        query = (f"SELECT ?event ?nb ?na WHERE {{ VALUES ?event {{ {values} }} ?event <{ns.KG}time> ?t . "
                 f"OPTIONAL {{ ?t <{ns.KG}notBefore> ?nb }} OPTIONAL {{ ?t <{ns.KG}notAfter> ?na }} }}")
        for row in store.query(query, use_default_graph_as_union=True):
            found[ns.qname(row["event"].value)] = (row["nb"].value if row["nb"] else None,
                                                   row["na"].value if row["na"] else None)
    return found


def records(store, events: list[str]) -> dict[str, dict[str, object]]:
    """The source record of each coded event: dataset, record id, URL, date added."""
    found: dict[str, dict[str, object]] = {}
    for chunk in _chunks([e for e in events if kind(e) != "articles"]):
        values = " ".join(str(ox.NamedNode(ns.expand(e))) for e in chunk)
        query = (f"SELECT ?event ?dataset ?label ?id ?url ?added WHERE {{ VALUES ?event {{ {values} }} "
                 f"?event <{ns.KG}sourceRecord> ?r . ?r <{ns.KG}dataset> ?dataset ; <{ns.KG}recordId> ?id . "
                 f"OPTIONAL {{ ?dataset <{ns.RDFS}label> ?label }} OPTIONAL {{ ?r <{ns.KG}sourceUrl> ?url }} "
                 f"OPTIONAL {{ ?r <{ns.KG}dateAdded> ?added }} }}")
        for row in store.query(query, use_default_graph_as_union=True):
            found[ns.qname(row["event"].value)] = {
                "dataset": ns.qname(row["dataset"].value),
                "dataset_label": row["label"].value if row["label"] else None,
                "record": row["id"].value, "url": row["url"].value if row["url"] else None,
                "date_added": row["added"].value if row["added"] else None}
    return found


def provenance(event: str, article: str | None, record: dict[str, object] | None) -> dict[str, object]:
    """A row's provenance: an article (its spans are the row's evidence) or a dataset record."""
    if kind(event) == "articles":
        return {"kind": "article span", "article": article}
    return {"kind": "dataset record", **(record or {})}


LINKS_FILE = ("graph", "links.tsv")


def link_lines(root) -> list[tuple[int, str, str]]:
    """graph/links.tsv as (line number, CODE or CODE/NAME, entity IRI), in file order.

    A line is `CODE<TAB>ent:id` (every coded actor with exactly that CAMEO code: safe for a
    country code and its state) or `CODE/NAME<TAB>ent:id` (one coded actor, by its code and its
    name as the dataset writes it: a person should have checked it), or `coded:ID<TAB>ent:id`
    (one coded actor by its id, for a dataset without CAMEO codes). `#` starts a comment, on a
    line of its own or after a link.
    """
    from pathlib import Path

    from .errors import InputError

    path = Path(root, *LINKS_FILE)
    if not path.is_file():
        return []
    found: list[tuple[int, str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) != 2 or ":" not in cells[1]:
            raise InputError(f"graph/links.tsv, line {number}: write CODE or CODE/NAME, a tab, and the "
                             "entity's id (ent:…).")
        found.append((number, cells[0], ns.expand(cells[1])))
    return found


def links(root) -> dict[str, list[str]]:
    """graph/links.tsv: curated entity IRI -> the coded actors (CODE, or CODE/NAME) linked to it."""
    found: dict[str, list[str]] = {}
    for _, key, entity in link_lines(root):
        found.setdefault(entity, []).append(key)
    return found


def is_node_key(key: str) -> bool:
    """A links.tsv key naming one coded actor by its id (coded:…, or <IRI>), not CODE[/NAME]."""
    return key.startswith(("coded:", "<"))


def coded_actor_iri(code: str, name: str) -> str:
    """The node of the coded actor with this code and name (as the importers make it)."""
    from urllib.parse import quote

    from .resolve import normalise

    return (f"{CODED}actor/{quote(code, safe='') or '-'}/"
            f"{quote(normalise(name).replace(' ', '-'), safe='') or '-'}")


def coded_actors(store, root, entity: str) -> list[str]:
    """The coded actors linked to a curated entity by graph/links.tsv."""
    from urllib.parse import quote

    found: list[str] = []
    for key in links(root).get(entity, []):
        if is_node_key(key):
            found.append(ns.expand(key))
            continue
        code, _, name = key.partition("/")
        if name:
            found.append(coded_actor_iri(code, name))
            continue
        query = f"SELECT DISTINCT ?a WHERE {{ ?a <{ns.KG}hasActorCode> <{CODED}code/{quote(code, safe='')}> }}"
        found += [row["a"].value for row in store.query(query, use_default_graph_as_union=True)]
    return list(dict.fromkeys(found))
