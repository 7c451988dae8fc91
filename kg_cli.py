"""`kg`: the command line of the news knowledge graph. Thin: parse, call the library, print.

Exit codes: 0 ok; 1 the answer is "no" (violations, nothing found); 2 bad usage or unreadable input.
"""

from __future__ import annotations

import json
import sys

import click

from newskg.errors import KgError


class Context:
    def __init__(self, root: str | None) -> None:
        self.root = root

    def layout(self):
        from newskg.layout import find_layout

        return find_layout(self.root)


def run(action):
    """Call the library; its errors become messages with their exit codes, never tracebacks."""
    try:
        return action()
    except KgError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    envvar="NEWSKG_ROOT",
    help="Folder holding ontology/, graph/ and queries/ (default: the shipped graph).",
)
@click.version_option(package_name="newskg")
@click.pass_context
def cli(ctx: click.Context, root: str | None) -> None:
    """A knowledge graph of actors, events and relations from news.

    \b
    Example:
        kg validate
    """
    ctx.obj = Context(root)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Report format.")
@click.pass_obj
def validate(obj: Context, fmt: str) -> None:
    """Check the ontology, entities and articles against the SHACL shapes.

    Runs every shape in ontology/shapes.ttl, including the check that each evidence span's text
    equals the article text at its offsets. Exits 0 when the graph conforms, 1 on violations,
    2 when a file cannot be read (a Turtle syntax error names the file and line).

    \b
    Example:
        kg validate
        kg validate --format json
    """
    from newskg.validation import validate as run_validation

    report = run(lambda: run_validation(obj.layout()))
    if fmt == "json":
        click.echo(json.dumps({
            "conforms": report.conforms,
            "triples": report.triples,
            "violations": [v.as_dict() for v in report.violations],
        }, indent=2, ensure_ascii=False))
    else:
        for v in report.violations:
            click.echo(f"{v.severity}: {v.focus}" + (f"  [{v.file}]" if v.file else ""))
            if v.path:
                click.echo(f"  path:    {v.path}")
            if v.value:
                click.echo(f"  value:   {v.value}")
            click.echo(f"  problem: {v.message}")
            click.echo(f"  check:   {v.constraint}")
        verdict = "conforms" if report.conforms else f"does not conform: {len(report.violations)} problem(s)"
        click.echo(f"Validated {report.triples} triples: the graph {verdict}.")
    sys.exit(0 if report.conforms else 1)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
