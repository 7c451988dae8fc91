"""What a query text may be before the SPARQL engine sees it: small, shallow, read-only, offline.

pyoxigraph 0.5 has no parse-only call and no switch to turn SERVICE off, and its parser crashes
the process (stack overflow) on deeply nested or very long input. So the text is tokenised here
and checked on the tokens, where string literals, IRIs and comments are single tokens: a keyword
inside one of them is not a keyword.

The engine's parser does not need a boundary after a keyword (`SERVICEs:x {...}` is a SERVICE
call to the prefix `s:`), so SERVICE is refused wherever its letters appear outside a string,
an IRI, a comment or a variable name.

Measured with pyoxigraph 0.5 on an 8 MB stack, the parser crashes from about 840 nested
FILTER EXISTS, 950 nested function calls, 2,200 nested groups, 2,550 MINUS or BIND in a row,
6,600 UNIONs, 6,800 `+`, 9,300 `||` or `!`. The limits below refuse each of these shapes at
16% of that size or less; a crash they miss only ends the child process that runs the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from .errors import InputError

MAX_QUERY_BYTES = 100_000
MAX_TOKENS = 1_500
MAX_DEPTH = 64

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
PROLOGUE = ("BASE", "PREFIX", "VERSION")
OPENERS = {"(": ")", "{": "}", "[": "]", "<<": ">>"}

# Strings, IRIs and comments as the SPARQL grammar has them; a variable only with ASCII name
# characters (a subset of the grammar's, so a variable never swallows code); a "word" is any
# other run of characters that are not white space or punctuation: keywords, prefixed names,
# numbers, blank nodes, language tags.
TOKEN = re.compile(
    r"(?P<space>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\""
    r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\")"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<variable>[?$][A-Za-z0-9_]+)"
    r"|(?P<word>[^ \t\r\n{}()\[\],;<>=!&|^*/+?$#@\"'`~]+)"
    r"|(?P<symbol>\|\||&&|\^\^|<=|>=|!=|<<|>>|\{\||\|\}|.)",
    re.S,
)
CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str  # space, comment, string, iri, variable, word (keywords, names, numbers) or symbol
    text: str
    line: int
    column: int


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query, without white space and comments, each with its position."""
    line, line_start = 1, 0
    for match in TOKEN.finditer(text):
        kind, lexeme = match.lastgroup or "symbol", match.group()
        if kind not in ("space", "comment"):
            yield Token(kind, lexeme, line, match.start() - line_start + 1)
        if "\n" in lexeme:
            line += lexeme.count("\n")
            line_start = match.start() + lexeme.rindex("\n") + 1


def unescape_codepoints(text: str) -> str:
    r"""The text as SPARQL 1.1 (19.2) reads it: `\u0053` is `S` anywhere, decoded before parsing."""

    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else match.group()

    return CODEPOINT.sub(char, text)


def check(text: str, source: str) -> None:
    """Refuse what must not reach the engine, saying where and what to do instead."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise InputError(
            f"{source}: the query is {size:,} bytes; kg query takes at most {MAX_QUERY_BYTES:,}. "
            "Make it shorter."
        )
    # Whether or not the engine decodes \u escapes outside strings, neither reading may pass.
    _check_tokens(list(islice(tokens(text), MAX_TOKENS + 1)), source)
    if CODEPOINT.search(text):
        _check_tokens(list(islice(tokens(unescape_codepoints(text)), MAX_TOKENS + 1)), source)


def _check_tokens(found: list[Token], source: str) -> None:
    if not found:
        raise InputError(f"{source}: holds no SPARQL query, only white space or comments.")
    _check_nesting(found, source)
    if len(found) > MAX_TOKENS:
        raise InputError(
            f"{source}: the query has more than {MAX_TOKENS:,} tokens (words, names, values, "
            "symbols), the most kg query takes: longer ones can crash the SPARQL parser. Split it "
            "into smaller queries."
        )
    for token in found:
        if token.kind == "word" and "SERVICE" in token.text.upper():
            raise InputError(
                f"{source}, line {token.line} column {token.column}: SERVICE would send the query "
                "over the network; kg query runs offline and does not run federated queries. "
                "Query the local graph only (where `service` is part of a name, write that IRI "
                "in full, as <...>)."
            )
    form = next((t for t in found if t.kind == "word" and ":" not in t.text
                 and t.text.upper() not in PROLOGUE), None)
    if form is None or form.text.upper().startswith(QUERY_FORMS):
        return
    update = next((u for u in UPDATE_FORMS if form.text.upper().startswith(u)), None)
    if update:
        raise InputError(
            f"{source}, line {form.line} column {form.column}: {update} is a SPARQL update; "
            "kg query only reads; the graph is edited in graph/ (entities.ttl, articles/*.ttl), "
            "then checked with kg validate."
        )


def _check_nesting(found: list[Token], source: str) -> None:
    depth = 0
    closers = set(OPENERS.values())
    for token in found:
        if token.kind != "symbol":
            continue
        if token.text in OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    f"{source}, line {token.line} column {token.column}: brackets nest more than "
                    f"{MAX_DEPTH} deep; kg query refuses deeper queries (they can crash the SPARQL "
                    "parser). Flatten the query."
                )
        elif token.text in closers:
            depth = max(depth - 1, 0)
