"""Incremental builds: what `build` wrote, from which inputs, kept in ``output/.outline-export-cache.json``.

A *unit* is one edition of one outline (the general edition, or one audience's). Its key is a
SHA-256 over everything its files are made from: the outline file's bytes, the edition as planned
(every setting that applies, the kinds and formats, SOURCE_DATE_EPOCH, where the files go), the
contents of the logo, Word template and font files the settings name, and the tool itself (its
version and the size and time of every file of the installed package: code, themes, fonts,
scripture texts, language catalogues). A unit is up to date when its key is the one recorded and
each of its files is still there with the size and modification time recorded when it was written:
a file changed or removed by anyone else is drawn again.

The cache is only ever a shortcut: a missing, unreadable or foreign cache file means "draw
everything", never an error; it is written atomically at the end of a build (and after an
interrupted one, for the files that were written). ``--clean`` removes only files recorded here
(written by `build`) that no outline makes any more, and only if they are unchanged since.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from outline_export.errors import Problem

CACHE_NAME = ".outline-export-cache.json"
CACHE_FORMAT = 1

_TOOL: str | None = None


def tool_fingerprint() -> str:
    """The version and the size and modification time of every file of this package (read once a
    process: a running process keeps the code it started with)."""
    global _TOOL
    if _TOOL is None:
        from outline_export import __version__

        root = Path(__file__).parent
        h = hashlib.sha256(__version__.encode())
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                h.update(f"{os.path.relpath(path, root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        _TOOL = h.hexdigest()
    return _TOOL


def file_digest(path: str | Path | None) -> str:
    """SHA-256 of a file's bytes ('' for none, 'unreadable' when it cannot be read)."""
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def named_files(options) -> list[str]:
    """The files an edition's settings name, whose contents its documents are made from: the logo,
    the Word template, font files (``ViewOptions``); `watch` watches the same."""
    return [path for path in (options.logo, options.docx_template,
                              *(value for _, value in options.theme_overrides
                                if str(value).lower().endswith((".ttf", ".otf")))) if path]


def edition_fingerprint(edition) -> str:
    """Everything of an edition its files are made from: its planned values, and the contents of
    the files they name (``named_files``)."""
    h = hashlib.sha256(repr(edition).encode())
    for path in named_files(edition.options):
        h.update(f"\0{path}\0{file_digest(path)}".encode())
    return h.hexdigest()


def unit_key(outline_digest: str, edition_key: str, paths: list[Path]) -> str:
    h = hashlib.sha256(f"{CACHE_FORMAT}\0{tool_fingerprint()}\0{edition_key}\0{outline_digest}".encode())
    for path in paths:
        h.update(f"\0{path}".encode())
    return h.hexdigest()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass
class Cache:
    """The cache file of one output folder: ``files`` (path under the folder -> unit, key, size,
    mtime_ns) and ``units`` (unit -> key, outline file, the warnings its drawing gave)."""

    folder: Path
    files: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    changed: bool = False

    @property
    def path(self) -> Path:
        return self.folder / CACHE_NAME

    @classmethod
    def load(cls, folder: Path) -> "Cache":
        cache = cls(folder)
        try:
            data = json.loads(cache.path.read_text(encoding="utf-8"))
            if data.get("format") == CACHE_FORMAT and isinstance(data.get("files"), dict) \
                    and isinstance(data.get("units"), dict):
                cache.files, cache.units = data["files"], data["units"]
        except (OSError, ValueError, AttributeError):
            pass  # no cache, or not one this version can read: everything is drawn
        return cache

    def name(self, path: Path) -> str:
        """``path`` as recorded: relative to the output folder, with forward slashes."""
        return Path(os.path.relpath(path, self.folder)).as_posix()

    def unit_id(self, source: str, audience: str | None) -> str:
        return f"{self.name(Path(source).resolve())}#{audience or ''}"

    def fresh(self, unit: str, key: str, paths: list[Path]) -> list[Problem] | None:
        """The warnings recorded for ``unit`` if it is up to date, else None."""
        recorded = self.units.get(unit)
        if not recorded or recorded.get("key") != key:
            return None
        for path in paths:
            entry = self.files.get(self.name(path))
            if not entry or entry.get("key") != key or _stamp(path) != (entry.get("size"), entry.get("mtime_ns")):
                return None
        try:
            return [Problem(*w) for w in recorded.get("warnings", [])]
        except TypeError:
            return None

    def record(self, unit: str, key: str, source: str, paths: list[Path], warnings: list[Problem]) -> None:
        """``unit``'s files were just written from ``key``'s inputs."""
        self.units[unit] = {"key": key, "source": self.name(Path(source).resolve()),
                            "warnings": [[w.path, w.line, w.col, w.message, w.severity] for w in warnings]}
        for path in paths:
            stamp = _stamp(path)
            if stamp is not None:
                self.files[self.name(path)] = {"unit": unit, "key": key, "size": stamp[0], "mtime_ns": stamp[1]}
        self.changed = True

    def save(self) -> None:
        """Write the cache file atomically (a folder that cannot take it: the next build draws again)."""
        if not self.changed:
            return
        from outline_export.errors import WriteError
        from outline_export.pipeline import write_atomic

        data = {"format": CACHE_FORMAT, "files": dict(sorted(self.files.items())),
                "units": dict(sorted(self.units.items()))}
        try:
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        except WriteError:
            pass
        self.changed = False

    def clean(self, made: set[str], built_sources: set[str]) -> tuple[list[Path], list[Path]]:
        """Remove the recorded files no outline makes any more: those of an outline file that is
        gone, and those of an outline of this build (``built_sources``, as recorded) that it no
        longer makes (``made``: every file this build's units make, as recorded). A file changed
        since it was written is kept (and no longer recorded). Returns (removed, kept)."""
        removed, kept = [], []
        for name, entry in sorted(self.files.items()):
            unit = self.units.get(entry.get("unit"), {})
            source = unit.get("source")
            gone = source is None or not (self.folder / source).is_file()
            if name in made or not (gone or source in built_sources):
                continue
            path = self.folder / name
            stamp = _stamp(path)
            if stamp is not None:
                if stamp != (entry.get("size"), entry.get("mtime_ns")):
                    kept.append(path)
                else:
                    try:
                        path.unlink()
                        removed.append(path)
                    except OSError:
                        kept.append(path)
                        continue
            del self.files[name]
            self.changed = True
        for path in removed:  # folders left empty by the removals (an audience no longer built)
            for folder in path.parents:
                if folder == self.folder or self.folder not in folder.parents:
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break
        live = {entry.get("unit") for entry in self.files.values()}
        for unit in [u for u in self.units if u not in live]:
            del self.units[unit]
            self.changed = True
        return removed, kept
