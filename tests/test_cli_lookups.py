"""The lookups and `kg query`, driven through the CLI as a user would."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg_cli import cli


pytestmark = pytest.mark.usefixtures("only_first_article")  # questions about the first article

def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


def as_json(*args: str):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_who_table_shows_roles_hedges_and_evidence():
    result = invoke("who", "Kataib Hezbollah")
    assert result.exit_code == 0
    assert result.output.startswith("Kataib Hezbollah (ent:kataib-hezbollah)")
    assert "harmed (killed)" in result.output
    assert 'likely ("likely")' in result.output
    assert "responds to: One-way drone attack on a US base in Erbil" in result.output
    assert "2009 (year)" in result.output


def test_who_json_is_what_the_readme_documents():
    data = as_json("who", "KH")
    assert data["actor"] == {"id": "ent:kataib-hezbollah", "label": "Kataib Hezbollah", "kind": "actor"}
    fields = {"event", "article", "label", "type", "role", "harm", "time", "places", "counterparts",
              "quantities", "factuality", "according_to", "responds_to", "caused_by", "evidence",
              "provenance", "as_coded"}
    assert all(set(row) == fields for row in data["events"])
    harmed = next(r for r in data["events"] if r["role"] == "harmed")
    assert harmed["harm"] == "killed"
    assert harmed["factuality"] == {"value": "likely", "label": "likely", "cue": "likely"}
    assert harmed["quantities"] == [{"value": None, "qualifier": "several", "counts": "militants",
                                     "harm": "killed", "of": None, "factuality": "likely",
                                     "according_to": None}]
    assert harmed["time"]["date"] == "2023-12-25" and harmed["time"]["precision"] == "day"
    assert harmed["places"] == [{"id": "ent:iraq", "label": "Iraq"}]
    assert {"id": "ent:joe-biden", "label": "Joe Biden", "role": "ordered by", "factuality": None,
            "according_to": None} in harmed["counterparts"]
    assert harmed["responds_to"][0]["label"] == "One-way drone attack on a US base in Erbil"
    assert harmed["evidence"][0].startswith("The attack, which likely killed")
    founding = next(r for r in data["events"] if r["type"] == "founding")
    assert founding["time"]["date"] == "2007" and founding["time"]["precision"] == "year"


@pytest.mark.parametrize("name", ["KH", "kataib hezbollah", "Kata'ib Hezbollah", "KATAIB  HEZBOLLAH",
                                  "ent:kataib-hezbollah", "Hezbollah"])
def test_names_resolve_by_label_alias_acronym_and_words(name):
    assert as_json("who", name)["actor"]["id"] == "ent:kataib-hezbollah"


@pytest.mark.parametrize("name, expected", [("US", "ent:united-states"), ("the Pentagon", "ent:pentagon"),
                                            ("Pentágon", "ent:pentagon"), ("US troops", "ent:us-military"),
                                            ("Biden", "ent:joe-biden"), ("Kurilla", "ent:michael-erik-kurilla")])
def test_aliases_and_accents(name, expected):
    assert as_json("actor", name)["id"] == expected


def test_unknown_name_suggests_and_exits_1():
    result = invoke("who", "Hezbolah")
    assert result.exit_code == 1
    assert "no actor or place is called 'Hezbolah'. Closest names: Kataib Hezbollah." in result.output


def test_said_lists_every_statement_with_office_and_mode():
    rows = as_json("said")
    assert len(rows) == 6
    kurilla = [r for r in rows if r["speaker"] == "Michael Erik Kurilla"]
    assert {r["mode"] for r in kurilla} == {"verbatim"}
    assert kurilla[0]["office"] == "Head of US Central Command"
    reuters = next(r for r in rows if r["speaker"] == "Reuters")
    assert reuters["mode"] == "reported" and reuters["about"][0]["label"].startswith("At least 100 attacks")


def test_said_for_one_speaker_and_table():
    rows = as_json("said", "Watson")
    assert [r["speaker"] for r in rows] == ["Adrienne Watson"]
    result = invoke("said", "Austin")
    assert result.exit_code == 0 and "Defense Secretary" in result.output


def test_timeline_is_ordered_and_filtered_by_overlap():
    rows = as_json("timeline", "--from", "2023-12-01", "--to", "2023-12-31")
    labels = [r["label"] for r in rows]
    assert "Kataib Hezbollah formed with the help of Iran's Revolutionary Guards" not in labels
    assert "Mortar fire on the US embassy compound in Baghdad" in labels
    starts = [r["time"]["not_before"] for r in rows if r["time"] and r["time"]["not_before"]]
    assert starts == sorted(starts, reverse=True)  # most recent first
    war = as_json("timeline", "--to", "2023-10-31")
    assert {"Israel-Hamas war"} <= {r["label"] for r in war}
    month = next(r for r in war if r["label"] == "Israel-Hamas war")["time"]
    assert (month["date"], month["precision"], month["anchor"]) == ("2023-10", "month", "eventStart")


def test_timeline_bad_date_is_bad_input():
    result = invoke("timeline", "--from", "December")
    assert result.exit_code == 2
    assert "--from 'December' is not a date" in result.output


def test_actor_profile_of_a_place_lists_what_happened_inside_it():
    profile = as_json("actor", "Iraq")
    here = {e["label"] for e in profile["events_here"]}
    assert "One-way drone attack on a US base in Erbil" in here
    assert {"direction": "incoming", "relation": "locatedIn", "id": "ent:erbil", "label": "Erbil",
            "evidence": "Erbil, Iraq", "article": "art:000_4751dd8fe703f37b",
            "hedge": None, "according_to": []} in profile["relations"]


def test_actor_profile_of_an_actor():
    profile = as_json("actor", "Kataib Hezbollah")
    relations = {(r["relation"], r["label"]) for r in profile["relations"]}
    assert {("backedBy", "Iran"), ("designatedBy", "United States")} <= relations
    assert "Islamic Revolutionary Guard Corps" in profile["neighbours"]
    austin = as_json("actor", "Austin")
    assert austin["positions"][0]["office"] == "Defense Secretary"


def test_event_in_full_with_causal_chain():
    event = as_json("event", "us-strikes")
    assert event["type"] == "military strike"
    assert event["causal_chain"][0]["relation"] == "inResponseTo"
    assert event["time"]["resolution"].startswith('"on Monday (local time)"')
    table = invoke("event", "erbil-drone-attack")
    assert table.exit_code == 0 and "critically injured" in table.output


def test_stats_counts():
    stats = as_json("stats")
    assert stats["articles"][0]["id"] == "art:000_4751dd8fe703f37b"
    assert stats["classes"]["Event"] == sum(stats["event_types"].values()) == 16
    assert stats["event_types"]["series of attacks"] == 3


def test_query_named_with_param_as_term_in_w3c_csv():
    result = invoke("query", "backed-by", "--param", "backer=Iran", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["actor"] for r in rows} == {"https://w3id.org/newskg/entity/kataib-hezbollah",
                                          "https://w3id.org/newskg/entity/iran-backed-militias-iraq"}


def test_query_w3c_json_and_tsv():
    data = json.loads(invoke("query", "counts-by-type", "--format", "json").stdout)
    assert data["head"]["vars"] == ["type", "label", "events"]
    assert data["results"]["bindings"][0]["events"]["datatype"].endswith("#integer")
    tsv = invoke("query", "counts-by-type", "--format", "tsv").output.splitlines()
    assert tsv[0] == "?type\t?label\t?events"


def test_query_from_stdin_and_construct_as_turtle():
    construct = "PREFIX kg: <https://w3id.org/newskg/ontology#>\nCONSTRUCT { ?a kg:backedBy ?b } WHERE { ?a kg:backedBy ?b }"
    result = invoke("query", "-", "--format", "ntriples", stdin=construct)
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) == 2
    jsonld = invoke("query", "-", "--format", "jsonld", stdin=construct)
    assert jsonld.exit_code == 0 and json.loads(jsonld.stdout)


def test_query_malformed_reports_position():
    result = invoke("query", "-", stdin="SELECT ?s WHERE { ?s ?p }")
    assert result.exit_code == 2
    assert "line 1 column" in result.output and "SPARQL syntax error" in result.output


def test_query_unknown_name_lists_the_library():
    result = invoke("query", "no-such-query")
    assert result.exit_code == 1
    assert "Available: actor-profile, backed-by" in result.output


def test_query_missing_and_ill_typed_params_are_named():
    missing = invoke("query", "who-did-what")
    assert missing.exit_code == 2 and "needs --param actor=VALUE" in missing.output
    bad = invoke("query", "timeline", "-p", "from=yesterday")
    assert bad.exit_code == 2 and "parameter from: 'yesterday' is not a date" in bad.output
    unknown = invoke("query", "backed-by", "-p", "sponsor=Iran")
    assert unknown.exit_code == 2 and "has no parameter sponsor" in unknown.output


def test_queries_lists_names_and_parameters():
    listing = as_json("queries")
    timeline = next(q for q in listing if q["name"] == "timeline")
    assert [p["name"] for p in timeline["params"]] == ["from", "to"]
    assert invoke("queries").exit_code == 0


def test_places_are_listed_in_a_stable_order():
    """Regression: an event's places came out in arbitrary order from run to run."""
    rows = as_json("timeline", "--from", "2023-10-01", "--to", "2023-10-31")
    hundred = next(r for r in rows if r["label"].startswith("At least 100 attacks"))
    assert [p["label"] for p in hundred["places"]] == ["Iraq", "Syria"]
