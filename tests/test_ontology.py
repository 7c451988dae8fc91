"""The ontology itself: it parses, every term is labelled and defined, the shapes know every
relation property."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from newskg import namespaces as ns

KG = Namespace(ns.KG)
KGSH = Namespace(ns.KGSH)
SH = Namespace(ns.SH)


@pytest.fixture(scope="module")
def ontology(layout) -> Graph:
    return Graph().parse(layout.ontology)


def own_terms(ontology: Graph) -> set[URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(ns.KG)}


def test_ontology_header(ontology):
    header = URIRef(ns.ONTOLOGY_GRAPH)
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in ("title", "description", "license"):
        assert ontology.value(header, URIRef(ns.DCTERMS + prop)) is not None, prop
    assert ontology.value(header, OWL.versionInfo) is not None
    assert str(ontology.value(header, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "kg"


def test_core_classes_exist(ontology):
    for name in ("Actor", "Event", "Location", "Statement", "NewsArticle", "TextSpan"):
        assert (KG[name], RDF.type, OWL.Class) in ontology


def test_every_term_has_a_label_and_a_definition(ontology):
    terms = own_terms(ontology)
    assert len(terms) > 100
    missing = [
        t for t in terms
        if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None
    ]
    assert missing == []


def test_every_term_used_in_the_graph_is_declared(ontology, shipped):
    declared = own_terms(ontology)
    used = set()
    for s, p, o in shipped:
        for term in (p, o):
            if isinstance(term, URIRef) and term.startswith(ns.KG):
                used.add(term)
        if p == RDF.type and isinstance(o, URIRef) and o.startswith(ns.KG):
            used.add(o)
    assert used - declared == set()


def test_actor_subclasses_cover_the_kinds_news_reports(ontology):
    for name in ("Person", "Organisation", "State", "ArmedForces", "MilitaryUnit",
                 "NonStateArmedGroup", "NewsOrganisation", "GovernmentBody"):
        assert KG.Actor in set(ontology.transitive_objects(KG[name], RDFS.subClassOf)), name


def test_event_types_map_to_cameo_codes(ontology):
    attack_types = [KG.MilitaryStrike, KG.Airstrike, KG.DroneAttack, KG.IndirectFireAttack,
                    KG.MortarAttack, KG.OfficialTrip, KG.PublicStatement, KG.War]
    for event_type in attack_types:
        code = ontology.value(event_type, KG.cameoCode)
        assert code is not None and str(code).isdigit(), event_type


def test_every_relation_property_is_checked_for_evidence(ontology, layout):
    """kgsh:RelationEvidencedShape lists the relation properties by hand; keep it complete."""
    shapes = Graph().parse(layout.shapes)
    relation_properties = set(ontology.subjects(RDF.type, KG.RelationProperty))
    targeted = set(shapes.objects(KGSH.RelationEvidencedShape, SH.targetSubjectsOf))
    assert relation_properties and relation_properties == targeted


def test_the_four_cameo_quad_classes_are_defined_with_their_tie_signs(ontology):
    quads = {str(ontology.value(q, SKOS.notation)): (q, ontology.value(q, KG.tieSign).toPython())
             for q in ontology.subjects(RDF.type, KG.QuadClass)}
    assert quads == {"1": (KG.verbalCooperation, 1), "2": (KG.materialCooperation, 1),
                     "3": (KG.verbalConflict, -1), "4": (KG.materialConflict, -1)}
    for event_type in ontology.subjects(KG.quadClass, None):
        assert KG.Event in set(ontology.transitive_objects(event_type, RDFS.subClassOf)), event_type
        assert ontology.value(event_type, KG.quadClass) in {q for q, _ in quads.values()}
