"""Six articles, one graph: shared entities answer across articles, through the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg_cli import cli

FIRST = "art:000_4751dd8fe703f37b"
SOLEIMANI = "art:wikinews-2020-01-05-us-kills-soleimani"
PARLIAMENT = "art:wikinews-2020-01-06-iraq-parliament-expulsion-vote"
JET = "art:wikinews-2020-01-13-iran-downs-ukrainian-jet"
AIR_BASE = "art:wikinews-2019-11-10-iraq-air-base-missile-strike"
SAUDI = "art:wikinews-2019-09-15-saudi-oil-drone-attacks"
ALL = {FIRST, SOLEIMANI, PARLIAMENT, JET, AIR_BASE, SAUDI}


def kg(*args: str) -> dict | list:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def articles_of(rows: list[dict]) -> set[str]:
    return {row["article"] for row in rows}


def test_the_six_articles_are_in_the_graph_and_conform():
    result = CliRunner().invoke(cli, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == 6


@pytest.mark.parametrize("spelling", ["Kataib Hezbollah", "Kataeb Hezbollah", "kataeb hezbollah"])
def test_kataib_hezbollah_is_one_node_under_both_spellings_and_spans_articles(spelling):
    """Its events are the first article's; the Soleimani article's "Kataeb Hezbollah official"
    killed in the airstrike is a member of it (a relation with its article)."""
    answer = kg("who", spelling, "--all")
    assert answer["actor"]["id"] == "ent:kataib-hezbollah"
    assert FIRST in articles_of(answer["events"])
    query = ("PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?source WHERE "
             "{ <https://w3id.org/newskg/entity/kataib-hezbollah> kg:source ?source }")
    result = CliRunner().invoke(cli, ["query", "-", "--format", "json"], input=query)
    assert result.exit_code == 0, result.output
    sources = {row["source"]["value"] for row in json.loads(result.stdout)["results"]["bindings"]}
    assert {FIRST, SOLEIMANI} <= {"art:" + s.rpartition("/")[2] for s in sources}


@pytest.mark.parametrize("name", ["IRGC", "Islamic Revolutionary Guard Corps", "Iran's Revolutionary Guards"])
def test_the_irgc_is_one_node_whose_profile_spans_articles(name):
    profile = kg("actor", name)
    assert profile["id"] == "ent:revolutionary-guards"
    assert {FIRST, SOLEIMANI} <= articles_of(profile["events"])


@pytest.mark.parametrize("name, node", [
    ("Soleimani", "ent:qasem-soleimani"),
    ("Qasem Soleimani", "ent:qasem-soleimani"),
    ("United States Department of Defense", "ent:pentagon"),
    ("Pentagon", "ent:pentagon"),
    ("U.S. Embassy in Baghdad", "ent:us-embassy-baghdad"),
])
def test_spellings_from_different_articles_resolve_to_one_node(name, node):
    assert kg("actor", name)["id"] == node


def test_soleimanis_killing_is_told_by_three_articles_each_with_its_own_source():
    answer = kg("who", "Qasem Soleimani", "--all")
    killed = [row for row in answer["events"] if row["role"] == "harmed" and "killed" in (row["harm"] or "")]
    assert {SOLEIMANI, PARLIAMENT, JET} <= articles_of(killed)


def test_the_timeline_runs_across_all_six_articles_to_december_2023():
    rows = kg("timeline", "--all")
    assert articles_of(rows) == ALL
    latest = max(row["time"]["not_after"] for row in rows if row["time"]["not_after"])
    earliest = min(row["time"]["not_before"] for row in rows if row["time"]["not_before"])
    assert latest == "2023-12-26"
    assert earliest <= "2007-01-01"


def test_a_path_from_soleimani_to_lloyd_austin_crosses_articles_with_evidence_for_each_link():
    chains = kg("path", "Soleimani", "Lloyd Austin")
    assert chains
    for chain in chains:
        assert all(hop["evidence"] for hop in chain)
        sources = {hop["article"] for hop in chain}
        assert FIRST in sources and sources - {FIRST}, sources


def test_an_office_held_as_of_one_article_stays_with_that_article():
    """Abdul-Mahdi is "acting" Prime Minister in one article and "caretaker" in the next: both
    stay, each sourced, neither flattened onto the shared node."""
    profile = kg("actor", "Adil Abdul-Mahdi")
    offices = {(p["office"], p["article"]) for p in profile["positions"]}
    assert {article for _, article in offices} >= {SOLEIMANI, PARLIAMENT}


def test_a_figure_only_a_source_gives_is_shown_with_that_source():
    """"three rockets launched from helicopters" is The Daily Telegraph's account (citing local
    paramilitary groups): the figure was printed as fact before."""
    rows = kg("timeline", "--all")
    strike = next(r for r in rows if r["article"] == SOLEIMANI and r["type"] == "airstrike")
    rockets = [q for q in strike["quantities"] if q["counts"] == "rockets"]
    assert len(rockets) == 1 and "The Daily Telegraph" in rockets[0]["according_to"]


def test_a_figure_several_sources_give_names_them_in_the_same_order_every_time():
    rows = kg("timeline", "--all")
    strike = next(r for r in rows if r["article"] == SOLEIMANI and r["type"] == "airstrike")
    rockets = next(q for q in strike["quantities"] if q["counts"] == "rockets")
    assert rockets["according_to"] == "local paramilitary groups and The Daily Telegraph"
