"""One place maps errors to exit codes (kg_cli.KgGroup): messages, --debug, Ctrl-C, closed pipes,
empty answers, and the README's exit-code table."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg import lookups
from newskg.errors import EXIT_CODES, INTERNAL, INTERRUPTED, InputError, NotFound

PROJECT = Path(__file__).resolve().parent.parent


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def kg(*args: str, **options) -> subprocess.CompletedProcess:
    """The real `kg` in its own process (pipes and signals behave as in a shell)."""
    return subprocess.run([sys.executable, "-m", "kg_cli", *args], cwd=PROJECT, timeout=120,
                          **options)


def fail_with(monkeypatch, error: BaseException) -> None:
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(lookups, "stats", broken)


def test_exit_code_table_is_the_documented_one():
    assert set(EXIT_CODES) == {0, 1, 2, 70, 130}


def test_library_error_is_one_line_on_stderr_with_its_exit_code(monkeypatch):
    fail_with(monkeypatch, InputError("graph/x.ttl: broken; fix it."))
    result = invoke("stats")
    assert result.exit_code == 2
    assert result.stderr == "Error: graph/x.ttl: broken; fix it.\n"
    assert result.stdout == ""


def test_an_unexpected_exception_is_one_line_and_exit_70_without_traceback(monkeypatch):
    fail_with(monkeypatch, ZeroDivisionError("division by zero"))
    result = invoke("stats")
    assert result.exit_code == INTERNAL == 70
    assert result.stderr == ("Error: internal error (ZeroDivisionError: division by zero); run "
                             "again with --debug for the traceback\n")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", [["--debug"], []])
def test_debug_flag_or_environment_prints_the_traceback(monkeypatch, how):
    fail_with(monkeypatch, ZeroDivisionError("division by zero"))
    env = None if how else {"NEWSKG_DEBUG": "1"}
    result = invoke(*how, "stats", env=env)
    assert result.exit_code == 70
    assert "Traceback (most recent call last)" in result.stderr
    assert "ZeroDivisionError: division by zero" in result.stderr
    assert result.stderr.rstrip().endswith("Error: internal error (ZeroDivisionError: division by zero)")


def test_a_huge_exception_message_stays_one_short_line(monkeypatch):
    fail_with(monkeypatch, ValueError("x\n" * 100_000))
    result = invoke("stats")
    assert result.exit_code == 70
    assert result.stderr.count("\n") == 1 and len(result.stderr) < 500


def test_recursion_error_is_an_internal_error_without_traceback(monkeypatch):
    fail_with(monkeypatch, RecursionError("maximum recursion depth exceeded"))
    result = invoke("stats")
    assert result.exit_code == 70
    assert "internal error (RecursionError: maximum recursion depth exceeded)" in result.stderr
    assert "Traceback" not in result.output


def test_memory_error_says_out_of_memory(monkeypatch):
    fail_with(monkeypatch, MemoryError())
    result = invoke("stats")
    assert result.exit_code == 70
    assert result.stderr.startswith("Error: out of memory (MemoryError)")
    assert "Traceback" not in result.output


def test_os_error_names_the_file_and_exits_2(monkeypatch):
    fail_with(monkeypatch, PermissionError(13, "Permission denied", "out/kg.gexf"))
    result = invoke("stats")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: out/kg.gexf: Permission denied (PermissionError)")
    assert "Traceback" not in result.output


def test_ctrl_c_is_interrupted_exit_130_not_aborted(monkeypatch):
    fail_with(monkeypatch, KeyboardInterrupt())
    result = invoke("stats")
    assert result.exit_code == INTERRUPTED == 130
    assert result.stderr == "Interrupted.\n"
    assert "Aborted" not in result.output


def test_closed_pipe_exits_0_quietly(monkeypatch):
    fail_with(monkeypatch, BrokenPipeError(32, "Broken pipe"))
    result = invoke("stats")
    assert result.exit_code == 0
    assert result.output == ""


def test_usage_error_is_2():
    result = invoke("timeline", "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_sigint_in_a_real_process_prints_interrupted_and_exits_130():
    # A shell may start background jobs with SIGINT ignored; a terminal's Ctrl-C is not.
    script = ("import signal, sys, time, kg_cli, newskg.lookups as lookups\n"
              "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
              "def slow(*args):\n"
              "    print('ready', file=sys.stderr, flush=True)\n"
              "    time.sleep(60)\n"
              "lookups.stats = slow\n"
              "sys.argv = ['kg', 'stats']\n"
              "kg_cli.main()\n")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stderr.readline() == "ready\n"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == "Interrupted.\n"
    assert stdout == ""


@pytest.mark.parametrize("args", [["stats"], ["--help"], ["timeline"]])
def test_writing_into_a_closed_pipe_exits_0_with_no_stderr(args):
    """Deterministic: the reading end is closed before kg writes a byte."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = kg(*args, stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_kg_stats_piped_into_head_exits_0_with_no_stderr():
    command = f"set -o pipefail; {sys.executable!s} -m kg_cli stats | head -1"
    done = subprocess.run(["bash", "-c", command], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("article")
    assert done.stderr == ""


@pytest.mark.parametrize("fmt, stdout", [("json", "[]\n"), ("jsonl", ""), ("table", "")])
def test_empty_timeline_exits_1_in_every_format_and_json_stays_valid(fmt, stdout, only_first_article):
    result = invoke("timeline", "--from", "2030-01-01", "--format", fmt)
    assert result.exit_code == 1
    assert result.stdout == stdout
    assert result.stderr == ("Error: no event falls between 2030-01-01 and the last; widen --from/--to "
                             "(kg timeline without them lists all).\n")


def test_empty_json_answer_parses_as_an_empty_list():
    result = invoke("said", "Hamas", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert "no statement by Hamas" in result.stderr


@pytest.mark.parametrize("fmt, stdout", [("json", "[]\n"), ("table", "")])
def test_an_empty_listing_is_nothing_found_in_every_format(data_root, fmt, stdout):
    for query in (data_root / "queries").iterdir():
        query.unlink()
    result = invoke("--root", str(data_root), "queries", "--format", fmt)
    assert result.exit_code == 1
    assert result.stdout == stdout
    assert result.stderr == "Error: no queries in queries/; add NAME.rq files there.\n"


def test_not_found_outside_a_listing_prints_nothing_on_stdout_for_tables():
    result = invoke("who", "Hezbolah")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no actor or place is called 'Hezbolah'.")


def test_not_found_error_type_exits_1(monkeypatch):
    fail_with(monkeypatch, NotFound("nothing at all."))
    result = invoke("stats", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == "[]\n"
    assert result.stderr == "Error: nothing at all.\n"


def test_readme_exit_code_table_lists_every_code_and_debug():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| \*\*(\d+)\*\* \| (.+) \|$", readme, flags=re.MULTILINE)
    assert [int(code) for code, _ in table] == sorted(EXIT_CODES)
    assert "--debug" in readme and "NEWSKG_DEBUG" in readme
