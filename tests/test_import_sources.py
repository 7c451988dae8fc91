"""Every lookup across kinds of source: kg timeline, kg actor, kg stats, kg analyze and kg export
cover imported GDELT rows beside the articles, each row, node and edge saying its provenance,
and --source keeps one kind. Two rows written here, imported once into a copy of the shipped
graph (the commands only read it)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree

from newskg.importers import gdelt
from newskg.layout import find_layout
from newskg.store import open_store

from .conftest import PROJECT
from .test_import_gdelt import invoke, row2, write
from .test_export import RNG

STRIKE = "913095779"  # USA -> KATAIB HEZBOLLAH, 2020-01-03, CAMEO 195
VISIT = "913095780"  # IRAN -> IRAQ, 2020-01-05, CAMEO 042
CODED_KH = "coded:actor/IRQREB/kataib-hezbollah"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped graph with two GDELT rows imported and the coded Kataib Hezbollah linked."""
    folder = tmp_path_factory.mktemp("sources")
    root = folder / "root"
    for name in ("ontology", "graph", "queries"):
        shutil.copytree(PROJECT / name, root / name)
    visit = row2(VISIT, "20200105", "042", actor1=("IRN", "IRAN", "IRN", "", "", "", "", "", "", ""),
                 actor2=("IRQ", "IRAQ", "IRQ", "", "", "", "", "", "", ""), url="https://example.org/news/visit")
    events = write(folder / "two.export.csv", [row2(), visit])
    result = invoke(root, "import", "gdelt", str(events))
    assert result.exit_code == 0, result.output
    (root / "graph" / "links.tsv").write_text("IRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah\n", encoding="utf-8")
    return root


def as_json(root: Path, *args: str):
    result = invoke(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def coded(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["provenance"]["kind"] == "dataset record"]


def test_imported_events_are_in_the_store_index(root):
    store = open_store(find_layout(root))
    try:
        bounds = {iri: (nb, na) for iri, nb, na in store.events()}
    finally:
        store.close()
    assert bounds[f"{gdelt.GDELT}gdelt2/event/{STRIKE}"] == ("2020-01-03", "2020-01-03")
    assert bounds[f"{gdelt.GDELT}gdelt2/event/{VISIT}"] == ("2020-01-05", "2020-01-05")


def test_timeline_lists_coded_rows_beside_the_articles_with_their_record(root):
    rows = as_json(root, "timeline", "--all")
    records = coded(rows)
    assert [r["provenance"]["record"] for r in records] == [VISIT, STRIKE]  # most recent first
    assert records[1]["provenance"] == {
        "kind": "dataset record", "dataset": "kg:gdelt2", "dataset_label": "GDELT 2.0 events",
        "record": STRIKE, "url": "https://example.org/news/strike", "date_added": "2020-01-03T12:00:00"}
    assert records[1]["article"] is None and records[1]["time"]["date"] == "2020-01-03"
    articles = [r for r in rows if r not in records]
    assert articles and all(r["provenance"] == {"kind": "article span", "article": r["article"]}
                            and r["article"].startswith("art:") for r in articles)
    between = as_json(root, "timeline", "--from", "2020-01-04", "--to", "2020-01-05", "--all")
    assert [r["provenance"]["record"] for r in coded(between)] == [VISIT]


def test_timeline_source_keeps_one_kind(root):
    everything = as_json(root, "timeline", "--all")
    only = as_json(root, "timeline", "--all", "--source", "gdelt")
    assert [r["event"] for r in only] == [r["event"] for r in coded(everything)]
    articles = as_json(root, "timeline", "--all", "--source", "articles")
    assert not coded(articles) and len(articles) == len(everything) - 2
    table = invoke(root, "timeline", "--source", "gdelt")
    assert table.exit_code == 0
    words = " ".join(table.output.split())  # the card wraps long lines
    assert (f"source: GDELT 2.0 events record {STRIKE}, added 2020-01-03T12:00:00, "
            "https://example.org/news/strike (coded, no text span)") in words


def test_timeline_of_a_kind_not_imported_finds_nothing(root):
    result = invoke(root, "timeline", "--source", "sem")
    assert result.exit_code == 1
    assert "no event from sem in the graph" in result.output


def test_actor_lists_a_linked_coded_actors_events_marked_as_coded(root):
    profile = as_json(root, "actor", "Kataib Hezbollah", "--all")
    [strike] = coded(profile["events"])
    assert strike["provenance"]["record"] == STRIKE
    assert strike["as_coded"] == {"id": CODED_KH, "label": "KATAIB HEZBOLLAH"}
    assert len(profile["events"]) > 1 and all(e["as_coded"] is None for e in profile["events"] if e is not strike)
    table = invoke(root, "actor", "Kataib Hezbollah", "--all")
    assert f"[coded: GDELT 2.0 events record {STRIKE}, coded as KATAIB HEZBOLLAH]" in table.output
    assert "[art:000_4751dd8fe703f37b]" in table.output


def test_actor_source_keeps_one_kind_and_links_only_through_the_file(root):
    gdelt_only = as_json(root, "actor", "Kataib Hezbollah", "--source", "gdelt")
    assert [e["provenance"]["record"] for e in gdelt_only["events"]] == [STRIKE]
    assert gdelt_only["relations"] == [] and gdelt_only["statements"] == []
    articles = as_json(root, "actor", "Kataib Hezbollah", "--source", "articles")
    assert articles["events"] and not coded(articles["events"]) and articles["relations"]
    united_states = as_json(root, "actor", "United States", "--all")  # USA is not linked
    assert united_states["events"] and not coded(united_states["events"])


def test_stats_counts_by_kind_of_source(root):
    stats = as_json(root, "stats")
    sources = {s["source"]: s for s in stats["sources"]}
    assert sources["gdelt"]["files"] == 1 and sources["gdelt"]["events"] == 2
    assert sources["articles"]["files"] == len(stats["articles"])
    assert sources["articles"]["events"] + 2 == stats["classes"]["Event"]
    assert sum(s["triples"] for s in sources.values()) < stats["triples"]  # the ontology is neither
    only = as_json(root, "stats", "--source", "gdelt")
    assert only["articles"] == [] and [s["source"] for s in only["sources"]] == ["gdelt"]
    assert only["classes"]["Event"] == sum(only["event_types"].values()) == 2
    assert only["classes"]["Actor"] == 4 and only["classes"]["TextSpan"] == 0
    assert only["triples"] == sources["gdelt"]["triples"]
    articles = as_json(root, "stats", "--source", "articles")
    assert articles["classes"]["Event"] == sources["articles"]["events"]
    missing = invoke(root, "stats", "--source", "sem")
    assert missing.exit_code == 1 and "no sem file is imported" in missing.output


def test_analyze_ties_coded_actors_and_says_each_ties_source(root):
    result = as_json(root, "analyze")
    tie = next(e for e in result["edges"] if e["source"] == "UNITED STATES" and e["target"] == "KATAIB HEZBOLLAH")
    assert tie["kind"] == "hostile" and tie["provenance"] == "gdelt"
    assert {e["provenance"] for e in result["edges"]} == {"articles", "gdelt"}
    kh = next(a for a in result["actors"] if a["id"] == "ent:kataib-hezbollah")
    assert kh["provenance"] == "articles"  # the coded actor is its own node: links.tsv is for lookups
    only = as_json(root, "analyze", "--source", "gdelt")
    assert {a["id"] for a in only["actors"]} == {CODED_KH, "coded:actor/USA/united-states",
                                                   "coded:actor/IRN/iran", "coded:actor/IRQ/iraq"}
    assert {e["provenance"] for e in only["edges"]} == {"gdelt"}
    articles = as_json(root, "analyze", "--source", "articles")
    assert not [a for a in articles["actors"] if a["id"].startswith("coded:")]
    assert len(articles["actors"]) + 4 == len(result["actors"])


def gexf(root: Path, folder: Path, *args: str) -> etree._ElementTree:
    path = folder / "kg.gexf"
    result = invoke(root, "export", "--format", "gexf", "-o", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    return etree.parse(str(path))


def provenance_values(tree: etree._ElementTree, what: str) -> dict[str, str]:
    """Each node's (or edge's) provenance attvalue, by id, through the declared attribute id."""
    space = {"g": "http://gexf.net/1.3"}
    [declared] = tree.xpath(f"//g:attributes[@class='{what}']/g:attribute[@title='provenance']", namespaces=space)
    assert declared.get("type") == "string"
    return {element.get("id"): element.xpath(f"g:attvalues/g:attvalue[@for='{declared.get('id')}']/@value",
                                             namespaces=space)[0]
            for element in tree.xpath(f"//g:{what}s/g:{what}", namespaces=space)}


def test_gexf_declares_provenance_on_nodes_and_edges(root, tmp_path):
    tree = gexf(root, tmp_path)
    nodes, edges = provenance_values(tree, "node"), provenance_values(tree, "edge")
    assert nodes[f"gdelt:gdelt2/event/{STRIKE}"] == "gdelt"
    assert nodes[CODED_KH] == "gdelt" and nodes["ent:kataib-hezbollah"] == "articles"
    assert set(edges.values()) == {"articles", "gdelt"}
    only = gexf(root, tmp_path, "--source", "gdelt")
    assert set(provenance_values(only, "node").values()) == {"gdelt"}


@pytest.mark.skipif(not RNG.is_file(), reason="../shared/data/gexf-1.3 is not beside the project")
@pytest.mark.parametrize("source", ["all", "gdelt"])
def test_gexf_with_imported_rows_validates_against_the_schema(root, tmp_path, source):
    tree = gexf(root, tmp_path, "--source", source)
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert schema.validate(tree), schema.error_log


def test_csv_and_graphml_carry_provenance(root, tmp_path):
    folder = tmp_path / "csv"
    assert invoke(root, "export", "--format", "csv", "--view", "actors", "--source", "gdelt",
                  "-o", str(folder)).exit_code == 0
    with open(folder / "edges.csv", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert edges and {e["provenance"] for e in edges} == {"gdelt"}
    graphml = tmp_path / "kg.graphml"
    assert invoke(root, "export", "--format", "graphml", "-o", str(graphml)).exit_code == 0
    keys = etree.parse(str(graphml)).xpath("//g:key[@attr.name='provenance']/@for",
                                           namespaces={"g": "http://graphml.graphdrawing.org/xmlns"})
    assert sorted(keys) == ["edge", "node"]


def test_rdf_export_of_one_source_keeps_its_named_graphs(root, tmp_path):
    result = invoke(root, "export", "--format", "nt", "--source", "gdelt", "-o", "-")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("<https://w3id.org/newskg/gdelt/", "<https://w3id.org/newskg/coded/"))
                         for line in lines)


def test_compact_events_index_reads_back_what_was_written():
    from newskg.store import compact_events

    rows = [["https://w3id.org/newskg/gdelt/gdelt2/event/1", "2020-01-03", "2020-01-03"],
            ["https://w3id.org/newskg/gdelt/gdelt2/event/2", "2020-01-03", "2020-01-03"],
            ["https://w3id.org/newskg/gdelt/gdelt1/event/3", None, "2020-01-04"],
            ["https://w3id.org/newskg/gdelt/gdelt1/event/4", None, None]]
    compact = compact_events(rows)
    assert compact["prefix"] == "https://w3id.org/newskg/gdelt/"
    entry = {"import": {"state": "done"}, "events": json.loads(json.dumps(compact))}

    class Manifest:
        graphs = {"g": entry}

        def load_index(self, imported: bool = True) -> None:
            pass

    from newskg.store import KgStore

    store = KgStore.__new__(KgStore)
    store.manifest = Manifest()
    assert sorted(map(list, store.events())) == sorted(rows)
    assert list(store.events(imported=False)) == []
