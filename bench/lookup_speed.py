"""Benchmark: `kg who "Kataib Hezbollah"` from a cold start, against a plain rdflib script.

Both run as whole processes, interleaved, so machine noise hits both alike. The baseline parses
the same Turtle files with rdflib and runs the same query (queries/who-did-what.rq) for the
same actor. Prints each median and the ratio; asserts nothing (see the README for figures).

    python bench/lookup_speed.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

BASELINE = '''
import sys
import rdflib
root = sys.argv[1]
dataset = rdflib.Dataset(default_union=True)
for name in ("ontology/newskg.ttl", "graph/entities.ttl", "graph/articles/000_4751dd8fe703f37b.ttl"):
    dataset.parse(f"{root}/{name}", format="turtle")
query = open(f"{root}/queries/who-did-what.rq", encoding="utf-8").read()
actor = rdflib.URIRef("https://w3id.org/newskg/entity/kataib-hezbollah")
rows = list(dataset.query(query, initBindings={"actor": actor}))
print(len(rows))
'''


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    kg = Path(sys.executable).with_name("kg")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(BASELINE)
    ours = [str(kg), "who", "Kataib Hezbollah"]
    baseline = [sys.executable, script.name, str(PROJECT)]
    # Byte-compile the project as an installed package would be (PYTHONDONTWRITEBYTECODE may
    # be set), and warm the disk cache; neither is counted.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(PROJECT / "newskg"),
                    str(PROJECT / "kg_cli.py")], check=True, stdout=subprocess.DEVNULL)
    seconds(ours), seconds(baseline)
    kg_times, rdflib_times = [], []
    for _ in range(args.runs):
        kg_times.append(seconds(ours))
        rdflib_times.append(seconds(baseline))
    Path(script.name).unlink()
    kg_median, rdflib_median = statistics.median(kg_times), statistics.median(rdflib_times)
    print(f"runs each:                    {args.runs}")
    print(f'kg who "Kataib Hezbollah":    median {kg_median:.3f} s  (min {min(kg_times):.3f})')
    print(f"rdflib parse + same query:    median {rdflib_median:.3f} s  (min {min(rdflib_times):.3f})")
    print(f"speed-up:                     {rdflib_median / kg_median:.1f}x")


if __name__ == "__main__":
    main()
