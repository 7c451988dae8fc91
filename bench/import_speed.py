"""GDELT import speed and memory: `kg import gdelt` against pyoxigraph's bulk load of the same
quads, at generated sizes, and cold `kg who` beside the imported rows.

    python bench/import_speed.py [--sizes 10k,100k,1M] [--runs 3] [--sample ../shared/data/gdelt/events.csv]
                                 [--reuse] [--baseline CHECKOUT]

Rows are generated from the real sample's shapes (bench/.corpora/gdelt-N.csv): its rows cycled
with new GLOBALEVENTIDs, dates spread over two years and actor names drawn from a pool that
grows with N, and one row in a thousand about KATAIB HEZBOLLAH (linked to the curated entity
in graph/links.tsv; the code USA is linked to ent:united-states, so every coded actor with it
counts). Each measure is a whole fresh process; peak memory is its maximum resident set.

Beside the rows, a second table: cold `kg who` (fresh processes, the median) of Kataib
Hezbollah and of the United States, and `kg validate` (its per-article cache warm) of a data
root holding the six articles alone and of the one with the rows, run in turn, A B A B. With
`--baseline CHECKOUT` (a work tree of another commit) each lookup is timed with that code too,
in turn with this one. `--reuse` keeps each size's data root (bench/.corpora/root-SIZE, e.g. root-1M) and,
when it already holds the rows, times the lookups on it without importing again. The load
average is printed beside each figure: on a shared machine wall times grow with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
CORPORA = HERE / ".corpora"
KG = [sys.executable, "-c", "import kg_cli; kg_cli.main()"]


def size(text: str) -> int:
    text = text.lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else (
        int(float(text[:-1]) * 1_000_000) if text.endswith("m") else int(text))


def generate(sample: Path, rows: int) -> Path:
    path = CORPORA / f"gdelt-{rows}.csv"
    if path.exists():
        return path
    CORPORA.mkdir(exist_ok=True)
    base = [line.split("\t") for line in sample.read_text(encoding="utf-8").splitlines() if line]
    random.seed(rows)
    pool = max(50, int(rows ** 0.6))
    start = dt.date(2019, 1, 1)
    with open(path, "w", encoding="utf-8") as out:
        for n in range(rows):
            cells = list(base[n % len(base)])
            cells[0] = str(900_000_000 + n)
            day = start + dt.timedelta(days=random.randrange(730))
            cells[1], cells[2], cells[3] = day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year)
            if cells[6]:
                cells[6] = f"{cells[6]} {random.randrange(pool)}"
            if n % 1000 == 7:
                cells[15:25] = ["IRQREB", "KATAIB HEZBOLLAH", "IRQ", "", "", "", "", "REB", "", ""]
                cells[26:29] = ["195", "195", "19"]
            out.write("\t".join(cells) + "\n")
    return path


def measured(command: list[str], env: dict | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS in MB (of this child alone: run through a fresh wrapper), output,
    and CPU seconds (user and system, of the child and its own children: the load of other
    processes inflates wall time far more than CPU time)."""
    wrapper = ("import resource, subprocess, sys, time; t = time.monotonic(); "
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(time.monotonic() - t, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime); "
               "print(p.stdout + p.stderr[-2000:]); sys.exit(p.returncode)")
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True,
                          env=env, cwd=PROJECT)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    first, _, rest = done.stdout.partition("\n")
    wall, rss, cpu = map(float, first.split())
    return wall, rss, rest, cpu


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def kg(root: Path, *args: str, code: Path = PROJECT) -> list[str]:
    """A `kg` command run with the code of a checkout (its kg_cli and newskg come first)."""
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(code)!r}); import kg_cli; kg_cli.main()",
            "--root", str(root), *args]


NAMES = ("Kataib Hezbollah", "United States")


def lookups(root: Path, plain: Path, rows: int, runs: int, baseline: Path | None) -> list[str]:
    """Rows of the lookups table: cold `kg who` of each name, `kg validate` with and without
    the imported rows; with a baseline, each command with both checkouts, in turn."""
    codes = [("this", PROJECT)] + ([("baseline", baseline)] if baseline else [])
    for _, code in codes:  # byte-compiled, as an installed package is (PYTHONDONTWRITEBYTECODE may be set)
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "newskg"), str(code / "kg_cli.py")],
                       check=True, stdout=subprocess.DEVNULL)
    commands = {f"who {name} ({which})": kg(root, "who", name, code=code)
                for name in NAMES for which, code in codes}
    commands.update({f"validate {kind} ({which})": kg(where, "validate", code=code)
                     for kind, where in (("articles only", plain), ("with the rows", root))
                     for which, code in codes})
    for command in commands.values():  # warm-up: byte code, disk cache, validation cache
        measured(command)
    seen: dict[str, list[tuple[float, float]]] = {key: [] for key in commands}
    loads = [load()]
    for _ in range(max(runs, 5)):
        for key, command in commands.items():
            wall, _, _, cpu = measured(command)
            seen[key].append((wall, cpu))
        loads.append(load())
    found = []
    for key, figures in seen.items():
        walls, cpus = [wall for wall, _ in figures], [cpu for _, cpu in figures]
        found.append(f"| {rows:,} | `kg {key.split(' (')[0]}` | {key.rpartition('(')[2][:-1]} | "
                     f"{statistics.median(walls):.2f} s | {min(walls):.2f}–{max(walls):.2f} s | "
                     f"{statistics.median(cpus):.2f} s | {min(loads)}–{max(loads)} |")
        print(found[-1], file=sys.stderr)
    return found


def fresh_root(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    for name in ("ontology", "graph", "queries"):
        shutil.copytree(PROJECT / name, folder / name)
    (folder / "graph" / "links.tsv").write_text(
        "IRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah\nUSA\tent:united-states\n", encoding="utf-8")
    return folder


BULK = """
import sys, time, pyoxigraph as ox
source, target = sys.argv[1], sys.argv[2]
store = ox.Store(target) if target != "memory" else ox.Store()
t = time.monotonic()
store.bulk_load(path=source, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:g"))
store.flush() if target != "memory" else None
print(time.monotonic() - t)
"""

DUMP = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
with open(sys.argv[3], "wb") as out:
    ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                  for q in store.quads_for_pattern(None, None, None, ox.NamedNode(sys.argv[2]))),
                 out, format=ox.RdfFormat.N_TRIPLES)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=Path, default=PROJECT.parent / "shared" / "data" / "gdelt" / "events.csv")
    parser.add_argument("--reuse", action="store_true", help="keep each size's data root; time lookups on it")
    parser.add_argument("--baseline", type=Path, help="a checkout of another commit, its lookups timed too")
    args = parser.parse_args()
    if not args.sample.is_file():
        raise SystemExit(f"{args.sample}: no such sample; pass --sample with a GDELT 2.0 events file.")
    plain = fresh_root(CORPORA / "articles-root")
    subprocess.run(kg(plain, "build"), check=True, capture_output=True)
    looked = ["| rows | lookup | code | wall, median | min–max | CPU, median | load average |",
              "|---|---|---|---|---|---|---|"]
    lines = ["| rows | `kg import gdelt` (end to end) | rows/s | peak RSS | bulk load, on disk | rows/s | "
             "bulk load, in memory | import / bulk (disk) | triples | cold `kg who \"Kataib Hezbollah\"` |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for text in args.sizes.split(","):
        rows = size(text)
        data = generate(args.sample, rows)
        work = CORPORA / (f"root-{text}" if args.reuse else "import-root")
        listed = work / "graph" / "imports.json"
        if args.reuse and (work / ".kg").is_dir() and listed.is_file() and data.name in listed.read_text():
            looked += lookups(work, plain, rows, args.runs, args.baseline)
            continue
        imports, rss_seen, bulks, memories = [], [], [], []
        for _ in range(args.runs):
            root = fresh_root(work)
            subprocess.run([*KG, "--root", str(root), "build"], check=True, capture_output=True, cwd=PROJECT)
            wall, rss, out, _ = measured([*KG, "--root", str(root), "import", "gdelt", str(data)])
            imports.append(wall)
            rss_seen.append(rss)
        triples = int(out.split(" triples")[0].rsplit(" ", 1)[1].replace(",", ""))
        graph = f"https://w3id.org/newskg/import/gdelt/{data.name}"
        dump = CORPORA / f"gdelt-{rows}.nt"
        subprocess.run([sys.executable, "-c", DUMP, str(root / ".kg" / "oxigraph"), graph, str(dump)], check=True)
        for _ in range(args.runs):
            target = CORPORA / "bulk-store"
            shutil.rmtree(target, ignore_errors=True)
            wall, _, out, _ = measured([sys.executable, "-c", BULK, str(dump), str(target)])
            bulks.append(float(out.split()[0]))
            wall, _, out, _ = measured([sys.executable, "-c", BULK, str(dump), "memory"])
            memories.append(float(out.split()[0]))
        whos = []
        for _ in range(max(args.runs, 5)):
            wall, who_rss, out, _ = measured([*KG, "--root", str(root), "who", "Kataib Hezbollah"])
            whos.append(wall)
        imp, bulk, memory = statistics.median(imports), statistics.median(bulks), statistics.median(memories)
        lines.append(f"| {rows:,} | {imp:.2f} s | {rows / imp:,.0f} | {max(rss_seen):.0f} MB | {bulk:.2f} s | "
                     f"{rows / bulk:,.0f} | {memory:.2f} s | {imp / bulk:.2f}× | {triples:,} | "
                     f"{statistics.median(whos):.3f} s, {who_rss:.0f} MB |")
        print(lines[-1], file=sys.stderr)
        looked += lookups(root, plain, rows, args.runs, args.baseline)
    print(f"Machine: {os.uname().sysname} {os.uname().machine}, {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; medians of {args.runs} runs (who: of at least 5).")
    print("\n".join(lines))
    print()
    print("\n".join(looked))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
