"""The shipped graph: it conforms, every span is true to the text, and it says nothing the
article does not."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.namespace import SKOS

from kg_cli import cli
from newskg import namespaces as ns
from newskg.evidence import span_problems
from newskg.sources import parse_turtle

from .conftest import SHARED

KG = Namespace(ns.KG)
ARTICLE = URIRef(ns.article_iri("000_4751dd8fe703f37b"))


@pytest.fixture(scope="module")
def article_text(layout) -> str:
    return (layout.articles_dir / "000_4751dd8fe703f37b.txt").read_text(encoding="utf-8")


def test_kg_validate_reports_the_shipped_graph_conforms():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "the graph conforms" in result.output


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the project")
def test_article_text_is_byte_for_byte_the_seed(layout):
    seed = SHARED / "seeds" / "000_4751dd8fe703f37b.txt"
    assert (layout.articles_dir / seed.name).read_bytes() == seed.read_bytes()


def test_every_evidence_span_matches_the_text(layout):
    """Every span the store holds (quotes anchored at build) is its article's text there."""
    from newskg.store import open_store

    store = open_store(layout)
    spans = {q.object for p in ("evidence", "factualityCue")
             for q in store.raw.quads_for_pattern(None, ox.NamedNode(ns.KG + p), None, None)}
    assert len(spans) > 150
    problems = list(span_problems(store.raw))
    store.close()
    assert problems == []


def instances(graph, cls):
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {node for c in classes for node in graph.subjects(RDF.type, c)}


def test_every_fact_node_has_evidence(shipped):
    for kind in (KG.Event, KG.Statement, KG.Relation, KG.Quantity, KG.Position):
        nodes = instances(shipped, kind)
        assert nodes, kind
        assert all(shipped.value(n, KG.evidence) is not None for n in nodes), kind
    for participation in shipped.objects(None, KG.participation):
        assert shipped.value(participation, KG.evidence) is not None


def test_names_and_words_in_the_graph_are_the_articles_words(shipped, layout):
    """Labels of entities and every quoted, counted or characterised string occur in the text
    of an article that is their source."""
    texts = {URIRef(ns.article_iri(a.article_id)): a.text.read_text(encoding="utf-8").lower()
             for a in layout.articles()}

    def said(words: str, text: str) -> bool:
        """The words occur in the text; " … " marks words left out ("Kurdish … Members of
        Parliament" of "Kurdish and Sunni Members of Parliament"), the parts in order."""
        at = 0
        for part in words.lower().split(" … "):
            at = text.find(part, at)
            if at == -1:
                return False
            at += len(part)
        return True

    def sources_text(node) -> str:
        return "\n".join(texts.get(source, "") for source in shipped.objects(node, KG.source))

    entities = instances(shipped, KG.Actor) | instances(shipped, KG.Location)
    mentioned = {e for e in entities if any(shipped.objects(e, KG.source))}
    assert len(mentioned) > 25 and ARTICLE in set(shipped.objects(None, KG.source))
    absent, words = [], 0
    for entity in mentioned:
        for name in list(shipped.objects(entity, RDFS.label)) + list(shipped.objects(entity, SKOS.altLabel)):
            words += 1
            if not said(str(name), sources_text(entity)):
                absent.append((str(entity), str(name)))
    for prop in (KG.quote, KG.purpose, KG.instrument, KG.designatedAs, KG.characterisedAs,
                 KG.office, KG.rank, KG.counts):
        for node, value in shipped.subject_objects(prop):
            owner = node
            while not any(shipped.objects(owner, KG.source)):  # a participation or quantity: its event
                owner = next(shipped.subjects(None, owner), None)
                if owner is None:
                    break
            words += 1
            if owner is None or not said(str(value), sources_text(owner)):
                absent.append((str(node), str(value)))
    assert words > 60
    assert absent == []


def test_monday_is_resolved_against_the_publication_date(shipped):
    published = shipped.value(ARTICLE, URIRef(ns.SCHEMA + "datePublished")).toPython().date()
    assert published.strftime("%A") == "Tuesday"
    monday = published - dt.timedelta(days=1)
    for event in ("us-strikes", "erbil-drone-attack"):
        node = URIRef(ns.ART + "000_4751dd8fe703f37b#" + event)
        time = shipped.value(node, KG.time)
        assert shipped.value(time, KG.date).toPython() == monday
        assert "Monday 25 December 2023" in str(shipped.value(time, KG.resolution))


def test_vague_times_have_ordered_bounds_and_precision(shipped):
    for time in set(shipped.objects(None, KG.time)):
        before, after = shipped.value(time, KG.notBefore), shipped.value(time, KG.notAfter)
        if before is not None and after is not None:
            assert before.toPython() <= after.toPython()
        if shipped.value(time, KG.date) is not None:
            assert shipped.value(time, URIRef(ns.TIME + "unitType")) is not None


def test_entities_are_apart_from_the_article(layout):
    """Shared actors and places live in graph/entities.ttl so the next article reuses them."""
    from .conftest import rdflib_dataset

    dataset = rdflib_dataset(layout)
    entities = dataset.graph(URIRef(ns.ENTITIES_GRAPH))
    article = dataset.graph(ARTICLE)
    kataib = URIRef(ns.ENT + "kataib-hezbollah")
    assert (kataib, RDF.type, KG.NonStateArmedGroup) in entities
    assert (kataib, RDF.type, None) not in article
    assert (kataib, KG.source, ARTICLE) in article
    assert (ARTICLE, KG.text, None) in article


def test_hedges_are_kept(shipped):
    cues = {str(shipped.value(c, KG.exact)) for c in shipped.objects(None, KG.factualityCue)}
    assert {"likely", "reportedly", "has not released"} <= cues
    values = set(shipped.objects(None, KG.factuality))
    assert {KG.likely, KG.reportedly, KG.notHappened} <= values


def test_quantities_keep_their_qualifiers(shipped):
    found = {
        (shipped.value(q, KG.value).toPython() if shipped.value(q, KG.value) is not None else None,
         shipped.value(q, KG.qualifier), str(shipped.value(q, KG.counts)))
        for q in shipped.subjects(RDF.type, KG.Quantity)
    }
    assert (2500, KG.approximately, "soldiers") in found
    assert (100, KG.atLeast, "attacks") in found
    assert (3, KG.exactly, "sites") in found
    assert (None, KG.several, "militants") in found
    assert (1, KG.exactly, "soldiers") in found
