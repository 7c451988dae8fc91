"""The checks on a query's text: tokens, the crash thresholds of the SPARQL parser, keywords."""

from __future__ import annotations

import pytest

from newskg.errors import InputError
from newskg.queries import library
from newskg.query_guard import MAX_DEPTH, MAX_TOKENS, check, tokens

P = "<http://x/p>"

# The smallest size at which each shape crashed pyoxigraph 0.5 (signal 11, 8 MB stack),
# measured one subprocess per size; the guard must refuse every one of them.
CRASHES = {
    "nested groups": (2_250, lambda n: "SELECT * " + "{ " * n + "?s ?p ?o " + "} " * n),
    "nested parentheses": (4_750, lambda n: "SELECT * { FILTER(" + "(" * n + "1" + ")" * n + ") }"),
    "nested calls": (956, lambda n: "SELECT * { FILTER(" + "STR(" * n + "1" + ")" * n + ") }"),
    "nested EXISTS": (846, lambda n: "SELECT * { ?s ?p ?o " + "FILTER EXISTS { ?s ?p ?o " * n
                      + "}" * n + " }"),
    "nested subqueries": (2_625, lambda n: "SELECT * " + "{ SELECT * " * n + "{ ?s ?p ?o }" + " }" * n),
    "MINUS in a row": (2_625, lambda n: "SELECT * { ?s ?p ?o " + "MINUS { ?s ?p 1 } " * n + "}"),
    "BIND in a row": (2_625, lambda n: "SELECT * { ?s ?p ?o "
                      + " ".join(f"BIND(1 AS ?b{i})" for i in range(n)) + " }"),
    "UNION chain": (6_718, lambda n: "SELECT * { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }"),
    "|| chain": (9_437, lambda n: "SELECT * { ?s ?p ?x FILTER(" + "||".join(["?x"] * n) + ") }"),
    "+ chain": (6_937, lambda n: "SELECT * { ?s ?p ?x FILTER(" + "+".join(["?x"] * n) + "=0) }"),
    "! chain": (9_562, lambda n: "SELECT * { ?s ?p ?x FILTER(" + "!" * n + "?x) }"),
    "path alternatives": (10_937, lambda n: "SELECT * { ?s " + "|".join([P] * n) + " ?o }"),
}


@pytest.mark.parametrize("shape", sorted(CRASHES))
def test_guard_refuses_every_shape_well_before_it_crashes_the_parser(shape):
    crash, make = CRASHES[shape]
    with pytest.raises(InputError, match="crash the SPARQL parser|over 100,000 bytes"):
        check(make(crash // 5), "q")


def test_shipped_queries_pass_with_room_to_spare(layout):
    for name, query in library(layout).items():
        check(query.text, name)
        found = list(tokens(query.text))
        assert len(found) < MAX_TOKENS / 3, name


def test_strings_iris_comments_are_single_tokens():
    text = "SELECT ?s # SERVICE {\nWHERE { ?s <http://x/a{b> '''x\n} y''' }"
    kinds = [(t.kind, t.text) for t in tokens(text)]
    assert ("iri", "<http://x/a{b>") not in kinds  # `{` may not occur in an IRI
    assert ("string", "'''x\n} y'''") in kinds
    assert [t.text for t in tokens(text) if t.kind == "symbol"].count("{") == 2


def test_token_positions_are_line_and_column():
    second = [t for t in tokens("SELECT *\n  WHERE { }") if t.text == "WHERE"][0]
    assert (second.line, second.column) == (2, 3)


def test_nesting_counts_open_brackets_only_outside_strings():
    deep = "SELECT * { ?s ?p '" + "{" * 500 + "' }"
    check(deep, "q")
    too_deep = "SELECT * " + "{" * (MAX_DEPTH + 1) + "}" * (MAX_DEPTH + 1)
    with pytest.raises(InputError, match="line 1 column 74: brackets nest more than 64 deep"):
        check(too_deep, "q")
