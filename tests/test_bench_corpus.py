"""The benchmark corpus generator (bench/make_corpus.py) makes a data root the project accepts."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg_cli import cli

PROJECT = Path(__file__).resolve().parent.parent
ART = "https://w3id.org/newskg/article/"
PUBLISHED = re.compile(r'schema:datePublished "(\d{4}-\d\d-\d\d)[T"]')
TEMPLATES = len(list((PROJECT / "graph" / "articles").glob("*.ttl")))  # the shipped articles


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", PROJECT / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make_corpus = _make_corpus()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "root"
    make_corpus.make_corpus(2 * TEMPLATES, root, seed=3)  # every shipped article cloned twice
    return root


def _declared_articles(path: Path) -> set[str]:
    return {q.subject.value for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE)
            if q.predicate.value.endswith("#type") and q.object.value.endswith("#NewsArticle")}


def test_ids_are_unique_and_new(corpus: Path) -> None:
    shipped = {p.stem for p in (PROJECT / "graph" / "articles").glob("*.ttl")}
    encodings = sorted((corpus / "graph" / "articles").glob("*.ttl"))
    assert [p.stem for p in encodings] == [f"bench_{n:06d}" for n in range(2 * TEMPLATES)]
    declared = [_declared_articles(p) for p in encodings]
    assert declared == [{ART + p.stem} for p in encodings]
    assert not {p.stem for p in encodings} & shipped


def test_texts_are_byte_identical(corpus: Path) -> None:
    templates = sorted((PROJECT / "graph" / "articles").glob("*.txt"))
    for number, clone in enumerate(sorted((corpus / "graph" / "articles").glob("*.txt"))):
        assert clone.read_bytes() == templates[number % len(templates)].read_bytes()


def test_dates_move_by_whole_weeks(corpus: Path) -> None:
    first = PUBLISHED.search((corpus / "graph" / "articles" / "bench_000000.ttl").read_text())[1]
    second = PUBLISHED.search((corpus / "graph" / "articles" / f"bench_{TEMPLATES:06d}.ttl").read_text())[1]
    moved = dt.date.fromisoformat(second) - dt.date.fromisoformat(first)
    assert moved.days and moved.days % 7 == 0


def test_month_moves_whole() -> None:
    slot = make_corpus.DateSlot
    times = [slot("2023-12", "gYearMonth", 0), slot("2023-12-01", "date", 0), slot("2023-12-26", "date", 0)]
    assert make_corpus.shift_time(times, 7 * 6) == ["2024-01", "2024-01-01", "2024-01-31"]
    assert make_corpus.shift_time(times, 7) == ["2023-12", "2023-12-01", "2023-12-31"]


def test_corpus_validates(corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(corpus), "validate"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_names_resolve_across_articles(corpus: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(corpus), "who", "Kataib Hezbollah", "--format", "json"])
    assert result.exit_code == 0, result.output
    articles = {row["event"].split("#")[0] for row in json.loads(result.stdout)["events"]}
    assert articles == {"art:bench_000000", f"art:bench_{TEMPLATES:06d}"}  # the first article's clones
    number = int(re.search(r'"Bench Brigade (\d+)"', "".join(
        p.read_text(encoding="utf-8") for p in (corpus / "graph").rglob("*.ttl")))[1])
    new = CliRunner().invoke(cli, ["--root", str(corpus), "who", f"Bench Brigade {number}"])
    assert new.exit_code == 0, new.output
    assert f"ent:bench-group-{number:06d}" in new.output
