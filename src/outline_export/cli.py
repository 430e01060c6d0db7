"""The command line: parse options, call the library, turn problems into messages and exit codes.

Exit codes: 0 all good, 1 bad input (an outline or settings file has problems), 2 bad usage.
Heavy modules (python-docx, reportlab) are imported only by the commands that draw documents.
"""

from __future__ import annotations

import sys

import click

from outline_export import __version__
from outline_export.errors import OutlineError, Problem


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="outline-export")
def main() -> None:
    """Turn sermon and lesson outlines (YAML) into handouts, speaker notes and worksheets.

    Start with `outline-export build` to render every outline under outlines/ into output/,
    or `outline-export validate outlines/` to check your outlines. docs/format.md explains the format.
    """


def _load_all(paths: tuple[str, ...]):
    """Load every outline under ``paths``; returns (outlines, problems, number of files)."""
    from outline_export.loader import find_outlines, load_file

    files, problems = find_outlines(list(paths))
    outlines = []
    for f in files:
        try:
            outlines.append(load_file(f))
        except OutlineError as e:
            problems.extend(e.problems)
    return outlines, problems, files


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
def validate(paths: tuple[str, ...]) -> None:
    """Check outline files (and every *.yaml/*.yml in folders); print every problem as file:line:col."""
    outlines, problems, files = _load_all(paths)
    _print_problems(problems)
    bad_files = len({p.path for p in problems if p.is_error})
    if any(p.is_error for p in problems):
        errors = sum(1 for p in problems if p.is_error)
        click.echo(
            f"{_plural(errors, 'problem')} in {bad_files} of {_plural(max(len(files), bad_files), 'file')}; "
            f"{len(outlines)} valid.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"{_plural(len(outlines), 'outline')} valid.")


@main.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
def list_(paths: tuple[str, ...]) -> None:
    """One row per outline: file, title, passage, sections, points, blanks (default: outlines/)."""
    from outline_export.model import count_points, outline_blanks, plain_text

    outlines, problems, _ = _load_all(paths or ("outlines",))
    rows = [("FILE", "TITLE", "PASSAGE", "SECTIONS", "POINTS", "BLANKS")]
    for o in outlines:
        rows.append((o.path, plain_text(o.title), o.passage.display if o.passage else "",
                     str(len(o.sections)), str(count_points(o)), str(len(outline_blanks(o)))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = [c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))]
        click.echo("  ".join(cells).rstrip())
    if problems:
        _print_problems(problems)
        sys.exit(1)


@main.command()
def schema() -> None:
    """Print the outline format as JSON Schema (draft 2020-12), for editors that complete keys."""
    import json

    from outline_export.schema import outline_schema

    click.echo(json.dumps(outline_schema(), indent=2, ensure_ascii=False))


KIND_CHOICES = ("handout", "notes", "worksheet", "all")
FORMAT_CHOICES = ("docx", "pdf", "all")
PAPER_CHOICES = ("letter", "a4", "half-letter", "a5")


def _render(paths, kinds, formats, out_dir, paper, blanks) -> None:
    from pathlib import Path

    from outline_export import pipeline, views
    from outline_export.theme import load_theme

    outlines, problems, files = _load_all(paths)
    kinds = views.KINDS if "all" in kinds or not kinds else tuple(k for k in views.KINDS if k in kinds)
    formats = pipeline.FORMATS if "all" in formats or not formats else tuple(f for f in pipeline.FORMATS if f in formats)
    try:
        created = pipeline.source_date_epoch()
    except OutlineError as e:
        _print_problems(e.problems)
        sys.exit(2)
    theme = load_theme("default")
    b = theme.get("blank", {})
    options = views.ViewOptions(
        paper=paper,
        blanks=blanks,
        created=created,
        blank_widths=(b.get("fixed_width", 9.0), b.get("min_width", 4.0), b.get("per_char", 0.62), b.get("extra", 2.0)),
    )
    written = 0
    for outline in outlines:
        try:
            for path in pipeline.render_outline(outline, kinds, formats, options, Path(out_dir)):
                click.echo(str(path))
                written += 1
        except OutlineError as e:
            problems.extend(e.problems)
    _print_problems(problems)
    if any(p.is_error for p in problems):
        bad = len({p.path for p in problems if p.is_error})
        click.echo(f"{_plural(bad, 'outline')} had problems and were not rendered; {_plural(written, 'file')} written.", err=True)
        sys.exit(1)


_kind_option = click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                            help="Which documents (repeatable; default all).")
_format_option = click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMAT_CHOICES),
                              help="Which formats (repeatable; default all).")
_output_option = click.option("-o", "--output", "out_dir", default="output", show_default=True,
                              type=click.Path(file_okay=False), help="Folder to write into.")
_paper_option = click.option("--paper", type=click.Choice(PAPER_CHOICES), default="letter", show_default=True)
_blanks_option = click.option("--blanks", type=click.Choice(("fixed", "proportional")), default="fixed", show_default=True,
                              help="fixed: every blank the same length; proportional: sized to its answer.")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_kind_option
@_format_option
@_output_option
@_paper_option
@_blanks_option
def render(paths, kinds, formats, out_dir, paper, blanks) -> None:
    """Render outlines to handouts, speaker notes and worksheets (.docx and .pdf).

    Files are named <outline>-<kind>.<format>, e.g. output/two-cycles-handout.pdf."""
    _render(paths, kinds, formats, out_dir, paper, blanks)


@main.command()
@_output_option
@_paper_option
@_blanks_option
def build(out_dir, paper, blanks) -> None:
    """Render every outline under outlines/ into output/: all kinds, all formats."""
    _render(("outlines",), ("all",), ("all",), out_dir, paper, blanks)


if __name__ == "__main__":
    main()
