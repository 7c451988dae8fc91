"""kg import sem: a SEM graph written here (events with two actors, a place, instants and an
interval, mentions) checked value by value through the CLI, unreadable IRIs, re-import,
removal, an interrupted import, the shapes on the graph, and the shared NewsReader file
(skipped without ../shared)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newskg import namespaces as ns
from newskg.importers import checks, registry, sem
from newskg.layout import find_layout
from newskg.provenance import SEM_EVENTS
from newskg.store import open_store

from .conftest import SHARED
from .test_import_gdelt import invoke, quads, values

SEM_FILE = SHARED / "data" / "newsreader-sem" / "wikinews.sem.trig.gz"
KG = ns.KG
DOC = "http://en.wikinews.org/wiki/Boeing_sells_jets_to_Ryanair"
EVENT = SEM_EVENTS + "event/en.wikinews.org/wiki/Boeing_sells_jets_to_Ryanair%23ev1"
BOEING = "coded:sem/dbpedia.org/resource/Boeing"

SAMPLE = f"""@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix gaf: <http://groundedannotationframework.org/gaf#> .
@prefix time: <http://www.w3.org/TR/owl-time#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dbp: <http://dbpedia.org/resource/> .
@prefix pb: <http://www.newsreader-project.eu/ontologies/propbank/> .
@prefix fn: <http://www.newsreader-project.eu/ontologies/framenet/> .
@prefix nwr: <http://www.newsreader-project.eu/> .
@prefix nwrontology: <http://www.newsreader-project.eu/ontologies/> .
@prefix nwrtime: <http://www.newsreader-project.eu/time/> .
@prefix doc: <{DOC}#> .

nwr:instances {{
    doc:ev1 a sem:Event , fn:Commerce_sell , nwrontology:sourceEvent ;
        rdfs:label "sell" ;
        gaf:denotedBy <{DOC}#char=120,125> , <{DOC}#char=300,304> .
    doc:ev2 a sem:Event ; rdfs:label "announce" ; gaf:denotedBy <{DOC}#char=10,19> .
    doc:ev3 a sem:Event ; rdfs:label "deliver" ; gaf:denotedBy <{DOC}#char=400,407> .
    doc:ev4 a sem:Event ; rdfs:label "rain" ; gaf:denotedBy <{DOC}#char=500,504> .
    dbp:Boeing rdfs:label "Boeing" , "the planemaker" ; gaf:denotedBy <{DOC}#char=0,6> .
    dbp:Ryanair rdfs:label "Ryanair" ; a nwrontology:ORGANIZATION .
    dbp:Seattle rdfs:label "Seattle" .
    doc:tmx1 a time:Instant ; rdfs:label "March 3 , 2009" ; time:inDateTime nwrtime:20090303 .
    nwrtime:20090303 a time:DateTimeDescription ; time:unitType time:unitDay ;
        time:year "2009"^^xsd:gYear ; time:month "--03"^^xsd:gMonth ; time:day "---03"^^xsd:gDay .
    doc:tmx2 a time:Instant ; rdfs:label "last month" ; time:inDateTime nwrtime:200902 .
    doc:tmx3 a time:Interval ; rdfs:label "this year" ;
        time:hasBeginning nwrtime:20090101 ; time:hasEnd nwrtime:20091231 .
}}

<{DOC}#pr1,rl1> {{ doc:ev1 sem:hasActor dbp:Boeing ; pb:A0 dbp:Boeing ; <http://www.newsreader-project.eu/ontologies/framenet/Commerce_sell@Seller>
    dbp:Boeing . }}
<{DOC}#pr1,rl2> {{ doc:ev1 sem:hasActor dbp:Ryanair ; pb:A2 dbp:Ryanair . }}
<{DOC}#pr1,rl3> {{ doc:ev1 sem:hasPlace dbp:Seattle ; pb:AM-LOC dbp:Seattle . }}
<{DOC}#tr1> {{ doc:ev1 sem:hasTime doc:tmx1 ; sem:hasAtTime doc:tmx1 . }}
<{DOC}#pr2,rl4> {{ doc:ev2 sem:hasActor dbp:Boeing . }}
<{DOC}#tr2> {{ doc:ev2 sem:hasAtTime doc:tmx2 . }}
<{DOC}#pr3,rl5> {{ doc:ev3 sem:hasActor dbp:Boeing . }}
<{DOC}#tr3> {{ doc:ev3 sem:hasAtTime doc:tmx1 , doc:tmx3 . }}
<{DOC}#tr4> {{ doc:ev4 sem:hasAtTime doc:tmx1 . }}
"""


def write_sem(path: Path, text: str = SAMPLE, zipped: bool = False) -> Path:
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if zipped else data)
    return path


def who(root: Path, name: str) -> dict[str, dict]:
    result = invoke(root, "who", name, "--source", "sem", "--format", "json", "--all")
    assert result.exit_code == 0, result.output
    return {row["label"]: row for row in json.loads(result.stdout)["events"]}


@pytest.fixture
def imported(data_root: Path, tmp_path: Path) -> tuple[Path, Path]:
    path = write_sem(tmp_path / "boeing.sem.trig.gz", zipped=True)
    result = invoke(data_root, "import", "sem", str(path))
    assert result.exit_code == 0, result.output
    assert "statements (0 skipped), 3 events (1 without an actor left out)" in result.output
    return data_root, path


def test_an_event_with_two_actors_a_place_an_instant_and_its_mentions(imported):
    root, _ = imported
    rows = who(root, "Boeing")
    assert sorted(rows) == ["announce", "deliver", "sell"]
    sell = rows["sell"]
    assert sell["event"] == f"<{EVENT}>" and sell["type"] == "SEM event" and sell["role"] == "involved"
    assert (sell["time"]["date"], sell["time"]["precision"]) == ("2009-03-03", "day")
    assert (sell["time"]["not_before"], sell["time"]["not_after"]) == ("2009-03-03", "2009-03-03")
    assert [p["label"] for p in sell["places"]] == ["Seattle"]
    assert [(c["label"], c["role"]) for c in sell["counterparts"]] == [("Ryanair", "involved")]
    assert sell["provenance"] == {"kind": "dataset record", "dataset": "kg:newsreaderSem",
                                  "dataset_label": "NewsReader SEM event graph", "record": f"{DOC}#ev1",
                                  "url": DOC, "date_added": None}


def test_times_keep_the_precision_the_source_gives(imported):
    root, _ = imported
    rows = who(root, "Boeing")
    month = rows["announce"]["time"]  # an instant whose time IRI (nwr:time/200902) has no description
    assert (month["date"], month["precision"], month["not_before"], month["not_after"]) == \
        ("2009-02", "month", "2009-02-01", "2009-02-28")
    both = rows["deliver"]["time"]  # a day and a year-long interval: the span that holds both, no date
    assert (both["date"], both["precision"], both["not_before"], both["not_after"]) == \
        (None, None, "2009-01-01", "2009-12-31")


def test_source_terms_are_kept_and_no_agent_or_target_is_invented(imported):
    root, path = imported
    found = quads(root, registry.graph_for("sem", path))
    boeing = ns.expand(BOEING)
    assert values(found, EVENT, ns.OWL + "sameAs") == [f"{DOC}#ev1"]
    assert values(found, EVENT, KG + "sourceType") == sorted(
        ["http://www.newsreader-project.eu/ontologies/framenet/Commerce_sell",
         "http://www.newsreader-project.eu/ontologies/sourceEvent"])
    assert values(found, EVENT + "#actor1", KG + "participant") == [boeing]
    assert values(found, EVENT + "#actor1", KG + "sourceRole") == [
        "http://www.newsreader-project.eu/ontologies/framenet/Commerce_sell@Seller",
        "http://www.newsreader-project.eu/ontologies/propbank/A0"]
    assert {q.object.value for q in found if q.predicate.value == KG + "role"} == {KG + "involved"}
    assert values(found, boeing, ns.RDFS + "label") == ["Boeing"]
    assert values(found, boeing, KG + "sourceLabel") == ["Boeing", "the planemaker"]
    assert values(found, boeing, ns.SKOS + "altLabel") == []  # a mention's words are not a name
    assert values(found, boeing, ns.OWL + "sameAs") == ["http://dbpedia.org/resource/Boeing"]
    record = EVENT + "#record"
    assert values(found, record, KG + "mention") == [f"{DOC}#char=120,125", f"{DOC}#char=300,304"]
    mention = f"{DOC}#char=300,304"
    assert (values(found, mention, KG + "charOffset"), values(found, mention, KG + "charEnd")) == (["300"], ["304"])
    assert values(found, mention, KG + "sourceUrl") == [DOC]
    assert not [q for q in found if "ev4" in q.subject.value]


DAY, MONTH, YEAR = (sem.OWL_TIME + unit for unit in ("unitDay", "unitMonth", "unitYear"))


@pytest.mark.parametrize(("values", "expected"), [
    ({"year": "2009", "month": "--02", "day": "---28", "unitType": DAY}, ("2009-02-28", "unitDay")),
    ({"year": "2009", "month": "--02", "day": "---28", "unitType": MONTH}, ("2009-02", "unitMonth")),
    ({"year": "2009", "month": "--02", "unitType": YEAR}, ("2009", "unitYear")),
    ({"year": "2009", "month": "--02", "day": "---30"}, None),  # no such day: no date rather than a wrong one
    ({"year": "0000"}, None),
    ({"year": "2009", "day": "---03"}, None),  # a day without its month says no date
])
def test_a_date_is_never_finer_than_its_description(values, expected):
    parsed = sem.Parsed()
    parsed.time_values.update({("d", key): value for key, value in values.items()})
    period = sem._date_of(parsed, "d")
    assert (period.date.value, period.unit) == expected if expected else period is None


def test_shapes_pass_on_the_graph(imported):
    root, path = imported
    found = quads(root, registry.graph_for("sem", path))
    assert checks.check(find_layout(root), found) == []


def test_unreadable_iris_are_reported_with_line_and_value_and_skipped(data_root, tmp_path):
    bad = SAMPLE.replace("dbp:Seattle rdfs:label", "<http://dbpedia.org/resource/New York> rdfs:label")
    path = write_sem(tmp_path / "odd.trig", bad)
    line = bad.splitlines().index(next(x for x in bad.splitlines() if "New York" in x)) + 1
    result = invoke(data_root, "import", "sem", str(path))
    assert result.exit_code == 0, result.output
    assert (f"odd.trig, line {line}: Invalid IRI code point ' ': '<http://dbpedia.org/resource/New York>'; "
            "skipped.") in result.output
    assert "statements (1 skipped), 3 events (1 without an actor left out)" in result.output
    assert registry.read(find_layout(data_root))[0].skipped == 1
    before = {str(q) for q in quads(data_root, registry.graph_for("sem", path))}
    strict = invoke(data_root, "import", "sem", "--strict", str(path))
    assert strict.exit_code == 2 and "nothing was imported, and an earlier import of the file is kept" in strict.stderr
    assert len(registry.read(find_layout(data_root))) == 1  # the import before is kept as it was
    assert {str(q) for q in quads(data_root, registry.graph_for("sem", path))} == before


def test_a_file_with_nothing_readable_exits_2(data_root, tmp_path):
    path = write_sem(tmp_path / "junk.trig", "this is not { TriG at all")
    result = invoke(data_root, "import", "sem", str(path))
    assert result.exit_code == 2 and "junk.trig: no statement could be read as TriG" in result.stderr
    assert "Traceback" not in result.output and registry.read(find_layout(data_root)) == []
    fake = tmp_path / "fake.trig.gz"
    fake.write_bytes(b"not gzip")
    result = invoke(data_root, "import", "sem", str(fake))
    assert result.exit_code == 2 and "not a gzip file" in result.stderr


def test_reimport_is_idempotent_and_remove_drops_it(imported):
    root, path = imported
    graph = registry.graph_for("sem", path)
    first = {str(q) for q in quads(root, graph)}
    assert invoke(root, "import", "sem", str(path)).exit_code == 0
    assert {str(q) for q in quads(root, graph)} == first
    listed = invoke(root, "import", "--list")
    assert "sem    " in listed.output and "boeing.sem.trig.gz: 3 events (0 skipped)" in listed.output
    assert invoke(root, "import", "--remove", "boeing.sem.trig.gz").exit_code == 0
    assert quads(root, graph) == [] and registry.read(find_layout(root)) == []
    gone = invoke(root, "who", "Boeing")
    assert gone.exit_code == 1 and "Boeing" in gone.stderr


def test_a_deleted_store_imports_the_sem_file_again(imported):
    root, path = imported
    import shutil

    before = {str(q) for q in quads(root, registry.graph_for("sem", path))}
    shutil.rmtree(root / ".kg")
    assert {str(q) for q in quads(root, registry.graph_for("sem", path))} == before
    assert "sell" in who(root, "Boeing")


def test_an_interrupted_import_leaves_nothing(data_root, tmp_path, monkeypatch):
    path = write_sem(tmp_path / "cut.trig")

    def stop(self, event):
        raise KeyboardInterrupt

    monkeypatch.setattr(sem.Mapper, "event", stop)
    assert invoke(data_root, "import", "sem", str(path)).exit_code == 130
    monkeypatch.undo()
    assert quads(data_root, registry.graph_for("sem", path)) == []
    assert registry.read(find_layout(data_root)) == []
    store = open_store(find_layout(data_root))
    assert registry.graph_for("sem", path) not in store.manifest.graphs
    store.close()


@pytest.mark.skipif(not SEM_FILE.is_file(), reason="../shared/data/newsreader-sem is absent")
def test_the_shared_newsreader_file_imports_whole(data_root):
    result = invoke(data_root, "import", "sem", str(SEM_FILE))
    assert result.exit_code == 0, result.output
    assert "63,600 statements (0 skipped), 2,999 events (77 without an actor left out)" in result.output
    found = quads(data_root, registry.graph_for("sem", SEM_FILE))
    mojibake = "http://dbpedia.org/resource/Bureau_d'Enqu\u221a\u2122tes_et_d'Analyses_pour_la_S\u221a\u00a9" \
               "curit\u221a\u00a9_de_l'Aviation_Civile"  # as the file writes it: UTF-8 read as Mac Roman
    assert any(q.object.value == mojibake for q in found if q.predicate.value == ns.OWL + "sameAs")
    rows = who(data_root, "United Auto Workers")
    assert rows and all(r["provenance"]["dataset"] == "kg:newsreaderSem" for r in rows.values())
    assert {r["role"] for r in rows.values()} == {"involved"}
    # the shapes, on the events of a few articles and all they point to (the whole graph takes
    # pySHACL some 15 s; it passes too)
    by_subject: dict[str, list] = {}
    for q in found:
        by_subject.setdefault(q.subject.value, []).append(q)
    todo = [s for s in by_subject if "/wiki/Boeing_" in s and "%23ev" in s and "#" not in s]
    seen: set[str] = set()
    while todo:
        subject = todo.pop()
        if subject not in seen:
            seen.add(subject)
            todo += [q.object.value for q in by_subject.get(subject, []) if q.object.value in by_subject]
    assert len(seen) > 100
    assert checks.check(find_layout(data_root), [q for s in seen for q in by_subject[s]]) == []
