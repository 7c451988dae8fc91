"""The generated CAMEO taxonomy (ontology/cameo.ttl): every code with its parent, quad class
and Goldstein value, the PLOVER mapping, the project's event types placed in it, and tie signs
for coded events that come from the quad class alone."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from newskg import namespaces as ns
from newskg.importers import generate_cameo
from newskg.lookups import Graph
from newskg.networks import Vocabulary, _rows
from newskg.store import open_store

from .conftest import PROJECT, SHARED

CAMEO_TTL = PROJECT / "ontology" / "cameo.ttl"


@pytest.fixture(scope="module")
def cameo() -> ox.Store:
    store = ox.Store()
    store.load(path=str(CAMEO_TTL), format=ox.RdfFormat.TURTLE)
    store.load(path=str(PROJECT / "ontology" / "newskg.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def value(store: ox.Store, subject: str, predicate: str) -> str | None:
    found = list(store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None))
    return found[0].object.value if found else None


def test_header_says_generated_and_names_sources_and_licences():
    head = CAMEO_TTL.read_text(encoding="utf-8")[:2500]
    assert "GENERATED" in head and "do not edit" in head
    for source in ("py-gdelt", "MIT", "PLOVER", "CC BY-SA 4.0"):
        assert source in head


def test_every_code_has_parent_quad_class_and_goldstein(cameo):
    codes = [q.subject.value for q in cameo.quads_for_pattern(None, ox.NamedNode(ns.SKOS + "notation"), None)
             if q.subject.value.startswith(ns.CAMEO)]
    assert 300 <= len(codes) <= 320
    roots = 0
    for code in codes:
        parent = value(cameo, code, ns.RDFS + "subClassOf")
        roots += parent == ns.KG + "Event"
        assert parent == ns.KG + "Event" or parent.startswith(ns.CAMEO)
        assert value(cameo, code, ns.KG + "quadClass").startswith(ns.KG)
        assert value(cameo, code, ns.KG + "goldstein") is not None, code
    assert roots == 20


def test_code_values_from_the_tables(cameo):
    assert value(cameo, ns.CAMEO + "195", ns.RDFS + "subClassOf") == ns.CAMEO + "19"
    assert value(cameo, ns.CAMEO + "195", ns.KG + "quadClass") == ns.KG + "materialConflict"
    assert float(value(cameo, ns.CAMEO + "195", ns.KG + "goldstein")) == -9.0
    assert value(cameo, ns.CAMEO + "195", ns.KG + "ploverCategory") == "ASSAULT"
    assert value(cameo, ns.CAMEO + "042", ns.KG + "ploverMode") == "visit"
    assert value(cameo, ns.CAMEO + "0231", ns.RDFS + "subClassOf") == ns.CAMEO + "023"
    # the source table's 1883 (parent 188, which does not exist) is CAMEO's 183
    assert value(cameo, ns.CAMEO + "183", ns.RDFS + "subClassOf") == ns.CAMEO + "18"
    assert value(cameo, ns.CAMEO + "1883", ns.RDFS + "subClassOf") is None


def test_the_projects_event_types_are_placed_under_their_code(cameo):
    for kind, code in (("Airstrike", "195"), ("MilitaryStrike", "190"), ("OfficialTrip", "042"),
                       ("PublicStatement", "010"), ("War", "19")):
        parents = {q.object.value for q in cameo.quads_for_pattern(
            ox.NamedNode(ns.KG + kind), ox.NamedNode(ns.RDFS + "subClassOf"), None)}
        assert ns.CAMEO + code in parents, kind


def test_coded_events_are_signed_by_their_quad_class(layout):
    store = open_store(layout)
    try:
        vocabulary = Vocabulary(_rows(Graph(store, layout), "network-vocabulary"))
    finally:
        store.close()
    assert vocabulary.tie("cameo:195").kind == "hostile"
    assert vocabulary.tie("cameo:1823").kind == "hostile"  # kill by physical assault, via 18
    assert vocabulary.tie("cameo:111").kind == "hostile"  # criticize or denounce: verbal conflict
    assert vocabulary.tie("cameo:042").kind == "cooperative"
    assert vocabulary.tie("cameo:0233").kind == "cooperative"
    assert vocabulary.tie("cameo:195").counterparts == frozenset({"kg:target"})
    # the project's own types keep their own rules
    assert vocabulary.tie("kg:Airstrike").label == "struck"
    assert vocabulary.tie("kg:Briefing").kind == "communicative"


@pytest.mark.skipif(not (SHARED / "data" / "cameo").is_dir(), reason="../shared/data is absent")
def test_generated_file_is_what_the_script_makes():
    made = generate_cameo.cameo_turtle(SHARED / "data", PROJECT / "ontology" / "newskg.ttl")
    assert made == CAMEO_TTL.read_text(encoding="utf-8")
    assert generate_cameo.fips_table(SHARED / "data") == generate_cameo.FIPS_TSV.read_text(encoding="utf-8")
