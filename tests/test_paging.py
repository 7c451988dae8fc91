"""Lookups shaped for a large graph: most recent first, a page at a time, every record naming
its article, short ids resolved within an article, ambiguous names listed briefly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli import cli

from .test_store import clone


@pytest.fixture
def corpus(data_root: Path) -> Path:
    for number in range(7):
        clone(data_root, f"copy_{number}")
    return data_root


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def as_json(root: Path, *args: str):
    result = run(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_who_shows_a_page_most_recent_first_and_says_how_many_more(corpus):
    data, note = as_json(corpus, "who", "Kataib Hezbollah", "--limit", "5")
    assert len(data["events"]) == 5 and data["total"] == 8 * 4  # 8 articles × 4 roles
    starts = [r["time"]["not_before"] or r["time"]["not_after"] for r in data["events"]]
    assert starts == sorted(starts, reverse=True)
    assert note == "(5 most recent of 32 event roles; --limit N or --all for more, --from/--to to narrow)\n"
    everything, note = as_json(corpus, "who", "Kataib Hezbollah", "--all")
    assert len(everything["events"]) == 32 and note == ""


def test_every_record_names_its_article(corpus):
    data, _ = as_json(corpus, "who", "Kataib Hezbollah", "--all")
    assert {row["article"] for row in data["events"]} == {
        "art:000_4751dd8fe703f37b", *(f"art:copy_{n}" for n in range(7))}
    table = run(corpus, "timeline", "--limit", "3").output
    assert table.count("source:      art:") == 3


def test_from_and_to_narrow_the_page(corpus):
    data, _ = as_json(corpus, "who", "Kataib Hezbollah", "--from", "2009-01-01", "--to", "2009-12-31", "--all")
    assert {row["type"] for row in data["events"]} == {"designation"}
    result = run(corpus, "who", "Kataib Hezbollah", "--from", "2030-01-01")
    assert result.exit_code == 1 and "takes part in no event between 2030-01-01 and the last" in result.stderr


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_a_limit_below_one_is_bad_usage(corpus, limit):
    result = run(corpus, "timeline", "--limit", limit)
    assert result.exit_code == 2 and "give a number of at least 1, or --all" in result.stderr


def test_short_event_id_in_many_articles_lists_a_few_and_how_to_choose(corpus):
    result = run(corpus, "event", "erbil-drone-attack")
    assert result.exit_code == 1
    assert "and 3 more" in result.stderr and "ID#local" in result.stderr and "--article ID" in result.stderr
    assert len(result.stderr) < 1000


@pytest.mark.parametrize("args", [("copy_3#erbil-drone-attack",), ("erbil-drone-attack", "--article", "copy_3"),
                                  ("art:copy_3#erbil-drone-attack",)])
def test_short_event_id_resolves_within_an_article(corpus, args):
    data, _ = as_json(corpus, "event", *args)
    assert data["id"] == "art:copy_3#erbil-drone-attack"
