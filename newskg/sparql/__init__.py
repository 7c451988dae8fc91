"""The SPARQL the lookups and networks run, kept apart from the public library in queries/.

Users may edit or delete queries/*.rq; the code's own queries travel with the package, so no
Python code depends on the columns of a public query.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..queries import NamedQuery, parse_query_text


@cache
def internal(name: str) -> NamedQuery:
    """One of the package's own queries, by name (the file newskg/sparql/NAME.rq)."""
    text = (Path(__file__).parent / f"{name}.rq").read_text(encoding="utf-8")
    return parse_query_text(text, name, f"newskg/sparql/{name}.rq")
