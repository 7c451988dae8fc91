"""Where things are: the data root's store folder, and the environment variables read once.

The store is derived from the files and can always be deleted; it lives in `.kg/` under a data
root the user can write to (git-ignored), and in the user's cache folder for a data root that
is not theirs to write (the graph shipped inside an installed wheel).
"""

from __future__ import annotations

import os
from pathlib import Path

from .layout import Layout

STORE_ENV = "NEWSKG_STORE"
STORE_FOLDER = ".kg"


def _installed(root: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in root.parts)


def _cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def store_dir(layout: Layout, chosen: str | os.PathLike[str] | None = None) -> Path:
    """The store folder: --store, else $NEWSKG_STORE, else `.kg/` in the data root (or, for a
    data root one cannot write, a folder named after it in the user's cache)."""
    chosen = chosen or os.environ.get(STORE_ENV)
    if chosen:
        return Path(chosen).resolve()
    if not _installed(layout.root) and os.access(layout.root, os.W_OK):
        return layout.root / STORE_FOLDER
    import hashlib

    digest = hashlib.sha256(str(layout.root).encode("utf-8")).hexdigest()[:16]
    return _cache_home() / "newskg" / digest
