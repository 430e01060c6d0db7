"""The command line: parse options, call the library, turn problems into messages and exit codes.

Exit codes: 0 all good, 1 bad input (an outline or settings file has problems), 2 bad usage.
Commands raise ``OutlineError`` or ``UsageError``; ``Main.invoke`` prints them and
``errors.exit_code`` turns them into the exit code, in one place. Heavy modules (python-docx,
reportlab) are imported only by the commands that draw documents.
"""

from __future__ import annotations

import sys

import click

from outline_export import __version__
from outline_export.errors import OutlineError, Problem, exit_code, usage


def _print_problems(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(str(p), err=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class Main(click.Group):
    """The command group; the one place a problem becomes messages and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OutlineError as e:  # UsageError too
            _print_problems(e.problems)
            if e.summary:
                click.echo(e.summary, err=True)
            ctx.exit(exit_code(e))


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
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
    bad_files = len({p.path for p in problems if p.is_error})
    if any(p.is_error for p in problems):
        errors = sum(1 for p in problems if p.is_error)
        raise OutlineError(problems, f"{_plural(errors, 'problem')} in {bad_files} of "
                                     f"{_plural(max(len(files), bad_files), 'file')}; {len(outlines)} valid.")
    _print_problems(problems)
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
        raise OutlineError(problems)


@main.command()
def schema() -> None:
    """Print the outline format as JSON Schema (draft 2020-12), for editors that complete keys."""
    import json

    from outline_export.schema import outline_schema

    click.echo(json.dumps(outline_schema(), indent=2, ensure_ascii=False))


def _choices():
    """Kinds, formats and papers, each defined once (views, the writers table, layout)."""
    from outline_export.backends import FORMATS
    from outline_export.layout import PAPER_NAMES
    from outline_export.views import KIND_NAMES

    return KIND_NAMES + ("all",), FORMATS + ("all",), PAPER_NAMES


KIND_CHOICES, FORMAT_CHOICES, PAPER_CHOICES = _choices()


def _settings(config: str | None, sets: tuple[str, ...] = ()):
    """The merged settings (file found or named, then --set), or exit with the problems."""
    from pathlib import Path

    from outline_export import settings as st

    path = Path(config) if config else st.find_settings()
    loaded = st.load_settings(path) if path else st.Settings()  # OutlineError: exit 1
    return st.apply_overrides(loaded, sets)  # UsageError: exit 2


def _render(paths, kinds, formats, out_dir, paper, blanks, *, config=None, audiences=(), sets=(),
            translation=None, build_all=False) -> None:
    import difflib
    from pathlib import Path

    from outline_export import pipeline

    settings = _settings(config, sets)
    outlines, problems, files = _load_all(paths)
    tags = {name for o in outlines for name, _ in pipeline.audience_tags(o)}
    known = sorted({a.name for a in settings.audiences} | tags)
    for name in audiences:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else (
                f"; known audiences: {', '.join(known)}" if known else "; no settings file or outline defines any")
            raise usage(f"unknown audience '{name}'{hint}")
    problems.extend(pipeline.undefined_audience_warnings(outlines, settings))
    created = pipeline.source_date_epoch()  # UsageError: exit 2
    from outline_export.backends import DOCUMENT_FORMATS, FORMATS
    from outline_export.views import KIND_NAMES

    kinds = None if not kinds or "all" in kinds else tuple(k for k in KIND_NAMES if k in kinds)
    if formats and "all" in formats:
        formats = DOCUMENT_FORMATS + tuple(f for f in FORMATS if f in formats and f not in DOCUMENT_FORMATS)
    else:
        formats = tuple(f for f in FORMATS if f in formats) or None
    wanted: list[str | None] = list(audiences) if audiences else [None]
    if build_all:
        wanted = [None] + [a for a in settings.build_audiences if a not in audiences]
    editions = [
        pipeline.plan_edition(settings, a, Path(out_dir), kinds=kinds, formats=formats, paper=paper, blanks=blanks,
                              translation=translation, created=created)
        for a in wanted
    ]
    written = 0
    failed: set[str] = set()
    warnings: list[Problem] = []
    with pipeline.Drawer() as drawer:
        for outline in outlines:
            for edition in editions:
                try:
                    for path in pipeline.render_edition(outline, edition, warnings, drawer):
                        click.echo(str(path))
                        written += 1
                except OutlineError as e:
                    if outline.path not in failed:
                        problems.extend(e.problems)
                    failed.add(outline.path)
    problems.extend(warnings)
    if any(p.is_error for p in problems):
        bad = len({p.path for p in problems if p.is_error})
        raise OutlineError(problems, f"{_plural(bad, 'outline')} had problems and were not rendered; "
                                     f"{_plural(written, 'file')} written.")
    _print_problems(problems)


_kind_option = click.option("-k", "--kind", "kinds", multiple=True, type=click.Choice(KIND_CHOICES),
                            help="Which documents (repeatable; default all).")
_format_option = click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMAT_CHOICES),
                              help="Which formats (repeatable; default all).")
_output_option = click.option("-o", "--output", "out_dir", default="output", show_default=True,
                              type=click.Path(file_okay=False), help="Folder to write into.")
_paper_option = click.option("--paper", type=click.Choice(PAPER_CHOICES), default=None,
                             help="Paper size (default: settings, else letter).")
_blanks_option = click.option("--blanks", type=click.Choice(("fixed", "proportional")), default=None,
                              help="fixed: every blank the same length (default); proportional: sized to its answer.")
_config_option = click.option("--config", type=click.Path(dir_okay=False, exists=True),
                              help="Settings file (default: outline-export.toml here or in a parent folder).")
_audience_option = click.option("-a", "--audience", "audiences", multiple=True, metavar="NAME",
                                help="Render the edition for this audience into OUTPUT/NAME/ (repeatable).")
_set_option = click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                           help="Set a variable, or a setting like defaults.paper=a4 (repeatable).")
_translation_option = click.option("--translation", type=click.Choice(("WEB", "KJV"), case_sensitive=False),
                                   help="Translation for scripture quoted by reference (default WEB).")


def _options(f):
    for option in reversed((_kind_option, _format_option, _output_option, _paper_option, _blanks_option,
                            _audience_option, _set_option, _translation_option, _config_option)):
        f = option(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_options
def render(paths, kinds, formats, out_dir, paper, blanks, audiences, sets, translation, config) -> None:
    """Render outlines to handouts, speaker notes and worksheets (.docx and .pdf).

    Files are named <outline>-<kind>.<format>, e.g. output/two-cycles-handout.pdf; an audience's
    edition goes into output/<audience>/."""
    _render(paths, kinds, formats, out_dir, paper, blanks, config=config, audiences=audiences, sets=sets,
            translation=translation)


@main.command()
@_options
def build(kinds, formats, out_dir, paper, blanks, audiences, sets, translation, config) -> None:
    """Render every outline under outlines/ into output/: the general edition and each audience
    listed in the settings' [defaults] audiences (into output/<audience>/)."""
    _render(("outlines",), kinds, formats, out_dir, paper, blanks, config=config, audiences=audiences, sets=sets,
            translation=translation, build_all=True)


def run() -> None:
    """The console script: ``main``, tuned for a short-lived process by two measured tricks
    (docs/performance.md; ``OUTLINE_EXPORT_PLAIN=gc,exit`` leaves them out):

    - ``gc``: collection passes made rare (the process ends in a second or two, and lxml and
      reportlab build many small objects);
    - ``exit``: once every file is written and the output flushed, the process ends without
      tearing every module down (``os._exit``)."""
    import os

    from outline_export import plain

    if not plain("gc"):
        import gc

        gc.freeze()
        gc.set_threshold(50_000, 20, 20)
    if plain("exit"):
        main(prog_name="outline-export")
        return
    try:
        main(prog_name="outline-export")
        code = 0
    except SystemExit as e:
        if e.code is None or isinstance(e.code, int):
            code = e.code or 0
        else:
            click.echo(str(e.code), err=True)
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
