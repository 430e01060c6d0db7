"""Outline file -> documents on disk: load, build each kind's render tree, draw, write atomically.

Writes go to a temporary file in the target folder and are renamed into place, so an interrupted
run never leaves a truncated document and never destroys the previous one.
"""

from __future__ import annotations

import errno
import os
import signal
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from outline_export import backends, fitting, views
from outline_export.errors import Problem, UsageError, WriteError
from outline_export.model import Outline


LAST_SECOND = 253402300799  # 9999-12-31 23:59:59 UTC: the last a document date can carry


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else 0: output never depends on the clock.
    Digits only, at most LAST_SECOND; else a usage error (a zip's date is clamped to 2107 instead)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or int(value) > LAST_SECOND:
        shown = value if len(value) <= 40 else value[:20] + "…"
        raise UsageError([Problem("SOURCE_DATE_EPOCH", 0, 0, f"must be a whole number of seconds from 0 to "
                                                             f"{LAST_SECOND} (the end of 9999), not {shown!r}")])
    return int(value)


_NEW_FILE_MODE: int | None = None


def new_file_mode() -> int:
    """0666 less the umask: the mode an ordinary ``open(path, "w")`` gives a new file (0644 under
    umask 022), so a web server can read what was written. Read once (reading the umask sets it)."""
    global _NEW_FILE_MODE
    if _NEW_FILE_MODE is None:
        mask = os.umask(0o022)
        os.umask(mask)
        _NEW_FILE_MODE = 0o666 & ~mask
    return _NEW_FILE_MODE


def _cause(e: OSError, path: Path) -> str:
    """Why ``path`` could not be written, in words."""
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if e.errno == errno.EROFS:
        return "the disk is read-only"
    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "no space left on the disk"
    if e.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    if e.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.ENOENT):
        if path.is_dir():
            return "a folder has that name"
        for parent in path.parents:
            if parent.exists() and not parent.is_dir():
                return f"{parent} is a file, not a folder"
    return (e.strerror or str(e)).lower()


def check_place(path: Path, is_file: bool = False) -> None:
    """Refuse, before anything is drawn, an output folder (or file) that cannot be written: a file
    where a folder should be, a folder where the file should be, no permission. Creates nothing."""
    if is_file and path.is_dir():
        raise WriteError(str(path), "a folder has that name")
    folder = path.parent if is_file else path
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None:
        return
    if not existing.is_dir():
        raise WriteError(str(path), f"{existing} is a file, not a folder" if existing != path else "it is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        try:
            read_only = bool(os.statvfs(existing).f_flag & os.ST_RDONLY)
        except (OSError, AttributeError):
            read_only = False
        cause = "the disk is read-only" if read_only else "permission denied"
        raise WriteError(str(path), cause if existing == folder else f"{cause} ({existing})")


# Ctrl-C and SIGTERM (a plain `kill`): held while a file is written, ignored by the drawing process
_STOPS = (signal.SIGINT, signal.SIGTERM)


class _CtrlCWaits:
    """Ctrl-C (SIGINT) or SIGTERM during a write is held until the file is in place or removed, then
    acted on as it would have been (Ctrl-C raises KeyboardInterrupt; the command line turns SIGTERM
    into ``errors.Terminated``): a stop never leaves a temporary file behind. Only the main thread
    can do this."""

    def __enter__(self):
        self.hit = None
        self.old = {}
        try:
            for sig in _STOPS:
                self.old[sig] = signal.signal(sig, self._note)
        except ValueError:  # not the main thread: nothing to hold (the first call failed)
            self.old = {}
        return self

    def _note(self, signum, frame) -> None:
        if self.hit is None:
            self.hit = signum

    def __exit__(self, *exc) -> None:
        for sig, old in self.old.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        if self.hit is None:
            return
        old = self.old[self.hit]
        if callable(old):
            old(self.hit, None)  # Python's Ctrl-C handler raises KeyboardInterrupt
        elif old in (signal.SIG_DFL, None):
            signal.raise_signal(self.hit)  # what the signal would have done: end the process


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it (``.NAME.XXXXXXXX.part``, a
    unique name), renamed into place: nobody ever sees half a file, an interrupted run keeps the
    previous file, two runs at once each rename a complete file. The file gets the mode an ordinary
    write gives: an existing file's own mode, else 0666 less the umask. Raises WriteError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WriteError(str(path), _cause(e, path)) from None
    try:
        mode = os.stat(path).st_mode & 0o7777 if path.is_file() else new_file_mode()
    except OSError:
        mode = new_file_mode()
    with _CtrlCWaits():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        except OSError as e:
            raise WriteError(str(path), _cause(e, path)) from None
        try:
            with os.fdopen(fd, "wb") as f:
                if hasattr(os, "fchmod"):  # POSIX; elsewhere a new file's mode is already the ordinary one
                    os.fchmod(f.fileno(), mode)
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException as e:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            if isinstance(e, OSError):
                raise WriteError(str(path), _cause(e, path)) from None
            raise


def _draw(fmt: str, document, options) -> tuple[bytes, list[str]]:
    """One document's bytes, and the styles its Word template lacked (none without a template)."""
    data, notices = backends.write_with_notices(fmt, document, options)
    return data, [n.name for n in notices if isinstance(n, backends.MissingStyle)]


def draw_here(jobs: list[tuple], meanwhile=None) -> list[tuple[bytes, list[str]]]:
    """``draw_outline``'s drawer in this process alone: ``meanwhile()``, then each (format,
    document, look) drawn in turn."""
    if meanwhile is not None:
        meanwhile()
    return [_draw(*job) for job in jobs]


FILLABLE_KINDS = ("handout", "worksheet")  # speaker notes show the answers: never a form


def draw_outline(outline: Outline, kinds, formats, options: views.ViewOptions, out_dir: Path,
                 warnings: list[Problem] | None = None, *, paths: list[Path] | None = None,
                 layout: str = "single", fillable: bool = False, drawer=None) -> list[tuple[Path, bytes]]:
    """Every kind and format of one outline drawn, nothing written: (where it goes, its bytes), in
    render order (``paths``: where each kind-and-format goes; default
    ``out_dir/<stem>-<kind>.<extension>``). ``layout`` "2-up" or "booklet": the PDFs' pages are
    imposed on sheets twice their width (``impose``); the other formats keep single pages.
    Styles a Word template lacked (and that were made) are reported once in ``warnings``.
    ``drawer(jobs, meanwhile)``: draws the list of (format, document, look) instead of this process
    alone, giving what ``_draw`` gives for each, in order, and calls ``meanwhile()`` (the glyph
    check) once while it waits (`watch`'s ``helper.Helper.draw``)."""
    jobs = []
    for kind in kinds:
        kind_options = options
        if fitting.applies(kind, options):  # the PDF decides; the Word file gets the same sizes
            kind_options, warning = fitting.fitted(outline, kind, options)
            if warning is not None and warnings is not None and warning not in warnings:
                warnings.append(warning)
        made: dict[str, tuple] = {}  # medium -> (document, look): built once for the formats drawing on it
        for fmt in formats:
            w = backends.writer(fmt)
            if not w.makes(kind):
                continue
            if w.medium not in made:
                # paper gets the fitted sizes; slides and a screen have no pages to fit
                medium = kind_options if w.medium == "paper" else \
                    replace(options, medium=w.medium, fit=None, notes_lines=None, question_lines=None)
                look = views.writer_options(kind, medium)
                if fillable and kind in FILLABLE_KINDS and w.medium == "paper":
                    look = replace(look, fillable=True)  # only the PDF writer draws fields
                made[w.medium] = (views.build(outline, kind, medium), look)
            jobs.append((fmt, *made[w.medium]))
        if kind == "worksheet" and options.answer_key == "separate":  # the leader's key file
            key = views.build(outline, kind, replace(options, key_only=True, fit=None, notes_lines=0))
            jobs.extend((fmt, key, views.writer_options(kind, options)) for fmt in formats
                        if backends.makes(fmt, kind))
    if paths is None:
        paths = [out_dir / name for name in file_names(outline.stem, kinds, formats, options.answer_key)]

    def check_glyphs() -> None:  # characters no font of the PDF has
        if warnings is not None and "pdf" in formats:
            from outline_export.glyphs import glyph_warnings
            warnings.extend(w for w in glyph_warnings(outline, options) if w not in warnings)

    drawn = (drawer or draw_here)(jobs, check_glyphs)
    if layout != "single":
        from outline_export.impose import impose

        drawn = [(impose(data, layout) if job[0] == "pdf" else data, lacked)
                 for job, (data, lacked) in zip(jobs, drawn)]
    made = {name for _, lacked in drawn for name in lacked}
    if made and warnings is not None:
        warning = Problem(options.docx_template, 0, 0,
                          "the Word template lacks styles the documents use; made them from its Normal style: "
                          + ", ".join(sorted(made)) + " (add them to the template to choose their look)", "warning")
        if warning not in warnings:
            warnings.append(warning)
    return [(path, data) for path, (data, _) in zip(paths, drawn)]


def write_files(files: list[tuple[Path, bytes]], on_written=None) -> list[Path]:
    """Write each (path, bytes) atomically, in order; ``on_written(path)`` as each is in place.
    A file that cannot be written raises WriteError."""
    for path, data in files:
        with _CtrlCWaits():  # a file in place is always reported before Ctrl-C stops the run
            write_atomic(path, data)  # WriteError: one line naming the path
            if on_written is not None:
                on_written(path)
    return [path for path, _ in files]


def render_outline(outline: Outline, kinds, formats, options: views.ViewOptions, out_dir: Path,
                   warnings: list[Problem] | None = None, *, paths: list[Path] | None = None,
                   on_written=None, layout: str = "single", fillable: bool = False) -> list[Path]:
    """Draw every kind and format of one outline (``draw_outline``) and write them: all documents
    are drawn before any is written, so a problem (an unknown variable) writes nothing."""
    return write_files(draw_outline(outline, kinds, formats, options, out_dir, warnings, paths=paths,
                                    layout=layout, fillable=fillable), on_written)


def file_name(stem: str, kind: str, fmt: str) -> str:
    """``<outline>-<kind>.<extension>``: two-cycles-handout.pdf."""
    return f"{stem}-{kind}.{backends.writer(fmt).extension}"


def file_names(stem: str, kinds, formats, answer_key: str = "own page") -> list[str]:
    """Every file of one outline, in render order: each kind in each format, and after the
    worksheet its separate answer key (``answer_key = "separate"``): two-cycles-worksheet-key.pdf."""
    names = []
    for kind in kinds:
        made = [fmt for fmt in formats if backends.makes(fmt, kind)]  # no slides of a worksheet
        names.extend(file_name(stem, kind, fmt) for fmt in made)
        if kind == "worksheet" and answer_key == "separate":
            names.extend(file_name(stem, "worksheet-key", fmt) for fmt in made)
    return names


@dataclass(frozen=True)
class Edition:
    """One audience's edition of the documents: where it goes and how it looks."""

    audience: str | None
    out_dir: Path
    kinds: tuple[str, ...]
    formats: tuple[str, ...]
    translation: str
    options: views.ViewOptions
    divine_name: str | None = None  # how the WEB's "Yahweh" is printed (None: divine_name.DEFAULT)
    file: Path | None = None  # `-o handout.pdf`: the one kind and format go to this file
    layout: str = "single"  # the PDFs' sheets (impose.LAYOUTS)
    fillable: bool = False  # the PDFs of FILLABLE_KINDS are forms (backends/_pdf_form)

    def paths(self, stem: str, subdir: PurePath = PurePath()) -> list[Path]:
        """Where each kind-and-format of an outline goes, in render order: ``out_dir/subdir/``
        (``subdir`` mirrors where the outline sits under the folder it was found in), or ``file``."""
        if self.file is not None:
            return [self.file]
        folder = self.out_dir / subdir
        return [folder / name for name in file_names(stem, self.kinds, self.formats, self.options.answer_key)]


def plan_edition(settings, audience: str | None, out_dir: Path, *, kinds=None, formats=None, paper=None,
                 blanks=None, translation=None, created: int = 0, file: Path | None = None, layout=None,
                 fillable: bool | None = None, every_format: bool = False) -> Edition:
    """Merge built-in defaults, the settings file, the audience's table and the command line.
    Layout "2-up" sets the pages on half of the paper (``impose.HALF_PAPER``; none given: half-letter)."""
    from outline_export.impose import HALF_PAPER
    from outline_export.theme import load_theme

    look, label = settings.edition(audience)
    kinds_given, formats_given = bool(kinds), bool(formats)
    layout = layout or look.layout or "single"
    if layout == "2-up":
        paper = HALF_PAPER[paper or look.paper or "letter"]
    theme = load_theme("default")
    b = theme.get("blank", {})
    overrides = tuple((k, getattr(look, k)) for k in ("body_font", "heading_font", "accent_color") if getattr(look, k))
    options = views.ViewOptions(
        paper=paper or look.paper,
        blanks=blanks or look.blanks,
        audience=audience,
        audience_label=label,
        body_size=look.font_size,
        church=settings.church,
        website=settings.website,
        logo=settings.logo,
        variables=settings.variables,
        notes_url=settings.notes_url,
        notes_url_at=settings.notes_url_at,
        pulpit=bool(look.pulpit),
        created=created,
        docx_template=look.docx_template,
        detail=look.detail or "outline",
        fit=None if look.fit in (None, "none") else look.fit,
        notes_lines=look.notes_lines,
        answer_key=look.answer_key or "own page",
        reveal=look.reveal or "check",
        slides=look.slides or "16:9",
        language=look.language,
        theme_overrides=overrides,
        blank_widths=(b.get("fixed_width", 9.0), b.get("min_width", 4.0), b.get("per_char", 0.62), b.get("extra", 2.0)),
    )
    kinds, formats = tuple(kinds or look.kinds), tuple(formats or look.formats)
    if every_format:  # -f all: the formats that make any of the kinds
        formats = tuple(f for f in formats if any(backends.makes(f, k) for k in kinds))
    for fmt in formats:  # a format none of the kinds is made in: say which kinds it makes
        w = backends.writer(fmt)
        if not any(w.makes(k) for k in kinds):
            raise UsageError([Problem(settings.path if not (kinds_given or formats_given) and settings.path
                                      else "outline-export", 0, 0,
                                      f"{fmt} is made for {' and '.join(w.kinds)}, not {', '.join(kinds)}; "
                                      f"add -k {w.kinds[0]}, or choose another format")])
    fillable = bool(look.fillable if fillable is None else fillable)
    if fillable and layout != "single":  # pypdf's imposition keeps the widgets but not the form
        raise UsageError([Problem(settings.path or "outline-export", 0, 0,
                                  f"a fillable PDF cannot also be laid out {layout}: the sheets would lose the form; "
                                  "choose one (--not-fillable, or --layout single)")])
    return Edition(
        audience=audience,
        out_dir=out_dir / audience if audience else out_dir,
        kinds=kinds,
        formats=formats,
        translation=(translation or look.translation).upper(),
        options=options,
        divine_name=look.divine_name,
        file=file,
        layout=layout,
        fillable=fillable,
    )


def prepare(outline: Outline, edition: Edition) -> Outline:
    """The outline as this edition prints it: scripture given by reference filled in."""
    from outline_export import bibletext

    if bibletext.needs_text(outline):
        outline = bibletext.fill_outline(outline, edition.translation, edition.divine_name)
    return outline


def draw_edition(outline: Outline, edition: Edition, warnings: list[Problem] | None = None,
                 subdir: PurePath = PurePath(), drawer=None) -> list[tuple[Path, bytes]]:
    """Every kind and format of one edition of ``outline`` drawn (into ``subdir`` of the edition's
    folder), nothing written: (path, bytes) in render order (``drawer``: as ``draw_outline``'s)."""
    return draw_outline(prepare(outline, edition), edition.kinds, edition.formats, edition.options,
                        edition.out_dir, warnings, paths=edition.paths(outline.stem, subdir),
                        layout=edition.layout, fillable=edition.fillable, drawer=drawer)


def render_edition(outline: Outline, edition: Edition, warnings: list[Problem] | None = None,
                   subdir: PurePath = PurePath(), on_written=None) -> list[Path]:
    """Draw and write every kind and format of one edition of ``outline``."""
    return write_files(draw_edition(outline, edition, warnings, subdir), on_written)


def check_edition(outline: Outline, edition: Edition) -> list[Problem]:
    """What rendering this edition would refuse (unknown variables, a translation that is not
    installed), found without drawing anything: for `validate`."""
    from outline_export.errors import OutlineError

    problems: list[Problem] = []
    try:
        ready = prepare(outline, edition)
    except OutlineError as e:  # the views print an unfilled quotation as empty: check them still
        problems.extend(e.problems)
        ready = outline
    for kind in edition.kinds:
        try:
            views.build(ready, kind, edition.options)
        except OutlineError as e:
            problems.extend(p for p in e.problems if p not in problems)
    if "pdf" in edition.formats:  # characters no font of the PDF has, as render warns
        from outline_export.glyphs import glyph_warnings

        problems.extend(w for w in glyph_warnings(ready, edition.options) if w not in problems)
    return problems


def audience_tags(outline: Outline):
    """Every (audience name, position) tagged in an outline."""
    from outline_export.model import walk_points

    for s in outline.sections:
        for a in s.audience:
            yield a, s.pos
        for item, _ in walk_points(s.points):
            for a in item.audience:
                yield a, item.pos
    for q in outline.questions:
        for a in q.audience:
            yield a, q.pos


def undefined_audience_warnings(outlines, settings) -> list[Problem]:
    """A tag the settings do not define is probably a misspelling: warn with its position."""
    from outline_export.project import shown

    defined = {a.name for a in settings.audiences}
    out = []
    for o in outlines:
        for name, pos in audience_tags(o):
            if name not in defined:
                where = (f"is not defined in {shown(settings.path)}" if settings.path
                         else "is not defined: no outline-export.toml was found here or in a parent folder")
                out.append(Problem(pos.path, pos.line, pos.col,
                                   f"audience '{name}' {where}; add an [audiences.{name}] table with a label, "
                                   "or check the spelling", "warning"))
    return out
