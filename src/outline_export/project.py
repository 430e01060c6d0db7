"""Where a command works and what it will write, settled before anything is drawn.

- The project: the folder of the settings file found (``outline-export.toml`` here or in a parent
  folder up to the project's edge, ``find_settings``; or ``--config``), else the current folder.
  ``build`` reads ``outlines/`` and writes ``output/`` beside it, from any folder inside the project.
- The outlines given: files and folders, each outline with the subfolder its documents mirror
  (``outlines/march/sermon.yaml`` -> ``output/march/``).
- The output: a folder, or with ``-o handout.pdf`` one file (its suffix names the format).
- Clashes: two documents that would be written to the same file are refused before any is written.
"""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath

from outline_export.errors import Problem, UsageError, usage

FILE_NAME = "outline-export.toml"
GLOB_CHARACTERS = frozenset("*?[")
OUTLINE_SUFFIXES = (".yaml", ".yml")


def shown(path: Path | str) -> str:
    """A path as the user can type it from here: relative to the current folder when it is below it
    or near it, else as it is."""
    p = Path(path)
    if not p.is_absolute():
        return str(p)
    try:
        rel = os.path.relpath(p)
    except ValueError:  # another drive (Windows)
        return str(p)
    return rel if rel.count("..") <= 3 else str(p)


@dataclass(frozen=True)
class Project:
    settings: Path | None  # the settings file found or named; None: none found
    root: Path  # its folder, else the current folder

    def beside(self, name: str) -> Path:
        """``outlines`` or ``output`` beside the settings file, as the user would type it from here."""
        return Path(shown(self.root / name)) if self.settings else Path(name)

    def settings_note(self) -> str:
        """Which settings a command used, for its summary line."""
        if self.settings:
            return f"checked with {shown(self.settings)}"
        return "checked without settings: no outline-export.toml here or in a parent folder"

    def settings_used(self, always: bool = True) -> str:
        """Which settings file a render used, for its summary: always (``build``), or only when it
        is not the one in the current folder (``render``); "" when there is nothing to say."""
        if self.settings is None:
            return "no settings file found" if always else ""
        if not always and self.root == Path.cwd().resolve():
            return ""
        return f"settings from {shown(self.settings)}"


def _device(folder: Path) -> int | None:
    """The disk (device) a folder is on; None when it cannot be read."""
    try:
        return os.stat(folder).st_dev
    except OSError:
        return None


def _open_to_all(folder: Path) -> bool:
    """Every user may write in ``folder`` (``/tmp``, the top of many shared drives); or it cannot be
    read, which is as little to go on."""
    try:
        return bool(os.stat(folder).st_mode & stat.S_IWOTH)
    except OSError:
        return True


def find_settings(start: Path | None = None) -> Path | None:
    """``outline-export.toml`` in ``start`` (default: the current folder), else in the nearest parent
    folder inside the same project. The project ends at the first of: a folder holding ``.git`` (a
    repository's top), the user's home folder, the top of a disk (the folder above is on another
    device); each of these is the last folder looked in. A parent folder every user may write to
    (``/tmp``, a shared drive's top) ends the search before it is looked in: a file anybody put there
    would otherwise give its template, logo and fonts to every folder below it, unseen."""
    folder = (start or Path.cwd()).resolve()
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    for d in (folder, *folder.parents):
        if d != folder and _open_to_all(d):
            return None
        if (d / FILE_NAME).is_file():
            return d / FILE_NAME
        if d == home or (d / ".git").exists() or d.parent == d or _device(d.parent) != _device(d):
            return None
    return None


def find_project(config: str | None) -> Project:
    path = Path(config) if config else find_settings()
    if path is None:
        return Project(None, Path.cwd())
    return Project(path, path.resolve().parent)


@dataclass(frozen=True)
class Source:
    """An outline file to read, and the subfolder of the output folder its documents go into."""

    path: str
    subdir: PurePath = PurePath()


def _missing(p: str) -> Problem:
    """A path that does not exist: say so, and what was probably meant."""
    if GLOB_CHARACTERS & set(p):
        return Problem(p, 0, 0, "no file matches this pattern (a shell passes a pattern on unchanged "
                                "when nothing matches it); check the folder and the spelling")
    path = Path(p)
    folder = path.parent
    hint = ""
    if folder.is_dir():
        try:
            names = [c.name for c in folder.iterdir() if c.is_dir() or c.suffix in OUTLINE_SUFFIXES]
        except OSError:
            names = []
        close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
        if close:
            hint = f"; did you mean {shown(folder / close[0]) if str(folder) != '.' else close[0]}?"
    if not hint and not path.is_absolute():  # typed from another folder of the project than meant
        found = find_settings()
        root = found.resolve().parent if found else Path.cwd()
        for candidate in (root / "outlines" / path, root / path, Path.cwd() / "outlines" / path):
            if candidate.exists():
                where = shown(candidate)
                hint = (f"; did you mean {where}?" if where != "." else
                        "; that is the folder you are in: leave the path out, or write .")
                break
    return Problem(p, 0, 0, f"no such file or folder{hint}")


def expand(paths: tuple[str, ...] | list[str]) -> tuple[list[Source], list[Problem]]:
    """Every outline under ``paths`` (files, and *.yaml/*.yml below folders), each once, with the
    subfolder its output mirrors: a folder's outlines keep their place under it, a file given by
    name goes straight into the output folder."""
    from outline_export.loader_source import find_outlines

    sources: list[Source] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for p in paths:
        if not p.strip():
            problems.append(Problem("outline-export", 0, 0, "an empty path was given; name an outline file or a folder"))
            continue
        path = Path(p)
        if not path.exists():
            problems.append(_missing(p))
            continue
        files, found_problems = find_outlines([p])
        problems.extend(found_problems)
        for f in files:
            key = Path(f).resolve()
            if key in seen:
                continue
            seen.add(key)
            subdir = PurePath(os.path.relpath(Path(f).parent, path)) if path.is_dir() else PurePath()
            sources.append(Source(f, PurePath() if str(subdir) == "." else subdir))
    return sources, problems


def suffix_formats() -> dict[str, str]:
    """``.pdf`` -> ``pdf``: the suffix of each format's files."""
    from outline_export import backends

    return {"." + backends.writer(f).extension: f for f in backends.FORMATS}


def output_file(out: str) -> tuple[Path, str] | None:
    """``-o handout.pdf``: (the file, its format); None when ``out`` names a folder. Raises UsageError
    for a value that can be neither."""
    if out == "-":
        raise usage("-o -: documents cannot go to stdout; give a folder (like -o output) or a file (like -o handout.pdf)")
    if out.endswith(("/", os.sep)):
        return None  # a trailing slash always means a folder
    if not out.strip():
        raise usage("-o/--output is empty; give a folder (like -o output) or a file (like -o handout.pdf)")
    suffix = Path(out).suffix.lower()
    if suffix in OUTLINE_SUFFIXES:
        raise usage(f"-o {out}: an outline file (.yaml) is never written over; give a folder (like -o output) "
                    "or a document (like -o handout.pdf)")
    fmt = suffix_formats().get(suffix)
    return (Path(out), fmt) if fmt else None


def check_one_file(out: Path, fmt: str, formats: tuple[str, ...] | None, n_outlines: int,
                   editions: list, kinds: tuple[str, ...]) -> None:
    """``-o FILE`` writes one document: refuse what would make several, saying how to pick one."""
    if formats and (len(formats) > 1 or formats[0] != fmt):
        raise usage(f"-o {out} is a .{out.suffix[1:].lower()} file but -f asks for {', '.join(formats)}; "
                    f"use -f {fmt}, or leave -f out (the suffix names the format)")
    reasons = []
    if n_outlines > 1:
        reasons.append(f"{n_outlines} outlines: render one at a time")
    if len(editions) > 1:
        names = ", ".join(e.audience or "general" for e in editions)
        reasons.append(f"{len(editions)} editions ({names}): use render with one --audience")
    if len(kinds) > 1:
        reasons.append(f"{len(kinds)} kinds ({', '.join(kinds)}): choose one with -k, like -k {kinds[0]}")
    if reasons:
        raise usage(f"-o {out} names one file, but this would write several; " + "; ".join(reasons)
                    + "; or give -o a folder")


def clashes(plan: list[tuple[Source, object, list[Path]]]) -> list[Problem]:
    """Two documents bound for the same file (compared as a case-insensitive disk would): one problem
    per pair of outlines, naming both and what to do. ``plan``: (source, edition, paths) rows."""
    taken: dict[str, tuple[Source, object]] = {}
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for source, edition, paths in plan:
        for path in paths:
            key = os.path.normcase(os.path.abspath(path)).casefold()
            if key not in taken:
                taken[key] = (source, edition)
                continue
            first, first_edition = taken[key]
            pair = (first.path, source.path)
            if pair in reported or first.path == source.path:
                continue
            reported.add(pair)
            problems.append(Problem("outline-export", 0, 0, _clash_message(first, first_edition, source, edition, path)))
    return problems


def _clash_message(a: Source, a_edition, b: Source, b_edition, path: Path) -> str:
    def who(s: Source, e) -> str:
        return f"{s.path} ({e.audience} edition)" if e.audience else s.path

    text = f"{who(a, a_edition)} and {who(b, b_edition)} would both be written to {shown(path)}; nothing was written."
    audience = a_edition.audience or b_edition.audience
    if audience and not (a_edition.audience and b_edition.audience):
        return (text + f" The '{audience}' edition goes into the folder {audience}/ of the output: rename the "
                       f"outlines' subfolder '{audience}', or one of the outlines")
    if a.subdir == b.subdir == PurePath() and Path(a.path).parent != Path(b.path).parent:
        return text + " Give their folder instead (each outline's documents then keep its subfolder), " \
                      "or render them one at a time with different -o folders"
    return text + " Rename one of them"


def refuse_clashes(plan) -> None:
    problems = clashes(plan)
    if problems:
        raise UsageError(problems)
