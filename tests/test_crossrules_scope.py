"""The cross-file rules look only at the files being validated: a dataset imported beside the
articles (kg import) neither adds findings nor is searched, however big it is."""

from __future__ import annotations

import pyoxigraph as ox

from newskg import crossrules, namespaces as ns

ARTICLE = ns.article_iri("a")
OTHER = ns.article_iri("b")
IMPORTED = "https://w3id.org/newskg/import/gdelt/events.csv"
LABEL = ox.NamedNode(ns.RDFS + "label")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EVENT = ox.NamedNode(ns.KG + "Event")
RESPONDS = ox.NamedNode(ns.KG + "inResponseTo")


def store_with_an_import() -> ox.Store:
    """Article a defines a#x; article b refers to it; the imported graph labels and refers to
    it too."""
    x, y = ox.NamedNode(ARTICLE + "#x"), ox.NamedNode(OTHER + "#y")
    store = ox.Store()
    for s, p, o, g in ((x, TYPE, EVENT, ARTICLE), (x, LABEL, ox.Literal("x"), ARTICLE),
                       (y, TYPE, EVENT, OTHER), (y, RESPONDS, x, OTHER),
                       (x, LABEL, ox.Literal("x, as coded"), IMPORTED),
                       (ox.NamedNode(ns.PREFIXES["gdelt"] + "1"), RESPONDS, x, IMPORTED)):
        store.add(ox.Quad(s, p, o, ox.NamedNode(g)))
    return store


def test_defined_twice_counts_only_the_validated_files():
    store, shown = store_with_an_import(), {ARTICLE: "a.ttl", OTHER: "b.ttl"}
    assert [f.graph for f in crossrules.defined_twice(store, shown)] == [IMPORTED]
    assert crossrules.defined_twice(store, shown, among=shown) == []


def test_imports_leave_out_the_imported_graphs():
    store, shown = store_with_an_import(), {ARTICLE: "a.ttl", OTHER: "b.ttl"}
    assert set(crossrules.imports(store)) == {OTHER, IMPORTED}
    assert set(crossrules.imports(store, among=shown)) == {OTHER}
    assert set(crossrules.imports(store, [OTHER], among=shown)) == {OTHER}
