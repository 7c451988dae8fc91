"""Where the ontology, the graph and the queries live, in a checkout or an installed wheel.

Also which files in `graph/articles/` are articles: `ID.ttl` with ID made of letters, digits,
`_` and `-`. Hidden files and editor leftovers (`.ID.ttl`, `#ID.ttl#`, `ID.ttl~`) are skipped.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

ROOT_ENV = "NEWSKG_ROOT"
ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
REQUIRED = ("ontology/newskg.ttl", "ontology/shapes.ttl", "graph/entities.ttl")


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
        """Each `graph/articles/ID.ttl` with its verbatim text `ID.txt` beside it.

        No articles folder means no articles yet; a folder that cannot be listed is an error,
        and so is a `.ttl` file whose name cannot be an article id.
        """
        found = []
        folder = self.articles_dir
        for name in list_folder(folder, self.relative(folder), missing=None):
            if name.startswith(".") or not name.endswith(".ttl"):
                continue
            encoding, stem = folder / name, name[:-len(".ttl")]
            if not ARTICLE_ID.fullmatch(stem):
                raise InputError(
                    f"{self.relative(encoding)}: not an article file name; name it ID.ttl, the ID "
                    "made of letters, digits, _ and - (as its article art:ID), or move it out of "
                    "graph/articles/."
                )
            found.append(Article(stem, encoding, folder / f"{stem}.txt"))
        return found

    def graph_files(self) -> list[Path]:
        """Every file whose content the loaded graph depends on."""
        files = [self.ontology, self.entities]
        for article in self.articles():
            files += [article.encoding, article.text]
        return files

    def relative(self, path: Path) -> str:
        """A path as users see it: relative to the data root when inside it."""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep and ".." not in text:
            return text[len(root) + 1:]  # the common case, without pathlib's parsing
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def list_folder(folder: Path, shown: str,
                missing: str | None = "no such folder; restore it, or pass --root DIR.") -> list[str]:
    """The sorted names in a folder; every way it can fail becomes a message with the fix.

    `missing` says what to tell when there is no such folder; None: that means no files.
    """
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError as error:
        if folder.is_symlink():
            raise InputError(
                f"{shown}: a symbolic link to {os.readlink(folder)}, which does not exist; "
                "point it at the folder or replace it with the folder."
            ) from error
        if missing is None:
            return []
        raise InputError(f"{shown}: {missing}") from error
    except NotADirectoryError as error:
        raise InputError(f"{shown}: not a folder; replace it with the folder.") from error
    except PermissionError as error:
        raise InputError(
            f"{shown}: cannot list the folder (permission denied); make it readable "
            "(chmod a+rx)."
        ) from error
    except OSError as error:
        raise InputError(f"{shown}: cannot list the folder ({error.strerror}).") from error


def _default_root() -> Path:
    package = Path(__file__).resolve().parent
    installed = package / "data"
    if (installed / "ontology").is_dir():
        return installed
    return package.parent


def find_layout(root: str | os.PathLike[str] | None = None) -> Layout:
    """The data root: the argument, else $NEWSKG_ROOT, else the shipped graph.

    Only the root itself is checked here; each file is checked when it is read (see sources).
    """
    chosen = root or os.environ.get(ROOT_ENV)
    if not chosen:
        return Layout(_default_root())
    layout = Layout(Path(os.path.abspath(chosen)))
    fix = (f"a data root must hold {', '.join(REQUIRED)} and queries/; pass --root DIR (or set "
           f"{ROOT_ENV}) to such a folder")
    if not layout.root.is_dir():
        what = "not a folder" if layout.root.exists() else "no such folder"
        raise InputError(f"{chosen}: {what}; {fix}.")
    names = list_folder(layout.root, str(chosen))
    if not any(os.path.lexists(layout.root / needed) for needed in REQUIRED):
        what = "an empty folder" if not names else f"it holds none of {', '.join(REQUIRED)}"
        raise InputError(f"{chosen}: not a data root ({what}); {fix}.")
    return layout
