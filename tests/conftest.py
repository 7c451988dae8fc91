"""Shared fixtures: the shipped graph, loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from newskg.layout import Layout, find_layout
from newskg.loading import load_graph

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"


@pytest.fixture(scope="session")
def layout() -> Layout:
    return find_layout(PROJECT)


@pytest.fixture(scope="session")
def shipped(layout: Layout) -> Graph:
    """The ontology, entities and every article as one graph."""
    return load_graph(layout).union()


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A writable copy of the shipped ontology and graph, for tests that break it."""
    root = tmp_path / "root"
    for folder in ("ontology", "graph", "queries"):
        if (PROJECT / folder).is_dir():
            shutil.copytree(PROJECT / folder, root / folder)
    return root
