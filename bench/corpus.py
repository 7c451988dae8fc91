"""Make a large data root for benchmarks: N copies of the shipped article under new ids.

Each copy is the shipped `000_4751dd8fe703f37b.{ttl,txt}` with the id replaced in the Turtle, so
every copy validates like the original (~2,200 triples each; 450 copies ≈ 1M triples).

    python bench/corpus.py OUT_DIR [--copies 450]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ORIGINAL = "000_4751dd8fe703f37b"


def article_id(number: int) -> str:
    """The id of copy `number` (0 is the shipped article itself)."""
    return ORIGINAL if number == 0 else f"{number:03d}_copy{number:05d}"


def make_corpus(out: Path, copies: int) -> Path:
    """A data root at `out` holding `copies` articles (the original and copies - 1 copies)."""
    for folder in ("ontology", "queries"):
        shutil.copytree(PROJECT / folder, out / folder, dirs_exist_ok=True)
    articles = out / "graph" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "graph" / "entities.ttl", out / "graph" / "entities.ttl")
    source = PROJECT / "graph" / "articles"
    turtle = (source / f"{ORIGINAL}.ttl").read_text(encoding="utf-8")
    text = (source / f"{ORIGINAL}.txt").read_bytes()
    for number in range(copies):
        name = article_id(number)
        (articles / f"{name}.ttl").write_text(turtle.replace(ORIGINAL, name), encoding="utf-8")
        (articles / f"{name}.txt").write_bytes(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=450)
    args = parser.parse_args()
    make_corpus(args.out, args.copies)
    print(f"{args.out}: {args.copies} articles")


if __name__ == "__main__":
    main()
