"""`render` and `build`: plan the editions, draw what is out of date (``building``), write, report.

Files are listed on stdout as they are written (not with ``-q``); problems and the one-line summary
go to stderr. `build` keeps a cache in the output folder (``build_cache``) and skips what is up to
date; `render` always draws what it is asked for (and keeps no cache: it may write anywhere).
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from outline_export.errors import OutlineError, Problem, WriteError, usage
from outline_export.outcome import Progress, Run, plural, print_problems


def render(paths, kinds, formats, out, paper, blanks, *, config=None, audiences=(), sets=(),
           translation=None, build_all=False, layout=None, fillable=None, jobs=None, force=False,
           clean=False, quiet=False, drawer=None) -> None:
    """`render` (``build_all`` False) and `build` (True: every edition, with the cache); ``drawer``:
    draws the documents of a unit drawn in this process (`watch`: ``helper.Helper.draw``)."""
    from outline_export import backends, building, pipeline
    from outline_export.backends import DOCUMENT_FORMATS, FORMATS
    from outline_export.cli import _load, _settings
    from outline_export.progress import Progress as Bar
    from outline_export.project import check_one_file, expand, find_project, output_file, refuse_clashes
    from outline_export.settings import option_value
    from outline_export.views import KIND_NAMES

    Progress.written = 0
    bar = Bar(quiet)
    project = find_project(config)
    target = output_file(out) if out is not None else None  # (file, format) for `-o handout.pdf`
    if target and clean:
        raise usage("--clean tidies an output folder; it cannot be used with one file (-o FILE)")
    settings = _settings(project, sets)
    layout = option_value("--layout", "layout", layout)  # UsageError: exit 2
    jobs = jobs or default_jobs()
    if not paths:
        outlines_folder = project.beside("outlines")
        if not outlines_folder.is_dir():
            where = (f"beside {project.settings}" if project.settings
                     else "here (no outline-export.toml was found here or in a parent folder)")
            raise OutlineError([Problem(str(outlines_folder), 0, 0,
                                        f"no outlines folder {where}; start a library with `outline-export init`, "
                                        "or name outlines: outline-export build PATH...")])
        paths = (str(outlines_folder),)
    found, problems = expand(paths)

    kinds = None if not kinds or "all" in kinds else tuple(k for k in KIND_NAMES if k in kinds)
    given_formats = formats
    if formats and "all" in formats:
        formats = DOCUMENT_FORMATS + tuple(f for f in FORMATS if f in formats and f not in DOCUMENT_FORMATS)
    else:
        formats = tuple(f for f in FORMATS if f in formats) or None
    if target and not given_formats:
        formats = (target[1],)
    use_cache = build_all and not target
    digests: dict[str, str] = {}  # of the bytes loaded: a save during the build is drawn by the next one
    sources, outlines, load_problems = _load(found, settings.look.language, digests if use_cache else None)
    chosen = _audiences(audiences, settings, outlines, project)
    wanted: list[str | None] = chosen or [None]
    if build_all:
        wanted = [None] + chosen + [a for a in settings.build_audiences if a not in chosen]
    created = pipeline.source_date_epoch()  # UsageError: exit 2
    out_dir = (target[0].parent if target else Path(out)) if out is not None else project.beside("output")
    editions = [
        pipeline.plan_edition(settings, a, out_dir, kinds=kinds, formats=formats, paper=paper, blanks=blanks,
                              translation=translation, created=created, file=target[0] if target else None,
                              layout=layout, fillable=fillable, every_format=bool(given_formats and "all" in given_formats))
        for a in wanted
    ]
    if target:
        check_one_file(target[0], target[1], formats if given_formats else None, len(found), editions,
                       tuple(k for k in editions[0].kinds if backends.makes(target[1], k)))
    problems.extend(load_problems)
    problems.extend(pipeline.undefined_audience_warnings(outlines, settings))
    units = [building.Unit(s, o, e, e.paths(o.stem, s.subdir)) for s, o in zip(sources, outlines) for e in editions]
    refuse_clashes([(u.source, u.edition, u.paths) for u in units])
    if outlines:
        pipeline.check_place(target[0] if target else out_dir, is_file=bool(target))
    cache = None
    if use_cache:
        from outline_export.build_cache import Cache, edition_fingerprint, unit_key

        cache = Cache.load(out_dir)
        fingerprints = {id(e): edition_fingerprint(e) for e in editions}
        for u in units:
            u.uid = cache.unit_id(u.source.path, u.edition.audience)
            u.key = unit_key(digests[u.source.path], fingerprints[id(u.edition)], u.paths)

    def wrote(path) -> None:
        Progress.written += 1
        if not quiet:
            bar.say(str(path))

    run = building.Run(units, jobs=jobs, cache=cache, force=force, on_written=wrote, progress=bar,
                       drawer=drawer)
    try:
        outcome = run.run()
    except WriteError:
        print_problems(sorted(problems + run.outcome.problems + run.outcome.warnings))
        raise
    problems.extend(outcome.problems)
    problems.extend(outcome.warnings)
    removed = []
    if clean and cache is not None:
        removed, kept = cache.clean({cache.name(p) for u in units for p in u.paths},
                                    {cache.name(Path(s.path).resolve()) for s in sources})
        cache.save()
        for path in removed:
            click.echo(f"removed {path}", err=True)
        problems.extend(Problem(str(p), 0, 0, "changed since outline-export wrote it, so --clean keeps it (and "
                                              "forgets it): delete it yourself if no longer wanted", "warning")
                        for p in kept)
    _summary(problems, outcome, outlines, found, project, build_all, target, out_dir, removed)


def default_jobs() -> int:
    """--jobs when not given: OUTLINE_EXPORT_JOBS if set, else the cores this process may use."""
    from outline_export.building import usable_cores

    value = os.environ.get("OUTLINE_EXPORT_JOBS", "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    return usable_cores()


def _summary(problems, outcome, outlines, found, project, build_all, target, out_dir, removed) -> None:
    """The last line: what was rendered, what was up to date, what was wrong (OutlineError)."""
    written = Progress.written
    warned = sum(1 for p in problems if not p.is_error)
    used = project.settings_used(always=build_all)  # build says always; render when not from here
    tail = f"({plural(warned, 'warning') if warned else 'no warnings'}{'; ' + used if used else ''})"
    where = f"{plural(written, 'file')}, {target[0]}" if target else f"{plural(written, 'file')} in {out_dir}{os.sep}"
    rendered = len(outcome.drawn - outcome.failed)
    fresh = len(outcome.fresh - outcome.drawn - outcome.failed)
    cleaned = f"; removed {plural(len(removed), 'file')} no outline makes any more" if removed else ""
    extra = (f"; {plural(fresh, 'outline')} up to date" if fresh else "") + cleaned
    if any(p.is_error for p in problems):
        bugs = {p.path for p in Run.bugs}
        bad = {p.path for p in problems if p.is_error} - bugs
        outline_files = {s.path for s in found}
        failures = []
        if bugs:
            failures.append(f"{plural(len(bugs), 'outline')} failed inside outline-export and "
                            f"{'was' if len(bugs) == 1 else 'were'} skipped")
        if bad & outline_files:
            n = len(bad & outline_files)
            failures.append(f"{plural(n, 'outline')} had problems and {'was' if n == 1 else 'were'} not rendered")
        if bad - outline_files:
            n = len(bad - outline_files)
            failures.append(f"{plural(n, 'path')} given held no outline")
        done = f"rendered {plural(rendered, 'outline')}: {where}" if written else "nothing was written"
        raise OutlineError(problems, f"{', '.join(failures)}; {done}{extra} {tail}.")
    print_problems(problems)
    if not written and fresh and fresh == len(outlines):
        click.echo(f"Nothing to render: {plural(fresh, 'outline')} up to date in {out_dir}{os.sep}{cleaned} {tail}.",
                   err=True)
        return
    click.echo(f"Rendered {plural(rendered, 'outline')}: {where}{extra} {tail}.", err=True)


def _typo_distance(a: str, b: str) -> int:
    """Letters changed, missing, extra or swapped with a neighbour to turn ``a`` into ``b``."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def _unknown_audience(name: str, known: list[str], project) -> str:
    """Suggest only a name within a typo of the one given; else list the ones there are."""
    near = sorted((_typo_distance(name, k), k) for k in known)
    if near and near[0][0] <= (1 if len(name) <= 4 else 2):
        return f"unknown audience '{name}'; did you mean '{near[0][1]}'?"
    if known:
        where = f" to {project.settings.name}" if project.settings else ""
        return (f"unknown audience '{name}'; the audiences known here are: {', '.join(known)} "
                f"(add an [audiences.{name}] table{where} for a new one)")
    if project.settings:
        return f"unknown audience '{name}'; {project.settings.name} defines no audiences: add an [audiences.{name}] table"
    return (f"unknown audience '{name}'; no outline-export.toml was found here or in a parent folder, so no "
            f"audiences are defined: add one with an [audiences.{name}] table")


def _audiences(given, settings, outlines, project) -> list[str]:
    """The --audience names, checked against the settings and the outlines' tags (in any case)."""
    if not given:
        return []
    from outline_export import pipeline

    tags = {name for o in outlines for name, _ in pipeline.audience_tags(o)}
    known = sorted({a.name for a in settings.audiences} | tags)
    chosen = []
    for name in given:
        if name not in known and name.lower() in known:
            name = name.lower()
        if name not in known:
            raise usage(_unknown_audience(name, known, project))
        if name not in chosen:
            chosen.append(name)
    return chosen


