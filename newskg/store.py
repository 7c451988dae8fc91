"""The fast, read-only store for queries and lookups: pyoxigraph, parsed fresh on every run.

Parsing the whole graph takes milliseconds, so there is no cache to go stale; rdflib, pyshacl
and networkx are not imported on this path. The files are read and checked by `sources`, as
they are for validation.
"""

from __future__ import annotations

import pyoxigraph as ox

from .layout import Layout
from .sources import check_spans, read_sources


def open_store(layout: Layout) -> ox.Store:
    """Ontology, entities and articles in their named graphs, each article with its kg:text.

    Refused when an article's text no longer matches its evidence spans, so that no answer
    quotes the wrong sentence as evidence.
    """
    sources = read_sources(layout)
    check_spans(sources)
    return sources.store
