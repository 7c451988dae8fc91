"""The bad-input corpus: broken and hostile data roots, queries, parameters, names, dates and
output paths, each with the exit code and the words its message must hold.

A case's name starts with its kind (`root:`, `name:`, `date:`, `query:`, `param:`, `output:`,
`usage:`). Its `setup` steps break a fresh copy of the data root (`root`) or prepare the folder
the command runs in (`out`); `{root}` and `{out}` in its arguments stand for those folders.
Exit codes as the README documents them: 1 the answer is no, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Step = Callable[[Path, Path], None]
ARTICLE = "graph/articles/000_4751dd8fe703f37b"


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    exit: int
    says: tuple[str, ...] = ()
    setup: tuple[Step, ...] = ()
    stdin: str = ""
    env: dict[str, str] = field(default_factory=dict)
    no_root: bool = False


# --- steps that break a copy of the data root, or prepare the output folder ------------------


def write(rel: str, text: str | bytes, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return step


def replace(rel: str, old: str, new: str) -> Step:
    def step(root: Path, out: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"corpus set-up: {old!r} is not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return step


def first_article_only(root: Path, out: Path) -> None:
    """Only the first article: a date range with no event in it exists (the others hold events
    whose time is open at one end, which no range avoids)."""
    for path in (root / "graph" / "articles").iterdir():
        if not path.name.startswith("000_4751dd8fe703f37b."):
            path.unlink()


def with_offsets(root: Path, out: Path) -> None:
    """The first article's encoding as it was written with offsets (tests/authoring/)."""
    shipped = Path(__file__).resolve().parent / "authoring" / "000_4751dd8fe703f37b.offsets.ttl"
    shutil.copy(shipped, root / f"{ARTICLE}.ttl")


def remove(rel: str) -> Step:
    def step(root: Path, out: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    return step


def symlink(rel: str, target: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.exists() or path.is_symlink():
            remove(rel)(root, out) if where == "root" else path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(root=root, out=out), path)
    return step


def mkdir(rel: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.is_file():
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
    return step


def mkfifo(rel: str, where: str = "root") -> Step:
    def step(root: Path, out: Path) -> None:
        path = (root if where == "root" else out) / rel
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return step


CASES: list[Case] = []


def add(*cases: Case) -> None:
    CASES.extend(cases)


# --- names: hostile, empty, unknown, for every command that takes one --------------------------

NOT_A_NAME = ["", " ", "\t", "!!!", "'", "\"", "-", "()", "...", "\\"]
UNKNOWN_NAMES = [
    "Hezbolah", "zzzz", "x" * 5000, "Ω≈ç√∫", "ent:", "ent:nobody", "<http://example.org/x>",
    "http://example.org/nobody", "art:000_4751dd8fe703f37b#nothing", "%s%s%n", "../../etc/passwd",
    "$(rm -rf /)", "'; DROP GRAPH <x> ; --", "\u202enosbiB eoJ", "🚀 zeppelin", "?zq", "a\nb",
    "ent:kataib-hezbollah>",
]
KINDS = {"who": "actor or place", "actor": "actor or place", "event": "event", "said": "actor",
         "path": "actor or place"}

for command, kind in KINDS.items():
    for number, name in enumerate(NOT_A_NAME):
        args = (command, name, "Joe Biden") if command == "path" else (command, name)
        add(Case(f"name:{command}-not-a-name-{number}", args, 2, ("is not a name", "give a name")))
    for number, name in enumerate(UNKNOWN_NAMES):
        args = (command, "Joe Biden", name) if command == "path" else (command, name)
        add(Case(f"name:{command}-unknown-{number}", args, 1,
                 (f"no {kind} is called", "kg query network-nodes")))

add(
    Case("name:who-ambiguous-event-word", ("event", "attack"), 1,
         ("fits several entities equally well", "Use a fuller name or the id")),
    Case("name:path-same-actor-twice", ("path", "Biden", "Joe Biden"), 2,
         ("are both Joe Biden", "give two different")),
    Case("name:who-event-is-not-an-actor", ("who", "us-strikes"), 1, ("no actor or place is called",)),
)

# --- dates ------------------------------------------------------------------------------------

BAD_DATES = ["2023-13-01", "2023-02-30", "yesterday", "", "2023-1-1", "23-12-25", "2023/12/25",
             "25-12-2023", "2023-12-25T10:00", " 2023-12-25", "2023-12-25 ", "0000-01-01",
             "2023-12", "2023", "1e10", "-2023-12-25", "２０２３-１２-２５"]
for option in ("--from", "--to"):
    for number, value in enumerate(BAD_DATES):
        add(Case(f"date:timeline{option}-{number}", ("timeline", option, value), 2,
                 (f"{option} {value!r} is not a date", "YYYY-MM-DD")))
add(
    Case("date:from-after-to", ("timeline", "--from", "2023-12-30", "--to", "2023-12-01"), 2,
         ("--from 2023-12-30 is after --to 2023-12-01",)),
    Case("date:range-with-no-event", ("timeline", "--from", "2030-01-01"), 1,
         ("no event falls between 2030-01-01 and the last", "widen --from/--to"), setup=(first_article_only,)),
    Case("date:range-with-no-event-json", ("timeline", "--from", "2030-01-01", "--format", "json"), 1,
         ("no event falls",), setup=(first_article_only,)),
    Case("date:month-with-no-event", ("timeline", "--from", "2024-06-01", "--to", "2024-06-30"), 1,
         ("no event falls between 2024-06-01 and 2024-06-30",), setup=(first_article_only,)),
)

# --- usage ------------------------------------------------------------------------------------

for command in ("who KH", "said", "timeline", "actor KH", "event us-strikes", "stats", "queries",
                "analyze", "path Biden Iran", "validate"):
    words = tuple(command.split())
    add(Case(f"usage:{words[0]}-bad-format", (*words, "--format", "xml-ish"), 2,
             ("Invalid value for '--format'",)))
    add(Case(f"usage:{words[0]}-unknown-option", (*words, "--frobnicate"), 2,
             ("No such option '--frobnicate'",)))
add(
    Case("usage:unknown-command", ("frobnicate",), 2, ("No such command 'frobnicate'",)),
    Case("usage:who-without-actor", ("who",), 2, ("Missing argument 'ACTOR'",)),
    Case("usage:event-without-name", ("event",), 2, ("Missing argument 'NAME'",)),
    Case("usage:path-one-name", ("path", "Biden"), 2, ("Missing argument 'TARGET'",)),
    Case("usage:who-two-names", ("who", "Biden", "Austin"), 2, ("Got unexpected extra argument",)),
    Case("usage:export-without-format", ("export", "-o", "x.gexf"), 2, ("Missing option '--format'",)),
    Case("usage:export-without-output", ("export", "--format", "gexf"), 2, ("Missing option",)),
)

# --- broken data roots -------------------------------------------------------------------------

REQUIRED = ["ontology/newskg.ttl", "ontology/shapes.ttl", "graph/entities.ttl"]
for command in (("stats",), ("who", "KH"), ("validate",)):
    label = command[0]
    for rel in REQUIRED:
        if rel == "ontology/shapes.ttl" and label != "validate":
            continue  # lookups never read the shapes
        stem = rel.replace("/", "-")
        add(
            Case(f"root:{label}-{stem}-missing", command, 2, (rel,), setup=(remove(rel),)),
            Case(f"root:{label}-{stem}-is-a-folder", command, 2, (rel,), setup=(remove(rel), mkdir(rel))),
            Case(f"root:{label}-{stem}-dangling-link", command, 2, (rel,), setup=(symlink(rel, "nowhere.ttl"),)),
            Case(f"root:{label}-{stem}-link-loop", command, 2, (rel,),
                 setup=(symlink(rel, rel.rpartition("/")[2]),)),
            Case(f"root:{label}-{stem}-fifo", command, 2, (rel,), setup=(remove(rel), mkfifo(rel))),
            Case(f"root:{label}-{stem}-syntax-error", command, 2, (rel, "line", "Turtle syntax error",
                                                                   "Fix the file"),
                 setup=(write(rel, "@prefix kg: <https://w3id.org/newskg/ontology#> .\nkg:a kg:b \n"),)),
            Case(f"root:{label}-{stem}-not-utf8", command, 2, (rel,),
                 setup=(write(rel, b"@prefix kg: <https://w3id.org/newskg/ontology#> .\nkg:a kg:b \"\xff\xfe\" .\n"),)),
            Case(f"root:{label}-{stem}-too-big", command, 2, (rel,),
                 setup=(write(rel, "#" + "x" * (17 * 2**20) + "\n"),)),
        )

add(
    Case("root:missing-folder", ("--root", "{out}/nowhere", "stats"), 2, ("no such folder", "pass --root DIR"),
         no_root=True),
    Case("root:a-file", ("--root", "{root}/graph/entities.ttl", "stats"), 2, ("not a folder",), no_root=True),
    Case("root:empty-folder", ("--root", "{out}", "stats"), 2, ("an empty folder", "pass --root DIR"),
         no_root=True),
    Case("root:env-var-points-nowhere", ("stats",), 2, ("no such folder",), no_root=True,
         env={"NEWSKG_ROOT": "/nonexistent-newskg-root"}),
    Case("root:bad-iri-in-entities", ("stats",), 2, ("graph/entities.ttl, line", "Invalid IRI"),
         setup=(write("graph/entities.ttl", "@prefix ent: <https://w3id.org/newskg/entity/> .\n"
                      "ent:x ent:p <http://exa mple/> .\n"),)),
    Case("root:relative-iri-with-space", ("validate",), 2, ("graph/entities.ttl",),
         setup=(write("graph/entities.ttl", "<foo bar> <http://x/p> <http://x/o> .\n"),)),
    Case("root:deep-nesting-error", ("stats",), 2, ("graph/entities.ttl", "Turtle syntax error"),
         setup=(write("graph/entities.ttl", "@prefix ent: <https://w3id.org/newskg/entity/> .\n"
                      "ent:x ent:p " + "[ ent:p " * 50_000 + "\n"),)),
    Case("root:empty-shapes", ("validate",), 2, ("ontology/shapes.ttl", "holds no SHACL shapes"),
         setup=(write("ontology/shapes.ttl", ""),)),
    Case("root:empty-ontology", ("who", "KH"), 2, ("ontology/newskg.ttl", "does not define kg:Actor"),
         setup=(write("ontology/newskg.ttl", ""),)),
    Case("root:empty-ontology-validate", ("validate",), 2, ("ontology/newskg.ttl",),
         setup=(write("ontology/newskg.ttl", ""),)),
    Case("root:article-text-missing", ("who", "KH"), 2, (f"{ARTICLE}.txt", "text file is missing"),
         setup=(remove(f"{ARTICLE}.txt"),)),
    Case("root:article-text-not-utf8", ("stats",), 2, (f"{ARTICLE}.txt", "not UTF-8", "save the article"),
         setup=(write(f"{ARTICLE}.txt", b"\xff\xfe broken"),)),
    Case("root:article-text-edited", ("who", "KH"), 2,
         (f"{ARTICLE}.ttl", "cannot be anchored in", f"{ARTICLE}.txt", '"Erbil, Iraq" is not in the text'),
         setup=(replace(f"{ARTICLE}.txt", "Erbil, Iraq", "Erbil, Iran"),)),
    Case("root:article-text-edited-event", ("event", "us-strikes"), 2, ("cannot be anchored", "struck on three sites"),
         setup=(replace(f"{ARTICLE}.txt", "struck on three sites", "struck on four sites"),)),
    Case("root:offsets-text-edited", ("who", "KH"), 2, (f"{ARTICLE}.txt", "no longer matches", "kg validate"),
         setup=(with_offsets, replace(f"{ARTICLE}.txt", "Erbil, Iraq", "Erbil, Iran"))),
    Case("root:offsets-text-edited-event", ("event", "us-strikes"), 2, ("no longer matches",),
         setup=(with_offsets, replace(f"{ARTICLE}.txt", "struck on three sites", "struck on four sites"))),
    Case("root:quote-ambiguous", ("who", "KH"), 2, (f"{ARTICLE}.ttl", '"Monday" occurs', "kg:prefix"),
         setup=(replace(f"{ARTICLE}.ttl", 'kg:evidence "on Monday (local time)"', 'kg:evidence "Monday"'),)),
    Case("root:article-text-is-a-folder", ("stats",), 2, (f"{ARTICLE}.txt",),
         setup=(remove(f"{ARTICLE}.txt"), mkdir(f"{ARTICLE}.txt"))),
    Case("root:article-text-fifo", ("stats",), 2, (f"{ARTICLE}.txt",),
         setup=(remove(f"{ARTICLE}.txt"), mkfifo(f"{ARTICLE}.txt"))),
    Case("root:article-declares-nothing", ("stats",), 2, (f"{ARTICLE}.ttl", "describes no article"),
         setup=(replace(f"{ARTICLE}.ttl", "art:000_4751dd8fe703f37b a kg:NewsArticle ;",
                        "art:000_4751dd8fe703f37b a kg:Thing ;"),)),
    Case("root:two-files-one-article", ("stats",), 2, ("both declare the article", "remove the copy"),
         setup=(lambda root, out: shutil.copy(root / f"{ARTICLE}.ttl", root / "graph/articles/copy.ttl"),
                lambda root, out: shutil.copy(root / f"{ARTICLE}.txt", root / "graph/articles/copy.txt"))),
    Case("root:article-name-with-space", ("stats",), 2, ("graph/articles/",),
         setup=(lambda root, out: shutil.copy(root / f"{ARTICLE}.ttl", root / "graph/articles/my copy.ttl"),)),
    Case("root:article-syntax-error", ("who", "KH"), 2, (f"{ARTICLE}.ttl", "line", "Turtle syntax error"),
         setup=(replace(f"{ARTICLE}.ttl", "a kg:NewsArticle ;", "a kg:NewsArticle ;;; ]"),)),
    Case("root:articles-folder-is-a-file", ("stats",), 2, ("graph/articles",),
         setup=(remove("graph/articles"), write("graph/articles", "x"))),
    Case("root:queries-missing-query", ("query", "counts-by-type"), 2, ("queries", "no such folder"),
         setup=(remove("queries"),)),
    Case("root:queries-missing-list", ("queries",), 2, ("queries", "no such folder"), setup=(remove("queries"),)),
    Case("root:deleted-library-query", ("query", "timeline"), 1, ("no query named 'timeline'",),
         setup=(remove("queries/timeline.rq"),)),
    Case("root:query-file-is-a-folder", ("queries",), 2, ("queries/x.rq", "is a folder, not a query file"),
         setup=(mkdir("queries/x.rq"),)),
    Case("root:query-file-not-utf8", ("queries",), 2, ("queries/x.rq", "UTF-8"),
         setup=(write("queries/x.rq", b"# title: \xff\nSELECT * {}"),)),
    Case("root:query-header-bad-param", ("queries",), 2, ("queries/x.rq, line 2", "# param: NAME TYPE"),
         setup=(write("queries/x.rq", "# title: x\n# param: who banana The actor\nSELECT * {}"),)),
)

# --- output paths: never through a link, never over a device or folder, never half-written ------

for fmt in ("gexf", "graphml", "ttl", "nt", "jsonld", "trig"):
    target = f"x.{fmt}"
    export = ("export", "--format", fmt, "-o", target)
    add(
        Case(f"output:{fmt}-onto-a-folder", (*export, "--force"), 2, ("is a folder",),
             setup=(mkdir(target, "out"),)),
        Case(f"output:{fmt}-onto-a-fifo", (*export, "--force"), 2, ("is not a regular file", "-o -"),
             setup=(mkfifo(target, "out"),)),
        Case(f"output:{fmt}-through-a-link-to-a-file", (*export, "--force"), 2, ("is a symbolic link",),
             setup=(write("real.txt", "keep me", "out"), symlink(target, "real.txt", "out"))),
        Case(f"output:{fmt}-through-a-link-to-a-device", (*export, "--force"), 2, ("is a symbolic link",),
             setup=(mkfifo("device", "out"), symlink(target, "device", "out"))),
        Case(f"output:{fmt}-through-a-dangling-link", export, 2, ("is a symbolic link",),
             setup=(symlink(target, "nowhere", "out"),)),
        Case(f"output:{fmt}-existing-without-force", export, 2, ("already exists", "--force"),
             setup=(write(target, "old", "out"),)),
        Case(f"output:{fmt}-in-a-missing-folder", ("export", "--format", fmt, "-o", f"no/such/{target}"),
             2, ("does not exist", "mkdir -p")),
    )
add(
    Case("output:csv-to-standard-output", ("export", "--format", "csv", "-o", "-"), 2,
         ("cannot go to standard output",)),
    Case("output:csv-over-a-folder-with-other-files", ("export", "--format", "csv", "-o", "d", "--force"), 2,
         ("holds other files",), setup=(write("d/keep.txt", "mine", "out"),)),
    Case("output:csv-over-a-file", ("export", "--format", "csv", "-o", "f", "--force"), 2, ("is a file",),
         setup=(write("f", "mine", "out"),)),
    Case("output:csv-through-a-link", ("export", "--format", "csv", "-o", "l", "--force"), 2,
         ("is a symbolic link",), setup=(mkdir("d", "out"), symlink("l", "d", "out"))),
    Case("output:csv-existing-without-force", ("export", "--format", "csv", "-o", "d"), 2,
         ("already exists", "--force"), setup=(write("d/nodes.csv", "x", "out"), write("d/edges.csv", "x", "out"))),
    Case("output:draw-wrong-suffix", ("draw", "-o", "x.txt"), 2, ("give a file ending in .svg or .png",)),
    Case("output:draw-onto-a-folder", ("draw", "-o", "x.svg", "--force"), 2, ("is a folder",),
         setup=(mkdir("x.svg", "out"),)),
    Case("output:draw-onto-a-fifo", ("draw", "-o", "x.png", "--force"), 2, ("is not a regular file",),
         setup=(mkfifo("x.png", "out"),)),
    Case("output:draw-through-a-link", ("draw", "-o", "x.svg", "--force"), 2, ("is a symbolic link",),
         setup=(write("real.svg", "keep", "out"), symlink("x.svg", "real.svg", "out"))),
    Case("output:draw-existing-without-force", ("draw", "-o", "x.svg"), 2, ("already exists",),
         setup=(write("x.svg", "old", "out"),)),
    Case("output:draw-in-a-missing-folder", ("draw", "-o", "no/x.svg"), 2, ("does not exist",)),
)

# --- queries: read-only, offline, bounded ---------------------------------------------------------

NETWORK = "offline and does not run federated queries"
UPDATE = "kg query only reads"
QUERIES = [
    ("service", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", NETWORK),
    ("service-silent", "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }", NETWORK),
    ("service-lowercase", "select * where { service <http://127.0.0.1:9/> { ?s ?p ?o } }", NETWORK),
    ("service-variable", "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }", NETWORK),
    ("service-glued", "SELECT * WHERE { SERVICE<http://127.0.0.1:9/>{ ?s ?p ?o } }", NETWORK),
    ("service-nested", "SELECT * WHERE { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }", NETWORK),
    ("load", "LOAD <http://127.0.0.1:9/x>", UPDATE),
    ("load-silent", "LOAD SILENT <http://127.0.0.1:9/x> INTO GRAPH <http://g>", UPDATE),
    ("insert-data", "INSERT DATA { <http://a> <http://b> <http://c> }", UPDATE),
    ("delete-where", "DELETE WHERE { ?s ?p ?o }", UPDATE),
    ("clear-all", "CLEAR ALL", UPDATE),
    ("drop-all", "DROP ALL", UPDATE),
    ("create-graph", "CREATE GRAPH <http://g>", UPDATE),
    ("add", "ADD DEFAULT TO <http://g>", UPDATE),
    ("move", "MOVE DEFAULT TO <http://g>", UPDATE),
    ("copy", "COPY DEFAULT TO <http://g>", UPDATE),
    ("with-delete", "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", UPDATE),
    ("prefixed-insert", "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", UPDATE),
    ("syntax-error", "SELECT * WHERE { ?s ?p }", "SPARQL syntax error"),
    ("unclosed-brace", "SELECT * WHERE { ?s ?p ?o ", "SPARQL syntax error"),
    ("unknown-prefix", "SELECT * WHERE { ?s nope:p ?o }", "SPARQL syntax error"),
    ("empty", "", "standard input is empty"),
    ("only-comment", "# nothing here\n", "holds no SPARQL query"),
    ("only-spaces", "   \n\t\n", "standard input is empty"),
    ("deep-braces", "SELECT * WHERE { " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000 + " }", "nest more than 64"),
    ("deep-parens", "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }", "nest more than 64"),
    ("or-chain", "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(10_000)) + ") }",
     "kg query takes"),
    ("union-chain", "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(7000)) + " }",
     "kg query takes"),
    ("not-chain", "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 10_000 + "true) }", "kg query takes"),
    ("huge", "SELECT * WHERE { ?s ?p ?o } # " + "x" * 200_000, "kg query takes"),
    ("cartesian-timeout", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
     "did not finish within 1 s"),
]
for label, text, message in QUERIES:
    extra = ("--timeout", "1") if label == "cartesian-timeout" else ()
    add(Case(f"query:{label}", ("query", "-", *extra), 2, (message,), stdin=text))
add(
    Case("query:ask-false-exits-1", ("query", "-"), 1, (), stdin="ASK { <http://nothing> ?p ?o }"),
    Case("query:empty-select-json-exits-1", ("query", "-", "--format", "json"), 1, (),
         stdin="SELECT * WHERE { ?s <http://nothing> ?o }"),
    Case("query:empty-select-csv-exits-1", ("query", "-", "--format", "csv"), 1, (),
         stdin="SELECT * WHERE { ?s <http://nothing> ?o }"),
    Case("query:empty-construct-exits-1", ("query", "-"), 1, (),
         stdin="CONSTRUCT { ?s ?p ?o } WHERE { ?s <http://nothing> ?o }"),
    Case("query:select-as-turtle", ("query", "-", "--format", "turtle"), 2, ("is for CONSTRUCT and DESCRIBE",),
         stdin="SELECT * WHERE { ?s ?p ?o } LIMIT 1"),
    Case("query:construct-as-csv", ("query", "-", "--format", "csv"), 2, ("CONSTRUCT",),
         stdin="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"),
    Case("query:unknown-name", ("query", "nosuch"), 1, ("no query named 'nosuch'", "Available:")),
    Case("query:missing-file", ("query", "nosuch.rq"), 2, ("nosuch.rq: no such query file",)),
    Case("query:file-is-a-folder", ("query", "d.rq"), 2, ("d.rq",), setup=(mkdir("d.rq", "out"),)),
    Case("query:file-not-utf8", ("query", "bad.rq"), 2, ("bad.rq", "UTF-8"),
         setup=(write("bad.rq", b"SELECT * { ?s ?p \xff }", "out"),)),
    Case("query:file-too-big", ("query", "big.rq"), 2, ("big.rq",),
         setup=(write("big.rq", "# " + "x" * 200_000 + "\nSELECT * {}", "out"),)),
    Case("query:file-is-a-fifo", ("query", "f.rq"), 2, ("f.rq",), setup=(mkfifo("f.rq", "out"),)),
    Case("query:timeout-zero", ("query", "-", "--timeout", "0"), 2, ("Invalid value for '--timeout'",),
         stdin="SELECT * {}"),
    Case("query:timeout-negative", ("query", "-", "--timeout", "-5"), 2, ("Invalid value for '--timeout'",),
         stdin="SELECT * {}"),
    Case("query:timeout-not-a-number", ("query", "-", "--timeout", "soon"), 2,
         ("Invalid value for '--timeout'",), stdin="SELECT * {}"),
    Case("query:allow-update-is-gone", ("query", "-", "--allow-update"), 2, ("No such option",),
         stdin="INSERT DATA { <http://a> <http://b> <http://c> }"),
)

# --- parameters ----------------------------------------------------------------------------------

NOT_AN_IRI = "is not a valid IRI"
PARAMS = [
    ("iri-with-space", "actor=<http://exa mple/>", NOT_AN_IRI),
    ("iri-with-gt", "actor=<http://example/>x>", NOT_AN_IRI),
    ("iri-with-lt", "actor=<http://ex<ample/>", NOT_AN_IRI),
    ("iri-relative", "actor=<relative>", NOT_AN_IRI),
    ("iri-empty", "actor=<>", NOT_AN_IRI),
    ("iri-newline", "actor=<http://example/\nx>", NOT_AN_IRI),
    ("iri-tab", "actor=ent:x\ty", NOT_AN_IRI),
    ("value-too-long", "actor=" + "x" * 3000, "at most 2,000 are taken"),
    ("no-equals", "actor", "write it as NAME=VALUE"),
    ("empty-name", "=KH", "write it as NAME=VALUE"),
    ("name-with-space", "my actor=KH", "write it as NAME=VALUE"),
    ("unknown-parameter", "nobody=KH", "has no parameter nobody"),
    ("blank-value", "actor= ", "(it is empty)"),
    ("punctuation-value", "actor=!!!", "is not a name"),
]
for label, param, message in PARAMS:
    add(Case(f"param:{label}", ("query", "who-did-what", "--param", param), 2, (message,)))
for label, value in [("month-13", "2023-13-01"), ("day-32", "2023-12-32"), ("words", "tomorrow"),
                     ("basic-format", "20231225"), ("week-date", "2023-W52-1"), ("empty", ""),
                     ("arabic-digits", "٢٠٢٣-١٢-٢٥"), ("time", "2023-12-25T10:00")]:
    add(Case(f"param:date-{label}", ("query", "timeline", "--param", f"from={value}"), 2,
             (f"parameter from: {value!r} is not a date", "YYYY-MM-DD")))
add(
    Case("param:missing-required", ("query", "who-did-what"), 2, ("needs --param actor=VALUE",)),
    Case("param:given-twice", ("query", "timeline", "--param", "from=2023-01-01", "--param", "from=2023-02-01"),
         2, ("given twice",)),
    Case("param:unknown-name-value", ("query", "who-did-what", "--param", "actor=Nobody At All"), 1,
         ("no actor or place or event is called",)),
)
