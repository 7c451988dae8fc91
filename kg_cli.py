"""`kg`: the command line of the news knowledge graph. Thin: parse, call the library, print.

Exit codes (newskg.errors.EXIT_CODES): 0 ok; 1 the answer is "no" (violations, nothing found);
2 bad usage or unreadable input; 70 internal error; 130 interrupted. KgGroup is the one place
that turns errors into messages and exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from newskg.errors import BAD_INPUT, INTERNAL, INTERRUPTED, OK, KgError, NotFound

T = TypeVar("T")
FORMAT = "newskg.format"  # ctx.meta key: the --format the running command was given


class Context:
    def __init__(self, root: str | None, store: str | None = None) -> None:
        self.root = root
        self.store = store

    def layout(self):
        from newskg.layout import find_layout

        return find_layout(self.root)


def run(action: Callable[[], T]) -> T:
    """Call the library. Its errors propagate to KgGroup, which maps them to exit codes."""
    return action()


def _say(message: str) -> None:
    click.echo(message, err=True)


def _one_line(error: BaseException, limit: int = 300) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quiet_stdout() -> None:
    """After a closed pipe, send what is left of stdout nowhere, so exiting cannot fail again."""
    try:
        stdout = sys.stdout.fileno()
    except (OSError, ValueError):
        return  # no file descriptor (a test runner's stdout): nothing is left to flush
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stdout)
    os.close(devnull)


def _empty_answer(ctx: click.Context | None) -> None:
    """Machine formats stay valid when nothing is found: `[]` for json, no line for jsonl."""
    if ctx is not None and ctx.meta.get(FORMAT) == "json":
        click.echo("[]")


def _traceback() -> None:
    import traceback  # only on --debug: importing it costs start-up time

    traceback.print_exc()


@contextmanager
def exit_codes(ctx: click.Context | None) -> Iterator[None]:
    """Library errors, surprises, Ctrl-C and closed pipes become one line and an exit code.

    Click's own exceptions pass through: click reports usage errors with exit 2.
    """
    debug = bool(ctx and ctx.params.get("debug"))
    try:
        yield
    except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
        raise
    except BrokenPipeError:
        _quiet_stdout()
        raise click.exceptions.Exit(OK) from None
    except KeyboardInterrupt:
        if debug:
            _traceback()
        _say("Interrupted.")
        raise click.exceptions.Exit(INTERRUPTED) from None
    except KgError as error:
        if debug:
            _traceback()
        if isinstance(error, NotFound):
            _empty_answer(ctx)
        _say(f"Error: {error}")
        raise click.exceptions.Exit(error.exit_code) from None
    except OSError as error:
        if debug:
            _traceback()
        where = f"{error.filename}: " if error.filename else ""
        _say(f"Error: {where}{error.strerror or _one_line(error)} ({type(error).__name__}); "
             "check the path, its permissions and the free space, and run again.")
        raise click.exceptions.Exit(BAD_INPUT) from None
    except Exception as error:  # noqa: BLE001 - the one place that catches everything
        if debug:
            _traceback()
        what = ("out of memory (MemoryError); the input may be too large for this machine"
                if isinstance(error, MemoryError)
                else f"internal error ({type(error).__name__}: {_one_line(error)})")
        hint = "" if debug else "; run again with --debug for the traceback"
        _say(f"Error: {what}{hint}")
        raise click.exceptions.Exit(INTERNAL) from None


class KgGroup(click.Group):
    """The `kg` group: every command runs inside exit_codes, the one error-to-exit-code map."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        with exit_codes(None):  # --help and --version print here, perhaps into a closed pipe
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with exit_codes(ctx):
            result = super().invoke(ctx)
            sys.stdout.flush()  # a closed pipe shows here, not at exit
            return result


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(),
    envvar="NEWSKG_ROOT",
    help="Folder holding ontology/, graph/ and queries/ (default: the shipped graph).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False),
    envvar="NEWSKG_STORE",
    help="Folder of the on-disk store derived from the data root (default: .kg/ in it).",
)
@click.option("--debug", is_flag=True, envvar="NEWSKG_DEBUG",
              help="On an error, also print the traceback (or set NEWSKG_DEBUG=1).")
@click.version_option(package_name="newskg")
@click.pass_context
def cli(ctx: click.Context, root: str | None, store: str | None, debug: bool) -> None:
    """A knowledge graph of actors, events and relations from news.

    \b
    Exit codes: 0 ok; 1 the answer is no (violations, nothing found);
    2 bad usage or unreadable input; 70 internal error; 130 interrupted.

    \b
    Example:
        kg validate
    """
    ctx.obj = Context(root, store)


@cli.command()
@click.pass_obj
def build(obj: Context) -> None:
    """Build the on-disk store from the files, from scratch.

    Not needed in everyday use: every command that reads brings the store up to date first,
    reloading only the named graphs whose files changed. Build after deleting the store, to
    load a large corpus with a progress bar, or to be sure. The store lives in .kg/ under the
    data root (--store DIR or NEWSKG_STORE to put it elsewhere) and can always be deleted.

    \b
    Example:
        kg build
        kg --root corpus/ --store /var/cache/kg build
    """
    import time

    from newskg.config import store_dir
    from newskg.store import build as build_store

    layout = obj.layout()
    began = time.monotonic()
    report = build_store(layout, obj.store, progress=progress_bar)
    click.echo(f"Built {layout.relative(store_dir(layout, obj.store))}: {len(report.loaded)} named graphs "
               f"in {time.monotonic() - began:.1f} s.")


@cli.command()
@click.argument("article", type=click.Path(dir_okay=False))
@click.option("--published", required=True, metavar="DATE",
              help="The article's publication date, YYYY-MM-DD: relative times are resolved against it.")
@click.option("--id", "article_id", metavar="ID", help="The article's id (default: the file name without .txt).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the draft here instead of graph/articles/ID.ttl.")
@click.option("--force", is_flag=True, help="Replace an encoding that is already there.")
@click.pass_obj
def draft(obj: Context, article: str, published: str, article_id: str | None, output: str | None,
          force: bool) -> None:
    """Propose a first encoding of a new article from its text, for a person to review.

    Finds mentions of known and new actors and places, time expressions (resolved against
    --published), quotes and reported speech with their speakers, quantities, hedges and
    candidate events (CAMEO code, PLOVER category, agent, target), each with the article's own
    words as evidence. Writes graph/articles/ID.ttl (and copies the text beside it as ID.txt),
    marked kg:draft true with every proposed part kg:unreviewed true; `kg validate ID` lists
    what is left to review. Refuses to overwrite an encoding unless --force.

    \b
    Example:
        kg draft ~/news/raid.txt --published 2024-03-02 --id 2024-03-02-raid
        kg validate 2024-03-02-raid
    """
    from newskg.authoring.draft import draft_file

    target, found = run(lambda: draft_file(obj.layout(), article, published, article_id, output, force, obj.store))
    shown = obj.layout().relative(target) if not output else output
    statements = len(found.statements)
    events = f"{len(found.events)} candidate events"
    if found.events_written is not None and found.events_written < len(found.events):
        events += f" ({found.events_written} written; the others name no actor or repeat one)"
    click.echo(f"Drafted {shown}: {len(found.mentions)} mentions, {len(found.times)} times, "
               f"{statements} statements, {len(found.quantities)} quantities, {events}.")
    click.echo(f"Review it, then run: kg validate {found.article_id}")


@cli.command()
@click.argument("target", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Report format.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes that check articles (default: 2, or the cores there are).")
@click.pass_obj
def validate(obj: Context, target: str | None, fmt: str, jobs: int | None) -> None:
    """Check the ontology, entities and articles against the SHACL shapes.

    Runs every shape in ontology/shapes.ttl on each article (with the ontology and shared
    entities), the check that each evidence span's text equals the article text at its offsets,
    and the rules across files (an entity used but defined nowhere, an id defined twice).
    Results are kept per article: an article whose files, and the shapes, ontology and entities,
    are unchanged since the last run is not checked again. TARGET, an article id or the path of
    its .ttl file, checks that article alone; the path of another Turtle file checks it on its
    own, with the ontology. Exits 0 when the graph conforms, 1 on violations, 2 when a file
    cannot be read (a Turtle syntax error names the file and line).

    \b
    Example:
        kg validate
        kg validate 000_4751dd8fe703f37b
        kg validate --format json
    """
    from newskg.validation import find_article, validate as run_validation, validate_file

    def answer():
        layout = obj.layout()
        if target is None:
            return run_validation(layout, obj.store, jobs=jobs, progress=validation_bar), "graph"
        path = Path(target)
        inside = path.resolve().parent == layout.articles_dir.resolve()
        if path.suffix == ".ttl" and path.is_file() and not inside:
            return validate_file(path, layout), "file"
        return run_validation(layout, obj.store, find_article(layout, target), jobs=jobs), "article"

    report, what = run(answer)
    if fmt == "json":
        import json

        click.echo(json.dumps({
            "conforms": report.conforms,
            "triples": report.triples,
            "articles": report.articles,
            "articles_checked": report.checked,
            "articles_cached": report.cached,
            "violations": [v.as_dict() for v in report.violations],
        }, indent=2, ensure_ascii=False))
    else:
        problems = [v for v in report.violations if v.severity != "Info"]
        notes = [v for v in report.violations if v.severity == "Info"]
        for v in problems:
            click.echo(f"{v.severity}: {v.focus}" + (f"  [{v.file}]" if v.file else ""))
            if v.path:
                click.echo(f"  path:    {v.path}")
            if v.value:
                click.echo(f"  value:   {v.value}")
            click.echo(f"  problem: {v.message}")
            click.echo(f"  check:   {v.constraint}")
        _unreviewed(notes)
        plural = "s" if report.articles != 1 else ""
        if what != "file":
            click.echo(f"Checked {report.checked} of {report.articles} article{plural} "
                       f"({report.cached} unchanged, cached).")
        verdict = "conforms" if report.conforms else f"does not conform: {len(problems)} problem(s)"
        left = f"; {len(notes)} drafted part(s) still unreviewed" if notes else ""
        click.echo(f"Validated {report.triples} triples: the {what} {verdict}{left}.")
    sys.exit(0 if report.conforms else 1)


def _unreviewed(notes: list) -> None:
    """The parts of drafts still to review, per file, each with its first quote."""
    files: dict[str, list] = {}
    for v in notes:
        files.setdefault(v.file or "", []).append(v)
    for file, items in files.items():
        click.echo(f"Unreviewed (kg draft): {len(items)} part(s)" + (f" of {file}" if file else "")
                   + "; check each, then delete its kg:unreviewed true:")
        for v in items:
            quote = f"  “{_shorten(v.value)}”" if v.value else ""
            click.echo(f"  {v.focus}{quote}")


def _shorten(words: str, limit: int = 90) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def validation_bar(items: Iterable, count: int, label: str) -> Iterator:
    """Checks as they finish, with a progress bar on stderr when there are enough."""
    if count < 20 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, length=count, label=label, file=sys.stderr) as bar:
        yield from bar


def _remember_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[FORMAT] = value
    return value


def output_format(*choices: str, default: str = "table"):
    """The shared --format option of every listing command."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, callback=_remember_format,
                        help="Output format: table for eyes, the others for scripts.")


def emit(fmt: str, data: object, show: Callable[[], None], rows: list | None = None,
         nothing: str = "nothing found.") -> None:
    """The one rendering path of the listing commands: JSON for scripts, `show()` for eyes.

    An empty answer (no rows) is "nothing found" in every format: exit 1, the reason on
    stderr, `[]` for json and nothing for jsonl or the table (see exit_codes).
    """
    from newskg.render import to_json, to_jsonl

    listed = rows if rows is not None else data if isinstance(data, list) else None
    if listed is not None and not listed:
        raise NotFound(nothing)
    if fmt == "json":
        click.echo(to_json(data))
    elif fmt == "jsonl":
        click.echo(to_jsonl(data if rows is None else rows))
    else:
        show()


def open_graph(obj: Context):
    from newskg.lookups import Graph
    from newskg.store import open_store

    layout = obj.layout()
    return Graph(open_store(layout, obj.store, progress=progress_bar), layout)


def progress_bar(items: list, label: str) -> Iterator:
    """The items, with a progress bar on stderr when there are enough to take a while."""
    if len(items) < 50 or not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label=label, file=sys.stderr) as bar:
        yield from bar


def show_time(time: dict | None) -> str:
    if not time:
        return "not given"
    if time.get("date"):
        text = f"{time['date']} ({time['precision']})"
    elif time.get("not_before") and time.get("not_after"):
        text = f"between {time['not_before']} and {time['not_after']}"
    elif time.get("not_after"):
        text = f"by {time['not_after']}"
    else:
        text = f"from {time.get('not_before')}"
    prefix = {"eventStart": "began ", "eventEnd": "ended ", "ongoingAt": "as of "}.get(time.get("anchor") or "", "")
    source = f" (according to {time['according_to']})" if time.get("according_to") else ""
    return prefix + text + source


def show_links(links: list[dict]) -> str:
    """Linked events, each with its hedge ("reportedly") where the link itself is hedged."""
    return "; ".join(link["label"] + (f" ({link['factuality']})" if link.get("factuality") else "")
                     for link in links)


def show_quantity(q: dict) -> str:
    """A figure as the article gives it: "≥100 attacks", "1 of the 3 soldiers critically injured",
    "several militants killed (likely)", "3 sites (according to Lloyd Austin)"."""
    qualifier = {"exactly": "", "approximately": "~", "atLeast": "≥", "atMost": "≤",
                 "lessThan": "<", "several": "several"}.get(q["qualifier"], q["qualifier"])
    number = "" if q["value"] is None else f"{q['value']:,}" if isinstance(q["value"], int) else str(q["value"])
    amount = f"{qualifier} " if qualifier == "several" else f"{qualifier}{number} "
    if q.get("of") is not None:
        amount += f"of the {q['of']:,} "
    harm = f" {q['harm']}" if q.get("harm") else ""
    notes = [q[k] if k == "factuality" else f"according to {q[k]}"
             for k in ("factuality", "according_to") if q.get(k)]
    return f"{amount}{q['counts']}{harm}" + (f" ({'; '.join(notes)})" if notes else "")


def show_hedge(row: dict) -> str:
    parts = []
    if row.get("factuality"):
        fact = row["factuality"]
        parts.append(f"{fact.get('label') or fact['value']} (\"{fact['cue']}\")")
    parts += [f"according to {a['label']}" for a in row.get("according_to", [])]
    return "; ".join(parts)


def names(items: list[dict], with_role: bool = False) -> str:
    """Labels; with roles, each part's hedge and source too: "Kataib Hezbollah (harmed, likely)"."""
    def role(i: dict) -> str:
        notes = [i["role"], i.get("factuality"), i.get("according_to") and f"according to {i['according_to']}"]
        return ", ".join(n for n in notes if n)
    return "; ".join(f"{i['label']} ({role(i)})" if with_role else i["label"] for i in items)


def paging(command: Callable) -> Callable:
    """--from, --to, --limit and --all: the lookups whose answer can be long show a page."""
    for option in reversed([
        click.option("--from", "start", metavar="DATE", help="First day, YYYY-MM-DD."),
        click.option("--to", "end", metavar="DATE", help="Last day, YYYY-MM-DD."),
        click.option("--limit", type=int, default=20, show_default=True, metavar="N",
                     help="Show the N most recent records."),
        click.option("--all", "show_all", is_flag=True, help="Show every record."),
    ]):
        command = option(command)
    return command


def page_of(start: str | None, end: str | None, limit: int, show_all: bool):
    from newskg.lookups import Page

    return Page.of(start, end, None if show_all else limit)


def more(total: int, shown: int, what: str = "records") -> None:
    """Say on stderr how many records the page left out, and how to see them."""
    if total > shown:
        click.echo(f"({shown} most recent of {total} {what}; --limit N or --all for more, "
                   "--from/--to to narrow)", err=True)


def source_option(command: Callable) -> Callable:
    """--source: keep the facts of one kind of provenance (article spans, or a dataset's records)."""
    return click.option("--source", type=click.Choice(["articles", "gdelt", "sem", "all"]), default="all",
                        show_default=True, help="Keep events from articles, imported GDELT rows or SEM graphs.")(command)


@cli.command()
@click.argument("actor")
@paging
@source_option
@output_format("table", "json", "jsonl")
@click.pass_obj
def who(obj: Context, actor: str, start: str | None, end: str | None, limit: int, show_all: bool,
        source: str, fmt: str) -> None:
    """What ACTOR did, and what was done to it.

    One row per event and role: the event and its type, the actor's role, the other
    participants, when (with precision) and where, numbers, hedges and attribution, what the
    event responded to, and the sentence of the article that says so. ACTOR is a name or alias
    in any case, with or without accents or punctuation ("KH", "the Pentagon"), or an id.

    \b
    Example:
        kg who "Kataib Hezbollah"
        kg who KH --from 2023-12-01 --limit 5
        kg who KH --all --format json
    """
    from newskg import lookups

    result = run(lambda: lookups.who(open_graph(obj), actor, page_of(start, end, limit, show_all), source))

    def show() -> None:
        place = ", a place: what happened there, and its part in events" if result["actor"]["kind"] == "place" else ""
        click.echo(f"{result['actor']['label']} ({result['actor']['id']}){place}")
        for e in result["events"]:
            click.echo(card(
                f"{show_time(e['time'])}  {e['label']} [{e['type']}]",
                [("source", show_provenance(e)),
                 ("as", f"{e['as_coded']['label']} ({e['as_coded']['id']}, linked in graph/links.tsv)"
                  if e.get("as_coded") else ""),
                 ("role", e["role"] + (f" ({e['harm']})" if e["harm"] else "")),
                 ("with", names(e["counterparts"], True)),
                 ("where", names(e["places"]) or "not given"),
                 ("numbers", "; ".join(show_quantity(q) for q in e["quantities"])),
                 ("hedge", show_hedge(e)),
                 ("responds to", show_links(e["responds_to"])),
                 ("caused by", show_links(e["caused_by"])),
                 *[("evidence", f"“{sentence}”") for sentence in e["evidence"]]]))

    emit(fmt, result, show, result["events"])
    more(result["total"], len(result["events"]), "event roles")


def show_provenance(row: dict) -> str:
    """An article (its sentences follow as evidence), or a dataset's record."""
    found = row.get("provenance") or {}
    if found.get("kind") != "dataset record":
        return row.get("article") or ""
    parts = [f"{found.get('dataset_label') or found.get('dataset')} record {found.get('record')}"]
    if found.get("date_added"):
        parts.append(f"added {found['date_added']}")
    if found.get("url"):
        parts.append(found["url"])
    return ", ".join(parts) + " (coded, no text span)"


def show_origin(row: dict) -> str:
    """Short provenance for a one-line listing: the article, or the record and the coded actor."""
    found = row.get("provenance") or {}
    if found.get("kind") != "dataset record":
        return row.get("article") or ""
    coded = f", coded as {row['as_coded']['label']}" if row.get("as_coded") else ""
    return f"coded: {found.get('dataset_label') or found.get('dataset')} record {found.get('record')}{coded}"


def card(title: str, fields: list[tuple[str, str]]) -> str:
    """A record for eyes: a title line, then its non-empty fields, wrapped and indented."""
    import shutil
    import textwrap

    width = max(80, shutil.get_terminal_size((100, 24)).columns)
    lines = ["", title]
    for name, value in fields:
        if value:
            lines += textwrap.wrap(value, width, initial_indent=f"  {name + ':':<13}",
                                   subsequent_indent=" " * 15)
    return "\n".join(lines)


@cli.command()
@click.argument("actor", required=False)
@paging
@output_format("table", "json", "jsonl")
@click.pass_obj
def said(obj: Context, actor: str | None, start: str | None, end: str | None, limit: int,
         show_all: bool, fmt: str) -> None:
    """Who said what: statements of ACTOR, or of everyone.

    Each statement with its speaker, the speaker's office at the time, when, whether it is
    quoted verbatim or reported, its text, and the event it is about.

    \b
    Example:
        kg said
        kg said Kurilla --format json
    """
    from newskg import lookups

    result = run(lambda: lookups.said(open_graph(obj), actor, page_of(start, end, limit, show_all)))
    rows = result["statements"]

    def show() -> None:
        for r in rows:
            office = f", {r['office']}" if r["office"] else ""
            click.echo(card(f"{r['speaker']}{office} — {show_time(r['time'])}, {r['mode']}", [
                ("said", f"“{r['text']}”"), ("about", names(r["about"])), ("source", r["article"] or "")]))

    emit(fmt, rows, show)
    more(result["total"], len(rows), "statements")


@cli.command()
@paging
@source_option
@output_format("table", "json", "jsonl")
@click.pass_obj
def timeline(obj: Context, start: str | None, end: str | None, limit: int, show_all: bool,
             source: str, fmt: str) -> None:
    """Events, most recent first, with precision, participants, place, numbers and attribution.

    An event is listed when its time can fall in the range: its bounds overlap it. Events are
    ordered by their earliest possible day (an event known only by a latest day, by that).
    Imported events (kg import) are listed beside the articles' ones, each row saying its
    source: the article, or the dataset's record; --source keeps one kind.

    \b
    Example:
        kg timeline
        kg timeline --from 2023-12-01 --to 2023-12-31 --all
        kg timeline --source gdelt --limit 5
    """
    from newskg import lookups

    result = run(lambda: lookups.timeline(open_graph(obj), page_of(start, end, limit, show_all), source))
    rows = result["events"]

    def show() -> None:
        for r in rows:
            click.echo(card(f"{show_time(r['time'])}  {r['label']} [{r['type']}]", [
                ("source", show_provenance(r)),
                ("who", names(r["participants"], True)), ("where", names(r["places"]) or "not given"),
                ("numbers", "; ".join(show_quantity(q) for q in r["quantities"])),
                ("hedge", show_hedge(r))]))

    emit(fmt, rows, show)
    more(result["total"], len(rows), "events")


@cli.command()
@click.argument("name")
@paging
@source_option
@output_format("table", "json")
@click.pass_obj
def actor(obj: Context, name: str, start: str | None, end: str | None, limit: int, show_all: bool,
          source: str, fmt: str) -> None:
    """Profile of an actor or place: types, aliases, offices, relations, events, statements.

    For a place, also what contains it and what happened there (or inside it). The events of a
    coded actor linked to it in graph/links.tsv are listed too, marked as coded, with their
    dataset record; --source keeps one kind of event.

    \b
    Example:
        kg actor "Kataib Hezbollah"
        kg actor Iraq --format json
        kg actor "United States" --source gdelt
    """
    from newskg import lookups
    from newskg.render import table

    p = run(lambda: lookups.profile(open_graph(obj), name, page_of(start, end, limit, show_all), source))

    def show() -> None:
        click.echo(f"{p['label']} ({p['id']})")
        click.echo(f"types:      {', '.join(p['types'])}")
        if p["aliases"]:
            click.echo(f"aliases:    {', '.join(p['aliases'])}")
        for pos in p["positions"]:
            named = pos["organisation"] and pos["organisation"] not in pos["office"]
            click.echo(f"position:   {pos['office']}" + (f", {pos['organisation']}" if named else "")
                       + (f"  [{pos['article']}]" if pos["article"] else ""))
        if p["relations"]:
            click.echo("\nrelations")
            click.echo(table(["relation", "with", "evidence", "source"], [
                [f"{r['relation']} →" if r["direction"] == "outgoing" else f"← {r['relation']}",
                 r["label"] or r["id"], r["evidence"], r["article"] or ""] for r in p["relations"]]))
        if p["events"]:
            click.echo("\nevents")
            for e in p["events"]:
                click.echo(f"  {show_time(e['time'])}  {e['label']} — {e['role']}  [{show_origin(e)}]")
        if p["events_here"] and not p["events"]:  # a place's events are listed above already
            click.echo("\nevents here")
            click.echo(table(["event", "at"], [[e["label"], e["at"]] for e in p["events_here"]]))
        if p["statements"]:
            click.echo("\nstatements")
            for s in p["statements"]:
                click.echo(f"  - {s['text']}")
        click.echo(f"\nneighbours: {', '.join(p['neighbours'])}")

    emit(fmt, p, show)
    more(p["events_total"], len(p["events"]), "event roles")


@cli.command()
@click.argument("name")
@click.option("--article", metavar="ID", help="Look for the event in this article only.")
@output_format("table", "json")
@click.pass_obj
def event(obj: Context, name: str, article: str | None, fmt: str) -> None:
    """One event in full: type, time, place, participants, numbers, links and evidence.

    NAME is the event's id (art:ID#us-strikes, ID#us-strikes, or just us-strikes when only one
    article has it) or words of its label; --article ID looks in one article.

    \b
    Example:
        kg event us-strikes
        kg event 000_4751dd8fe703f37b#us-strikes
        kg event "drone attack" --article 000_4751dd8fe703f37b --format json
    """
    from newskg import lookups
    from newskg.render import table

    e = run(lambda: lookups.event(open_graph(obj), name, article))

    def show() -> None:
        click.echo(f"{e['label']} ({e['id']})")
        click.echo(f"type:      {e['type']}")
        click.echo(f"when:      {show_time(e['time'])}")
        if e["time"] and e["time"].get("resolution"):
            click.echo(f"           {e['time']['resolution']}")
        click.echo(f"where:     {names(e['places']) or 'not given'}")
        if e["factuality"] or e["according_to"]:
            click.echo(f"hedge:     {show_hedge(e)}")
        for q in e["quantities"]:
            click.echo(f"number:    {show_quantity(q)}")
        click.echo("\nparticipants")
        click.echo(table(["who", "role", "harm", "number", "hedge"], [
            [p["label"], p["role"], p["harm"] or "", show_quantity(p["quantity"]) if p["quantity"] else "",
             "; ".join(h for h in (p["factuality"] and f"{p['factuality_label']} (\"{p['cue']}\")",
                                   p["according_to"] and f"according to {p['according_to']['label']}") if h)]
            for p in e["participants"]]))
        if e["links"] or e["about"]:
            click.echo("\nlinks")
            for link in e["links"]:
                click.echo(f"  {link['relation']}: {show_links([link])}")
            for about in e["about"]:
                click.echo(f"  about: {about['label']}")
        if e["causal_chain"]:
            click.echo("\ncausal chain")
            for c in e["causal_chain"]:
                click.echo(f"  {c['from']} —{c['relation']}→ {c['to']}")
        click.echo("\nevidence")
        for ev in e["evidence"]:
            click.echo(f"  [{ev['start']}-{ev['end']}] {ev['sentence']}")

    emit(fmt, e, show)


@cli.command()
@source_option
@output_format("table", "json")
@click.pass_obj
def stats(obj: Context, source: str, fmt: str) -> None:
    """Counts by class and by event type, the articles loaded, and the files, events and triples
    of each kind of source (the articles, each imported dataset); --source counts one kind.

    \b
    Example:
        kg stats
        kg stats --source gdelt
    """
    from newskg import lookups
    from newskg.render import table

    s = run(lambda: lookups.stats(open_graph(obj), source))

    def show() -> None:
        if s["articles"]:
            click.echo(table(["article", "published", "headline"],
                             [[a["id"], a["published"], a["headline"]] for a in s["articles"]]))
            click.echo()
        click.echo(table(["source", "files", "events", "triples"],
                         [[r["source"], r["files"], r["events"], r["triples"]] for r in s["sources"]]))
        click.echo()
        click.echo(table(["class", "count"], list(s["classes"].items())))
        click.echo()
        click.echo(table(["event type", "count"], list(s["event_types"].items())))
        click.echo(f"\n{s['triples']} triples")

    emit(fmt, s, show)


@cli.command()
@output_format("table", "json")
@click.pass_obj
def queries(obj: Context, fmt: str) -> None:
    """List the named SPARQL queries in queries/, with their parameters.

    \b
    Example:
        kg queries
    """
    from newskg.queries import library
    from newskg.render import table
    from newskg.sources import query_files

    def answer():
        layout = obj.layout()
        query_files(layout)  # a missing queries/ folder is an error, not an empty library
        return library(layout)

    known = run(answer)
    listing = [{"name": q.name, "title": q.title, "description": q.description,
                "params": [vars(p) for p in q.params]} for q in known.values()]

    def show() -> None:
        click.echo(table(["name", "parameters", "description"], [
            [q["name"], ", ".join(f"{p['name']}: {p['kind']}" + ("?" if p["optional"] else "")
                                  for p in q["params"]), q["description"]] for q in listing]))

    emit(fmt, listing, show, nothing="no queries in queries/; add NAME.rq files there.")


QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld")


def finite_seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value != value:  # NaN passes click's range check
        raise click.BadParameter("give a number of seconds, such as 30.")
    return value


@cli.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter, as an RDF term of its declared type (repeatable).")
@click.option("--format", "fmt", default=None, type=click.Choice(QUERY_FORMATS),
              help="table (default), or W3C SPARQL results json/csv/tsv/xml; turtle, ntriples "
                   "or jsonld for CONSTRUCT and DESCRIBE (default turtle).")
@click.option("--timeout", type=click.FloatRange(min=0, max=86400, min_open=True), default=30,
              show_default=True, envvar="NEWSKG_QUERY_TIMEOUT", callback=finite_seconds,
              metavar="SECONDS", help="Stop a query that runs longer (env NEWSKG_QUERY_TIMEOUT).")
@click.pass_obj
def query(obj: Context, query: str, params: tuple[str, ...], fmt: str | None, timeout: float) -> None:
    """Run a named query from the library, a .rq file, or - for standard input.

    Read-only and offline: updates and SERVICE are refused, and a query running longer than
    --timeout is stopped (exit 2). Parameters are bound as RDF terms (never pasted into the
    query): an iri parameter takes a name ("Kataib Hezbollah"), a prefixed id (ent:iran) or
    <full IRI>; a date takes YYYY-MM-DD. SELECT and ASK answers print as a table, or exactly in
    the W3C SPARQL 1.1 results formats. An empty answer, or ASK false, exits 1.

    \b
    Example:
        kg query who-did-what --param actor="Kataib Hezbollah"
        kg query backed-by -p backer=Iran --format csv
        echo 'SELECT * WHERE { ?s ?p ?o } LIMIT 3' | kg query -
    """
    from newskg import queries as q
    from newskg.errors import NO, OK
    from newskg.render import table

    def answer():
        layout = obj.layout()
        named = q.find_query(layout, query)
        return q.execute(layout, named, q.parse_params(params), fmt, timeout, store_dir=obj.store)

    result = run(answer)
    if result.document is not None:  # ends with a line break, as text on a terminal should
        click.echo(result.document, nl=bool(result.document) and not result.document.endswith("\n"))
    elif result.form == "boolean":
        click.echo("true" if result.size else "false")
    else:
        if result.variables:
            click.echo(table(list(result.variables), [list(row) for row in result.rows]))
        click.echo(f"({result.size} row{'' if result.size == 1 else 's'})")
    sys.exit(OK if result.size else NO)


@cli.command()
@source_option
@output_format("table", "json")
@click.pass_obj
def analyze(obj: Context, source: str, fmt: str) -> None:
    """Rank actors by centrality, find communities, and check structural balance.

    Works on the actor network: edges typed and signed by relation (hostile: struck,
    attacked, designated, fought, opposed; cooperative: backs, ordered, helped, allied, member
    of; communicative: briefed), weighted by how many events and reported relations
    support them. Which tie an event type makes, and its sign, come from the ontology
    (kg:tieLabel, kg:tieCounterpart, kg:quadClass). Degree and betweenness are computed on the
    undirected network (betweenness sampled, with a fixed seed, above 2,000 actors: the output
    says which), PageRank on the directed one; communities by Louvain (fixed seed); a triangle
    of signed ties is unbalanced when the product of its signs is negative. Imported events
    tie their coded actors the same way; each actor and tie says its kinds of source
    (provenance: articles, gdelt, sem), and --source keeps one kind.

    \b
    Example:
        kg analyze
        kg analyze --format json
        kg analyze --source gdelt
    """
    from newskg import networks
    from newskg.render import table

    result = run(lambda: networks.analyze(open_graph(obj), source))

    def show() -> None:
        click.echo(table(
            ["actor", "class", "pagerank", "betweenness", "degree", "group", "hostile", "coop",
             "comms"],
            [[a["label"], a["class"], f"{a['pagerank']:.3f}", f"{a['betweenness']:.3f}",
              f"{a['degree']:.3f}", a["community"], a["hostile"], a["cooperative"], a["communicative"]]
             for a in result["actors"]]))
        click.echo("(group: Louvain community; hostile, coop, comms: ties of each kind)")
        between = result["betweenness"]
        if between["method"] == "exact":
            click.echo(f"betweenness: exact, {between['nodes']:,} nodes")
        else:
            click.echo(f"betweenness: sampled, k={between['k']:,} of {between['nodes']:,} nodes "
                       f"(seed {between['seed']}); exact up to {networks.BETWEENNESS_EXACT_UP_TO:,}")
        click.echo("\ncommunities (Louvain)")
        for number, members in enumerate(result["communities"]):
            click.echo(f"  {number}: {', '.join(members)}")
        balance = result["balance"]
        click.echo(f"\nstructural balance: {balance['signed_ties']} signed ties, "
                   f"{balance['triangles']} signed triangles, {len(balance['unbalanced'])} unbalanced")
        for triad in balance["unbalanced"]:
            click.echo(f"  unbalanced: {' / '.join(triad)}")
        click.echo("\nties")
        click.echo(table(["source", "relation", "target", "kind", "weight", "hedge", "provenance"],
                         [[e["source"], e["relation"], e["target"], e["kind"], e["weight"], e["hedge"],
                           e["provenance"]] for e in result["edges"]]))

    emit(fmt, result, show, result["actors"],
         nothing=f"no actor has a fact from {source}." if source != "all" else "the graph has no actor.")


@cli.command()
@click.argument("source")
@click.argument("target")
@output_format("table", "json")
@click.pass_obj
def path(obj: Context, source: str, target: str, fmt: str) -> None:
    """How two actors are connected: the shortest chains of roles and relations, with evidence.

    A chain runs through events (an actor's role in an event) and reported relations (backed
    by, part of, located in...). Exits 1 when they are not connected.

    \b
    Example:
        kg path Biden "Kataib Hezbollah"
        kg path Reuters Iran --format json
    """
    from newskg import networks
    from newskg.errors import InputError, NotFound
    from newskg.resolve import ACTORS, PLACES

    def answer():
        graph = open_graph(obj)
        (a, a_label), (b, b_label) = (graph.resolve(n, ACTORS + PLACES) for n in (source, target))
        if a == b:
            raise InputError(f"{source!r} and {target!r} are both {a_label}: give two different "
                             "actors or places.")
        from newskg.namespaces import qname

        chains = networks.path(graph, qname(a), qname(b))
        if not chains:
            raise NotFound(f"{a_label} and {b_label} are not connected in the graph.")
        return chains

    chains = run(answer)

    def show() -> None:
        for number, chain in enumerate(chains, start=1):
            line = chain[0]["from"]
            for hop in chain:
                if hop["participation"]:
                    line += f" —[{hop['relation']}]— {hop['to']}"
                else:
                    line += f" —{hop['relation']}→ {hop['to']}" if hop["forward"] else f" ←{hop['relation']}— {hop['to']}"
            click.echo(f"{number}. {line}")
            for hop in chain:
                source = f" ({hop['article']})" if hop.get("article") else ""
                click.echo(f"     {hop['from']} … {hop['to']}: “{hop['evidence']}”{source}")

    emit(fmt, chains, show)


@cli.command(name="export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["gexf", "graphml", "csv", "ttl", "nt", "jsonld", "trig"]),
              help="gexf (Gephi), graphml (Gephi, yEd), csv (Gephi spreadsheet: a folder with "
                   "nodes.csv and edges.csv), or RDF: ttl, nt, jsonld, trig (one named graph per article).")
@click.option("--view", "view_name", type=click.Choice(["actors", "actor-event", "full"]),
              default="full", show_default=True,
              help="Which network to export (gexf, graphml, csv); RDF formats export the whole graph.")
@click.option("-o", "--output", required=True, type=click.Path(),
              help="File (or folder, for csv) to write; - for standard output (not csv).")
@click.option("--force", is_flag=True, help="Replace an existing regular file (or csv export folder).")
@source_option
@click.pass_obj
def export_command(obj: Context, fmt: str, view_name: str, output: str, force: bool, source: str) -> None:
    """Export a network for Gephi, or the whole graph as RDF.

    GEXF 1.3 has node_kind, class, IRI and PageRank as attributes, colours by class and sizes
    by PageRank (viz), latitude and longitude on places for GeoLayout, and start/end dates on
    events and their edges for Gephi's Timeline. Every node and edge has a provenance attribute
    (its kinds of source: articles, gdelt, sem); --source keeps one kind (for RDF: the named
    graphs of that kind). RDF exports are the same bytes every run. Writes are atomic; only a
    regular file is ever replaced, and only with --force.

    \b
    Example:
        kg export --format gexf --view actor-event -o out/kg.gexf
        kg export --format gexf --source gdelt -o out/gdelt.gexf
        kg export --format csv --view actors -o out/actors-csv
        kg export --format trig -o out/kg.trig
        kg export --format ttl -o - | head
    """
    from pathlib import Path

    from newskg.export import export, export_to_stream

    if output == "-":
        run(lambda: export_to_stream(open_graph(obj), fmt, view_name, sys.stdout.buffer, source))
        return
    written = run(lambda: export(open_graph(obj), fmt, view_name, Path(output), force, source))
    for path_ in written:
        click.echo(f"wrote {path_}")


@cli.command()
@click.option("-o", "--output", required=True, type=click.Path(), help="An .svg or .png file.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@click.pass_obj
def draw(obj: Context, output: str, force: bool) -> None:
    """Draw the actor–event network to an SVG or PNG picture, with a legend.

    \b
    Example:
        kg draw -o out/network.svg
    """
    from pathlib import Path

    from newskg.draw import render

    run(lambda: render(open_graph(obj), Path(output), force))
    click.echo(f"wrote {output}")


def _count(number: int, word: str) -> str:
    """"1 row", "2 rows", "1,000 rows"."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"


@cli.command(name="import")
@click.argument("kind", required=False, type=click.Choice(["gdelt", "sem"]))
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--mentions", type=click.Path(dir_okay=False),
              help="A GDELT 2.0 mentions file for the one events file given.")
@click.option("--strict", is_flag=True, help="Read every row first; stop at the first bad one (nothing is imported, an earlier import of the file is kept).")
@click.option("--list", "show_list", is_flag=True, help="List the imported files.")
@click.option("--remove", "remove_file", metavar="FILE", help="Remove an imported file's graph.")
@click.pass_obj
def import_command(obj: Context, kind: str | None, files: tuple[str, ...], mentions: str | None,
                   strict: bool, show_list: bool, remove_file: str | None) -> None:
    """Import coded event data: GDELT event files or SEM event graphs, one named graph each.

    GDELT 1.0 (57 or 58 columns) and 2.0 (61 columns) event files, plain or zipped, with a 2.0
    mentions file optional (--mentions). Each row becomes an event of its CAMEO type, with its
    actors, place and day, evidenced by a source record (dataset, GLOBALEVENTID, SOURCEURL,
    DATEADDED, figures). A bad row is reported with its file and line and skipped (--strict:
    stop before anything changes, importing nothing and keeping an earlier import). NewsReader SEM graphs (TriG, plain or gzipped): each sem:Event
    with an actor becomes an event with its actors (role "involved", the file's PropBank and
    FrameNet roles kept), place, time and a source record with its mentions; a statement that
    cannot be read is reported with its line and skipped. Importing a file again replaces its
    graph. The list of imported files is kept in graph/imports.json: a rebuilt store imports
    them again.

    \b
    Example:
        kg import gdelt 20150218230000.export.CSV.zip --mentions 20150218230000.mentions.CSV.zip
        kg import sem wikinews.sem.trig.gz
        kg import --list
        kg import --remove 20150218230000.export.CSV.zip
    """
    import time

    from newskg.errors import InputError
    from newskg.importers import loader

    layout = obj.layout()
    if show_list:
        listed = run(lambda: loader.listing(layout, obj.store))
        if not listed:
            raise NotFound("no file is imported; kg import gdelt FILE imports one.")
        for entry in listed:
            extra = f" + mentions {entry['mentions']}" if entry["mentions"] else ""
            click.echo(f"{entry['kind']:<6} {entry['file']}{extra}: "
                       f"{_count(entry['rows'], 'event' if entry['kind'] == 'sem' else 'row')} "
                       f"({entry['skipped']:,} skipped), {_count(entry['quads'], 'triple')} in <{entry['graph']}>")
        return
    if remove_file:
        entry = run(lambda: loader.remove(layout, obj.store, remove_file))
        click.echo(f"Removed {entry.file} (<{entry.graph}>).")
        return
    if kind is None or not files:
        raise InputError("say what to import: kg import gdelt FILE…, kg import sem FILE.trig.gz, "
                         "or kg import --list / --remove FILE.")

    def progress(name: str):
        if not sys.stderr.isatty():
            return None
        bar = click.progressbar(length=1, label=f"Importing {name}", file=sys.stderr)
        bar.__enter__()
        seen = [0]

        def update(done: int, size: int) -> None:
            bar.length = max(size, 1)
            bar.update(done - seen[0])
            seen[0] = done
            if done >= size:
                bar.__exit__(None, None, None)
        return update

    began = time.monotonic()
    outcomes = run(lambda: loader.import_files(layout, obj.store, kind, [Path(f) for f in files],
                                               Path(mentions) if mentions else None, strict=strict,
                                               report=_say, progress=progress))
    for outcome in outcomes:
        entry = outcome.entry
        if entry.kind == "sem":
            click.echo(f"Imported {entry.file}: {_count(outcome.statements, 'statement')} ({entry.skipped:,} skipped), "
                       f"{_count(entry.rows, 'event')} ({outcome.left_out:,} without an actor left out), "
                       f"{_count(outcome.quads, 'triple')} in {outcome.seconds:.1f} s.")
            continue
        rate = entry.rows / outcome.seconds if outcome.seconds else 0
        mentioned = f", {_count(outcome.mentions, 'mention')}" if entry.mentions else ""
        click.echo(f"Imported {entry.file}: {_count(entry.rows, 'row')}{mentioned}, {entry.skipped:,} skipped, "
                   f"{_count(outcome.quads, 'triple')} in {outcome.seconds:.1f} s ({rate:,.0f} rows/s).")
    if len(outcomes) > 1:
        click.echo(f"{len(outcomes)} files in {time.monotonic() - began:.1f} s.")
    empty = [o.entry.file for o in outcomes if not o.entry.rows]
    if empty:
        click.echo(f"Error: no row of {', '.join(map(str, empty))} could be imported (see the lines "
                   "above); kg import --remove FILE takes it out again.", err=True)
        sys.exit(1)


@cli.command()
@click.option("--suggest", is_flag=True, help="Propose links.tsv lines for the imported coded actors.")
@click.option("--check", "check_file", is_flag=True,
              help="Report links.tsv lines that point to no curated actor or match no coded actor.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Leave out candidates scoring less (0 to 1).")
@click.option("--format", "fmt", type=click.Choice(["text", "tsv", "json"]), default="text",
              show_default=True, help="text for eyes; tsv ready to paste into graph/links.tsv; json.")
@click.pass_obj
def link(obj: Context, suggest: bool, check_file: bool, min_score: float, fmt: str) -> None:
    """Suggest links from coded actors to curated entities, for graph/links.tsv.

    --suggest proposes, for each coded actor in the store (GDELT, SEM), curated actors of
    graph/entities.ttl with the evidence: name (label or altLabel, words in common), country
    code against the countries the entity's names mention, CAMEO type against the entity's
    class, rows, and whether links.tsv links it already. A bare country code whose country is
    a state's name is "safe" (CODE, tab, ent:id: every coded actor with that code); a name
    match is for one coded actor (CODE/NAME) and needs a person: "likely" or "possible".

    kg link never writes graph/links.tsv: check each suggestion and paste the lines you keep.
    In --format tsv only safe and likely lines are live; the others are commented out.
    --check reports lines that point to no curated actor or match no imported coded actor
    (exit 1 if any).

    \b
    Example:
        kg link --suggest
        kg link --suggest --format tsv > suggested.tsv   (read it; paste the lines you keep)
        kg link --check
    """
    from newskg import linking
    from newskg.errors import InputError

    if suggest == check_file:
        raise InputError("say what to do: kg link --suggest, or kg link --check.")
    graph = open_graph(obj)
    if check_file:
        count, problems = run(lambda: linking.check(graph.store, graph.root))
        for problem in problems:
            click.echo(f"graph/links.tsv, line {problem.line}: {problem.key} -> {problem.entity}: "
                       f"{problem.problem}")
        if problems:
            raise NotFound(f"{len(problems)} problem(s) in {count} line(s) of graph/links.tsv.")
        click.echo(f"graph/links.tsv: {count} line(s), each pointing to a curated actor and matching "
                   "imported coded actors." if count else "graph/links.tsv: no link yet (no file, or "
                   "comments only); kg link --suggest proposes some.")
        return
    found = run(lambda: linking.suggest(graph.store, graph.root, min_score))
    if fmt == "json":
        from newskg.render import to_json

        click.echo(to_json([s.as_json() for s in found]))
    elif fmt == "tsv":
        if found:
            click.echo("# Suggested by kg link --suggest: check each line before keeping it. Lines "
                       "commented out are\n# alternatives, possible matches or links already made.")
        for suggestion in found:
            click.echo(suggestion.tsv())
    else:
        for suggestion in found:
            click.echo(show_suggestion(suggestion))
    if not found:
        _say(f"No suggestion scores {min_score:g} or more (a lower --min-score shows weaker ones; "
             "kg import gdelt FILE adds coded actors).")
    elif fmt == "text":
        live = sum(s.to_paste for s in found)
        click.echo(f"\n{len(found)} suggestion(s), {live} to paste (--format tsv prints them ready); "
                   "kg link never writes graph/links.tsv.")


def show_suggestion(s) -> str:
    from newskg import linking

    head = (f"{s.key}  ->  {s.entity.id} ({s.entity.label}, kg:{s.entity.kind}): {s.confidence}"
            f"{' (alternative)' if s.alternative else ''}, score {s.score:.2f}, {linking.rows(s.rows)}")
    fields = [*s.evidence.items(), ("linked", s.status())]
    return card(head, fields)


def main() -> None:
    cli.main(prog_name="kg")


if __name__ == "__main__":
    main()


