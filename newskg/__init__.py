"""News knowledge graph: actors, events, places and statements from news, grounded in the text."""

__version__ = "0.1.0"
