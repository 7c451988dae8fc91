"""`kg validate` through the CLI: exit codes, messages that name the file and line, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from kg_cli import cli

PROJECT = Path(__file__).resolve().parent.parent


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_turtle_syntax_error_names_file_and_line(data_root):
    entities = data_root / "graph" / "entities.ttl"
    lines = entities.read_text(encoding="utf-8").splitlines()
    broken_line = next(i for i, line in enumerate(lines) if "ent:iran a kg:State" in line)
    lines[broken_line] = 'ent:iran a kg:State ; rdfs:label "Iran ;'
    entities.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("--root", str(data_root), "validate")
    assert result.exit_code == 2
    assert f"graph/entities.ttl, line {broken_line + 1}: Turtle syntax error" in result.output
    assert "Traceback" not in result.output


def test_missing_article_text_is_bad_input(data_root):
    (data_root / "graph" / "articles" / "000_4751dd8fe703f37b.txt").unlink()
    result = invoke("--root", str(data_root), "validate")
    assert result.exit_code == 2
    assert "000_4751dd8fe703f37b.txt: the article's text file is missing" in result.output


def test_a_wrong_offset_is_a_violation_naming_the_file(offsets_root):
    data_root = offsets_root
    encoding = data_root / "graph" / "articles" / "000_4751dd8fe703f37b.ttl"
    text = encoding.read_text(encoding="utf-8")
    shifted = re.sub(r'kg:start (\d+) ; kg:end (\d+) ; kg:exact "Erbil, Iraq"',
                     lambda m: f'kg:start {int(m[1]) + 1} ; kg:end {int(m[2]) + 1} ; kg:exact "Erbil, Iraq"',
                     text, count=1)
    assert shifted != text
    encoding.write_text(shifted, encoding="utf-8")
    result = invoke("--root", str(data_root), "validate")
    assert result.exit_code == 1
    assert "Span text does not match the article" in result.output
    assert "graph/articles/000_4751dd8fe703f37b.ttl" in result.output
    assert "does not conform" in result.output


def test_json_report(data_root):
    entities = data_root / "graph" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8").replace(
        'rdfs:label "Hamas" .', "."), encoding="utf-8")
    result = invoke("--root", str(data_root), "validate", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    [violation] = report["violations"]
    assert violation["focus"] == "ent:hamas"
    assert violation["constraint"] == "kgsh:label"
    assert violation["file"] == "graph/entities.ttl"


def test_unknown_root_is_bad_usage(tmp_path):
    result = invoke("--root", str(tmp_path / "nowhere"), "validate")
    assert result.exit_code == 2
    assert "must hold ontology/newskg.ttl" in result.output


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output, name
        assert f"kg {name}" in readme, name
