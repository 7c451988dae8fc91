"""The bad-input corpus, walked: every case runs `kg` as a user would, in its own process.

Each case (tests/bad_inputs.py) breaks a copy of the data root or passes a hostile argument, and
must end with its documented exit code, a message naming the file, line or value and the fix, no
traceback, no crash, no hang, and no file changed or half-written (in the data root or where it
was asked to write).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .bad_inputs import CASES, Case
from .conftest import PROJECT

TIMEOUT = 60  # seconds; a case that runs this long has hung


def snapshot(*folders: Path) -> dict[str, tuple]:
    """Every entry under the folders: kind, mode, and for files the hash of their bytes."""
    seen: dict[str, tuple] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            dirnames[:] = [d for d in dirnames if d != ".kg"]  # the store: derived, ours to write
            for name in dirnames + filenames:
                path = Path(dirpath, name)
                info = path.lstat()
                entry: tuple = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
                if stat.S_ISREG(info.st_mode) and info.st_mode & stat.S_IRUSR:
                    entry += (hashlib.sha256(path.read_bytes()).hexdigest(),)
                elif stat.S_ISLNK(info.st_mode):
                    entry += (os.readlink(path),)
                seen[str(path)] = entry
    return seen


def prepare(case: Case, base: Path) -> tuple[Path, Path]:
    root, out = base / "root", base / "out"
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(PROJECT / folder, root / folder)
    out.mkdir()
    for step in case.setup:
        step(root, out)
    return root, out


def argv(case: Case, root: Path, out: Path) -> list[str]:
    words = [arg.format(root=root, out=out) for arg in case.args]
    return words if case.no_root else ["--root", str(root), *words]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Case, tmp_path: Path) -> None:
    root, out = prepare(case, tmp_path)
    before = snapshot(root, out)
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSKG_ROOT", "NEWSKG_DEBUG")}
    env.update(case.env)
    try:
        done = subprocess.run([sys.executable, str(PROJECT / "kg_cli.py"), *argv(case, root, out)],
                              input=case.stdin.encode("utf-8"), capture_output=True, cwd=out,
                              env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: still running after {TIMEOUT} s")
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode >= 0, f"crashed with signal {-done.returncode}"
    assert "Traceback" not in stdout + stderr, stderr[-2000:]
    assert done.returncode == case.exit, (done.returncode, stdout[-1000:], stderr[-1000:])
    said = (stderr if case.exit else stdout + stderr).replace(str(root) + os.sep, "").replace(str(out) + os.sep, "")
    for fragment in case.says:
        assert fragment in said, (fragment, said[-1500:])
    if case.says and case.exit:
        assert "Error: " in said, said[:300]
        assert said.count("\n") <= 12, said  # one message (after click's usage lines), not a dump
    after = snapshot(root, out)
    assert after == before, "files changed: " + ", ".join(
        sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)))



def test_the_corpus_is_large_and_covers_every_kind_of_input():
    assert len(CASES) >= 250
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"
    kinds = {c.name.split(":", 1)[0] for c in CASES}
    assert {"root", "name", "date", "query", "param", "output", "usage"} <= kinds
