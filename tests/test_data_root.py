"""A broken data root gets `Error: FILE: what; fix`, exit 2, never a traceback, from both loaders
(`kg validate` and the lookups read through the same store), and no file changes."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg.sources import MAX_BYTES

PROJECT = Path(__file__).resolve().parent.parent
ARTICLE = "000_4751dd8fe703f37b"


def _shipped_triples() -> int:
    """What `kg stats` counts for the shipped graph, counted here rather than typed in."""
    from newskg.layout import find_layout
    from newskg.store import open_store

    return len(open_store(find_layout(PROJECT)))


SHIPPED = _shipped_triples()
SHIPPED_TRIPLES = f"{SHIPPED} triples"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def snapshot(root: Path) -> dict[str, str]:
    """Every regular file under root and a digest of its bytes."""
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".kg"]  # the store: derived from the files, ours to write
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def refused(root: Path, *commands: str) -> str:
    """Run each command on root: all must exit 2 with one and the same message and no
    traceback, and leave every file as it was. Returns the message."""
    before = snapshot(root)
    messages = set()
    for command in commands:
        result = invoke("--root", str(root), *command.split())
        assert result.exit_code == 2, (command, result.output)
        assert "Traceback" not in result.output and "RecursionError" not in result.output
        assert result.stdout == ""
        messages.add(result.stderr)
    assert len(messages) == 1, messages
    assert snapshot(root) == before
    message = messages.pop()
    assert message.startswith("Error: ") and message.count("\n") == 1
    return message


BOTH_LOADERS = ("validate", "stats", "who KH")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


@pytest.mark.parametrize("relative, commands", [
    ("ontology/newskg.ttl", BOTH_LOADERS),
    ("graph/entities.ttl", BOTH_LOADERS),
    ("ontology/shapes.ttl", ("validate",)),
])
def test_missing_source_file_names_it_and_the_fix(data_root, relative, commands):
    (data_root / relative).unlink()
    message = refused(data_root, *commands)
    assert message == f"Error: {relative}: not found; restore it, or pass --root DIR to a complete data root.\n"


@pytest.mark.parametrize("make, what", [
    (lambda p: p.mkdir(), "a folder, not a file; replace it with the file."),
    (lambda p: p.symlink_to(p.name), "a symbolic link loop; replace it with the file."),
    (lambda p: p.symlink_to("gone.ttl"),
     "a symbolic link to gone.ttl, which does not exist; point it at the file or replace it with the file."),
])
def test_a_folder_or_broken_link_in_place_of_a_file_is_named(data_root, make, what):
    entities = data_root / "graph" / "entities.ttl"
    entities.unlink()
    make(entities)
    assert refused(data_root, *BOTH_LOADERS) == f"Error: graph/entities.ttl: {what}\n"


def test_a_fifo_in_place_of_a_file_is_refused_without_hanging(data_root):
    """Opening a FIFO for reading blocks until a writer comes: a real process, with a timeout."""
    entities = data_root / "graph" / "entities.ttl"
    entities.unlink()
    os.mkfifo(entities)
    for command in ("validate", "stats"):
        done = subprocess.run([sys.executable, "-m", "kg_cli", "--root", str(data_root), command],
                              cwd=PROJECT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr == ("Error: graph/entities.ttl: a named pipe (FIFO), not a regular file; "
                               "replace it with the file.\n")


def deny(monkeypatch, denied: Path) -> None:
    """Reading `denied` fails as chmod 000 makes it fail (which root, running the tests, ignores)."""
    real_open, real_listdir = os.open, os.listdir

    def fake_open(path, *args, **kwargs):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def fake_listdir(path="."):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "listdir", fake_listdir)


@pytest.mark.parametrize("relative, commands", [
    ("graph/entities.ttl", BOTH_LOADERS),
    ("ontology/shapes.ttl", ("validate",)),
    (f"graph/articles/{ARTICLE}.txt", BOTH_LOADERS),
])
def test_unreadable_file_says_permission_denied(data_root, monkeypatch, relative, commands):
    deny(monkeypatch, data_root / relative)
    assert refused(data_root, *commands) == (
        f"Error: {relative}: cannot read (permission denied); make it readable (chmod a+r).\n")


def test_unreadable_articles_folder_is_an_error_not_an_empty_graph(data_root, monkeypatch):
    deny(monkeypatch, data_root / "graph" / "articles")
    assert refused(data_root, *BOTH_LOADERS) == (
        "Error: graph/articles: cannot list the folder (permission denied); make it readable "
        "(chmod a+rx).\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_chmod_000_file_is_refused(data_root):
    entities = data_root / "graph" / "entities.ttl"
    entities.chmod(0)
    try:
        assert "graph/entities.ttl: cannot read (permission denied)" in refused(data_root, *BOTH_LOADERS)
    finally:
        entities.chmod(0o644)


def test_no_articles_folder_means_no_articles_yet(data_root):
    for path in (data_root / "graph" / "articles").iterdir():
        path.unlink()
    (data_root / "graph" / "articles").rmdir()
    result = invoke("--root", str(data_root), "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"articles": []' in result.stdout


def test_a_file_in_place_of_the_articles_folder_is_named(data_root):
    articles = data_root / "graph" / "articles"
    for path in articles.iterdir():
        path.unlink()
    articles.rmdir()
    articles.write_text("", encoding="utf-8")
    assert refused(data_root, *BOTH_LOADERS) == (
        "Error: graph/articles: not a folder; replace it with the folder.\n")


def test_missing_queries_folder_is_named_by_kg_queries_and_the_lookups_do_not_need_it(data_root):
    """The lookups run the package's own SPARQL (newskg/sparql), not the user's library."""
    for path in (data_root / "queries").iterdir():
        path.unlink()
    (data_root / "queries").rmdir()
    assert refused(data_root, "queries", "query counts-by-type") == (
        "Error: queries: no such folder; the named queries live in queries/*.rq: restore it, or "
        "pass --root DIR to a complete data root.\n")
    for command in ("who KH", "timeline", "analyze"):
        assert invoke("--root", str(data_root), *command.split()).exit_code == 0


@pytest.mark.parametrize("make, what", [
    (lambda root: root / "nowhere", "no such folder"),
    (lambda root: root / "ontology" / "newskg.ttl", "not a folder"),
    (lambda root: (root / "empty").mkdir() or root / "empty", "not a data root (an empty folder)"),
    (lambda root: root / "graph" / "articles",
     "not a data root (it holds none of ontology/newskg.ttl, ontology/shapes.ttl, graph/entities.ttl)"),
])
def test_root_that_is_not_a_data_root_is_named(data_root, make, what):
    root = make(data_root)
    result = invoke("--root", str(root), "stats")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {root}: {what}; a data root must hold ontology/newskg.ttl, ontology/shapes.ttl, "
        "graph/entities.ttl and queries/; pass --root DIR (or set NEWSKG_ROOT) to such a folder.\n")


def test_a_50_mb_one_line_turtle_file_is_refused_at_once(data_root):
    entities = data_root / "graph" / "entities.ttl"
    with entities.open("a", encoding="utf-8") as file:
        file.write('ent:big kg:note "' + "x" * 50_000_000 + '" .')
    message = refused(data_root, *BOTH_LOADERS)
    assert message.startswith(f"Error: graph/entities.ttl: 47.7 MiB, more than the "
                              f"{MAX_BYTES // 2**20} MiB a source file may hold;")


def test_a_long_one_line_file_with_an_error_gives_a_short_message(data_root):
    entities = data_root / "graph" / "entities.ttl"
    append(entities, " ".join(f'ent:n{i} kg:note "{i}" .' for i in range(100_000)) + " ent:x kg:p <bad iri> .")
    message = refused(data_root, *BOTH_LOADERS)
    assert re.fullmatch(r"Error: graph/entities\.ttl, line \d+: Turtle syntax error at column \d+: "
                        r"Invalid IRI code point ' '\. Fix the file and run again\.\n", message)


def test_a_long_one_line_file_loads(data_root):
    append(data_root / "graph" / "entities.ttl",
           " ".join(f'ent:n{i} kg:note "{i}" .' for i in range(20_000)) + "\n")
    result = invoke("--root", str(data_root), "stats")
    assert result.exit_code == 0
    assert f"{SHIPPED + 20_000} triples" in result.stdout


@pytest.mark.parametrize("opening, closing, per_level", [("[ kg:p ", " ]", 1), ("( ", " )", 2)])
def test_deeply_nested_turtle_loads_without_recursion_error(data_root, opening, closing, per_level):
    """rdflib's Turtle parser recursed once per level and died at about 1000."""
    depth = 100_000
    append(data_root / "graph" / "entities.ttl",
           f'ent:deep kg:note {opening * depth}"x"{closing * depth} .\n')
    result = invoke("--root", str(data_root), "stats")
    assert result.exit_code == 0, result.output
    assert f"\n{SHIPPED + 1 + per_level * depth} triples" in result.stdout


def test_deeply_nested_turtle_validates_without_recursion_error(data_root):
    depth = 3000
    append(data_root / "graph" / "entities.ttl", f'ent:deep kg:note {"[ kg:p " * depth}"x"{" ]" * depth} .\n')
    result = invoke("--root", str(data_root), "validate")
    assert result.exit_code == 0, result.output
    from newskg.layout import find_layout

    articles = len(find_layout(data_root).articles())
    assert result.stdout == (f"Checked {articles} of {articles} articles (0 unchanged, cached).\n"
                             f"Validated {SHIPPED + 1 + depth} triples: the graph conforms.\n")


@pytest.mark.parametrize("iri", ["<http://exa mple/>", "<foo bar>"])
def test_bad_iri_is_an_error_naming_file_and_line_in_both_loaders(data_root, iri):
    entities = data_root / "graph" / "entities.ttl"
    line = len(entities.read_text(encoding="utf-8").splitlines()) + 1
    append(entities, f"ent:iran kg:note {iri} .\n")
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/entities.ttl, line {line}: Turtle syntax error at column 18: Invalid IRI "
        "code point ' '. Fix the file and run again.\n")


@pytest.mark.parametrize("name", [f".{ARTICLE}.ttl", f"#{ARTICLE}.ttl#", f"{ARTICLE}.ttl~",
                                  f".#{ARTICLE}.ttl"])
def test_hidden_editor_copies_are_not_loaded(data_root, name):
    articles = data_root / "graph" / "articles"
    copy = articles / name
    copy.write_bytes((articles / f"{ARTICLE}.ttl").read_bytes().replace(ARTICLE.encode(), b"copy"))
    (articles / "copy.txt").write_bytes((articles / f"{ARTICLE}.txt").read_bytes())
    result = invoke("--root", str(data_root), "stats")
    assert result.exit_code == 0
    assert SHIPPED_TRIPLES in result.stdout


def test_a_ttl_file_whose_name_cannot_be_an_article_id_is_named(data_root):
    articles = data_root / "graph" / "articles"
    (articles / f"{ARTICLE} copy.ttl").write_bytes((articles / f"{ARTICLE}.ttl").read_bytes())
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE} copy.ttl: not an article file name; name it ID.ttl, the ID "
        "made of letters, digits, _ and - (as its article art:ID), or move it out of "
        "graph/articles/.\n")


def test_two_files_declaring_the_same_article_are_both_named(data_root):
    """It used to load both: kg stats counted 3,811 triples."""
    articles = data_root / "graph" / "articles"
    (articles / "a.ttl").write_bytes((articles / f"{ARTICLE}.ttl").read_bytes())
    (articles / "a.txt").write_bytes((articles / f"{ARTICLE}.txt").read_bytes())
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE}.ttl and graph/articles/a.ttl both declare the article "
        f"art:{ARTICLE}; an article is declared once, in the file named after it: remove the copy.\n")


def test_an_article_file_declaring_another_article_too_is_named(data_root):
    encoding = data_root / "graph" / "articles" / f"{ARTICLE}.ttl"
    append(encoding, "art:other a kg:NewsArticle .\n")
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE}.ttl: declares the article art:other beside its own "
        f"art:{ARTICLE}; each article goes in its own file, graph/articles/ID.ttl.\n")


def test_an_encoding_that_declares_no_article_keeps_its_message(data_root):
    encoding = data_root / "graph" / "articles" / f"{ARTICLE}.ttl"
    encoding.write_text(encoding.read_text(encoding="utf-8").replace(
        f"art:{ARTICLE} a kg:NewsArticle ;", f"art:{ARTICLE} a kg:Thing ;"), encoding="utf-8")
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE}.ttl: describes no article art:{ARTICLE}; an article file "
        f"must declare `art:{ARTICLE} a kg:NewsArticle`, named after the file.\n")


def test_missing_article_text_keeps_its_message_in_both_loaders(data_root):
    (data_root / "graph" / "articles" / f"{ARTICLE}.txt").unlink()
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE}.txt: the article's text file is missing; put its verbatim "
        "text beside the encoding with the same name and a .txt ending.\n")


def test_article_text_not_utf8_keeps_its_message_in_both_loaders(data_root):
    text = data_root / "graph" / "articles" / f"{ARTICLE}.txt"
    text.write_bytes(b"caf\xe9 " + text.read_bytes())
    assert refused(data_root, *BOTH_LOADERS) == (
        f"Error: graph/articles/{ARTICLE}.txt: not UTF-8 (byte 3); save the article text as UTF-8.\n")


@pytest.mark.parametrize("content", ["", "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"])
def test_a_shapes_file_without_shapes_is_refused_not_conforming(data_root, content):
    """An empty ontology/shapes.ttl used to make every graph "conform"."""
    (data_root / "ontology" / "shapes.ttl").write_text(content, encoding="utf-8")
    assert refused(data_root, "validate") == (
        "Error: ontology/shapes.ttl: holds no SHACL shapes (no sh:NodeShape or sh:PropertyShape), "
        "so nothing would be checked; restore the shapes file.\n")


def test_turtle_syntax_error_is_the_same_in_both_loaders(data_root):
    append(data_root / "graph" / "entities.ttl", 'ent:iran kg:note "unterminated .\n')
    assert "graph/entities.ttl, line " in refused(data_root, *BOTH_LOADERS)


def edit_text(root: Path, old: str, new: str) -> None:
    text = root / "graph" / "articles" / f"{ARTICLE}.txt"
    content = text.read_text(encoding="utf-8")
    assert old in content
    text.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_lookups_refuse_an_article_whose_text_no_longer_matches_its_spans(offsets_root):
    """`kg who` and `kg event` used to answer, quoting the edited sentence as evidence."""
    data_root = offsets_root
    edit_text(data_root, "Erbil, Iraq, injuring", "Erbil, Iran, injuring")
    message = refused(data_root, "who KH", "event erbil-drone-attack", "stats",
                      "query counts-by-type")
    assert message == (
        f"Error: graph/articles/{ARTICLE}.txt no longer matches its encoding (6 spans, first at "
        "line 15, offset 1604: expected '…d a US base in Erbil, Iraq, injuring three US sold…', "
        "found '…d a US base in Erbil, Iran, injuring three US sold…'); run kg validate to see "
        "them all.\n")
    result = invoke("--root", str(data_root), "validate")
    assert result.exit_code == 1
    assert "Span text does not match the article" in result.stdout


def test_a_shortened_text_is_a_mismatch_too(offsets_root):
    data_root = offsets_root
    text = data_root / "graph" / "articles" / f"{ARTICLE}.txt"
    content = text.read_text(encoding="utf-8")
    text.write_text(content[:1000], encoding="utf-8")
    message = refused(data_root, "who KH")
    assert message.startswith(f"Error: graph/articles/{ARTICLE}.txt no longer matches its encoding (")
    assert message.endswith("); run kg validate to see them all.\n")


def test_an_ill_typed_literal_is_a_violation_without_a_logged_traceback(data_root):
    """rdflib logged a traceback for "abc"^^xsd:integer while loading; the shapes report it.
    In a real process: pytest captures logging, which would hide the traceback."""
    append(data_root / "graph" / "entities.ttl", 'ent:iraq kg:geonamesId "abc"^^xsd:integer .\n')
    done = subprocess.run([sys.executable, "-m", "kg_cli", "--root", str(data_root), "validate"],
                          cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "kg:geonamesId must be one string of digits." in done.stdout
    assert done.stderr == ""
