"""kg import gdelt: rows written here (one per column family, checked value by value), bad rows,
re-import, removal, a rebuilt store, an interrupted import, the shapes on a dataset's graph, and
the shared samples (skipped without ../shared)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import namespaces as ns
from newskg.importers import checks, gdelt, registry
from newskg.layout import find_layout
from newskg.store import open_store

from .conftest import SHARED

GDELT_DIR = SHARED / "data" / "gdelt"
KG = ns.KG


def row2(event_id: str = "913095779", day: str = "20200103", code: str = "195",
         actor1=("USA", "UNITED STATES", "USA", "", "", "", "", "", "", ""),
         actor2=("IRQREB", "KATAIB HEZBOLLAH", "IRQ", "HEZ", "", "SHI", "", "REB", "", ""),
         geo=("4", "Baghdad, Baghdad, Iraq", "IZ", "IZ07", "", "33.3386", "44.3939", "-2284424"),
         figures=("-10", "12", "3", "12", "-7.25"), url="https://example.org/news/strike") -> list[str]:
    """A GDELT 2.0 event row of 61 columns."""
    cells = [event_id, day, day[:6], day[:4], "2020.0082", *actor1, *actor2, "1", code, code, code[:2], "4",
             *figures]
    empty_geo = ["0", "", "", "", "", "", "", ""]
    cells += empty_geo + empty_geo + list(geo) + ["20200103120000", url]
    assert len(cells) == 61
    return cells


def row1(with_url: bool = True) -> list[str]:
    """A GDELT 1.0 row: 57 columns, 58 with SOURCEURL."""
    cells = ["300000001", "20140218", "201402", "2014", "2014.1315",
             "IRN", "IRAN", "IRN", "", "", "", "", "", "", "", "USA", "UNITED STATES", "USA", "", "", "", "", "",
             "", "", "0", "112", "112", "11", "3", "-2", "4", "1", "4", "-3.5"]
    empty_geo = ["0", "", "", "", "", "", ""]
    cells += empty_geo + empty_geo + ["1", "Iran", "IR", "IR", "32", "53", "IR", "20140218"]
    if with_url:
        cells.append("http://example.org/1")
    return cells


def write(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def quads(root: Path, graph: str) -> list[ox.Quad]:
    store = open_store(find_layout(root))
    try:
        return list(store.raw.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
    finally:
        store.close()


def values(found: list[ox.Quad], subject: str, predicate: str) -> list[str]:
    return sorted(q.object.value for q in found if q.subject.value == subject and q.predicate.value == predicate)


def graph_of(path: Path) -> str:
    return registry.graph_for("gdelt", path)


EVENT = gdelt.GDELT + "gdelt2/event/913095779"


@pytest.fixture
def imported(data_root: Path, tmp_path: Path) -> tuple[Path, list[ox.Quad]]:
    events = write(tmp_path / "strike.export.csv", [row2()])
    result = invoke(data_root, "import", "gdelt", str(events))
    assert result.exit_code == 0, result.output
    assert "Imported" in result.output and "1 row," in result.output and "0 skipped" in result.output
    return data_root, quads(data_root, graph_of(events))


def test_event_type_and_time(imported):
    _, found = imported
    assert values(found, EVENT, ns.RDF + "type") == [ns.CAMEO + "195"]
    assert values(found, EVENT + "#time", KG + "date") == ["2020-01-03"]
    assert values(found, EVENT + "#time", ns.TIME + "unitType") == [ns.TIME + "unitDay"]
    assert values(found, EVENT + "#time", KG + "notBefore") == values(found, EVENT + "#time", KG + "notAfter")


def test_actors_with_codes_and_roles(imported):
    _, found = imported
    kh = gdelt.CODED + "actor/IRQREB/kataib-hezbollah"
    assert values(found, EVENT + "#actor1", KG + "role") == [KG + "agent"]
    assert values(found, EVENT + "#actor2", KG + "role") == [KG + "target"]
    assert values(found, EVENT + "#actor2", KG + "participant") == [kh]
    assert values(found, kh, ns.RDFS + "label") == ["KATAIB HEZBOLLAH"]
    assert values(found, kh, KG + "actorCode") == ["IRQREB"]
    assert values(found, kh, KG + "countryCode") == ["IRQ"]
    assert values(found, kh, KG + "knownGroupCode") == ["HEZ"]
    assert values(found, kh, KG + "religionCode") == ["SHI"]
    assert values(found, kh, KG + "actorTypeCode") == ["REB"]
    assert values(found, kh, ns.RDF + "type") == [KG + "CodedActor"]


def test_place_with_fips_converted_to_iso(imported):
    _, found = imported
    place = gdelt.CODED + "place/-2284424"
    assert values(found, EVENT, KG + "place") == [place]
    assert values(found, place, ns.RDFS + "label") == ["Baghdad, Baghdad, Iraq"]
    assert values(found, place, KG + "countryCode") == ["IQ"]  # FIPS IZ
    assert values(found, place, KG + "adm1Code") == ["IZ07"]
    assert values(found, place, ns.GEO + "lat") == ["33.3386"]
    assert values(found, place, ns.GEO + "long") == ["44.3939"]
    assert values(found, place, KG + "placePrecision") == [KG + "cityPrecision"]


def test_source_record_and_figures(imported):
    _, found = imported
    record = EVENT + "#record"
    assert values(found, EVENT, KG + "sourceRecord") == [record]
    assert values(found, record, KG + "dataset") == [KG + "gdelt2"]
    assert values(found, record, KG + "recordId") == ["913095779"]
    assert values(found, record, KG + "sourceUrl") == ["https://example.org/news/strike"]
    assert values(found, record, KG + "dateAdded") == ["2020-01-03T12:00:00"]
    assert values(found, record, KG + "goldsteinScale") == ["-10"]
    assert values(found, record, KG + "numMentions") == ["12"]
    assert values(found, record, KG + "numSources") == ["3"]
    assert values(found, record, KG + "numArticles") == ["12"]
    assert values(found, record, KG + "avgTone") == ["-7.25"]


def test_gdelt1_rows_of_57_and_58_columns(data_root, tmp_path):
    events = write(tmp_path / "20140218.export.CSV", [row1(True), row1(False)])
    result = invoke(data_root, "import", "gdelt", str(events))
    assert result.exit_code == 0, result.output
    found = quads(data_root, graph_of(events))
    event = gdelt.GDELT + "gdelt1/event/300000001"
    assert values(found, event, ns.RDF + "type") == [ns.CAMEO + "112"]
    assert values(found, event + "#record", KG + "dataset") == [KG + "gdelt1"]
    assert values(found, event + "#record", KG + "dateAdded") == ["2014-02-18"]
    assert values(found, gdelt.CODED + "place/IR", KG + "countryCode") == ["IR"]
    assert values(found, gdelt.CODED + "place/IR", KG + "placePrecision") == [KG + "countryPrecision"]


def test_zipped_file(data_root, tmp_path):
    plain = write(tmp_path / "inner.CSV", [row2()])
    zipped = tmp_path / "20200103.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(plain, "20200103.export.CSV")
    assert invoke(data_root, "import", "gdelt", str(zipped)).exit_code == 0
    assert values(quads(data_root, graph_of(zipped)), EVENT, ns.RDF + "type") == [ns.CAMEO + "195"]


def test_bad_rows_are_reported_with_file_and_line_and_skipped(data_root, tmp_path):
    events = write(tmp_path / "mixed.csv", [row2("1"), row2("2")[:40], row2("3", day="20201341"),
                                            row2("4", figures=("x", "1", "1", "1", "0")), row2("5")])
    result = invoke(data_root, "import", "gdelt", str(events))
    assert result.exit_code == 0, result.output
    assert "mixed.csv, line 2: 40 columns; a GDELT 1.0 row has 57 or 58, a 2.0 row 61; skipped." in result.output
    assert "mixed.csv, line 3: SQLDATE '20201341' is not a date (YYYYMMDD); skipped." in result.output
    assert "mixed.csv, line 4: GoldsteinScale 'x' is not a number; skipped." in result.output
    assert "2 rows" in result.output and "3 skipped" in result.output
    listed = registry.read(find_layout(data_root))
    assert (listed[0].rows, listed[0].skipped) == (2, 3)


def test_strict_stops_at_the_first_bad_row_and_imports_nothing(data_root, tmp_path):
    events = write(tmp_path / "bad.csv", [row2("1"), row2("2", day="2020")])
    result = invoke(data_root, "import", "gdelt", "--strict", str(events))
    assert result.exit_code == 2
    assert "bad.csv, line 2: SQLDATE '2020' is not a date" in result.output
    assert quads(data_root, graph_of(events)) == []
    assert registry.read(find_layout(data_root)) == []


def test_a_strict_reimport_that_fails_keeps_the_earlier_import(data_root, tmp_path):
    events = write(tmp_path / "later.csv", [row2("1"), row2("2")])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    before = {str(q) for q in quads(data_root, graph_of(events))}
    write(events, [row2("1"), row2("3"), row2("4", day="2020")])  # the file changed, and has a bad row now
    result = invoke(data_root, "import", "gdelt", "--strict", str(events))
    assert result.exit_code == 2
    assert "later.csv, line 3: SQLDATE '2020' is not a date" in result.output
    assert "an earlier import of the file is kept" in result.output
    assert {str(q) for q in quads(data_root, graph_of(events))} == before
    listed = registry.read(find_layout(data_root))
    assert [(e.file.rsplit("/", 1)[-1], e.rows) for e in listed] == [("later.csv", 2)]


def test_reimport_replaces_the_graph(data_root, tmp_path):
    events = write(tmp_path / "again.csv", [row2("1"), row2("2")])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    first = len(quads(data_root, graph_of(events)))
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    assert len(quads(data_root, graph_of(events))) == first
    write(events, [row2("1")])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    assert len(quads(data_root, graph_of(events))) < first
    assert len(registry.read(find_layout(data_root))) == 1


def test_list_and_remove(imported):
    root, _ = imported
    listed = invoke(root, "import", "--list")
    assert listed.exit_code == 0 and "strike.export.csv" in listed.output and "1 row (0 skipped)" in listed.output
    removed = invoke(root, "import", "--remove", "strike.export.csv")
    assert removed.exit_code == 0, removed.output
    assert invoke(root, "import", "--list").exit_code == 1
    assert not (root / "graph" / "imports.json").exists()
    assert invoke(root, "import", "--remove", "nothing.csv").exit_code == 2


def test_a_deleted_store_imports_the_listed_files_again(imported):
    root, found = imported
    import shutil

    shutil.rmtree(root / ".kg")
    graph = registry.read(find_layout(root))[0].graph
    assert len(quads(root, graph)) == len(found)


def test_an_interrupted_import_leaves_nothing(data_root, tmp_path, monkeypatch):
    events = write(tmp_path / "cut.csv", [row2(str(n)) for n in range(1, 5000)])
    original = gdelt.Rows.event
    calls = {"n": 0}

    def stop_midway(self, cells):
        calls["n"] += 1
        if calls["n"] == 4000:
            raise KeyboardInterrupt
        return original(self, cells)

    monkeypatch.setattr(gdelt.Rows, "event", stop_midway)
    result = invoke(data_root, "import", "gdelt", str(events))
    assert result.exit_code == 130
    monkeypatch.undo()
    assert quads(data_root, graph_of(events)) == []
    assert registry.read(find_layout(data_root)) == []
    store = open_store(find_layout(data_root))
    assert graph_of(events) not in store.manifest.graphs
    store.close()


def test_a_killed_import_is_dropped_by_the_next_command(imported):
    root, _ = imported
    layout = find_layout(root)
    manifest_path = root / ".kg" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    graph = registry.read(layout)[0].graph
    manifest["graphs"][graph]["import"]["state"] = "loading"  # as a kill -9 mid-import leaves it
    manifest_path.write_text(json.dumps(manifest))
    store = open_store(layout)  # dropped and imported again from the listed file
    assert store.manifest.graphs[graph]["import"]["state"] == "done"
    store.close()


def test_mentions_file_must_go_with_one_events_file(data_root, tmp_path):
    events = write(tmp_path / "e.csv", [row2()])
    result = invoke(data_root, "import", "gdelt", str(events), str(events), "--mentions", str(events))
    assert result.exit_code == 2 and "--mentions goes with one GDELT 2.0 events file" in result.output


def test_shapes_accept_a_source_record_and_check_the_rest(imported):
    root, found = imported
    layout = find_layout(root)
    assert checks.check(layout, found) == []
    without = [q for q in found if q.predicate.value not in (KG + "sourceRecord", KG + "recordId")]
    problems = {(r.constraint, r.focus.value) for r in checks.check(layout, without)}
    assert ("kgsh:sourceRecord", EVENT) in problems
    assert ("kg:recordId MinCount", EVENT + "#record") in problems
    no_role = [q for q in found if not (q.subject.value == EVENT + "#actor1" and q.predicate.value == KG + "role")]
    assert any(r.focus.value == EVENT + "#actor1" for r in checks.check(layout, no_role))


# --- the shared samples ----------------------------------------------------------------------

needs_shared = pytest.mark.skipif(not GDELT_DIR.is_dir(), reason="../shared/data/gdelt is absent")


@needs_shared
def test_shared_samples_import_completely(data_root):
    result = invoke(data_root, "import", "gdelt", str(GDELT_DIR / "events.csv"), "--mentions",
                    str(GDELT_DIR / "mentions.csv"))
    assert result.exit_code == 0, result.output
    assert "100 rows, 52 mentions, 0 skipped" in result.output
    for name in ("events1.csv", "eventsT.csv"):
        result = invoke(data_root, "import", "gdelt", str(GDELT_DIR / name))
        assert result.exit_code == 0 and "100 rows, 0 skipped" in result.output, result.output
    layout = find_layout(data_root)
    raw = [line.split("\t") for line in (GDELT_DIR / "events.csv").read_text(encoding="utf-8").splitlines()]
    found = quads(data_root, registry.graph_for("gdelt", GDELT_DIR / "events.csv"))
    fips = gdelt._fips()
    for cells in raw:
        event = gdelt.GDELT + "gdelt2/event/" + cells[0]
        record = event + "#record"
        day = f"{cells[1][:4]}-{cells[1][4:6]}-{cells[1][6:]}"
        assert values(found, event + "#time", KG + "date") == [day]
        assert values(found, event, ns.RDF + "type")[0].rpartition("/")[2] in (cells[26], cells[27], cells[28])
        assert float(values(found, record, KG + "goldsteinScale")[0]) == float(cells[30])
        assert [int(values(found, record, KG + p)[0]) for p in ("numMentions", "numSources", "numArticles")] == \
            [int(cells[31]), int(cells[32]), int(cells[33])]
        assert float(values(found, record, KG + "avgTone")[0]) == float(cells[34])
        assert values(found, record, KG + "sourceUrl") == [cells[60]]
        for index, start in ((1, 5), (2, 15)):
            participant = values(found, f"{event}#actor{index}", KG + "participant")
            if cells[start] or cells[start + 1]:
                assert values(found, participant[0], ns.RDFS + "label") == [cells[start + 1] or cells[start]]
                assert values(found, participant[0], KG + "actorCode") == ([cells[start]] if cells[start] else [])
            else:
                assert participant == []
        if cells[51] not in ("", "0"):
            place = values(found, event, KG + "place")[0]
            assert values(found, place, ns.RDFS + "label") == [cells[52]]
            assert values(found, place, KG + "countryCode") == ([fips[cells[53]]] if cells[53] in fips else [])
    mentions = [q for q in found if q.predicate.value == KG + "mention"]
    assert len(mentions) == 52
    assert checks.check(layout, found) == []


def test_a_file_named_zip_that_is_not_one_is_refused(data_root, tmp_path):
    fake = tmp_path / "events.zip"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    result = invoke(data_root, "import", "gdelt", str(fake))
    assert result.exit_code == 2
    assert "not a zip archive" in result.stderr and "Traceback" not in result.output


def test_a_file_with_no_usable_row_exits_1_and_says_so(data_root, tmp_path):
    bad = tmp_path / "events.csv"
    bad.write_text("a\tb\tc\n", encoding="utf-8")
    result = invoke(data_root, "import", "gdelt", str(bad))
    assert result.exit_code == 1
    assert "line 1: 3 columns" in result.stderr
    assert "no row of" in result.stderr and "kg import --remove FILE" in result.stderr


def test_validate_counts_the_triples_it_checked_not_the_imported_ones(data_root, tmp_path):
    before = invoke(data_root, "validate")
    assert before.exit_code == 0, before.output
    counted = re.search(r"Validated (\d+) triples", before.output).group(1)
    events = write(tmp_path / "many.csv", [row2(str(n)) for n in range(1, 6)])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    after = invoke(data_root, "validate")
    assert after.exit_code == 0, after.output
    assert f"Validated {counted} triples" in after.output
