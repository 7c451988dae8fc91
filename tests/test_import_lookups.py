"""Lookups across kinds: kg who shows coded rows with their dataset record beside article
rows, --source keeps one kind, and graph/links.tsv puts a coded actor's events under a curated
entity (never a name match on its own)."""

from __future__ import annotations

import json

from .test_import_gdelt import invoke, row2, write


def who(root, *args):
    result = invoke(root, "who", *args, "--format", "json", "--all")
    return result, (json.loads(result.stdout)["events"] if result.exit_code == 0 else [])


def test_coded_actor_answers_with_its_record(data_root, tmp_path):
    events = write(tmp_path / "e.csv", [row2()])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    result, rows = who(data_root, "coded:actor/IRQREB/kataib-hezbollah")
    assert result.exit_code == 0, result.output
    [row] = rows
    assert row["type"] == "employ aerial weapons, not specified below" and row["role"] == "target"
    assert row["time"]["date"] == "2020-01-03" and row["time"]["precision"] == "day"
    assert row["provenance"] == {"kind": "dataset record", "dataset": "kg:gdelt2", "dataset_label": "GDELT 2.0 events",
                                 "record": "913095779", "url": "https://example.org/news/strike",
                                 "date_added": "2020-01-03T12:00:00"}
    assert row["evidence"] == []


def test_same_name_does_not_link_but_the_mapping_file_does(data_root, tmp_path):
    events = write(tmp_path / "e.csv", [row2()])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    _, before = who(data_root, "Kataib Hezbollah")
    assert before and all(r["provenance"]["kind"] == "article span" for r in before)
    (data_root / "graph" / "links.tsv").write_text(
        "# coded actor\tentity\nIRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah\n", encoding="utf-8")
    _, after = who(data_root, "Kataib Hezbollah")
    coded = [r for r in after if r["provenance"]["kind"] == "dataset record"]
    assert len(after) == len(before) + 1 and len(coded) == 1
    assert coded[0]["as_coded"]["id"] == "coded:actor/IRQREB/kataib-hezbollah"
    _, only = who(data_root, "Kataib Hezbollah", "--source", "gdelt")
    assert [r["event"] for r in only] == [coded[0]["event"]]
    _, articles = who(data_root, "Kataib Hezbollah", "--source", "articles")
    assert len(articles) == len(before)


def test_country_code_links_every_coded_actor_with_it(data_root, tmp_path):
    events = write(tmp_path / "e.csv", [row2()])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    (data_root / "graph" / "links.tsv").write_text("USA\tent:united-states\n", encoding="utf-8")
    result = invoke(data_root, "who", "United States", "--source", "gdelt")
    assert result.exit_code == 0, result.output
    assert "GDELT 2.0 events record 913095779" in result.output and "linked in graph/links.tsv" in result.output


def test_a_curated_name_is_found_without_reading_the_imported_names(data_root, tmp_path):
    from newskg.layout import find_layout
    from newskg.lookups import Graph
    from newskg.resolve import ACTORS
    from newskg.store import IMPORTS_INDEX, open_store

    events = write(tmp_path / "e.csv", [row2()])
    assert invoke(data_root, "import", "gdelt", str(events)).exit_code == 0
    layout = find_layout(data_root)
    store = open_store(layout)
    try:
        graph = Graph(store, layout)
        assert graph.resolve("Kataib Hezbollah", ACTORS)[0] == "https://w3id.org/newskg/entity/kataib-hezbollah"
        assert IMPORTS_INDEX not in store.manifest.read_parts
        coded = graph.resolve("coded:actor/IRQREB/kataib-hezbollah", ACTORS)
        assert coded == ("https://w3id.org/newskg/coded/actor/IRQREB/kataib-hezbollah", "KATAIB HEZBOLLAH")
        assert IMPORTS_INDEX in store.manifest.read_parts
    finally:
        store.close()


def test_many_linked_rows_are_dated_from_the_index_as_from_the_store(data_root, tmp_path, monkeypatch):
    """Which page `kg who` shows does not depend on where the imported events' dates come from:
    fetched per event (a few events) or read from the imported datasets' index (many)."""
    from newskg import lookups

    days = ["20200103", "20191231", "20200215", "20180704", "20200215", "20190101"]
    rows = [row2(event_id=str(913095779 + n), day=day) for n, day in enumerate(days)]
    assert invoke(data_root, "import", "gdelt", str(write(tmp_path / "e.csv", rows))).exit_code == 0
    (data_root / "graph" / "links.tsv").write_text("USA\tent:united-states\n", encoding="utf-8")
    pages = {}
    for per_fetch in (0, 10**9):  # never the index, always the index
        monkeypatch.setattr(lookups, "IMPORTED_QUADS_PER_FETCH", per_fetch)
        for args in (("--all",), ("--limit", "3"), ("--from", "2019-06-01", "--to", "2020-01-31")):
            result = invoke(data_root, "who", "United States", "--source", "gdelt", "--format", "json", *args)
            assert result.exit_code == 0, result.output
            pages.setdefault(args, []).append(json.loads(result.stdout))
    for args, (fetched, indexed) in pages.items():
        assert fetched == indexed, args
    assert [r["time"]["date"] for r in pages[("--limit", "3")][0]["events"]] == ["2020-02-15", "2020-02-15", "2020-01-03"]
    assert pages[("--limit", "3")][0]["total"] == 6
    assert [r["time"]["date"] for r in pages[("--from", "2019-06-01", "--to", "2020-01-31")][0]["events"]] == \
        ["2020-01-03", "2019-12-31"]
