"""The first article's facts answer as the article states them, and nothing more.

Regression tests for an independent reading of the article against the CLI's answers, plus the
general checks that keep each kind of mistake from coming back: attribution only where the
statement's words say it, no bound printed as a date, analysis ties only from stated facts.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg.layout import find_layout
from newskg.lookups import Graph
from newskg.store import open_store

from .conftest import PROJECT


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def as_json(*args: str):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def graph() -> Graph:
    layout = find_layout(PROJECT)
    return Graph(open_store(layout), layout)


def actor_ids(graph: Graph) -> list[str]:
    query = ("PREFIX kg: <https://w3id.org/newskg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
             "SELECT DISTINCT ?a WHERE { ?a a/rdfs:subClassOf* kg:Actor }")
    return sorted(row["a"].value for row in graph.store.query(query, use_default_graph_as_union=True))


def statement_sentences(graph: Graph) -> dict[str, list[str]]:
    """The sentences each speaker's statements stand in, by speaker label."""
    found: dict[str, list[str]] = {}
    for row in as_json("said", "--all"):
        found.setdefault(row["speaker"], []).append(row["evidence"])
    return found


# --- attribution covers only what the statement says --------------------------------------------


def test_austin_is_not_credited_with_the_killing_or_the_order():
    """"...Lloyd Austin said." covers the strike on three sites; the next sentence (likely killed,
    Biden's directions) and the headlines are the article's own voice."""
    for row in as_json("who", "Kataib Hezbollah")["events"]:
        assert row["according_to"] == [], row
    ordered = [r for r in as_json("who", "Biden")["events"] if r["role"] == "ordered by"]
    assert ordered and all(r["according_to"] == [] for r in ordered)


def test_austin_is_credited_with_the_strike_he_announced():
    rows = as_json("who", "US military")["events"]
    agent = next(r for r in rows if r["event"].endswith("#us-strikes") and r["role"] == "agent")
    assert agent["according_to"] == [{"id": "ent:lloyd-austin", "label": "Lloyd Austin"}]
    assert agent["time"]["according_to"] == "Lloyd Austin"


def test_every_attribution_a_lookup_shows_is_in_that_speakers_words(graph):
    """Each row credited to a speaker has evidence inside a sentence of that speaker's statements."""
    spoken = statement_sentences(graph)
    checked = 0
    for actor in actor_ids(graph):
        result = invoke("who", actor, "--format", "json", "--all")
        if result.exit_code == 1:
            continue
        for row in json.loads(result.stdout)["events"]:
            for source in row["according_to"]:
                sentences = spoken[source["label"]]
                assert any(e in s or s in e for e in row["evidence"] for s in sentences), (actor, row)
                checked += 1
    assert checked >= 2


# --- times: what the article says, never a bound as a date ---------------------------------------


def test_strike_time_says_local_time_without_inventing_the_place():
    event = as_json("event", "us-strikes")
    assert event["time"]["date"] == "2023-12-25"
    assert "local time" in event["time"]["resolution"]
    assert "in Iraq" not in event["time"]["resolution"]


def test_austin_trip_is_shown_with_its_bounds_not_as_a_date():
    profile = as_json("actor", "Lloyd Austin")
    trip = next(e for e in profile["events"] if e["event"].endswith("#austin-middle-east-trip"))
    assert trip["time"]["date"] is None
    table = invoke("actor", "Lloyd Austin").output
    assert "between 2023-12-18 and 2023-12-25" in " ".join(table.split())
    assert not any(line.lstrip().startswith("2023-12-18") for line in table.splitlines())


@pytest.mark.parametrize("command", [("timeline",), ("actor", "Lloyd Austin"), ("who", "US military"),
                                     ("who", "Joe Biden"), ("actor", "Iraq")])
def test_no_printed_date_is_a_bound(command):
    """Wherever an event has bounds but no date, the table shows both bounds as a range (or
    'by'/'from'), never a bound on its own where a date would stand."""
    data = as_json(*command)
    rows = data["events"] if isinstance(data, dict) else data
    table = " ".join(invoke(*command).output.split())
    for row in rows:
        time = row["time"] or {}
        if time.get("date"):
            continue
        if time.get("not_before") and time.get("not_after"):
            assert f"between {time['not_before']} and {time['not_after']}" in table
        elif time.get("not_after"):
            assert f"by {time['not_after']}" in table


# --- harms, hedges, links, quotes, numbers ------------------------------------------------------


def test_drone_attack_harm_is_three_injured_one_critically():
    rows = as_json("who", "US military")["events"]
    harmed = [r for r in rows if r["event"].endswith("#erbil-drone-attack") and r["role"] == "harmed"]
    assert len(harmed) == 1
    assert harmed[0]["harm"] == "injured, critically injured"
    numbers = [(q["value"], q["harm"]) for q in harmed[0]["quantities"]]
    assert numbers == [(3, "injured"), (1, "critically injured")]


def test_order_prompted_by_briefing_keeps_its_hedge_and_is_not_a_response():
    rows = as_json("who", "Biden")["events"]
    order = next(r for r in rows if r["event"].endswith("#biden-orders-response"))
    assert order["responds_to"] == []
    assert [(c["label"], c["factuality"]) for c in order["caused_by"]] == [
        ("NSC briefs President Biden on the drone attack", "reportedly")]
    table = invoke("event", "biden-orders-response").output
    assert "causedBy: NSC briefs President Biden on the drone attack (reportedly)" in table
    assert "responds to" not in invoke("who", "Biden").output.split("ready a response")[1].split("\n\n")[0]


def test_quotes_carry_no_sentence_punctuation_of_the_article():
    for row in as_json("said", "--all"):
        assert row["text"] == row["text"].strip()
        assert not row["text"].endswith((",", ";", ":")), row["text"]


def test_quantities_query_lists_each_figure_once(only_first_article):
    rows = as_json("query", "quantities")["results"]["bindings"]
    stats = as_json("stats")
    assert len(rows) == stats["classes"]["Quantity"]
    keys = [(r["owner"]["value"], r.get("ofLabel", {}).get("value"), r.get("value", {}).get("value"),
             r["counts"]["value"]) for r in rows]
    assert len(keys) == len(set(keys))


# --- places are places ------------------------------------------------------------------------


def test_who_iraq_answers_as_a_place():
    data = as_json("who", "Iraq")
    assert data["actor"] == {"id": "ent:iraq", "label": "Iraq", "kind": "place"}
    roles = {(r["event"].rpartition("#")[2], r["role"]) for r in data["events"]}
    assert ("us-strikes", "took place in Iraq") in roles
    assert ("erbil-drone-attack", "took place in US base in Erbil") in roles
    assert all("militia groups in Iraq" not in r["label"] or r["role"].startswith("took place") for r in data["events"])
    assert invoke("who", "Iraq").output.startswith("Iraq (ent:iraq), a place")


def test_place_rows_quote_the_sentence_naming_the_place():
    data = as_json("who", "Iraq")
    hundred = next(r for r in data["events"] if r["event"].endswith("#hundred-attacks"))
    assert "in Iraq and Syria" in hundred["evidence"][0]


# --- analysis: ties only from what the graph states ----------------------------------------------


def test_no_tie_from_a_speaker_to_the_participants_of_what_they_spoke_about():
    edges = as_json("analyze")["edges"]
    assert not [e for e in edges if e["relation"] == "spoke about"]
    pairs = {(e["source"], e["target"]) for e in edges}
    for pair in [("Michael Erik Kurilla", "Lloyd Austin"), ("Michael Erik Kurilla", "Joe Biden"),
                 ("Lloyd Austin", "Joe Biden"), ("Lloyd Austin", "Kataib Hezbollah")]:
        assert pair not in pairs


def test_every_actor_tie_is_supported_by_an_event_both_take_part_in_or_a_stated_relation(graph):
    from newskg import networks

    nets = networks.build(graph)
    participants = {e: {p["id"] for p in record["participants"]} for e, record in
                    __import__("newskg.lookups", fromlist=["events"]).events(graph).items()}
    relations = {row["relation"]: {row["subject"], row["object"]} for row in graph.rows("relations")}
    assert nets.actors.number_of_edges() > 10
    for source, target, data in nets.actors.edges(data=True):
        for support in data["support"]:
            both = participants.get(support) or relations.get(support)
            assert both and {source, target} <= both, (source, target, data["relation"], support)


def test_hedged_events_give_hedged_ties():
    edges = as_json("analyze")["edges"]
    briefed = next(e for e in edges if e["relation"] == "briefed")
    assert briefed["hedge"] == "reportedly"
    struck = next(e for e in edges if e["relation"] == "struck")
    assert struck["hedge"] == ""


# --- from a second independent reading ------------------------------------------------------------


def test_hedges_and_sources_travel_with_each_part_and_number():
    table = " ".join(invoke("timeline").output.split())
    assert "several militants killed (likely)" in table
    assert "Kataib Hezbollah (harmed, likely)" in table
    assert "3 sites (according to Lloyd Austin)" in table
    event = invoke("event", "us-strikes").output
    sites = next(line for line in event.splitlines() if line.startswith("three sites"))
    assert sites.rstrip().endswith("according to Lloyd Austin")


def test_one_critically_injured_soldier_is_one_of_the_three():
    rows = as_json("who", "US military")["events"]
    harmed = next(r for r in rows if r["event"].endswith("#erbil-drone-attack") and r["role"] == "harmed")
    critical = next(q for q in harmed["quantities"] if q["harm"] == "critically injured")
    assert (critical["value"], critical["of"]) == (1, 3)
    assert "3 soldiers injured; 1 of the 3 soldiers critically injured" in " ".join(invoke("timeline").output.split())


def test_designation_is_evidenced_by_the_2009_sentence_only():
    row = next(r for r in as_json("who", "Kataib Hezbollah")["events"] if r["type"] == "designation")
    assert row["evidence"] == ['In 2009, the US designated it as a "foreign terrorist organization."']


def test_watsons_these_attacks_names_no_attack():
    watson = next(r for r in as_json("said", "--all") if r["speaker"] == "Adrienne Watson")
    assert watson["about"] == []


def test_destroyed_facilities_are_not_said_to_be_kataib_hezbollahs():
    event = as_json("event", "us-strikes")
    destroyed = [p for p in event["participants"] if p["harm"] == "destroyed"]
    assert [p["label"] for p in destroyed] == ["several facilities"]
    profile = as_json("actor", "Kataib Hezbollah")
    assert all(r["label"] != "several facilities" for r in profile["relations"])


def test_attacks_since_the_war_began_are_not_after_the_war():
    links = as_json("event", "hundred-attacks")["links"]
    assert not [link for link in links if link["relation"] == "precededBy"]


def test_the_latest_unrest_means_both_attack_and_strikes():
    for event in ("erbil-drone-attack", "us-strikes"):
        links = as_json("event", event)["links"]
        assert {"precededBy"} <= {link["relation"] for link in links if "trip" in link["id"]}


def test_timeline_puts_an_event_known_only_by_a_latest_date_at_that_date():
    rows = as_json("timeline", "--all")  # most recent first
    order = [r["event"].rpartition("#")[2] for r in rows]
    assert order.index("kh-founding") > order.index("austin-x-post")
    assert order.index("us-strikes") > order.index("austin-x-post")


def test_hedges_are_shown_by_their_label():
    output = invoke("event", "pentagon-no-details").output
    assert 'did not happen ("has not released")' in output
    assert "notHappened" not in output


def test_office_naming_its_organisation_is_not_repeated():
    output = invoke("actor", "Kurilla").output
    assert "position:   Head of US Central Command  [art:000_4751dd8fe703f37b]\n" in output


def test_headline_evidence_is_the_headline_not_the_metadata_line():
    evidence = as_json("event", "us-strikes")["evidence"]
    headline = next(e for e in evidence if e["start"] == 43)
    assert headline["sentence"] == "Iraq: After drone attack, US strikes Iran-backed Kataib Hezbollah's facilities"


def test_place_evidence_names_the_place():
    rows = as_json("who", "Syria")["events"]
    hundred = next(r for r in rows if r["event"].endswith("#hundred-attacks"))
    assert "Syria" in hundred["evidence"][0] and "at least 100" in hundred["evidence"][0]
