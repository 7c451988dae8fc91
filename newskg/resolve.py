"""Finding actors, places and events by the names people type.

Matching ignores case, accents and punctuation ("Kata'ib Hezbollah"), and a leading "the"
("the Pentagon"). An exact label or alias wins; then an acronym of a label ("KH"); then names
containing every typed word ("Kurilla"). Only a name that fits several entities equally well is
ambiguous; an unknown one gets the closest names as suggestions. An id (ent:iran, us-strikes)
matches too.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from . import namespaces as ns
from .errors import InputError, NotFound

NAMES_QUERY = f"""
PREFIX rdfs: <{ns.RDFS}>
PREFIX skos: <{ns.SKOS}>
SELECT DISTINCT ?thing ?name ?label ?top WHERE {{
  ?thing a ?class ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
  ?class rdfs:subClassOf* ?top .
}}"""

CODED = "https://w3id.org/newskg/coded/"  # imported actors and places (newskg.importers)
ACTORS = ("Actor",)
PLACES = ("Location",)
EVENTS = ("Event",)


class Ambiguous(NotFound):
    """A name that fits several entities equally well."""


@functools.lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"['’`]", "", plain)
    words = re.sub(r"[^\w]+", " ", plain).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def acronym(name: str) -> str:
    return "".join(word[0] for word in normalise(name).split())


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str


def local_id(iri: str) -> str:
    """The last part of an IRI: `iran` of ent:iran, `us-strikes` of art:X#us-strikes."""
    return re.split(r"[#/]", iri)[-1]


class Names:
    """The names of the things of some kinds (kg:Actor, kg:Location, kg:Event and subclasses).

    Kept as a list of (name, iri, label), each thing's names and its local id normalised: an
    exact name is found by one pass over it; the tables the looser matches need are built only
    when an exact match fails. The names of imported datasets' things (coded actors and places:
    a million rows name some 200,000) are added only when the files' names hold no match.
    """

    def __init__(self, store: ox.Store, kinds: tuple[str, ...] = ACTORS + PLACES + EVENTS) -> None:
        self.kinds, self.store = kinds, store
        self.keys: list[tuple[str, str, str]] = []
        self.complete = not hasattr(store, "names")  # a plain store answers every name at once
        self._add(self._names(store, kinds, imported=None if self.complete else False))

    def _add(self, names) -> None:
        for iri, label, name, local in names:
            self.keys.append((name, iri, label))
            self.keys.append((local, iri, label))
        self.__dict__.pop("by_name", None)

    def _more(self) -> bool:
        """Add the imported datasets' names, once; False when they were there already."""
        if self.complete:
            return False
        self._add(self._names(self.store, self.kinds, imported=True))
        self.complete = True
        return True

    @functools.cached_property
    def by_name(self) -> dict[str, set[Candidate]]:
        found: dict[str, set[Candidate]] = {}
        for name, iri, label in self.keys:
            found.setdefault(name, set()).add(Candidate(iri, label))
        return found

    def _label(self, iri: str) -> str | None:
        """The label of a thing by its IRI (the last one given, should it have several)."""
        found = None
        for _, candidate, label in self.keys:
            if candidate == iri:
                found = label
        return found

    @staticmethod
    def _names(store: object, kinds: tuple[str, ...], imported: bool | None = None):
        """The on-disk store keeps a names index; a plain pyoxigraph store is asked in SPARQL."""
        if hasattr(store, "names"):
            yield from store.names(kinds, imported)
            return
        for kind in kinds:
            tops = {ox.Variable("top"): ox.NamedNode(ns.KG + kind)}
            for row in store.query(NAMES_QUERY, use_default_graph_as_union=True, substitutions=tops):
                iri = row["thing"].value
                yield iri, row["label"].value, normalise(row["name"].value), normalise(local_id(iri))

    def resolve(self, name: str, article: str | None = None) -> Candidate:
        """The one thing a name means; `article` (an article id) narrows to that article's own
        things, as does a name written `ID#local`."""
        wanted = normalise(name)
        if not wanted:
            raise InputError(f"{name!r} is not a name: give a name, alias or id, e.g. "
                             "\"Kataib Hezbollah\", KH or ent:kataib-hezbollah.")
        iri = ns.expand(name.strip())
        label = self._label(iri)
        if label is None and ":" in iri and self._more():  # an id, perhaps of a coded actor
            label = self._label(iri)
        if label is not None:
            return Candidate(iri, label)
        local = re.fullmatch(r"([\w-]+)#([\w-]+)", name.strip())
        if local:
            found = ns.article_iri(local.group(1)) + "#" + local.group(2)
            label = self._label(found)
            if label is not None:
                return Candidate(found, label)
        within = ns.article_iri(article) + "#" if article else None
        for finder in (self._exact, self._acronym, self._words):
            found = {c for c in finder(wanted) if within is None or c.iri.startswith(within)}
            curated = {c for c in found if not c.iri.startswith(CODED)}
            if not curated and self._more():  # no curated match: the coded ones count too
                found = {c for c in finder(wanted) if within is None or c.iri.startswith(within)}
                curated = {c for c in found if not c.iri.startswith(CODED)}
            found = curated or found  # a curated entity before the coded actors of the same name
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                ranked = sorted(found, key=lambda c: (c.label, c.iri))
                listed = "; ".join(f"{c.label} ({ns.qname(c.iri)})" for c in ranked[:5])
                rest = f" and {len(ranked) - 5} more" if len(ranked) > 5 else ""
                raise Ambiguous(f"{name!r} fits several entities equally well: {listed}{rest}. Use a "
                                "fuller name or the id (ID#local for an article's own, or --article ID).")
        import difflib

        close = difflib.get_close_matches(wanted, list(self.by_name), n=5, cutoff=0.5)
        hint = f" Closest names: {', '.join(sorted({c.label for n in close for c in self.by_name[n]}))}." if close else ""
        what = " or ".join(k.lower().replace("location", "place") for k in self.kinds)
        raise NotFound(f"no {what} is called {name!r}.{hint} Try part of the name, an alias or the "
                       "id; `kg query network-nodes` lists every name.")

    def _exact(self, wanted: str) -> set[Candidate]:
        return {Candidate(iri, label) for name, iri, label in self.keys if name == wanted}

    def _acronym(self, wanted: str) -> set[Candidate]:
        if " " in wanted or len(wanted) < 2:
            return set()
        return {c for candidates in self.by_name.values() for c in candidates
                if acronym(c.label) == wanted}

    def _words(self, wanted: str) -> set[Candidate]:
        """Names holding every typed word; those with the fewest other words fit best."""
        words = set(wanted.split())
        scored: dict[Candidate, int] = {}
        for name, candidates in self.by_name.items():
            if words and words <= set(name.split()):
                for candidate in candidates:
                    extra = len(name.split()) - len(words)
                    scored[candidate] = min(extra, scored.get(candidate, extra))
        if not scored:
            return set()
        best = min(scored.values())
        return {c for c, extra in scored.items() if extra == best}
