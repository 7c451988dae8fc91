"""The on-disk store: derived from the files, refreshed per named graph, never stale.

Loads are counted (the refresh report), not timed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import namespaces as ns
from newskg.layout import find_layout
from newskg.store import LOCK, build, open_store, refresh

from .conftest import PROJECT

ARTICLE = "000_4751dd8fe703f37b"


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def clone(root: Path, new_id: str) -> None:
    """A copy of the shipped article under another id: its own named graph, same text."""
    articles = root / "graph" / "articles"
    text = (articles / f"{ARTICLE}.ttl").read_text(encoding="utf-8")
    (articles / f"{new_id}.ttl").write_text(text.replace(ARTICLE, new_id), encoding="utf-8")
    shutil.copy(articles / f"{ARTICLE}.txt", articles / f"{new_id}.txt")


def strikes(root: Path) -> int:
    result = invoke(root, "who", "Kataib Hezbollah", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    return sum(1 for row in json.loads(result.stdout)["events"] if row["event"].endswith("#us-strikes"))


def test_first_read_builds_the_store_and_the_next_reloads_nothing(data_root):
    layout = find_layout(data_root)
    first = refresh(layout)
    assert first.rebuilt and len(first.loaded) == 2 + len(layout.articles())  # ontology, entities, articles
    again = refresh(layout)
    assert (again.loaded, again.removed, again.rebuilt) == ([], [], False)
    assert (data_root / ".kg" / "manifest.json").is_file()


def test_a_changed_article_is_picked_up_by_the_next_lookup_and_only_it_is_reloaded(data_root):
    clone(data_root, "copy_a")
    layout = find_layout(data_root)
    refresh(layout)
    encoding = data_root / "graph" / "articles" / "copy_a.ttl"
    text = encoding.read_text(encoding="utf-8")
    encoding.write_text(text.replace('"US strikes on Kataib Hezbollah and Iran-backed militia sites in Iraq"',
                                     '"US strikes on Kataib Hezbollah (edited)"'), encoding="utf-8")
    report = refresh(layout)
    assert report.loaded == [ns.article_iri("copy_a")]
    output = invoke(data_root, "who", "Kataib Hezbollah").output
    assert "US strikes on Kataib Hezbollah (edited)" in output


def test_an_added_article_appears_and_a_removed_one_disappears(data_root):
    before = strikes(data_root)  # Kataib Hezbollah's rows (roles) in the strike
    assert before > 0
    clone(data_root, "copy_b")
    assert strikes(data_root) == 2 * before
    (data_root / "graph" / "articles" / "copy_b.ttl").unlink()
    (data_root / "graph" / "articles" / "copy_b.txt").unlink()
    report = refresh(find_layout(data_root))
    assert report.removed == [ns.article_iri("copy_b")]
    assert strikes(data_root) == before


def test_a_touched_file_with_the_same_content_is_not_reloaded(data_root):
    layout = find_layout(data_root)
    refresh(layout)
    path = data_root / "graph" / "entities.ttl"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert refresh(layout).loaded == []


def test_a_text_edit_reloads_its_article_and_is_refused_when_spans_no_longer_match(offsets_root):
    data_root = offsets_root
    layout = find_layout(data_root)
    refresh(layout)
    text = data_root / "graph" / "articles" / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("Erbil, Iraq", "Erbil, Iran"), encoding="utf-8")
    for _ in range(2):  # refused every time until fixed, never answered from the stale graph
        result = invoke(data_root, "who", "KH")
        assert result.exit_code == 2 and "no longer matches its encoding" in result.stderr
    text.write_text(text.read_text(encoding="utf-8").replace("Erbil, Iran", "Erbil, Iraq"), encoding="utf-8")
    assert invoke(data_root, "who", "KH").exit_code == 0


def test_a_syntax_error_in_one_article_is_named_and_the_fix_is_picked_up(data_root):
    clone(data_root, "copy_c")
    refresh(find_layout(data_root))
    encoding = data_root / "graph" / "articles" / "copy_c.ttl"
    good = encoding.read_text(encoding="utf-8")
    encoding.write_text(good + "\nthis is not turtle\n", encoding="utf-8")
    result = invoke(data_root, "stats")
    assert result.exit_code == 2 and "graph/articles/copy_c.ttl, line" in result.stderr
    encoding.write_text(good, encoding="utf-8")
    assert invoke(data_root, "stats").exit_code == 0


def test_deleting_the_store_loses_nothing(data_root):
    before = invoke(data_root, "stats", "--format", "json").stdout
    shutil.rmtree(data_root / ".kg")
    assert invoke(data_root, "stats", "--format", "json").stdout == before


def test_kg_build_rebuilds_from_scratch_and_store_can_live_elsewhere(data_root, tmp_path):
    elsewhere = tmp_path / "store-elsewhere"
    result = invoke(data_root, "--store", str(elsewhere), "build")
    assert result.exit_code == 0, result.output
    graphs = 2 + len(find_layout(data_root).articles())
    assert result.stdout.startswith(f"Built {elsewhere}: {graphs} named graphs")
    assert not (data_root / ".kg").exists()
    report = build(find_layout(data_root), str(elsewhere))
    assert report.rebuilt and len(report.loaded) == 2 + len(find_layout(data_root).articles())


def test_an_unwritable_store_folder_is_named_with_the_fix(data_root, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = invoke(data_root, "--store", str(blocker / "store"), "stats")
    assert result.exit_code == 2
    assert "cannot create the store folder" in result.stderr and "--store DIR" in result.stderr


def test_a_corrupt_manifest_means_a_rebuild_not_an_error(data_root):
    layout = find_layout(data_root)
    refresh(layout)
    (data_root / ".kg" / "manifest.json").write_text("{ not json")
    assert refresh(layout).rebuilt
    assert invoke(data_root, "who", "KH").exit_code == 0


def test_a_lookup_during_a_build_waits_for_it_and_then_answers(data_root):
    """While another process holds the store for writing, a lookup waits (and says so), then
    answers from the whole new graph."""
    command = [sys.executable, str(PROJECT / "kg_cli.py"), "--root", str(data_root)]
    assert subprocess.run([*command, "stats"], capture_output=True).returncode == 0  # the store exists
    clone(data_root, "copy_d")
    writer = subprocess.Popen(  # holds the store as `kg build` does
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); sys.stdin.read()",
         str(data_root / ".kg" / LOCK)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert writer.stdout.readline() == b"locked\n"
    lookup = subprocess.Popen([sys.executable, str(PROJECT / "kg_cli.py"), "--root", str(data_root),
                               "who", "Kataib Hezbollah", "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    assert lookup.poll() is None, "the lookup did not wait for the writer"
    writer.communicate(b"", timeout=30)  # the writer ends, its lock with it
    out, err = lookup.communicate(timeout=60)
    assert lookup.returncode == 0, err
    assert b"Waiting for another kg command to finish updating the store" in err
    assert out.count(b"copy_d#us-strikes") >= 1


def test_lookups_while_builds_run_all_answer_the_whole_graph(data_root):
    for number in range(5):
        clone(data_root, f"copy_{number}")
    command = [sys.executable, str(PROJECT / "kg_cli.py"), "--root", str(data_root)]
    assert subprocess.run([*command, "stats"], capture_output=True).returncode == 0
    builds = [subprocess.Popen([*command, "build"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for _ in range(2)]
    lookups = [subprocess.Popen([*command, "stats", "--format", "json"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE) for _ in range(4)]
    answers = set()
    for process in builds + lookups:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        if process in lookups:
            answers.add(out)
    assert len(answers) == 1  # every lookup saw the complete graph, none a half-built one


def test_the_store_is_git_ignored():
    assert ".kg/" in (PROJECT / ".gitignore").read_text().split()


@pytest.mark.parametrize("command", [("who", "KH"), ("timeline",), ("stats",), ("actor", "Iran"),
                                     ("query", "counts-by-type")])
def test_reading_commands_refresh_before_answering(data_root, command):
    clone(data_root, "copy_e")
    invoke(data_root, "stats")
    (data_root / "graph" / "articles" / "copy_e.ttl").unlink()
    (data_root / "graph" / "articles" / "copy_e.txt").unlink()
    result = invoke(data_root, *command)
    assert result.exit_code == 0, result.output
    assert "copy_e" not in result.output
    layout = find_layout(data_root)
    assert open_store(layout).graph_names() == sorted(
        [ns.ONTOLOGY_GRAPH, ns.ENTITIES_GRAPH] + [ns.article_iri(a.article_id) for a in layout.articles()])
