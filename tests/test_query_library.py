"""The query library: every .rq parses, has a header, and declares exactly the parameters it
uses (each selected, so it can be bound as an RDF term)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from newskg.queries import library

REQUIRED = {"who-did-what", "events-by-type", "timeline", "statements", "actor-profile",
            "backed-by", "events-in-place", "causal-chain", "counts-by-type", "quantities"}


@pytest.fixture(scope="module")
def queries(layout):
    return library(layout)


def test_library_has_the_queries_users_need(queries):
    assert REQUIRED <= set(queries)


@pytest.mark.parametrize("name", sorted(REQUIRED | {"event-facts", "event-participants"}))
def test_query_parses_and_has_a_header(queries, name):
    query = queries[name]
    assert query.title and query.description
    ox.Store().query(query.text)  # raises SyntaxError if malformed


@pytest.mark.parametrize("name", sorted(REQUIRED | {"event-facts", "event-participants"}))
def test_declared_parameters_match_the_variables_used(queries, name):
    query = queries[name]
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    select = re.search(r"SELECT(.*?)WHERE", body, re.S).group(1)
    selected = set(re.findall(r"\?(\w+)", select))
    for param in query.params:
        assert f"?{param.name}" in body, f"{name}: ?{param.name} declared but not used"
        assert param.name in selected, f"{name}: ?{param.name} must be selected to be bound"
