"""Triples an article's author need not write, because the rest of the file already says them.

Applied after the quotes are anchored (`anchor`), to every article encoding:

- **Sources.** A named node, or a `kg:Quantity`, with evidence in an article gets
  `kg:source` that article: the evidence already says where it came from. (Participations and
  time specifications carry evidence but no source of their own: they belong to their event.)
- **Dates.** A time with a `kg:date` has the precision of its datatype (`xsd:date` a day,
  `xsd:gYearMonth` a month, `xsd:gYear` a year: `time:unitType`) and lies within it: a bound
  not written is the first or last day of that date (write `kg:notBefore`/`kg:notAfter` only
  when the text narrows it).
- **Relations.** A `kg:Relation` states its triple with `rdf:subject`, `rdf:predicate` and
  `rdf:object`; the triple itself is asserted too (the shapes require both, so writing it twice
  would only be a chance to get one of them wrong).

Writing these triples out anyway is allowed and changes nothing: a graph holds a triple once.
"""

from __future__ import annotations

import calendar

import pyoxigraph as ox

from .. import namespaces as ns

RDF_TYPE = ox.NamedNode(ns.RDF + "type")
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(ns.RDF + name) for name in ("subject", "predicate", "object"))
SOURCE, EVIDENCE, IN_ARTICLE = (ox.NamedNode(ns.KG + name) for name in ("source", "evidence", "inArticle"))
DATE, NOT_BEFORE, NOT_AFTER = (ox.NamedNode(ns.KG + name) for name in ("date", "notBefore", "notAfter"))
UNIT_TYPE = ox.NamedNode(ns.TIME + "unitType")
XSD_DATE = ox.NamedNode(ns.XSD + "date")
UNITS = {ns.XSD + "date": "unitDay", ns.XSD + "gYearMonth": "unitMonth", ns.XSD + "gYear": "unitYear"}
QUANTITY, RELATION = ox.NamedNode(ns.KG + "Quantity"), ox.NamedNode(ns.KG + "Relation")


def expand(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads with the implied sources and relation triples added."""
    present = set(quads)
    added: list[ox.Quad] = []

    def add(quad: ox.Quad) -> None:
        if quad not in present:
            present.add(quad)
            added.append(quad)

    article_of = {q.subject: q.object for q in quads if q.predicate == IN_ARTICLE}
    quantities = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == QUANTITY}
    articles = {q.object for q in quads if q.predicate == IN_ARTICLE}
    for quad in quads:
        if quad.predicate != EVIDENCE:
            continue
        article = article_of.get(quad.object)
        subject = quad.subject
        if article is None or subject in articles:
            continue
        if isinstance(subject, ox.NamedNode) or subject in quantities:
            add(ox.Quad(subject, SOURCE, article, quad.graph_name))
    parts: dict[object, dict[ox.NamedNode, object]] = {}
    for quad in quads:
        if quad.predicate in (SUBJECT, PREDICATE, OBJECT):
            parts.setdefault(quad.subject, {})[quad.predicate] = quad
    relations = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == RELATION}
    for relation in relations:
        found = parts.get(relation, {})
        if len(found) == 3 and isinstance(found[PREDICATE].object, ox.NamedNode):
            add(ox.Quad(found[SUBJECT].object, found[PREDICATE].object, found[OBJECT].object,
                        found[SUBJECT].graph_name))
    given = {(q.subject, q.predicate) for q in quads}
    for quad in quads:
        if quad.predicate != DATE or not isinstance(quad.object, ox.Literal):
            continue
        unit = UNITS.get(quad.object.datatype.value)
        bounds = _bounds(quad.object.value, unit)
        if unit is None or bounds is None:
            continue  # not a date the shapes accept: they say so
        node, graph = quad.subject, quad.graph_name
        if (node, UNIT_TYPE) not in given:
            add(ox.Quad(node, UNIT_TYPE, ox.NamedNode(ns.TIME + unit), graph))
        for predicate, bound in zip((NOT_BEFORE, NOT_AFTER), bounds):
            if (node, predicate) not in given:
                add(ox.Quad(node, predicate, ox.Literal(bound, datatype=XSD_DATE), graph))
    return quads + added


def _bounds(value: str, unit: str | None) -> tuple[str, str] | None:
    """The first and last day of a day, month or year written as xsd:date, gYearMonth, gYear."""
    try:
        if unit == "unitDay":
            year, month, day = (int(part) for part in value.split("-"))
            calendar.weekday(year, month, day)  # a real day, or ValueError
            return value, value
        if unit == "unitMonth":
            year, month = (int(part) for part in value.split("-"))
            last = calendar.monthrange(year, month)[1]
            return f"{value}-01", f"{value}-{last:02d}"
        if unit == "unitYear":
            int(value)
            return f"{value}-01-01", f"{value}-12-31"
    except (ValueError, calendar.IllegalMonthError):
        return None
    return None
