"""Where the ontology, the graph and the queries live, in a checkout or an installed wheel."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

ROOT_ENV = "NEWSKG_ROOT"


@dataclass(frozen=True)
class Article:
    article_id: str
    encoding: Path
    text: Path


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "newskg.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def entities(self) -> Path:
        return self.root / "graph" / "entities.ttl"

    @property
    def articles_dir(self) -> Path:
        return self.root / "graph" / "articles"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def articles(self) -> list[Article]:
        """Each `graph/articles/ID.ttl` with its verbatim text `ID.txt` beside it."""
        found = []
        for encoding in sorted(self.articles_dir.glob("*.ttl")):
            found.append(Article(encoding.stem, encoding, encoding.with_suffix(".txt")))
        return found

    def graph_files(self) -> list[Path]:
        """Every file whose content the loaded graph depends on."""
        files = [self.ontology, self.entities]
        for article in self.articles():
            files += [article.encoding, article.text]
        return files

    def relative(self, path: Path) -> str:
        """A path as users see it: relative to the data root when inside it."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def _default_root() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "data"
    if (installed / "ontology").is_dir():
        return installed
    return package.parent


def find_layout(root: str | os.PathLike[str] | None = None) -> Layout:
    """The data root: the argument, else $NEWSKG_ROOT, else the shipped graph."""
    chosen = root or os.environ.get(ROOT_ENV)
    layout = Layout(Path(chosen).resolve() if chosen else _default_root())
    for needed in (layout.ontology, layout.shapes, layout.entities):
        if not needed.is_file():
            raise InputError(
                f"{needed}: not found. The data root {layout.root} must hold ontology/newskg.ttl, "
                "ontology/shapes.ttl and graph/entities.ttl; pass --root DIR or set "
                f"{ROOT_ENV} to such a folder."
            )
    return layout
