"""Reading an article's verbatim text; shared by the rdflib and the pyoxigraph loaders."""

from __future__ import annotations

from .errors import InputError
from .layout import Article


def read_article_text(article: Article, shown_as: str) -> str:
    try:
        return article.text.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise InputError(
            f"{shown_as}: the article's text file is missing; put its verbatim text beside the "
            "encoding with the same name and a .txt ending."
        ) from error
    except UnicodeDecodeError as error:
        raise InputError(
            f"{shown_as}: not UTF-8 (byte {error.start}); save the article text as UTF-8."
        ) from error
