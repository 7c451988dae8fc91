"""The bad-input corpus: broken and hostile data roots, queries, parameters, names, dates and
output paths, each with the exit code and the words its message must hold.

A case's name starts with its kind (`root:`, `name:`, `date:`, `query:`, `param:`, `output:`,
`usage:`). Its `setup` steps break a fresh copy of the data root (`root`) or prepare the folder
the command runs in (`out`); `{root}` and `{out}` in its arguments stand for those folders.
Exit codes as the README documents them: 1 the answer is no, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Step = Callable[[Path, Path], None]
ARTICLE = "graph/articles/000_4751dd8fe703f37b"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    exit: int
    says: tuple[str, ...] = ()
    setup: tuple[Step, ...] = ()
    stdin: str = ""
    env: dict[str, str] = field(default_factory=dict)
    no_root: bool = False


# --- steps that break a copy of the data root, or prepare the output folder ------------------


def write(rel: str, text: str | bytes, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return step


def replace(rel: str, old: str, new: str) -> Step:
    def step(root: Path, out: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"corpus set-up: {old!r} is not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return step


def remove(rel: str) -> Step:
    def step(root: Path, out: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return step


def symlink(rel: str, target: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.exists() or path.is_symlink():
            remove(rel)(root, out) if where == "root" else path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(root=root, out=out), path)
    return step


def mkdir(rel: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.is_file():
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
    return step


def mkfifo(rel: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return step


CASES: list[Case] = []


def add(*cases: Case) -> None:
    CASES.extend(cases)


# --- names: hostile, empty, unknown, for every command that takes one --------------------------

NOT_A_NAME = ["", " ", "\t", "!!!", "'", "\"", "-", "()", "...", "\\"]
UNKNOWN_NAMES = [
    "Hezbolah", "zzzz", "x" * 5000, "Ω≈ç√∫", "ent:", "ent:nobody", "<http://example.org/x>",
    "http://example.org/nobody", "art:000_4751dd8fe703f37b#nothing", "%s%s%n", "../../etc/passwd",
    "$(rm -rf /)", "'; DROP GRAPH <x> ; --", "\u202enosbiB eoJ", "🚀 rocket", "?zq", "a\nb",
    "ent:kataib-hezbollah>",
]
KINDS = {"who": "actor or place", "actor": "actor or place", "event": "event", "said": "actor",
         "path": "actor or place"}

for command, kind in KINDS.items():
    for number, name in enumerate(NOT_A_NAME):
        args = (command, name, "Joe Biden") if command == "path" else (command, name)
        add(Case(f"name:{command}-not-a-name-{number}", args, 2, ("is not a name", "give a name")))
    for number, name in enumerate(UNKNOWN_NAMES):
        args = (command, "Joe Biden", name) if command == "path" else (command, name)
        add(Case(f"name:{command}-unknown-{number}", args, 1,
                 (f"no {kind} is called", "kg query network-nodes")))

add(
    Case("name:who-ambiguous-event-word", ("event", "attack"), 1,
         ("fits several entities equally well", "Use a fuller name or the id")),
    Case("name:path-same-actor-twice", ("path", "Biden", "Joe Biden"), 2,
         ("are both Joe Biden", "give two different")),
    Case("name:who-event-is-not-an-actor", ("who", "us-strikes"), 1, ("no actor or place is called",)),
)

# --- dates ------------------------------------------------------------------------------------

BAD_DATES = ["2023-13-01", "2023-02-30", "yesterday", "", "2023-1-1", "23-12-25", "2023/12/25",
             "25-12-2023", "2023-12-25T10:00", " 2023-12-25", "2023-12-25 ", "0000-01-01",
             "2023-12", "2023", "1e10", "-2023-12-25", "２０２３-１２-２５"]
for option in ("--from", "--to"):
    for number, value in enumerate(BAD_DATES):
        add(Case(f"date:timeline{option}-{number}", ("timeline", option, value), 2,
                 (f"{option} {value!r} is not a date", "YYYY-MM-DD")))
add(
    Case("date:from-after-to", ("timeline", "--from", "2023-12-30", "--to", "2023-12-01"), 2,
         ("--from 2023-12-30 is after --to 2023-12-01",)),
    Case("date:range-with-no-event", ("timeline", "--from", "2030-01-01"), 1,
         ("no event falls between 2030-01-01 and the last", "widen --from/--to")),
    Case("date:range-with-no-event-json", ("timeline", "--from", "2030-01-01", "--format", "json"), 1,
         ("no event falls",)),
    Case("date:month-with-no-event", ("timeline", "--from", "2024-06-01", "--to", "2024-06-30"), 1,
         ("no event falls between 2024-06-01 and 2024-06-30",)),
)

# --- usage ------------------------------------------------------------------------------------

for command in ("who KH", "said", "timeline", "actor KH", "event us-strikes", "stats", "queries",
                "analyze", "path Biden Iran", "validate"):
    words = tuple(command.split())
    add(Case(f"usage:{words[0]}-bad-format", (*words, "--format", "xml-ish"), 2,
             ("Invalid value for '--format'",)))
    add(Case(f"usage:{words[0]}-unknown-option", (*words, "--frobnicate"), 2,
             ("No such option '--frobnicate'",)))
add(
    Case("usage:unknown-command", ("frobnicate",), 2, ("No such command 'frobnicate'",)),
    Case("usage:who-without-actor", ("who",), 2, ("Missing argument 'ACTOR'",)),
    Case("usage:event-without-name", ("event",), 2, ("Missing argument 'NAME'",)),
    Case("usage:path-one-name", ("path", "Biden"), 2, ("Missing argument 'TARGET'",)),
    Case("usage:who-two-names", ("who", "Biden", "Austin"), 2, ("Got unexpected extra argument",)),
    Case("usage:export-without-format", ("export", "-o", "x.gexf"), 2, ("Missing option '--format'",)),
    Case("usage:export-without-output", ("export", "--format", "gexf"), 2, ("Missing option",)),
)
