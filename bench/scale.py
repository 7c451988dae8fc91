"""Benchmark at scale: every `kg` command that matters, at 10k to 5M triples, in one table.

    python bench/scale.py [--sizes 10k,100k,1M,5M] [--runs 5] [--budget SECONDS]

For each size it makes (or reuses, cached in the git-ignored bench/.corpora/) a corpus of
about that many triples with bench/make_corpus.py, then times each measure as whole
processes: a fresh process per run, one warm-up run (shown as "first" in the details), then
the median of --runs (fewer when one run is slow, see --max-measure). Each figure's peak RSS
is that command's own (os.wait4 on it: its largest process, children included).

Measures: `kg build` from scratch against pyoxigraph's own bulk load of the same files (a
fresh folder each run); `kg who` after one article changed (the store refreshes first); cold
`kg who`, `kg timeline` and `kg query who-did-what` against a plain rdflib script (parse every
file into a Dataset, run the same query); full and one-article validation (one article is
changed before each run, so no cached answer can be replayed whole); `kg export --format
gexf`; `kg analyze`. A command `kg` does not have yet prints "n/a (no ...)". A measure whose
run would not fit the time left (estimated from the size before, linearly) is skipped, and so
are sizes once the budget is spent. Prints the machine, then a markdown table with each
target beside its measure and whether it is met at ~1M triples (lookups also at ~5M).
Progress goes to stderr, the report to stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
sys.path.insert(0, str(BENCH))
import make_corpus  # noqa: E402  (beside this script)

CORPORA = BENCH / ".corpora"
ACTOR = "Kataib Hezbollah"
ACTOR_IRI = "https://w3id.org/newskg/entity/kataib-hezbollah"
CHANGE_MARK = "\n# bench/scale.py change\n"  # what a changed article has appended (and loses)
MB = 1024  # ru_maxrss is in KiB on Linux

BULK_LOAD = '''
"""pyoxigraph's own bulk load of every .ttl into its named graph, in a new on-disk store:
one Store.bulk_load call per file ("per-file"), or one call for all of them ("one-call", the
files streamed as one TriG document: each file's directives, then its triples in GRAPH <g> { })."""
import io, re, sys
from pathlib import Path
import pyoxigraph as ox
mode, root, folder = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
files = [(root / "ontology" / "newskg.ttl", "https://w3id.org/newskg/ontology"),
         (root / "graph" / "entities.ttl", "https://w3id.org/newskg/entities")]
files += [(p, "https://w3id.org/newskg/article/" + p.stem)
          for p in sorted((root / "graph" / "articles").glob("*.ttl"))]
store = ox.Store(folder)
if mode == "per-file":
    for path, graph in files:
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                        to_graph=ox.NamedNode(graph))
else:
    directive = re.compile(r"^[ \\t]*(?:@prefix|@base|PREFIX|BASE)\\b[^\\n]*\\n", re.M | re.I)

    class TriG(io.RawIOBase):
        def __init__(self):
            self.parts, self.buffer = iter(files), b""
        def readable(self):
            return True
        def readinto(self, out):
            while not self.buffer:
                try:
                    path, graph = next(self.parts)
                except StopIteration:
                    return 0
                text = path.read_text(encoding="utf-8")
                self.buffer = ("".join(directive.findall(text)) + f"GRAPH <{graph}> {{\\n"
                               + directive.sub("", text) + "\\n}\\n").encode("utf-8")
            size = min(len(out), len(self.buffer))
            out[:size], self.buffer = self.buffer[:size], self.buffer[size:]
            return size

    store.bulk_load(io.BufferedReader(TriG(), 1 << 20), format=ox.RdfFormat.TRIG)
store.flush()
print(len(store))
'''

RDFLIB = '''
"""A plain rdflib script: every file into its named graph of a Dataset, then who-did-what."""
import sys
from pathlib import Path
import rdflib
root = Path(sys.argv[1])
files = [(root / "ontology" / "newskg.ttl", "https://w3id.org/newskg/ontology"),
         (root / "graph" / "entities.ttl", "https://w3id.org/newskg/entities")]
files += [(p, "https://w3id.org/newskg/article/" + p.stem)
          for p in sorted((root / "graph" / "articles").glob("*.ttl"))]
dataset = rdflib.Dataset(default_union=True)
for path, graph in files:
    dataset.graph(rdflib.URIRef(graph)).parse(path, format="turtle")
query = (root / "queries" / "who-did-what.rq").read_text(encoding="utf-8")
rows = list(dataset.query(query, initBindings={"actor": rdflib.URIRef(sys.argv[2])}))
print(len(rows))
'''


# --- Running one command --------------------------------------------------------------------

@dataclass(frozen=True)
class Sample:
    seconds: float
    rss_kb: int
    code: int
    timed_out: bool = False


def run_once(command: list[str], env: dict[str, str], timeout: float, errors: Path) -> Sample:
    """Run a command to its end (or kill it after `timeout`): wall time, its peak RSS, exit code.

    os.wait4 gives the child's own rusage, whose ru_maxrss covers the largest process of its
    tree that was waited for (kg query runs its query in a child), not the sum.
    """
    done = threading.Event()
    killed = threading.Event()
    with open(errors, "wb") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env,
                                   start_new_session=True)

        def kill() -> None:
            if not done.is_set():
                killed.set()
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            done.set()
            timer.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(seconds, usage.ru_maxrss, process.returncode, killed.is_set())


# --- What is measured -----------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A goal at ~1M triples (and, for lookups, at ~5M)."""

    text: str
    seconds: float | None = None
    seconds_5m: float | None = None
    rss_mb: float | None = None
    times_bulk: float | None = None  # within this many times pyoxigraph's bulk load


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    target: Target
    needs: str | None = None  # a feature of kg: "build" or "validate-article"


MEASURES = [
    Measure("build", "`kg build` from scratch", Target("≤ 1.5× the faster bulk load", times_bulk=1.5), "build"),
    Measure("bulk", "pyoxigraph `bulk_load`, one call per file", Target("—")),
    Measure("bulk1", "pyoxigraph `bulk_load`, one call (all files as TriG)", Target("—")),
    Measure("refresh", "`kg who` after one article changed", Target("≤ 1 s", seconds=1.0), "build"),
    Measure("who", "cold `kg who`", Target("≤ 0.3 s (5M: ≤ 0.6 s), ≤ 300 MB", 0.3, 0.6, 300)),
    Measure("timeline", "cold `kg timeline`", Target("≤ 0.3 s (5M: ≤ 0.6 s), ≤ 300 MB", 0.3, 0.6, 300)),
    Measure("query", "cold `kg query who-did-what`", Target("≤ 0.3 s (5M: ≤ 0.6 s), ≤ 300 MB", 0.3, 0.6, 300)),
    Measure("rdflib", "rdflib script, same query", Target("—")),
    Measure("validate", "`kg validate` (whole graph)", Target("≤ 60 s, ≤ 1.5 GB", 60.0, rss_mb=1536)),
    Measure("validate1", "`kg validate ID` (one article)", Target("≤ 2 s", 2.0), "validate-article"),
    Measure("export", "`kg export --format gexf`", Target("≤ 20 s", 20.0)),
    Measure("analyze", "`kg analyze`", Target("≤ 30 s", 30.0)),
]
# Cheap and decisive first, so that the slow ones cannot starve them of the budget.
RUN_ORDER = ["build", "bulk", "bulk1", "refresh", "who", "timeline", "query", "validate1", "export",
             "analyze", "rdflib", "validate"]
MISSING = {"build": "n/a (no kg build)", "validate-article": "n/a (no kg validate ID)"}


@dataclass
class Result:
    """One measure at one size: a figure, or why there is none."""

    samples: list[Sample] = field(default_factory=list)
    first: Sample | None = None
    note: str | None = None  # "n/a (...)", "skipped (...)", "failed (...)"

    @property
    def seconds(self) -> float | None:
        return statistics.median(s.seconds for s in self.samples) if self.samples else None

    @property
    def rss_kb(self) -> int | None:
        return max(s.rss_kb for s in self.samples) if self.samples else None


# --- The kg under test ----------------------------------------------------------------------

@dataclass(frozen=True)
class Kg:
    executable: str
    commands: frozenset[str]
    store_option: bool
    validate_article: bool

    def has(self, feature: str | None) -> bool:
        if feature == "build":
            return "build" in self.commands
        if feature == "validate-article":
            return self.validate_article
        return True


def find_kg(given: str | None = None) -> Kg:
    """The kg to measure (given, else beside this Python, else on PATH), and what it can do
    (read from its --help)."""
    beside = Path(sys.executable).with_name("kg")
    executable = given or (str(beside) if beside.exists() else shutil.which("kg"))
    if not executable:
        raise SystemExit("no kg command: run this with the project's virtualenv python, or pass --kg")
    usage = subprocess.run([executable, "--help"], capture_output=True, text=True).stdout
    listed = usage.split("Commands:", 1)[1] if "Commands:" in usage else ""
    commands = frozenset(re.findall(r"^  (\S+)", listed, re.MULTILINE))
    validate = subprocess.run([executable, "validate", "--help"], capture_output=True, text=True).stdout
    takes_id = re.search(r"Usage: kg validate \[OPTIONS\] \S", validate) is not None
    return Kg(executable, commands, "--store" in usage, takes_id)


# --- Corpora --------------------------------------------------------------------------------

def parse_size(text: str) -> int:
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not found:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write 10k, 100k, 1M, 5M)")
    return int(float(found[1]) * {"": 1, "k": 10**3, "m": 10**6}[found[2].lower()])


def corpus_key() -> str:
    """Changes whenever the generator or anything it copies changes."""
    digest = hashlib.sha256()
    files = [BENCH / "make_corpus.py", PROJECT / "graph" / "entities.ttl",
             *sorted((PROJECT / "graph" / "articles").iterdir()),
             *sorted((PROJECT / "ontology").iterdir()), *sorted((PROJECT / "queries").iterdir())]
    for path in files:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def corpus(size: int, label: str, seed: int) -> tuple[Path, dict]:
    """A data root of about `size` triples, made once and kept in bench/.corpora/."""
    shipped = make_corpus.templates()
    per_clone = sum(t.triples for t in shipped) / len(shipped) + 1.5  # + the new entities' triples
    n = max(1, round((size - make_corpus.base_triples()) / per_clone))
    root = CORPORA / f"{label}-n{n}-seed{seed}-{corpus_key()}"
    marker = root / make_corpus.MARKER
    if marker.is_file():
        return root, json.loads(marker.read_text(encoding="utf-8"))
    CORPORA.mkdir(parents=True, exist_ok=True)
    partial = CORPORA / f".partial-{root.name}"
    if partial.exists():
        shutil.rmtree(partial)
    info = make_corpus.make_corpus(n, partial, seed)
    partial.rename(root)
    return root, info


class Article:
    """The article the change measures edit: changed by appending a triple, then restored."""

    def __init__(self, root: Path) -> None:
        self.path = min((root / "graph" / "articles").glob("*.ttl"))
        self.article_id = self.path.stem
        text = self.path.read_text(encoding="utf-8")
        self.original = text.split(CHANGE_MARK, 1)[0]  # a run killed before restoring
        self.changes = 0
        self.restore()

    def change(self) -> None:
        """Append a harmless triple (a new rdfs:comment on the article): a real change."""
        self.changes += 1
        triple = (f"<https://w3id.org/newskg/article/{self.article_id}> "
                  f"<http://www.w3.org/2000/01/rdf-schema#comment> \"change {self.changes}\" .\n")
        self.path.write_text(self.original + CHANGE_MARK + triple, encoding="utf-8")

    def restore(self) -> None:
        if self.path.read_text(encoding="utf-8") != self.original:
            self.path.write_text(self.original, encoding="utf-8")


# --- One size -------------------------------------------------------------------------------

@dataclass
class Budget:
    deadline: float
    max_run: float
    max_measure: float
    memory_kb: int

    def left(self) -> float:
        return self.deadline - time.monotonic()


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fmt_seconds(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.3f} s" if seconds < 1 else f"{seconds:.2f} s"
    return f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_rss(kb: int) -> str:
    return f"{kb / MB:.0f} MB" if kb < 1024 * MB else f"{kb / MB / 1024:.2f} GB"


class SizeRun:
    """Every measure at one size, sharing a corpus, a store folder and a scratch folder."""

    def __init__(self, kg: Kg, root: Path, triples: int, scratch: Path, budget: Budget,
                 runs: int, label: str) -> None:
        self.kg, self.root, self.triples, self.scratch = kg, root, triples, scratch
        self.budget, self.runs, self.label = budget, runs, label
        self.store = scratch / "store"
        self.env = {k: v for k, v in os.environ.items() if k not in ("NEWSKG_ROOT", "NEWSKG_STORE")}
        self.env["NEWSKG_STORE"] = str(self.store)
        self.article = Article(root)
        (scratch / "bulk.py").write_text(BULK_LOAD, encoding="utf-8")
        (scratch / "rdflib_who.py").write_text(RDFLIB, encoding="utf-8")

    def kg_command(self, *args: str) -> list[str]:
        command = [self.kg.executable, "--root", str(self.root)]
        if self.kg.store_option:
            command += ["--store", str(self.store)]
        return command + list(args)

    def plan(self, key: str) -> tuple[list[str], Callable[[], None]]:
        """The command of a measure, and what to do before each run of it."""
        nothing: Callable[[], None] = lambda: None

        def fresh(folder: Path) -> Callable[[], None]:
            return lambda: shutil.rmtree(folder, ignore_errors=True)

        bulk_folder = self.scratch / "bulk-store"
        commands = {
            "build": (self.kg_command("build"), fresh(self.store)),
            "bulk": ([sys.executable, str(self.scratch / "bulk.py"), "per-file", str(self.root),
                      str(bulk_folder)], fresh(bulk_folder)),
            "bulk1": ([sys.executable, str(self.scratch / "bulk.py"), "one-call", str(self.root),
                       str(bulk_folder)], fresh(bulk_folder)),
            "refresh": (self.kg_command("who", ACTOR), self.article.change),
            "who": (self.kg_command("who", ACTOR), nothing),
            "timeline": (self.kg_command("timeline"), nothing),
            "query": (self.kg_command("query", "who-did-what", "--param", f"actor={ACTOR}"), nothing),
            "rdflib": ([sys.executable, str(self.scratch / "rdflib_who.py"), str(self.root), ACTOR_IRI],
                       nothing),
            "validate": (self.kg_command("validate"), self.article.change),
            "validate1": (self.kg_command("validate", self.article.article_id), self.article.change),
            "export": (self.kg_command("export", "--format", "gexf", "-o",
                                       str(self.scratch / "kg.gexf"), "--force"), nothing),
            "analyze": (self.kg_command("analyze"), nothing),
        }
        return commands[key]

    def measure(self, measure: Measure, before: Result | None, before_triples: int | None) -> Result:
        """Warm-up, then the timed runs; skipped when it would not fit the budget."""
        if not self.kg.has(measure.needs):
            return Result(note=MISSING[measure.needs or ""])
        if measure.key == "refresh" and not self.store.exists():
            return Result(note="n/a (no store built)")
        if before is not None and before.note and before.note.startswith(("skipped", "timed out", "failed")):
            return Result(note="skipped (> budget)" if not before.note.startswith("failed")
                          else "skipped (failed before)")
        limit = min(self.budget.max_run, self.budget.left())
        if before is not None and before.first is not None and before_triples:
            scale = self.triples / before_triples
            if before.first.seconds * scale > limit:
                return Result(note="skipped (> budget)")
            if before.first.rss_kb * scale > 0.8 * self.budget.memory_kb:
                return Result(note="skipped (> memory)")
        if limit <= 1:
            return Result(note="skipped (> budget)")
        command, prepare = self.plan(measure.key)
        errors = self.scratch / f"{measure.key}.err"
        result = Result()
        try:
            prepare()
            first = run_once(command, self.env, limit, errors)
            result.first = first
            if first.timed_out:
                result.note = f"timed out (> {fmt_seconds(limit)})"
                return result
            if first.code != 0:
                tail = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
                result.note = f"failed (exit {first.code}{': ' + tail[0][:120] if tail else ''})"
                return result
            # As many runs as fit: --runs, within --max-measure and the time left.
            runs = self.runs
            if first.seconds > 0:
                runs = min(runs, max(1, int((self.budget.max_measure - first.seconds) / first.seconds)),
                           int(self.budget.left() / first.seconds))
            if runs < 1:
                result.samples = [first]
                result.note = "warm-up only (budget)"
                return result
            for _ in range(runs):
                prepare()
                sample = run_once(command, self.env, min(self.budget.max_run, self.budget.left()), errors)
                if sample.timed_out or sample.code != 0:
                    result.note = "timed out" if sample.timed_out else f"failed (exit {sample.code})"
                    result.samples = []
                    return result
                result.samples.append(sample)
        finally:
            if measure.key in ("refresh", "validate", "validate1"):
                self.article.restore()
        return result


# --- Report ---------------------------------------------------------------------------------

def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    versions = []
    for name in ("pyoxigraph", "rdflib", "pyshacl", "networkx"):
        try:
            from importlib.metadata import version
            versions.append(f"{name} {version(name)}")
        except Exception:  # noqa: BLE001 - a missing package is simply not listed
            pass
    commit = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    return [f"- machine: {platform.platform()}, {platform.machine()}",
            f"- CPU: {cpu}, {cores} cores ({usable} usable)",
            f"- memory: {memory_kb() / 1024 / 1024:.1f} GiB",
            f"- Python {platform.python_version()}; {', '.join(versions)}",
            f"- project commit: {commit}"]


def memory_kb() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 8 * 1024 * 1024


def cell(result: Result | None) -> str:
    if result is None:
        return "not run"
    if result.seconds is None:
        return result.note or "—"
    text = f"{fmt_seconds(result.seconds)}, {fmt_rss(result.rss_kb or 0)}"
    return text + (f" ({result.note})" if result.note else "")


def verdict(measure: Measure, results: dict[int, dict[str, Result]]) -> str:
    """Met or not at ~1M triples (the size asked as 1M), lookups also at ~5M."""
    target = measure.target
    if target.text == "—":
        return "—"
    checks = [(10**6, target.seconds)] + ([(5 * 10**6, target.seconds_5m)] if target.seconds_5m else [])
    if not any(size in results for size, _ in checks):
        return "— (1M not run)"
    parts = []
    for size, seconds in checks:
        name = "1M" if size == 10**6 else "5M"
        here = results.get(size)
        if here is None:
            parts.append(f"not measured at {name}")
            continue
        result = here.get(measure.key)
        if result is None or result.seconds is None:
            note = (result.note if result else None) or "not run"
            if note.startswith("timed out"):
                parts.append(f"not met at {name} ({note})")
            elif note.startswith("failed"):
                parts.append(f"failed at {name}")
            else:
                parts.append(f"not measured at {name} ({note})")
            continue
        misses = []
        if seconds is not None and result.seconds > seconds:
            misses.append(fmt_seconds(result.seconds))
        if target.rss_mb is not None and (result.rss_kb or 0) / MB > target.rss_mb:
            misses.append(fmt_rss(result.rss_kb or 0))
        if target.times_bulk is not None:
            bulks = [here[k].seconds for k in ("bulk", "bulk1") if k in here and here[k].seconds]
            if not bulks:
                parts.append(f"no bulk load at {name}")
                continue
            ratio = result.seconds / min(bulks)
            if ratio > target.times_bulk:
                misses.append(f"{ratio:.1f}×")
        parts.append(f"not met at {name} ({', '.join(misses)})" if misses else f"met at {name}")
    return "; ".join(parts)


def report(sizes: list[tuple[str, int]], infos: dict[int, dict], results: dict[int, dict[str, Result]],
           notes: list[str], kg: Kg, args: argparse.Namespace) -> str:
    lines = ["## Machine", *machine(), "",
             f"## Results (median of up to {args.runs} run{'s' if args.runs != 1 else ''} after a warm-up; peak RSS of the command)", ""]
    header = ["measure", "target (~1M)"]
    for label, size in sizes:
        info = infos.get(size)
        header.append(f"{label} ({info['triples']:,} triples, {info['articles']} art.)" if info else label)
    header.append("met?")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for measure in MEASURES:
        row = [measure.label, measure.target.text]
        row += [cell(results.get(size, {}).get(measure.key)) if size in results else "not run"
                for _, size in sizes]
        row.append(verdict(measure, results))
        lines.append("| " + " | ".join(row) + " |")
    lines += ["", "## Details (per size: median / min / max / first run, peak RSS, runs)", ""]
    for label, size in sizes:
        if size not in results:
            continue
        lines.append(f"{label}:")
        for measure in MEASURES:
            result = results[size].get(measure.key)
            if result is None:
                continue
            if result.samples:
                times = [s.seconds for s in result.samples]
                first = fmt_seconds(result.first.seconds) if result.first else "—"
                lines.append(f"  {measure.key:<10} {fmt_seconds(statistics.median(times))} / "
                             f"{fmt_seconds(min(times))} / {fmt_seconds(max(times))} / first {first}, "
                             f"{fmt_rss(result.rss_kb or 0)}, {len(times)} run(s)"
                             + (f" — {result.note}" if result.note else ""))
            else:
                first = (f" (first run: {fmt_seconds(result.first.seconds)}, "
                         f"{fmt_rss(result.first.rss_kb)})" if result.first else "")
                lines.append(f"  {measure.key:<10} {result.note}{first}")
    features = [f"kg build: {'yes' if kg.has('build') else 'no'}",
                f"--store: {'yes' if kg.store_option else 'no'}",
                f"kg validate ID: {'yes' if kg.validate_article else 'no'}"]
    lines += ["", "## Notes", f"- kg features found: {', '.join(features)}",
              "- cold = a fresh process per run (the OS file cache is warm); the changed-article "
              "measures append one rdfs:comment triple to one article before each run and restore it after.",
              *[f"- {note}" for note in notes]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1M,5M", help="triples, e.g. 10k,100k,1M,5M")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measure (default 5)")
    parser.add_argument("--budget", type=float, default=2400, help="total seconds (default 2400)")
    parser.add_argument("--max-run", type=float, default=300,
                        help="a single run longer than this is stopped (default 300 s)")
    parser.add_argument("--max-measure", type=float, default=300,
                        help="fewer runs when a measure would take longer (default 300 s)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--kg", help="the kg executable to measure (default: the one beside this Python)")
    parser.add_argument("--only", help="comma-separated measure keys to run (default: all)")
    args = parser.parse_args()
    started = time.monotonic()
    load_before = os.getloadavg()
    budget = Budget(started + args.budget, args.max_run, args.max_measure, memory_kb())
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    sizes = sorted(((label, parse_size(label)) for label in labels), key=lambda pair: pair[1])
    only = set(args.only.split(",")) if args.only else None
    kg = find_kg(args.kg)
    # Byte-compile the project as an installed package would be (PYTHONDONTWRITEBYTECODE may be
    # set), so no run pays for it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "newskg"),
                    str(PROJECT / "kg_cli.py")], check=True, stdout=subprocess.DEVNULL)
    results: dict[int, dict[str, Result]] = {}
    infos: dict[int, dict] = {}
    notes: list[str] = []
    previous: tuple[int, dict[str, Result]] | None = None
    for label, size in sizes:
        if budget.left() < 30:
            notes.append(f"{label}: skipped, the {args.budget:.0f} s budget was spent")
            progress(f"[{label}] skipped: budget spent")
            continue
        progress(f"[{label}] corpus ...")
        root, info = corpus(size, label, args.seed)
        infos[size] = info
        progress(f"[{label}] {info['articles']} articles, {info['triples']:,} triples")
        here: dict[str, Result] = {}
        with tempfile.TemporaryDirectory(prefix="kg-scale-") as scratch:
            run = SizeRun(kg, root, info["triples"], Path(scratch), budget, args.runs, label)
            try:
                for key in RUN_ORDER:
                    measure = next(m for m in MEASURES if m.key == key)
                    if only is not None and key not in only:
                        continue
                    before = previous[1].get(key) if previous else None
                    before_triples = infos[previous[0]]["triples"] if previous else None
                    result = run.measure(measure, before, before_triples)
                    here[key] = result
                    progress(f"[{label}] {key}: {cell(result)}")
                store_size = sum(p.stat().st_size for p in run.store.rglob("*") if p.is_file()) \
                    if run.store.exists() else 0
                if store_size:
                    notes.append(f"{label}: store on disk {store_size / 2**20:.0f} MiB")
            finally:
                run.article.restore()
        results[size] = here
        previous = (size, here)
    notes.append(f"total time {time.monotonic() - started:.0f} s of a {args.budget:.0f} s budget; "
                 f"load average (1 min) {load_before[0]:.1f} at the start, {os.getloadavg()[0]:.1f} "
                 "at the end (other work on the machine slows every figure alike)")
    print(report(sizes, infos, results, notes, kg, args))


if __name__ == "__main__":
    main()
