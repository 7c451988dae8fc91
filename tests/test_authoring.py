"""Authoring without offsets: quotes anchored to offsets, and the triples a file implies.

The first article is shipped in the quote form; `tests/authoring/…offsets.ttl` is the same
encoding as it was written before, with every offset typed by hand. Both must build the same
graph.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg_cli import cli
from newskg import namespaces as ns
from newskg.authoring import compile_article
from newskg.authoring.anchor import SPAN_PROPERTIES, anchor
from newskg.authoring.shorthand import expand
from newskg.errors import InputError

from .conftest import PROJECT

ARTICLE = "000_4751dd8fe703f37b"
ART = ns.article_iri(ARTICLE)
QUOTED = PROJECT / "graph" / "articles" / f"{ARTICLE}.ttl"
OFFSETS = PROJECT / "tests" / "authoring" / f"{ARTICLE}.offsets.ttl"
PREFIXES = (f"@prefix kg: <{ns.KG}> . @prefix art: <{ns.ART}> . @prefix rdf: <{ns.RDF}> . "
            "@prefix ex: <http://example.org/> .\n")


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def parse(turtle: str) -> list[ox.Quad]:
    return list(ox.parse((PREFIXES + turtle).encode("utf-8"), format=ox.RdfFormat.TURTLE))


def spans(quads: list[ox.Quad]) -> list[tuple[int, int, str]]:
    """(start, end, exact) of every span, sorted."""
    found: dict[object, dict[str, str]] = {}
    for q in quads:
        if q.predicate.value in (ns.KG + "start", ns.KG + "end", ns.KG + "exact"):
            found.setdefault(q.subject, {})[q.predicate.value.rpartition("#")[2]] = q.object.value
    return sorted((int(s["start"]), int(s["end"]), s["exact"]) for s in found.values())


def anchored(turtle: str, text: str) -> list[ox.Quad]:
    return compile_article(parse(turtle), ART, text, "a.ttl", "a.txt", PREFIXES + turtle)


def export_nt(root: Path) -> Graph:
    result = invoke(root, "export", "--format", "nt", "-o", "-")
    assert result.exit_code == 0, result.output
    return Graph().parse(data=result.stdout, format="nt")


# --- The first article, re-expressed -------------------------------------------------------

def test_the_quote_form_builds_the_same_graph_as_the_offsets_it_replaces(data_root, tmp_path):
    with_offsets = tmp_path / "offsets"
    shutil.copytree(data_root, with_offsets)
    shutil.copy(OFFSETS, with_offsets / "graph" / "articles" / f"{ARTICLE}.ttl")
    quoted, typed = export_nt(data_root), export_nt(with_offsets)
    assert len(quoted) == len(typed) > 1500
    assert isomorphic(quoted, typed)


def test_the_quote_form_is_at_most_half_as_many_lines():
    quoted = QUOTED.read_text(encoding="utf-8").count("\n")
    typed = OFFSETS.read_text(encoding="utf-8").count("\n")
    assert quoted * 2 <= typed, (quoted, typed)


def test_the_shipped_encoding_types_no_offset():
    text = QUOTED.read_text(encoding="utf-8")
    assert "kg:start" not in text and "kg:end" not in text and "kg:inArticle" not in text


# --- Anchoring ---------------------------------------------------------------------------

def test_a_quote_is_anchored_to_its_offsets():
    text = "Rockets hit the base. Nobody was hurt."
    quads = anchored('ex:e kg:evidence "Nobody was hurt" .', text)
    assert spans(quads) == [(22, 37, "Nobody was hurt")]
    assert ox.Quad(ox.NamedNode("http://example.org/e"), ox.NamedNode(ns.KG + "source"), ox.NamedNode(ART)) in quads


def test_a_missing_quote_names_the_file_the_line_and_the_quote():
    text = "Rockets hit the base.\nNobody was hurt."
    with pytest.raises(InputError) as raised:
        anchored('ex:e a kg:Event ;\n  kg:evidence "Rockets hit the bass" .', text)
    message = str(raised.value)
    assert message.startswith("a.ttl: 1 quote cannot be anchored in a.txt:")
    assert 'line 3: "Rockets hit the bass" is not in the text' in message  # line 1 holds the prefixes
    assert "'Rockets hit the bas' at line 1, column 1, then 'e" in message  # where it parts from the text


def test_the_same_wrong_quote_on_several_lines_is_reported_on_each():
    text = "Rockets hit the base.\nNobody was hurt."
    with pytest.raises(InputError) as raised:
        anchored('ex:e a kg:Event ;\n  kg:evidence "Rockets hit the bass" .\n'
                 'ex:f kg:evidence "Rockets hit the bass" .\nex:g kg:evidence "Rockets hit the bass" .', text)
    message = str(raised.value)
    assert "3 quotes cannot be anchored" in message
    assert [int(n) for n in re.findall(r"line (\d+): \"Rockets hit the bass\"", message)] == [3, 4, 5]


def test_an_ambiguous_quote_lists_its_places_and_a_prefix_that_would_settle_it():
    text = "On Monday a drone struck.\nOn Tuesday a drone struck again."
    with pytest.raises(InputError) as raised:
        anchored('ex:e kg:evidence "a drone struck" .', text)
    message = str(raised.value)
    assert '"a drone struck" occurs 2 times in the text (line 1, column 11; line 2, column 12)' in message
    assert '[ kg:exact "a drone struck" ; kg:prefix "Monday " ]' in message


def test_a_prefix_or_a_suffix_says_which_place_is_meant():
    text = "On Monday a drone struck.\nOn Tuesday a drone struck again."
    by_prefix = anchored('ex:e kg:evidence [ kg:exact "a drone struck" ; kg:prefix "Tuesday " ] .', text)
    by_suffix = anchored('ex:e kg:evidence [ kg:exact "a drone struck" ; kg:suffix "." ] .', text)
    assert spans(by_prefix) == [(37, 51, "a drone struck")]
    assert spans(by_suffix) == [(10, 24, "a drone struck")]
    kept = {q.predicate.value for q in by_prefix}
    assert ns.KG + "prefix" not in kept and ns.KG + "suffix" not in kept  # they only steer the search


def test_offsets_count_code_points_whatever_the_script():
    text = "Talks in Zürich — 🇺🇸 and 🇮🇷 met; “a first,” said Ömer."
    quads = anchored('ex:e kg:evidence "“a first,” said Ömer" .', text)
    (start, end, exact), = spans(quads)
    assert text[start:end] == exact == "“a first,” said Ömer"
    assert start == text.index("“")


def test_a_quote_may_cross_a_line_break_and_keeps_the_texts_characters():
    text = "The strike hit three\nsites in Iraq."
    quads = anchored('ex:e kg:evidence "three sites in Iraq" .', text)
    assert spans(quads) == [(15, 34, "three\nsites in Iraq")]


def test_every_problem_in_a_file_is_reported_at_once():
    text = "a b a"
    with pytest.raises(InputError) as raised:
        anchored('ex:e kg:evidence "a" .\nex:f kg:evidence "c" .', text)
    assert "2 quotes cannot be anchored" in str(raised.value)


def test_a_quote_cannot_point_into_another_article():
    with pytest.raises(InputError, match="anchored only in this file's own article"):
        anchored('ex:e kg:evidence [ kg:exact "x" ; kg:inArticle art:other ] .', "x")


def test_spans_with_offsets_are_left_as_they_are():
    turtle = 'ex:e kg:evidence [ kg:inArticle art:%s ; kg:start 0 ; kg:end 1 ; kg:exact "x" ] .' % ARTICLE
    quads = parse(turtle)
    assert anchor(quads, ART, "xx", "a.ttl", "a.txt") == quads


def test_the_span_properties_are_those_whose_range_is_a_text_span(layout):
    ontology = list(ox.parse(layout.ontology.read_bytes(), format=ox.RdfFormat.TURTLE))
    ranged = {q.subject for q in ontology if q.predicate.value == ns.RDFS + "range"
              and q.object.value == ns.KG + "TextSpan"}
    assert ranged == set(SPAN_PROPERTIES)


# --- Triples a file implies --------------------------------------------------------------

def test_a_relation_asserts_its_triple():
    quads = expand(parse("ex:r a kg:Relation ; rdf:subject ex:a ; rdf:predicate kg:backedBy ; rdf:object ex:b ."))
    assert ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode(ns.KG + "backedBy"),
                   ox.NamedNode("http://example.org/b")) in quads


@pytest.mark.parametrize("date, datatype, unit, bounds", [
    ("2023-12-25", "date", "unitDay", ("2023-12-25", "2023-12-25")),
    ("2024-02", "gYearMonth", "unitMonth", ("2024-02-01", "2024-02-29")),
    ("2007", "gYear", "unitYear", ("2007-01-01", "2007-12-31")),
])
def test_a_date_implies_its_precision_and_bounds(date, datatype, unit, bounds):
    quads = expand(parse(f'ex:t kg:date "{date}"^^<{ns.XSD}{datatype}> .'))
    values = {q.predicate.value.rpartition("#")[2]: q.object.value for q in quads}
    assert values["unitType"] == ns.TIME + unit
    assert (values["notBefore"], values["notAfter"]) == bounds


def test_a_bound_written_out_is_kept():
    quads = expand(parse(f'ex:t kg:date "2023-12"^^<{ns.XSD}gYearMonth> ; '
                         f'kg:notAfter "2023-12-26"^^<{ns.XSD}date> .'))
    values = {q.predicate.value.rpartition("#")[2]: q.object.value for q in quads}
    assert (values["notBefore"], values["notAfter"]) == ("2023-12-01", "2023-12-26")


def test_a_date_that_is_no_date_implies_nothing():
    quads = parse(f'ex:t kg:date "2023-13"^^<{ns.XSD}gYearMonth> .')
    assert expand(quads) == quads


# --- Through the CLI -------------------------------------------------------------------------

def test_a_missing_quote_is_refused_by_every_command_with_exit_2(data_root):
    encoding = data_root / "graph" / "articles" / f"{ARTICLE}.ttl"
    source = encoding.read_text(encoding="utf-8")
    encoding.write_text(source.replace('"Erbil, Iraq"', '"Erbil, Iran"'), encoding="utf-8")
    line = next(n for n, text in enumerate(source.split("\n"), 1) if '"Erbil, Iraq"' in text)
    for command in (["who", "Kataib Hezbollah"], ["validate"]):
        result = invoke(data_root, *command)
        assert result.exit_code == 2, result.output
        assert f"graph/articles/{ARTICLE}.ttl: " in result.stderr
        assert f'line {line}: "Erbil, Iran" is not in the text' in result.stderr
        assert "Traceback" not in result.output


def test_editing_the_text_around_the_quotes_reanchors_them(data_root):
    text = data_root / "graph" / "articles" / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("The United States (US) military struck", "Extra words. The United States (US) military struck"), encoding="utf-8")
    result = invoke(data_root, "validate", ARTICLE)
    assert result.exit_code == 0, result.output
    assert "the article conforms" in result.output
