"""One way to print results: aligned, wrapped tables for eyes; exact JSON for scripts."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Sequence


def to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def to_jsonl(rows: Sequence[object]) -> str:
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int | None = None) -> str:
    """Columns share the terminal width; long cells wrap inside their column."""
    width = width or max(100, shutil.get_terminal_size((120, 24)).columns)
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    natural = [max([len(h)] + [max((len(line) for line in c[i].splitlines()), default=0) for c in cells])
               for i, h in enumerate(headers)]
    budget = width - 3 * (len(headers) - 1)
    widths = list(natural)
    while sum(widths) > budget and max(widths) > 12:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    lines = []
    for row in [list(headers), ["-" * w for w in widths]] + cells:
        wrapped = [
            [piece for line in (cell.splitlines() or [""]) for piece in (textwrap.wrap(line, w) or [""])]
            for cell, w in zip(row, widths)
        ]
        for i in range(max(len(w) for w in wrapped)):
            parts = [(w[i] if i < len(w) else "").ljust(widths[n]) for n, w in enumerate(wrapped)]
            lines.append("   ".join(parts).rstrip())
    return "\n".join(lines)
