"""`outline-export watch`: one process that keeps the library built while its outlines are edited.

It builds as `build` does (the cache skips what is up to date), then waits for a save: of an outline
under the paths watched, of the settings file, or of a file the settings name (logo, Word template,
fonts). Each change is built again at once in the same process, whose modules, fonts and templates
are already loaded (a warm re-render). Problems are printed as ``file:line:col`` as they appear; an
outline with problems is not drawn, so its last good files stay. Ctrl-C (or a plain `kill`) stops it.

Changes come from the operating system through watchfiles (inotify on Linux). Where that cannot be
used (``OUTLINE_EXPORT_WATCH=poll``, or watchfiles failing to start), the files are polled: their
sizes and times looked at four times a second.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from outline_export.errors import OutlineError, UsageError
from outline_export.outcome import Run, bug, print_problems

OUTLINE_SUFFIXES = (".yaml", ".yml")
POLL_SECONDS = 0.25
# A save is built once this long has passed with no further change to it: watchfiles looks every
# STEP_MS, so a save is seen 5-10 ms after it is made (20 ms: 20-40). An editor's save is one
# rename, or a truncation and a write microseconds apart; a save seen half-written is built again
# at once with what followed (docs/performance.md, "The watch re-render").
STEP_MS = 5


class Watched:
    """What a change to would mean a build: outlines under ``targets``, the settings file, the
    files the settings name; never anything under the output folder."""

    def __init__(self, project, targets: tuple[str, ...], config, sets):
        self.project, self.config, self.sets = project, config, sets
        self.targets = [Path(t).resolve() for t in targets]
        self.output = project.beside("output").resolve()
        self.files: set[Path] = set()
        self.refresh()

    def refresh(self) -> None:
        """The settings file and the files it names, read again (a change of settings may name others)."""
        files = set()
        if self.project.settings:
            files.add(Path(self.project.settings).resolve())
            try:
                from outline_export.build_cache import named_files
                from outline_export.cli import _settings
                from outline_export.pipeline import plan_edition

                settings = _settings(self.project, self.sets)
                for audience in (None, *(a.name for a in settings.audiences)):
                    edition = plan_edition(settings, audience, self.output)
                    files.update(Path(f).resolve() for f in named_files(edition.options))
            except (OutlineError, UsageError):
                pass  # the build says what is wrong; the settings file itself is still watched
        self.files = files

    def wanted(self, path: str) -> bool:
        p = Path(path)
        if p in self.files:
            return True
        if p.suffix.lower() not in OUTLINE_SUFFIXES or p.name.startswith("."):
            return False
        if p == self.output or self.output in p.parents:
            return False
        return any(p == t or t in p.parents for t in self.targets)

    def folders(self) -> list[Path]:
        """The folders to ask the operating system about (each at most once, none inside another)."""
        wanted = [t if t.is_dir() else t.parent for t in self.targets] + [f.parent for f in self.files]
        wanted = sorted({w for w in wanted if w.is_dir()}, key=lambda p: len(p.parts))
        chosen: list[Path] = []
        for folder in wanted:
            if not any(c == folder or c in folder.parents for c in chosen):
                chosen.append(folder)
        return chosen

    def snapshot(self) -> dict[str, tuple[int, int]]:
        """Size and time of every file watched (the polling way)."""
        seen = {}
        paths = set(self.files)
        for t in self.targets:
            if t.is_dir():
                for folder, dirs, names in os.walk(t):
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                    paths.update(Path(folder) / n for n in names)
            else:
                paths.add(t)
        for p in paths:
            if not self.wanted(str(p)):
                continue
            try:
                st = p.stat()
            except OSError:
                continue
            seen[str(p)] = (st.st_size, st.st_mtime_ns)
        return seen


def _changes(watched: Watched):
    """First an empty batch, once the watching has begun (a save from then on is seen, even one
    made during a build); then each batch of changed paths, as they come."""
    if os.environ.get("OUTLINE_EXPORT_WATCH", "").strip().lower() != "poll":
        try:
            import watchfiles

            # a batch once STEP_MS pass with no new change (at most 0.4 s after its first);
            # yield_on_timeout: an empty batch after 0.2 s of quiet, the first once the system watches
            for batch in watchfiles.watch(*watched.folders(), watch_filter=lambda _, path: watched.wanted(path),
                                          debounce=400, step=STEP_MS, rust_timeout=200, yield_on_timeout=True,
                                          raise_interrupt=True):
                yield sorted({path for _, path in batch})
            return
        except (ImportError, OSError) as e:  # no watchfiles, or the system refused (inotify limits)
            click.echo(f"outline-export: watching by polling ({type(e).__name__}: {e})", err=True)
    before = watched.snapshot()
    yield []
    while True:
        time.sleep(POLL_SECONDS)
        now = watched.snapshot()
        if now != before:
            yield sorted(p for p in set(before) | set(now) if before.get(p) != now.get(p))
            before = now


def _build(args: dict, first: bool = False) -> None:
    """One build; its problems printed, never raised (the watch goes on), but for a usage error in
    the ``first`` (exit 2, before the watch starts)."""
    from outline_export import rendering

    Run.bugs = []
    try:
        rendering.render(**args)
    except UsageError as e:
        if first:
            raise
        print_problems(e.problems)
    except OutlineError as e:  # problems in outlines or settings, a folder that cannot be written
        print_problems(e.problems)
        if e.summary:
            click.echo(e.summary, err=True)
    except Exception as e:  # a bug in outline-export: one line (--debug: the traceback); the watch goes on
        if first:
            raise
        print_problems([bug("outline-export", e, "watch")])


def _warm(project, paths: tuple[str, ...], config, sets) -> None:
    """Draw the first outline's general edition in memory, writing nothing: the writers are
    imported and their fonts and templates read now, so the first save is re-rendered warm."""
    from outline_export import pipeline
    from outline_export.cli import _settings
    from outline_export.loader import load_file
    from outline_export.project import expand

    if "outline_export.backends.pdf" in sys.modules and "outline_export.backends.docx" in sys.modules:
        return  # the first build drew here: warm already
    try:
        found, _ = expand(paths or (str(project.beside("outlines")),))
        settings = _settings(project, sets)
        for source in found:
            try:
                outline = load_file(source.path, settings.look.language)
            except OutlineError:
                continue
            edition = pipeline.plan_edition(settings, None, project.beside("output"))
            pipeline.draw_edition(outline, edition)
            return
    except Exception:  # only a head start: the builds say what is wrong
        return


def _open_handout(project, paths: tuple[str, ...], out: str | None) -> None:
    """Open the general edition's handout PDF of the outline named, else of the outline saved last."""
    from outline_export.pipeline import file_name
    from outline_export.project import expand, shown

    found, _ = expand(paths or (str(project.beside("outlines")),))
    if not found:
        return
    newest = max(found, key=lambda s: Path(s.path).stat().st_mtime_ns)
    folder = Path(out) if out else project.beside("output")
    pdf = folder / newest.subdir / file_name(Path(newest.path).stem, "handout", "pdf")
    if not pdf.is_file():
        click.echo(f"outline-export: --open: {shown(pdf)} was not made (the settings' kinds or formats leave out the "
                   "handout PDF); nothing opened", err=True)
        return
    code = click.launch(str(pdf.resolve()))
    if code:
        click.echo(f"outline-export: --open: the system could not open {shown(pdf)} (no viewer found?)", err=True)
    else:
        click.echo(f"opened {shown(pdf)}", err=True)


def watch(paths: tuple[str, ...], *, config=None, sets=(), out=None, jobs=None, quiet=False,
          open_pdf=False) -> None:
    from outline_export.building import settle
    from outline_export.project import find_project

    project = find_project(config)
    args = dict(paths=paths, kinds=(), formats=(), out=out, paper=None, blanks=None, config=config, sets=sets,
                build_all=True, jobs=jobs, quiet=quiet)
    from outline_export.project import shown

    watched = Watched(project, paths or (str(project.beside("outlines")),), config, sets)
    changes = _changes(watched)
    next(changes)  # watching from now: a save during the first build is built after it
    _build(args, first=True)
    if open_pdf:
        _open_handout(project, paths, out)
    _warm(project, paths, config, sets)
    named = ", ".join(shown(f) for f in [*watched.targets, *sorted(watched.files)])
    settle()
    from outline_export.helper import Helper
    from outline_export.rendering import default_jobs

    helper = Helper.start(jobs or default_jobs())  # forked now: warm, with what the first build left frozen
    if helper is not None:
        args["drawer"] = helper.draw
    click.echo(f"Watching {named}: save a file to render it again; Ctrl-C to stop.", err=True)
    try:
        for changed in changes:
            if not changed:
                continue
            start = time.monotonic()
            names = ", ".join(os.path.relpath(p) for p in changed[:3]) + (f" and {len(changed) - 3} more"
                                                                          if len(changed) > 3 else "")
            click.echo(f"{time.strftime('%H:%M:%S')} changed: {names}", err=True)
            if any(Path(p) in watched.files for p in changed):  # the settings, or a file they name
                watched.refresh()
            _build(args)
            click.echo(f"({time.monotonic() - start:.2f} s; watching)", err=True)
            settle()  # the build's garbage collected while nothing is waiting (building.settle)
    except KeyboardInterrupt:
        click.echo("Stopped watching.", err=True)
    finally:
        if helper is not None:
            helper.stop()
