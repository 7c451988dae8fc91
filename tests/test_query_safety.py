"""`kg query` is read-only, offline, bounded and exact: each bug a hostile tester found, as a
test named after what broke, driven through the CLI as a user would."""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import deadline
from newskg import queries as q
from newskg.errors import InputError

RESULTS = "{http://www.w3.org/2005/sparql-results#}"
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 10^10 rows
SORTED_CARTESIAN = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"  # 300 MB a second
NOTHING = "SELECT ?s WHERE { ?s ?p 12345 }"


def invoke(*args: str, stdin: str | bytes | None = None, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, env=env)


@pytest.fixture
def listener():
    """A local port that records whether anything connected to it (nothing leaves the machine)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        connection = None
    server.close()
    assert connection is None, "kg query connected to the network"


# 1. ASK


def test_ask_crashed_on_pyoxigraph_query_boolean():
    true = invoke("query", "-", stdin="ASK { ?s a <https://w3id.org/newskg/ontology#DroneAttack> }")
    assert true.exit_code == 0 and true.output == "true\n"
    false = invoke("query", "-", stdin="ASK { ?s ?p 12345 }")
    assert false.exit_code == 1 and false.output == "false\n"


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
@pytest.mark.parametrize("value", [True, False])
def test_ask_is_a_w3c_boolean_result_in_every_format(fmt, value):
    text = "ASK { ?s ?p ?o }" if value else "ASK { ?s ?p 12345 }"
    result = invoke("query", "-", "--format", fmt, stdin=text)
    assert result.exit_code == (0 if value else 1)
    parsed = ox.parse_query_results(result.output, format=q.RESULT_FORMATS[fmt])
    assert isinstance(parsed, ox.QueryBoolean) and bool(parsed) is value


def test_ask_json_and_csv_are_exact():
    assert json.loads(invoke("query", "-", "--format", "json", stdin="ASK {}").stdout) == {
        "head": {}, "boolean": True}
    assert invoke("query", "-", "--format", "csv", stdin="ASK { ?s ?p 12345 }").output == "false\n"


def test_ask_with_a_graph_format_is_refused():
    result = invoke("query", "-", "--format", "turtle", stdin="ASK {}")
    assert result.exit_code == 2
    assert "--format turtle is for CONSTRUCT and DESCRIBE; an ASK answer" in result.output


# 2. Offline: SERVICE and LOAD never reach the network


@pytest.mark.parametrize("template", [
    "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT*{{SERVICE<{url}>{{?s ?p ?o}}}}",
    "SELECT * {{ ?a ?b ?c .SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ ?x ?y ?z FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
    "PREFIX s: <{url}> SELECT * {{ SERVICEs:x {{ ?s ?p ?o }} }}",
    "PREFIX : <{url}> SELECT * {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "SELECT * {{ SERVICESILENT<{url}>{{ ?s ?p ?o }} }}",
    "ASK {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    "ASK {{ ?s ?p ?o }} # a comment\nSERVICE <{url}> {{ }}",
])
def test_service_reached_the_network(listener, template):
    started = time.monotonic()
    result = invoke("query", "-", stdin=template.format(url=listener))
    assert result.exit_code == 2, result.output
    assert "kg query runs offline and does not run federated queries" in result.output
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "SELECT ?s WHERE { ?s <http://127.0.0.1:9/SERVICE> ?o }",
    "SELECT ?service WHERE { ?service ?p 12345 }",
    "SELECT ?s WHERE { ?s ?p '''a\nSERVICE <http://127.0.0.1:9/> {}''' }",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 0 # SERVICE <http://127.0.0.1:9/> {}",
])
def test_service_in_a_string_iri_comment_or_variable_is_not_a_keyword(text):
    result = invoke("query", "-", stdin=text)
    assert result.exit_code == 1 and "(0 rows)" in result.output


def test_load_ran_as_an_update_to_detect_updates(listener):
    """Regression: is_update() executed the text, so LOAD fetched (or hung on) the URL."""
    started = time.monotonic()
    result = invoke("query", "-", stdin=f"LOAD <{listener}>")
    assert result.exit_code == 2
    assert "LOAD is a SPARQL update; kg query only reads;" in result.output
    assert time.monotonic() - started < 5


# 3. Timeout and memory


@pytest.mark.parametrize("text", [CARTESIAN, "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
def test_cartesian_product_ran_without_a_timeout(text):
    started = time.monotonic()
    result = invoke("query", "-", "--timeout", "1", stdin=text)
    assert result.exit_code == 2
    assert "did not finish within 1 s and was stopped" in result.output
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 10


def test_timeout_from_the_environment():
    result = invoke("query", "-", stdin=CARTESIAN, env={"NEWSKG_QUERY_TIMEOUT": "1.5"})
    assert result.exit_code == 2 and "within 1.5 s" in result.output


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_timeout_must_be_a_positive_number_of_seconds(value):
    result = invoke("query", "counts-by-type", "--timeout", value)
    assert result.exit_code == 2 and "--timeout" in result.output


def test_runaway_query_memory_is_capped(layout):
    named = q.find_query(layout, "-", stdin=_bytes(SORTED_CARTESIAN))
    with pytest.raises(InputError, match="needed more than 300 MB of memory and was stopped"):
        q.execute(layout, named, {}, None, timeout=60, memory=300 * 2**20)


def test_an_engine_crash_is_reported_not_fatal():
    with pytest.raises(InputError, match=r"the query crashed the SPARQL engine \(SIGSEGV"):
        deadline.call(_segfault, (), seconds=10, memory=None, what="the query")


@pytest.mark.skipif(os.name != "posix", reason="resource limits are POSIX")
def test_child_is_bounded_even_if_the_parent_is_killed():
    """An orphaned child (kg killed by SIGTERM) stops on its own processor-time limit."""
    limits = deadline.call(_limits, (), seconds=2.5, memory=300 * 2**20, what="the query")
    assert limits["cpu"] == (4, 5) and limits["core"] == (0, 0)
    soft, hard = limits["memory"]
    assert soft == hard and 300 * 2**20 < soft <= 300 * 2**20 + limits["mapped"]


def test_query_runs_where_processes_are_spawned(layout, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(deadline, "_context", lambda: multiprocessing.get_context("spawn"))
    named = q.find_query(layout, "counts-by-type")
    answer = q.execute(layout, named, {}, "csv", timeout=60)
    assert answer.size > 20 and answer.document.startswith("type,label,events\r\n")


# 4. Size and nesting limits, below the parser's crash thresholds


@pytest.mark.parametrize("text, message", [
    ("SELECT * { ?s ?p ?x FILTER(" + " || ".join(f"?x = {i}" for i in range(10_000)) + ") }",
     "over 100,000 bytes"),
    ("SELECT * { ?s ?p ?x FILTER(" + "||".join(f"?x={i}" for i in range(2_000)) + ") }",
     "more than 1,500 tokens"),
    ("SELECT * " + "{ " * 10_000 + "?s ?p ?o " + "} " * 10_000, "brackets nest more than 64 deep"),
    ("SELECT * { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }", "brackets nest more than 64"),
    ("SELECT * { FILTER(" + "STR(" * 1_000 + "1" + ")" * 1_000 + ") }", "brackets nest more than 64"),
])
def test_long_chains_and_deep_nesting_crashed_the_parser(text, message):
    started = time.monotonic()
    result = invoke("query", "-", stdin=text)
    assert result.exit_code == 2 and message in result.output
    assert time.monotonic() - started < 5


def test_query_over_100_kb_is_refused():
    text = "SELECT * { ?s ?p '" + "x" * 100_000 + "' }"
    result = invoke("query", "-", stdin=text)
    assert result.exit_code == 2 and "over 100,000 bytes" in result.output


# 5. Updates are refused; there is no --allow-update


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX kg: <https://w3id.org/newskg/ontology#>\nDELETE WHERE { ?s kg:label ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL", "DROP GRAPH <http://a>", "CREATE GRAPH <http://a>", "ADD DEFAULT TO <http://a>",
    "MOVE <http://a> TO <http://b>", "COPY <http://a> TO <http://b>",
    "WITH <http://a> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "INSERTDATA{<http://a> <http://b> 1}",
])
def test_allow_update_was_a_silent_no_op(layout, update):
    before = layout.entities.read_bytes()
    result = invoke("query", "-", stdin=update)
    assert result.exit_code == 2
    assert "is a SPARQL update; kg query only reads; the graph is edited in graph/" in result.output
    assert layout.entities.read_bytes() == before


def test_allow_update_flag_is_gone():
    result = invoke("query", "-", "--allow-update", stdin="CLEAR ALL")
    assert result.exit_code == 2 and "No such option '--allow-update'" in result.output


# 6. Hostile --param values


@pytest.mark.parametrize("value, why", [
    ("<http://a b>", "invalid IRI code point ' '"),
    ("<http://a>b>", "invalid IRI code point '>'"),
    ("<foo>", "no scheme found"),
    ("<>", "no scheme found"),
    ("<http://a\nb>", "invalid IRI code point '\\n'"),
    ("http://a b", "invalid IRI code point ' '"),
    ("ent:a b", "invalid IRI code point ' '"),
    ("<http://a", "a full IRI is written <...>"),
    ("", "it is empty"),
    ("   ", "it is empty"),
    ("foo:bar", "unknown prefix foo:"),
    ("urn:isbn:1", "unknown prefix urn:"),
])
def test_hostile_iri_params_gave_tracebacks(value, why):
    result = invoke("query", "who-did-what", "-p", f"actor={value}")
    assert result.exit_code == 2, result.output
    assert "--param actor: " in result.output and f"is not a valid IRI ({why}" in result.output
    assert "write <http://...>, prefix:local (prefixes: kg, kgsh, ent, art" in result.output
    assert "Traceback" not in result.output


def test_iri_params_that_are_fine():
    for value in ("Kataib Hezbollah", "ent:kataib-hezbollah",
                  "<https://w3id.org/newskg/entity/kataib-hezbollah>",
                  "https://w3id.org/newskg/entity/kataib-hezbollah"):
        result = invoke("query", "who-did-what", "-p", f"actor={value}", "--format", "json")
        assert result.exit_code == 0, (value, result.output)
    unknown = invoke("query", "who-did-what", "-p", "actor=a=b=c")
    assert unknown.exit_code == 1 and "is called 'a=b=c'" in unknown.output


@pytest.mark.parametrize("item, message", [
    ("actor=a\x00b", "holds the control character U+0000"),
    ("actor=" + "x" * 5_000, "the value is 5,000 characters; at most 2,000"),
    ("=Iran", "write it as NAME=VALUE"),
    ("actor", "write it as NAME=VALUE"),
    ("act or=Iran", "write it as NAME=VALUE"),
    ("a=b=c", "has no parameter a"),
])
def test_hostile_param_items_are_named(item, message):
    result = invoke("query", "who-did-what", "-p", item)
    assert result.exit_code == 2 and message in result.output


def test_a_param_given_twice_is_refused():
    result = invoke("query", "backed-by", "-p", "backer=Iran", "-p", "backer=ent:iran")
    assert result.exit_code == 2 and "--param backer is given twice" in result.output


@pytest.fixture
def typed_query(tmp_path):
    path = tmp_path / "typed.rq"
    path.write_text("# param: n integer a number\n# param: day date a day\n"
                    "# param: name string a name\n"
                    "SELECT ?n ?day ?name WHERE { ?s ?p ?name }", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("item, message", [
    ("n=١٢", "'١٢' is not a whole number"),
    ("n=1.5", "not a whole number"),
    ("n=", "not a whole number"),
    ("day=20231225", "'20231225' is not a date"),
    ("day=2023-W52-1", "is not a date"),
    ("day=2023-02-30", "is not a date"),
])
def test_odd_integer_and_date_params(typed_query, item, message):
    result = invoke("query", typed_query, "-p", item)
    assert result.exit_code == 2 and message in result.output


def test_string_param_is_a_literal_never_pasted_in(typed_query):
    result = invoke("query", typed_query, "-p", "name=x\" } ; DROP ALL #", "-p", "n=+7",
                    "-p", "day=2023-12-25")
    assert result.exit_code == 1 and "(0 rows)" in result.output


# 7. An empty answer exits 1 in every format, with a valid document


def test_empty_select_exit_code_depended_on_the_format():
    codes = {fmt: invoke("query", "-", "--format", fmt, stdin=NOTHING).exit_code
             for fmt in ("table", "json", "csv", "tsv", "xml")}
    assert codes == dict.fromkeys(codes, 1)
    full = {fmt: invoke("query", "counts-by-type", "--format", fmt).exit_code
            for fmt in ("table", "json", "csv", "tsv", "xml")}
    assert full == dict.fromkeys(full, 0)


def test_empty_select_documents_are_valid():
    assert invoke("query", "-", stdin=NOTHING).output == "s\n-\n(0 rows)\n"
    output = invoke("query", "-", "--format", "json", stdin=NOTHING).output
    assert json.loads(output) == {"head": {"vars": ["s"]}, "results": {"bindings": []}}
    assert output.endswith("}\n")
    assert invoke("query", "-", "--format", "csv", stdin=NOTHING).stdout_bytes == b"s\r\n"
    assert invoke("query", "-", "--format", "tsv", stdin=NOTHING).stdout_bytes == b"?s\n"
    xml = ET.fromstring(invoke("query", "-", "--format", "xml", stdin=NOTHING).output)
    assert [v.get("name") for v in xml.iter(f"{RESULTS}variable")] == ["s"]
    assert list(xml.find(f"{RESULTS}results")) == []


@pytest.mark.parametrize("fmt, format_", [("turtle", ox.RdfFormat.TURTLE),
                                           ("ntriples", ox.RdfFormat.N_TRIPLES),
                                           ("jsonld", ox.RdfFormat.JSON_LD)])
def test_empty_construct_is_a_valid_empty_graph(fmt, format_):
    result = invoke("query", "-", "--format", fmt,
                    stdin="CONSTRUCT { ?s ?p 1 } WHERE { ?s ?p 12345 }")
    assert result.exit_code == 1
    assert list(ox.parse(result.output.encode(), format=format_)) == []


def test_select_with_no_variables_is_one_empty_row():
    result = invoke("query", "-", stdin="SELECT * {}")
    assert result.exit_code == 0 and result.output == "(1 row)\n"


def test_csv_row_count_sees_newlines_inside_quoted_values():
    data = b'o,p\r\n"x\r\ny,""z",1\r\n'
    assert q.count_solutions(data, "csv") == 1


def test_select_with_a_graph_format_is_refused():
    result = invoke("query", "counts-by-type", "--format", "ntriples")
    assert result.exit_code == 2 and "--format ntriples is for CONSTRUCT and DESCRIBE" in result.output


# 8. Query files and standard input


def test_missing_queries_folder_is_named(data_root):
    import shutil

    shutil.rmtree(data_root / "queries")
    result = invoke("--root", str(data_root), "query", "counts-by-type")
    assert result.exit_code == 2 and "queries: no such folder" in result.output and "restore it" in result.output


def test_folder_named_like_a_query_file(tmp_path):
    (tmp_path / "x.rq").mkdir()
    result = invoke("query", str(tmp_path / "x.rq"))
    assert result.exit_code == 2 and "x.rq: is a folder, not a query file" in result.output


def test_unreadable_query_file(tmp_path, monkeypatch):
    path = tmp_path / "secret.rq"
    path.write_text("SELECT * {}", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr("newskg.sources.os.open", refuse)  # chmod 0 does not stop root
    result = invoke("query", str(path))
    assert result.exit_code == 2 and "secret.rq: cannot read (permission denied)" in result.output


def test_query_file_not_utf8(tmp_path):
    path = tmp_path / "latin.rq"
    path.write_bytes(b"# title: caf\xe9\nSELECT * {}")
    result = invoke("query", str(path))
    assert result.exit_code == 2 and "latin.rq, line 1: not UTF-8" in result.output


def test_huge_query_file(tmp_path):
    path = tmp_path / "huge.rq"
    path.write_bytes(b"#" * 200_000)
    result = invoke("query", str(path))
    assert result.exit_code == 2 and "huge.rq: is over 100,000 bytes" in result.output


def test_broken_file_in_the_library_is_named(data_root):
    (data_root / "queries" / "broken.rq").write_bytes(b"\xff\xfe")
    result = invoke("--root", str(data_root), "query", "counts-by-type")
    assert result.exit_code == 2 and "broken.rq, line 1: not UTF-8" in result.output


@pytest.mark.parametrize("spec", ["no-such.rq", "sub/no-such.rq", "no-such.sparql"])
def test_missing_query_file_exits_2(spec):
    result = invoke("query", spec)
    assert result.exit_code == 2 and f"{spec}: no such query file" in result.output


@pytest.mark.parametrize("stdin, message", [
    ("", "standard input is empty"),
    ("  \n\t\n", "standard input is empty"),
    ("# only a comment\n", "standard input: holds no SPARQL query"),
    (b"SELECT * { ?s ?p '\xe9' }", "standard input, line 1: not UTF-8"),
])
def test_empty_or_unreadable_stdin(stdin, message):
    result = invoke("query", "-", stdin=stdin)
    assert result.exit_code == 2 and message in result.output


# 9. Syntax errors name line and column


def test_syntax_error_names_line_and_column():
    result = invoke("query", "-", stdin="SELECT *\nWHERE { ?s ?p }")
    assert result.exit_code == 2
    assert "standard input, line 2 column" in result.output and "SPARQL syntax error" in result.output


def _bytes(text: str):
    import io

    return io.BytesIO(text.encode("utf-8"))


def _limits() -> dict[str, tuple[int, int]]:
    import resource

    return {"cpu": resource.getrlimit(resource.RLIMIT_CPU),
            "core": resource.getrlimit(resource.RLIMIT_CORE),
            "memory": resource.getrlimit(resource.RLIMIT_AS), "mapped": deadline._mapped_bytes()}


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)
