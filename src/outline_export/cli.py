"""The command line: parse options, call the library, turn problems into messages and exit codes.

Exit codes: 0 all good, 1 bad input (an outline or settings file has problems), 2 bad usage, 70 a
bug in outline-export, 130 Ctrl-C, 143 SIGTERM. Commands raise ``OutlineError`` or ``UsageError``;
``outcome.Main.invoke`` prints them and ``errors.exit_code`` turns them into the exit code, in one
place. An exception nobody expected is a bug (``outcome.bug``): one line, the traceback only with
``--debug``; met in one outline, that outline is skipped and the others still render. Heavy
modules (python-docx, reportlab) are imported only by the commands that draw documents.
"""

from __future__ import annotations

import sys

import click

from outline_export import __version__
from outline_export.errors import OutlineError, Problem, UsageError, usage
from outline_export.outcome import Main, bug, plural, print_problems


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="outline-export")
@click.option("--debug", is_flag=True, help="On a bug in outline-export, print the whole traceback (to report it).")
def main(debug: bool) -> None:
    """Turn sermon and lesson outlines (YAML) into handouts, speaker notes and worksheets.

    Start with `outline-export init` to set up a new library, `outline-export build` to render every
    outline under outlines/ into output/, or `outline-export validate outlines/` to check your
    outlines. docs/format.md explains the format.
    """


def _load(found, language: str | None = None, digests: dict | None = None):
    """Load each found outline; returns (sources, outlines, problems), the sources and outlines in
    step (an outline that fails to load has its problems listed and no entry). ``language``: the
    settings' (an outline without a ``language`` key is read in it). ``digests``: filled with each
    file's SHA-256, of the very bytes loaded (for `build`'s cache)."""
    import hashlib
    from pathlib import Path

    from outline_export.loader import load_file

    sources, outlines, problems = [], [], []
    for source in found:
        try:
            data = None
            if digests is not None:
                try:
                    data = Path(source.path).read_bytes()
                except OSError:  # load_file says why, as it does without digests
                    data = None
                digests[source.path] = hashlib.sha256(data).hexdigest() if data is not None else "unreadable"
            outline = load_file(source.path, language, data)
            outlines.append(outline)
            sources.append(source)
            problems.extend(outline.warnings)  # loaded, with things worth a second look
        except OutlineError as e:
            problems.extend(e.problems)
        except Exception as e:  # a bug while reading this outline: the others are still read
            problems.append(bug(source.path, e))
    return sources, outlines, problems


def _load_all(paths, language: str | None = None):
    """Every outline under ``paths``: (sources, outlines, problems, every outline file found)."""
    from outline_export.project import expand

    found, problems = expand(paths)
    sources, outlines, load_problems = _load(found, language)
    return sources, outlines, problems + load_problems, found


def _settings(project, sets: tuple[str, ...] = ()):
    """The merged settings (the file found or named, then --set), or exit with the problems."""
    from outline_export import settings as st

    loaded = st.load_settings(project.settings) if project.settings else st.Settings()  # OutlineError: exit 1
    return st.apply_overrides(loaded, sets)  # UsageError: exit 2


_config_option = click.option("--config", type=click.Path(dir_okay=False, exists=True),
                              help="Settings file (default: outline-export.toml here or in a parent folder).")
_set_option = click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
                           help="Set a variable, or a setting like defaults.paper=a4 (repeatable).")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_set_option
@_config_option
def validate(paths: tuple[str, ...], sets, config) -> None:
    """Check outline files (and every *.yaml/*.yml in folders); print every problem as file:line:col.

    Checks what rendering would refuse too (unknown ${variables}, translations not installed), with
    the settings found (outline-export.toml here or in a parent folder) or named by --config, for the
    general edition and each audience `build` renders. Default: outlines/ beside the settings."""
    from pathlib import Path

    from outline_export import pipeline, settings as st
    from outline_export.project import find_project
    from outline_export.views import KIND_NAMES

    project = find_project(config)
    problems: list[Problem] = []
    try:
        settings = _settings(project, sets)
    except UsageError:
        raise
    except OutlineError as e:
        problems.extend(e.problems)
        settings = st.Settings()
    sources, outlines, load_problems, found = _load_all(paths or (str(project.beside("outlines")),),
                                                        settings.look.language)
    problems.extend(load_problems)
    editions = [pipeline.plan_edition(settings, a, Path("."), kinds=KIND_NAMES)
                for a in (None, *settings.build_audiences)]
    valid = 0
    for outline in outlines:
        found_here = []
        try:
            for edition in editions:
                found_here.extend(p for p in pipeline.check_edition(outline, edition) if p not in found_here)
        except Exception as e:  # a bug while checking this outline: the others are still checked
            found_here.append(bug(outline.path, e))
        problems.extend(found_here)
        valid += not any(p.is_error for p in found_here)
    problems.extend(pipeline.undefined_audience_warnings(outlines, settings))
    note = project.settings_note()
    if any(p.is_error for p in problems):
        errors = sum(1 for p in problems if p.is_error)
        files = {source.path for source in found}
        bad = {p.path for p in problems if p.is_error}
        held_none = len(bad - files)  # paths that are not there, folders with no outline
        where = (f" in {len(bad & files)} of {plural(len(files), 'file')}; {valid} valid" if files else "")
        none = f"; {plural(held_none, 'path')} given held no outline" if held_none else ""
        raise OutlineError(problems, f"{plural(errors, 'problem')}{where}{none} ({note}).")
    print_problems(problems)
    warned = f", {plural(len(problems), 'warning')}" if problems else ""
    click.echo(f"{plural(len(outlines), 'outline')} valid{warned} ({note}).")


@main.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
def list_(paths: tuple[str, ...]) -> None:
    """One row per outline: file, title, passage, sections, points, blanks (default: outlines/)."""
    from outline_export.model import count_points, outline_blanks, plain_text
    from outline_export.project import find_project

    project = find_project(None)
    try:  # the settings' language reads outlines without their own (bad settings: validate says why)
        language = _settings(project).look.language
    except (OutlineError, UsageError):
        language = None
    _, outlines, problems, _ = _load_all(paths or (str(project.beside("outlines")),), language)
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


_kind_option = click.option("-k", "--kind", "kinds", multiple=True,
                            type=click.Choice(KIND_CHOICES, case_sensitive=False),
                            help="Which documents (repeatable; default all).")
_format_option = click.option("-f", "--format", "formats", multiple=True,
                              type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
                              help="Which formats (repeatable; default: the settings', else docx and pdf).")
_output_option = click.option("-o", "--output", "out", default=None, metavar="FOLDER|FILE",
                              help="Folder to write into (default: output/ beside the settings file, else here), "
                                   "or one file for one kind and format, like -o handout.pdf.")
_paper_option = click.option("--paper", type=click.Choice(PAPER_CHOICES, case_sensitive=False), default=None,
                             help="Paper size (default: settings, else letter).")
_blanks_option = click.option("--blanks", type=click.Choice(("fixed", "proportional"), case_sensitive=False),
                              default=None,
                              help="fixed: every blank the same length (default); proportional: sized to its answer.")
_layout_option = click.option("--layout", default=None, metavar="single|2-up|booklet",
                              help="The PDF's sheets: single pages (default), 2-up (two half-letter or A5 "
                                   "copies to a sheet, to cut) or booklet (to fold).")
_audience_option = click.option("-a", "--audience", "audiences", multiple=True, metavar="NAME",
                                help="Render the edition for this audience into OUTPUT/NAME/ (repeatable).")
_fillable_option = click.option("--fillable/--not-fillable", default=None,
                                help="Handout and worksheet PDFs as forms to type in (default: settings' fillable).")
_translation_option = click.option("--translation", type=click.Choice(("WEB", "KJV"), case_sensitive=False),
                                   help="Translation for scripture quoted by reference (default WEB).")


_jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                            help="Draw N outline editions at once, each in its own process (default: the cores "
                                 "this machine lets it use; 1 draws everything in this process).")
_quiet_option = click.option("-q", "--quiet", is_flag=True,
                             help="Print only problems and the summary: no list of files, no progress bar.")


def _options(f):
    for option in reversed((_kind_option, _format_option, _output_option, _paper_option, _layout_option, _blanks_option,
                            _audience_option, _set_option, _translation_option, _fillable_option, _config_option,
                            _jobs_option, _quiet_option)):
        f = option(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_options
def render(paths, kinds, formats, out, paper, layout, blanks, audiences, sets, translation, fillable, config, jobs,
           quiet) -> None:
    """Render outlines (files, or every *.yaml in folders) to handouts, speaker notes and worksheets.

    Files are named <outline>-<kind>.<format>, e.g. output/two-cycles-handout.pdf; an outline in a
    subfolder of a folder given keeps its subfolder (output/march/); an audience's edition goes into
    output/<audience>/. The files written are listed on stdout, a summary on stderr."""
    if not paths:
        raise usage("render needs outline files or folders, like: outline-export render outlines/sermon.yaml "
                    "(or `outline-export build` for every outline under outlines/)")
    from outline_export import rendering

    rendering.render(paths, kinds, formats, out, paper, blanks, config=config, audiences=audiences, sets=sets,
                     translation=translation, layout=layout, fillable=fillable, jobs=jobs, quiet=quiet)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_options
@click.option("--force", is_flag=True, help="Draw every document again, even those that are up to date.")
@click.option("--clean", is_flag=True, help="Also remove the files an earlier build wrote that no outline makes "
                                            "any more (an outline deleted, an audience or format dropped).")
def build(paths, kinds, formats, out, paper, layout, blanks, audiences, sets, translation, fillable, config, jobs,
          quiet, force, clean) -> None:
    """Render every outline under outlines/ (or the PATHS given) into output/: the general edition
    and each audience listed in the settings' [defaults] audiences (into output/<audience>/).

    Works from any folder inside the project: outlines/ and output/ are the folders beside the
    settings file found (outline-export.toml here or in a parent folder), else here.

    Documents whose inputs have not changed (the outline, the settings that apply, the logo,
    template and fonts, outline-export itself) are not drawn again: output/.outline-export-cache.json
    remembers what each file was made from. A build of more than a second shows its progress on a
    terminal."""
    from outline_export import rendering

    rendering.render(paths, kinds, formats, out, paper, blanks, config=config, audiences=audiences, sets=sets,
                     translation=translation, build_all=True, layout=layout, fillable=fillable, jobs=jobs,
                     force=force, clean=clean, quiet=quiet)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "out", default=None, metavar="FOLDER",
              help="Folder to write into (default: output/ beside the settings file, else here).")
@click.option("--open", "open_pdf", is_flag=True, help="Open the handout PDF in the system's viewer, once.")
@_jobs_option
@_quiet_option
@_set_option
@_config_option
def watch(paths, out, open_pdf, jobs, quiet, sets, config) -> None:
    """Build, then build again each time an outline, the settings or a file they name is saved:
    a live preview. Only what changed is drawn; problems are printed as file:line:col as they
    appear, and an outline with problems keeps its last good files. Ctrl-C stops it.
    With two cores or more (--jobs), a second warm process draws part of each save's documents.
    Default PATHS: outlines/ beside the settings file."""
    from outline_export.watch import watch as run_watch

    run_watch(paths, config=config, sets=sets, out=out, jobs=jobs, quiet=quiet, open_pdf=open_pdf)


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False))
def init(folder: str) -> None:
    """Start a library in FOLDER (default: here): a commented outline-export.toml and outlines/ with
    one short example outline. Never writes over a file that is already there."""
    from outline_export import starter

    for path in starter.write(folder):
        click.echo(str(path))
    click.echo(starter.next_steps(folder), err=True)


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", default=None, metavar="FOLDER",
              help="Folder to write the outlines into (default: outlines/ beside the settings file, else here).")
@click.option("--force", is_flag=True, help="Write over outlines that are already there.")
def import_(files: tuple[str, ...], out: str | None, force: bool) -> None:
    """Import Word (.docx), Markdown (.md) and plain-text (.txt) outlines: one YAML outline per file,
    named after it, commented where the importer guessed. The report (what was recognised,
    doubted, dropped) is printed as file:line notes; docs/import.md explains the rules."""
    from outline_export.importer.command import write_outlines

    report, problems, written = write_outlines(files, out, force)
    for line in report:
        click.echo(line, err=True)
    print_problems(problems)
    for path in written:
        click.echo(str(path))
    failed = {p.path for p in problems if p.is_error}
    summary = f"Imported {plural(len(written), 'outline')}" + (
        f"; {plural(len(failed), 'file')} not imported" if failed else "")
    if failed:
        raise OutlineError([], summary + ".")
    click.echo(summary + ".", err=True)


def run() -> None:
    """The console script: ``main``, ended by one measured trick (docs/performance.md;
    ``OUTLINE_EXPORT_PLAIN=exit`` leaves it out): once every file is written and the output
    flushed, the process ends without tearing every module down (``os._exit``). Python's garbage
    collector keeps its default thresholds: python-docx and lxml leave reference cycles behind every
    document, and only collection keeps a long build's memory flat."""
    import os

    from outline_export import codecache, plain

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
    codecache.save()  # os._exit runs no atexit hook
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
