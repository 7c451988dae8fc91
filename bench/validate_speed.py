"""Benchmark: `kg validate` on a generated corpus of N articles (bench/make_corpus.py).

Runs each case as a whole process and prints its wall time, CPU time (user + system, all
processes) and peak memory: the largest sum of the resident sets of `kg` and its worker
processes, sampled every 50 ms (so a little under the truth, never over). Cases:

- cold: no store and no cache (the store is built, then every article checked);
- full: store up to date, no cached results (every article checked);
- cached: nothing changed since the last run;
- one-changed: one article's Turtle edited, then `kg validate` (one article checked);
- one-article: one article's Turtle edited, then `kg validate ID`.

    python bench/validate_speed.py [--articles 450] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import ID_FORMAT, make_corpus  # noqa: E402


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{current}/task/{current}/children") as children:
                todo += [int(c) for c in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str]) -> tuple[float, float, int, int, str]:
    """(wall s, CPU s, peak tree RSS bytes, exit code, last line of output)."""
    before = os.times()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    output = process.stdout.read().strip().splitlines() if process.stdout else []
    return wall, cpu, peak, process.returncode, " | ".join(output[-2:])


def touch_article(root: Path, number: int, run: int) -> str:
    """Edit one article's Turtle (a comment), so that its digest changes; returns its id."""
    name = ID_FORMAT.format(number)
    with (root / "graph" / "articles" / f"{name}.ttl").open("a", encoding="utf-8") as file:
        file.write(f"# edited for the benchmark, run {run}\n")
    return name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", "--copies", dest="articles", type=int, default=450,
                        help="how many articles the corpus has (default 450)")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    kg = [str(Path(sys.executable).with_name("kg"))]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        make_corpus(args.articles, root, count=False)
        base = [*kg, "--root", str(root), "validate"]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        cases = [
            ("cold", lambda: shutil.rmtree(root / ".kg", ignore_errors=True), base + jobs),
            ("full", lambda: (root / ".kg" / "validation.json").unlink(), base + jobs),
            ("cached", lambda: None, base + jobs),
            ("one-changed", lambda: touch_article(root, 1, 1), base + jobs),
            ("one-article", lambda: touch_article(root, 2, 2), [*base, ID_FORMAT.format(2)]),
        ]
        print(f"{args.articles} articles")
        for name, prepare, command in cases:
            prepare()
            wall, cpu, peak, code, said = measure(command)
            print(f"{name:12} wall {wall:6.1f} s  cpu {cpu:6.1f} s  peak {peak / 2**20:6.0f} MiB  "
                  f"exit {code}  {said}")


if __name__ == "__main__":
    main()
