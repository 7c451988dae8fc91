"""The questions the graph must answer from SPARQL alone (issue: competency questions)."""

from __future__ import annotations

import pytest

from newskg import namespaces as ns

PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in ns.PREFIXES.items())


@pytest.fixture(scope="module")
def ask(first_article):
    def run(query: str) -> list[tuple]:
        rows = first_article.query(PREFIXES + query)
        return [tuple(None if v is None else (ns.qname(str(v)) if v.__class__.__name__ == "URIRef"
                                              else str(v)) for v in row) for row in rows]
    return run


def test_who_struck_whom_when_and_where(ask):
    rows = ask("""
        SELECT ?agent ?target ?date ?place WHERE {
            ?e a kg:MilitaryStrike ; kg:place ?place ; kg:time/kg:date ?date ;
               kg:participation [ kg:role kg:agent ; kg:participant ?agent ] ,
                                [ kg:role kg:target ; kg:participant ?target ] .
        }""")
    assert {r[1] for r in rows} >= {"ent:kataib-hezbollah"}
    assert {(r[0], r[2], r[3]) for r in rows} == {("ent:us-military", "2023-12-25", "ent:iraq")}


def test_which_attack_preceded_it_and_what_it_did(ask):
    rows = ask("""
        SELECT ?attack ?harm ?n ?counts ?target WHERE {
            ?strike a kg:MilitaryStrike ; kg:inResponseTo ?attack .
            ?attack a kg:DroneAttack ;
                kg:participation [ kg:role kg:target ; kg:participant ?target ] ,
                    [ kg:role kg:harmed ; kg:harm ?harm ; kg:quantity [ kg:value ?n ; kg:counts ?counts ] ] .
        }""")
    assert {(r[1], r[2], r[3], r[4]) for r in rows} == {
        ("kg:injured", "3", "soldiers", "ent:us-base-erbil"),
        ("kg:criticallyInjured", "1", "soldiers", "ent:us-base-erbil"),
    }


def test_who_ordered_announced_and_was_briefed(ask):
    rows = ask("""
        SELECT ?role ?who WHERE {
            { ?e a kg:MilitaryStrike } UNION { ?e a kg:Briefing }
            ?e kg:participation [ kg:role ?role ; kg:participant ?who ] .
            FILTER (?role IN (kg:orderedBy, kg:announcedBy, kg:informed, kg:agent))
        }""")
    assert ("kg:orderedBy", "ent:joe-biden") in rows
    assert ("kg:announcedBy", "ent:lloyd-austin") in rows
    assert ("kg:informed", "ent:joe-biden") in rows
    assert ("kg:agent", "ent:white-house-nsc") in rows


def test_every_quote_with_speaker_and_office(ask):
    rows = ask("""
        SELECT ?speaker ?office ?mode ?text WHERE {
            ?s a kg:Statement ; kg:speaker ?speaker ; kg:mode ?mode ; kg:quote ?text .
            OPTIONAL { ?s kg:speakerPosition/kg:office ?office }
        }""")
    speakers = {(r[0], r[1], r[2]) for r in rows}
    assert ("ent:michael-erik-kurilla", "Head of US Central Command", "kg:verbatim") in speakers
    assert ("ent:adrienne-watson", "NSC spokesperson", "kg:verbatim") in speakers
    assert ("ent:lloyd-austin", "Defense Secretary", "kg:reported") in speakers
    assert ("ent:reuters", None, "kg:reported") in speakers
    assert len(rows) == 6


def test_which_actors_are_iran_backed(ask):
    rows = ask("SELECT ?a WHERE { ?a kg:backedBy ent:iran }")
    assert set(rows) == {("ent:kataib-hezbollah",), ("ent:iran-backed-militias-iraq",)}


def test_kataib_hezbollah_founding_and_designation(ask):
    founded = ask("""
        SELECT ?year ?helper WHERE {
            ?e a kg:Founding ; kg:time/kg:date ?year ;
               kg:participation [ kg:role kg:theme ; kg:participant ent:kataib-hezbollah ] ,
                                [ kg:role kg:helpedBy ; kg:participant ?helper ] .
        }""")
    assert founded == [("2007", "ent:revolutionary-guards")]
    designated = ask("""
        SELECT ?year ?by ?as WHERE {
            ?e a kg:Designation ; kg:time/kg:date ?year ; kg:designatedAs ?as ;
               kg:participation [ kg:role kg:agent ; kg:participant ?by ] ,
                                [ kg:role kg:target ; kg:participant ent:kataib-hezbollah ] .
        }""")
    assert designated == [("2009", "ent:united-states", "foreign terrorist organization")]


def test_troop_numbers(ask):
    rows = ask("""
        SELECT ?place ?n ?qualifier WHERE {
            ?e a kg:TroopDeployment ; kg:place ?place ;
               kg:participation/kg:quantity [ kg:value ?n ; kg:qualifier ?qualifier ] .
        }""")
    assert set(rows) == {("ent:iraq", "2500", "kg:approximately"),
                         ("ent:syria", "900", "kg:approximately")}


def test_attack_count_and_its_source(ask):
    rows = ask("""
        SELECT ?n ?qualifier ?source WHERE {
            ?e a kg:AttackSeries ; kg:quantity [ kg:value ?n ; kg:qualifier ?qualifier ] ;
               kg:attribution/kg:speaker ?source .
        }""")
    assert rows == [("100", "kg:atLeast", "ent:reuters")]


def test_what_happened_at_the_embassy(ask):
    rows = ask("""
        SELECT ?type ?date ?precision WHERE {
            ?e kg:place ent:us-embassy-baghdad ; a ?type ; kg:time [ kg:date ?date ; time:unitType ?precision ] .
            ent:us-embassy-baghdad kg:locatedIn ent:baghdad .
        }""")
    assert rows == [("kg:MortarAttack", "2023-12", "time:unitMonth")]
