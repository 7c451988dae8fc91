"""`kg validate` at scale: each article checked with what it depends on and cached by the digest
of its inputs; one article or one file on its own; the rules across files over the store; and
pySHACL on Oxigraph's plain literals. Checks are counted (the report), not timed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import namespaces as ns
from newskg.layout import find_layout
from newskg.sources import parse_turtle
from newskg.validation import CACHE, validate

from .conftest import PROJECT

ARTICLE = "000_4751dd8fe703f37b"
EXAMPLES = PROJECT / "tests" / "shapes"


def clone(root: Path, new_id: str) -> None:
    """A copy of the shipped article under another id: its own graph, the same text."""
    articles = root / "graph" / "articles"
    text = (articles / f"{ARTICLE}.ttl").read_text(encoding="utf-8")
    (articles / f"{new_id}.ttl").write_text(text.replace(ARTICLE, new_id), encoding="utf-8")
    shutil.copy(articles / f"{ARTICLE}.txt", articles / f"{new_id}.txt")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def run(root: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["--root", str(root), "validate", "--format", "json", *args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout) if result.exit_code in (0, 1) else result.output


def counts(root: Path, *args: str) -> tuple[int, int]:
    """(articles checked, articles taken from the cache) by a `kg validate` that conforms."""
    code, report = run(root, *args)
    assert code == 0, report
    return report["articles_checked"], report["articles_cached"]


N = 2 + len(list((PROJECT / "graph" / "articles").glob("*.ttl")))  # articles in `three`


@pytest.fixture
def three(data_root: Path) -> Path:
    """The shipped data root with two more copies of its first article (N articles in all)."""
    clone(data_root, "copy_a")
    clone(data_root, "copy_b")
    return data_root


def article_file(root: Path, article_id: str) -> Path:
    return root / "graph" / "articles" / f"{article_id}.ttl"


# --- the cache ---------------------------------------------------------------------------------


def test_unchanged_articles_are_not_checked_again(three):
    assert counts(three) == (N, 0)
    assert counts(three) == (0, N)
    result = CliRunner().invoke(cli, ["--root", str(three), "validate"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Checked 0 of {N} articles ({N} unchanged, cached)."


def test_after_one_article_changes_only_it_is_checked(three):
    assert counts(three) == (N, 0)
    append(article_file(three, "copy_a"), "# an edit\n")
    assert counts(three) == (1, N - 1)
    append(three / "graph" / "articles" / "copy_b.txt", "\nA line added at the end.\n")
    assert counts(three) == (1, N - 1)
    assert counts(three) == (0, N)


@pytest.mark.parametrize("shared", ["graph/entities.ttl", "ontology/shapes.ttl", "ontology/newskg.ttl"])
def test_a_change_to_what_every_article_depends_on_checks_them_all(three, shared):
    assert counts(three) == (N, 0)
    append(three / shared, "# an edit\n")
    assert counts(three) == (N, 0)


def test_a_cached_violation_is_reported_again_and_a_fixed_one_is_gone(three):
    encoding = article_file(three, "copy_a")
    good = encoding.read_text(encoding="utf-8")
    encoding.write_text(good.replace('kg:office "Defense Secretary"', "kg:office 7", 1), encoding="utf-8")
    first, second = run(three), run(three)
    assert first[0] == second[0] == 1
    assert first[1]["violations"] == second[1]["violations"]
    assert {v["file"] for v in second[1]["violations"]} == {"graph/articles/copy_a.ttl"}
    assert (first[1]["articles_checked"], second[1]["articles_checked"]) == (N, 0)
    encoding.write_text(good, encoding="utf-8")
    assert counts(three) == (1, N - 1)


def test_the_cache_forgets_removed_articles_and_lives_in_the_store_folder(three):
    counts(three)
    cache = three / ".kg" / CACHE
    shipped = {path.stem for path in (PROJECT / "graph" / "articles").glob("*.ttl")}
    assert set(json.loads(cache.read_text(encoding="utf-8"))["checks"]) == {"", "copy_a", "copy_b"} | shipped
    article_file(three, "copy_b").unlink()
    (three / "graph" / "articles" / "copy_b.txt").unlink()
    assert counts(three) == (0, N - 1)
    assert set(json.loads(cache.read_text(encoding="utf-8"))["checks"]) == {"", "copy_a"} | shipped


def test_a_broken_cache_file_only_costs_a_full_check(three):
    counts(three)
    (three / ".kg" / CACHE).write_text("{not json", encoding="utf-8")
    assert counts(three) == (N, 0)
    assert counts(three) == (0, N)


def test_the_report_is_the_same_from_the_cache(three):
    append(three / "graph" / "entities.ttl", 'ent:nobody a kg:Person ; rdfs:label "Nobody" .\n')
    first = run(three)
    second = run(three)
    assert first[0] == second[0] == 1
    assert first[1]["violations"] == second[1]["violations"]
    assert (first[1]["articles_checked"], second[1]["articles_checked"]) == (N, 0)


# --- one article, one file -----------------------------------------------------------------------


def test_validate_one_article_by_id_or_path(three):
    encoding = article_file(three, "copy_a")
    encoding.write_text(encoding.read_text(encoding="utf-8").replace(
        'kg:office "Defense Secretary"', 'kg:office 7', 1), encoding="utf-8")
    assert counts(three, "copy_b") == (1, 0)
    assert counts(three, str(article_file(three, "copy_b"))) == (0, 1)
    code, report = run(three, "copy_a")
    assert code == 1
    assert report["articles"] == 1
    assert {v["file"] for v in report["violations"]} == {"graph/articles/copy_a.ttl"}
    code, report = run(three)  # the whole graph: copies a and b from the cache
    assert code == 1 and (report["articles_checked"], report["articles_cached"]) == (N - 2, 2)


def test_validate_one_article_reports_only_its_own_problems(three):
    append(three / "graph" / "entities.ttl", 'ent:nobody a kg:Person ; rdfs:label "Nobody" .\n')
    assert run(three)[0] == 1  # ent:nobody is sourced by no article
    assert counts(three, ARTICLE) == (0, 1)


def test_validate_a_file_outside_the_root_on_its_own(three):
    assert counts(three, str(EXAMPLES / "valid" / "minimal.ttl")) == (1, 0)
    code, report = run(three, str(EXAMPLES / "invalid" / "span-text-mismatch.ttl"))
    assert code == 1
    assert {v["constraint"] for v in report["violations"]} == {"kgsh:SpanMatchesText"}


def test_an_unknown_article_is_bad_usage_with_the_count_and_a_hint(three):
    result = CliRunner().invoke(cli, ["--root", str(three), "validate", "no_such_article"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no article 'no_such_article' in graph/articles/ ({N} articles there); give an "
        f"article id such as {ARTICLE}, the path of its .ttl file, or of a Turtle file to check on "
        "its own, or run kg validate alone to check them all.\n")


def test_a_missing_file_path_is_bad_input(three):
    result = CliRunner().invoke(cli, ["--root", str(three), "validate", str(three / "nowhere.ttl")])
    assert result.exit_code == 2
    assert "no article" in result.stderr


# --- rules across files, over the store --------------------------------------------------------


def constraints(report: dict) -> set[tuple[str, str, str]]:
    return {(v["constraint"], v["focus"], v["file"]) for v in report["violations"]}


def test_an_entity_used_but_defined_nowhere(data_root):
    encoding = article_file(data_root, ARTICLE)
    text = encoding.read_text(encoding="utf-8")
    encoding.write_text(text.replace("kg:participant ent:kataib-hezbollah", "kg:participant ent:kataib-hezbolah", 1),
                        encoding="utf-8")
    code, report = run(data_root)
    assert code == 1
    found = [v for v in report["violations"] if v["constraint"] == "kgsh:DefinedSomewhere"]
    assert [(v["focus"], v["file"], v["path"]) for v in found] == [
        ("ent:kataib-hezbolah", f"graph/articles/{ARTICLE}.ttl", "kg:participant")]
    assert "defined nowhere" in found[0]["message"] and "graph/entities.ttl" in found[0]["message"]


def test_an_entity_defined_in_an_article_and_in_the_entities(data_root):
    append(article_file(data_root, ARTICLE), 'ent:iran rdfs:label "Iran" .\n')
    code, report = run(data_root)
    assert code == 1
    assert constraints(report) == {("kgsh:DefinedOnce", "ent:iran", f"graph/articles/{ARTICLE}.ttl")}
    [violation] = report["violations"]
    assert "Also defined in graph/entities.ttl (as 'Iran')" in violation["message"]


def test_one_id_defined_by_two_articles(three):
    for article in ("copy_a", "copy_b"):
        append(article_file(three, article), 'ent:newcomer a kg:Person ; rdfs:label "Newcomer" .\n')
    code, report = run(three)
    assert code == 1
    twice = {(v["focus"], v["file"]) for v in report["violations"] if v["constraint"] == "kgsh:DefinedOnce"}
    assert twice == {("ent:newcomer", "graph/articles/copy_b.ttl")}


def test_a_shared_entity_no_article_sources(data_root):
    append(data_root / "graph" / "entities.ttl", 'ent:nobody a kg:Person ; rdfs:label "Nobody" .\n')
    code, report = run(data_root)
    assert code == 1
    assert constraints(report) == {("kgsh:source", "ent:nobody", "graph/entities.ttl"),
                                   ("kgsh:evidence", "ent:nobody", "graph/entities.ttl")}


def test_a_shared_entity_sourced_by_another_article_only(three):
    """ent:hamas is sourced by copies a and b, not by the shipped article: that is enough."""
    encoding = article_file(three, ARTICLE)
    text = encoding.read_text(encoding="utf-8")
    hamas = re.search(r"^ent:hamas kg:evidence .*?\.\n", text, re.M | re.S)
    assert hamas
    encoding.write_text(text.replace(hamas.group(0), ""), encoding="utf-8")
    assert run(three)[0] == 0


def test_an_article_referring_to_another_articles_event_is_checked_with_it(three):
    """A statement of copy_b is about copy_a's event: checked with its description, as when the
    whole graph was checked at once; and when copy_a changes, copy_b is checked again."""
    append(article_file(three, "copy_b"),
           f"<{ns.ART}copy_b#st-austin-strikes> kg:about <{ns.ART}copy_a#us-strikes> .\n")
    assert counts(three) == (N, 0)
    encoding = article_file(three, "copy_a")
    encoding.write_text(encoding.read_text(encoding="utf-8").replace(
        "this:us-strikes a kg:MilitaryStrike", "this:us-strikes a kg:Thing", 1), encoding="utf-8")
    code, report = run(three)
    assert code == 1
    assert report["articles_checked"] == 2
    about = {(v["focus"], v["file"]) for v in report["violations"] if v["constraint"] == "kg:about Class"}
    assert ("art:copy_b#st-austin-strikes", "graph/articles/copy_b.ttl") in about


# --- the store after kg validate ---------------------------------------------------------------


def test_spans_that_no_longer_match_are_violations_here_and_refused_by_lookups(offsets_root):
    data_root = offsets_root
    text = data_root / "graph" / "articles" / f"{ARTICLE}.txt"
    good = text.read_text(encoding="utf-8")
    text.write_text(good.replace("Erbil, Iraq, injuring", "Erbil, Iran, injuring", 1), encoding="utf-8")
    code, report = run(data_root)
    assert code == 1 and "kgsh:SpanMatchesText" in {v["constraint"] for v in report["violations"]}
    who = CliRunner().invoke(cli, ["--root", str(data_root), "who", "KH"])
    assert who.exit_code == 2 and "no longer matches its encoding" in who.stderr
    assert run(data_root)[0] == 1
    text.write_text(good, encoding="utf-8")
    assert CliRunner().invoke(cli, ["--root", str(data_root), "who", "KH"]).exit_code == 0
    assert run(data_root)[0] == 0


# --- pySHACL on Oxigraph: plain literals in sh:in and sh:hasValue --------------------------------

PLAIN = ox.NamedNode(ns.XSD + "string")


def test_the_shipped_shapes_compare_no_plain_literal_in_sh_in_or_sh_has_value(layout):
    """pySHACL 0.40.2 fixes false sh:in / sh:hasValue violations on Oxigraph's plain literals.
    The shipped shapes meet no such case: their sh:in lists and sh:hasValue are IRIs or true."""
    store = ox.Store()
    store.extend(parse_turtle(layout.shapes, "ontology/shapes.ttl"))
    query = f"""SELECT ?v WHERE {{ {{ ?s <{ns.SH}hasValue> ?v }} UNION
                {{ ?s <{ns.SH}in>/<{ns.RDF}rest>*/<{ns.RDF}first> ?v }} }}"""
    values = [row["v"] for row in store.query(query)]
    assert values
    assert [v for v in values if isinstance(v, ox.Literal) and v.datatype == PLAIN] == []


FILES = sorted(path.name for path in (PROJECT / "graph" / "articles").glob("*.txt"))
PLAIN_SHAPES = f"""
kgsh:TextFileIn a sh:NodeShape ; sh:targetClass kg:NewsArticle ;
    sh:property [ sh:path kg:textFile ; sh:in ( {" ".join(f'"{name}"' for name in FILES)} ) ;
                  sh:message "kg:textFile is not among the known files." ] .
kgsh:TextFileHasValue a sh:NodeShape ; sh:targetClass kg:NewsArticle ;
    sh:or ( {" ".join(f'[ sh:path kg:textFile ; sh:hasValue "{name}" ]' for name in FILES)} ) ;
    sh:message "kg:textFile is not the expected file." .
"""


def test_plain_literals_in_sh_in_and_sh_has_value_match_oxigraph_data(data_root):
    """Shapes that compare plain strings: no false violation on data held by Oxigraph (which
    types them xsd:string) whatever pySHACL's version, and a real one still found."""
    append(data_root / "ontology" / "shapes.ttl", PLAIN_SHAPES)
    layout = find_layout(data_root)
    report = validate(layout)
    assert report.conforms, [(v.constraint, v.message) for v in report.violations]
    encoding = article_file(data_root, ARTICLE)
    encoding.write_text(encoding.read_text(encoding="utf-8").replace(
        f'kg:textFile "{ARTICLE}.txt"', 'kg:textFile "renamed.txt"', 1), encoding="utf-8")
    assert validate(layout).constraints() == {"kg:textFile In", "kgsh:TextFileHasValue"}


def test_pyshacl_is_left_as_it_was_after_a_check(layout):
    """The report text and generic messages pySHACL skips during our checks come back after."""
    from pyshacl import validate as shacl_validate
    from rdflib import Graph

    from newskg.validation import validate_file

    validate_file(EXAMPLES / "invalid" / "event-without-place.ttl", layout)
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .""",
                           format="turtle")
    conforms, results, text = shacl_validate(Graph(), shacl_graph=shapes)
    assert not conforms
    assert "Constraint Violation in MinCountConstraintComponent" in text
    assert "Less than 1 values on" in text
