"""Benchmark corpus for the networks: the shipped article copied under N new ids.

Writes a data root (ontology/, graph/, queries/) whose graph/articles/ holds the shipped article
and N copies of it, each with its own id (the id string replaced throughout the .ttl), so every
copy's events, participations and relations are distinct resources in their own named graph.
Time the network commands against it with `kg --root DIR ...` (see the README, "Speed").

    python bench/network_scale.py DIR --copies 450
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
ARTICLE = "000_4751dd8fe703f37b"


def make_corpus(root: Path, copies: int) -> None:
    """A data root at `root` holding the shipped graph plus `copies` renamed copies of the article."""
    if root.exists():
        raise SystemExit(f"{root}: already exists; give a new folder.")
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(PROJECT / folder, root / folder,
                        ignore=shutil.ignore_patterns(".kg", "__pycache__"))
    articles = root / "graph" / "articles"
    encoding = (articles / f"{ARTICLE}.ttl").read_text(encoding="utf-8")
    text = (articles / f"{ARTICLE}.txt").read_bytes()
    for number in range(1, copies + 1):
        new_id = f"{number:03d}_copy{number:011d}"
        (articles / f"{new_id}.ttl").write_text(encoding.replace(ARTICLE, new_id), encoding="utf-8")
        (articles / f"{new_id}.txt").write_bytes(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="new folder for the data root")
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    make_corpus(args.root, args.copies)
    print(f"{args.root}: {args.copies + 1} articles")


if __name__ == "__main__":
    main()
