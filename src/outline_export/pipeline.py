"""Outline file -> documents on disk: load, build each kind's render tree, draw, write atomically.

Writes go to a temporary file in the target folder and are renamed into place, so an interrupted
run never leaves a truncated document and never destroys the previous one.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from outline_export import backends, views
from outline_export.document import walk
from outline_export.errors import Problem, UsageError
from outline_export.model import Outline


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else 0: output never depends on the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return 0
    try:
        return max(0, int(value))
    except ValueError:
        raise UsageError([Problem("SOURCE_DATE_EPOCH", 0, 0, f"must be a whole number of seconds, not {value!r}")])


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _draw(fmt: str, document, options) -> tuple[bytes, list[str]]:
    """One document's bytes, and the styles its Word template lacked (none without a template)."""
    data, notices = backends.write_with_notices(fmt, document, options)
    return data, [n.name for n in notices if isinstance(n, backends.MissingStyle)]


class Drawer:
    """Draws render trees into bytes. On a machine with two or more cores, a second process draws
    about half of the PDFs while this one draws the rest and the Word files (a one-outline render
    takes about a third less time); the files are the same either way. Use it as a context manager."""

    SHORT_BLOCKS = 3000  # PDFs with fewer blocks than this, together, are all drawn over there

    def __init__(self, parallel: bool | None = None):
        if parallel is None:  # OUTLINE_EXPORT_JOBS=1 keeps everything in one process
            parallel = ((os.cpu_count() or 1) > 1 and os.environ.get("OUTLINE_EXPORT_JOBS", "").strip() != "1"
                        # forking is cheap and safe on Linux; elsewhere (Windows, macOS) draw here
                        and sys.platform.startswith("linux"))
        self.parallel = parallel
        self._pool = None

    def __enter__(self) -> "Drawer":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _submit(self, fmt: str, document, options):
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return self._pool.submit(_draw, fmt, document, options)

    def draw(self, jobs: list[tuple[str, object, object]]) -> list[tuple[bytes, list[str]]]:
        """Each (format, document, options) drawn, in order."""
        if not self.parallel or len(jobs) < 2:
            return [_draw(*job) for job in jobs]
        # PDFs take longest. Short ones all go over there (drawing one here would mean importing
        # reportlab and reading the fonts in both processes); long ones are shared: the first,
        # third... over there, the rest here. With one format, every other document goes over there.
        pdfs = [i for i, job in enumerate(jobs) if job[0] == "pdf"]
        if pdfs and len(pdfs) < len(jobs):
            short = sum(sum(1 for _ in walk(jobs[i][1].blocks)) for i in pdfs) < self.SHORT_BLOCKS
            remote = set(pdfs) if short else set(pdfs[0::2])
        else:
            remote = set(range(1, len(jobs), 2))
        futures = {i: self._submit(*jobs[i]) for i in sorted(remote)}
        local = {i: _draw(*jobs[i]) for i in range(len(jobs)) if i not in remote}
        return [futures[i].result() if i in futures else local[i] for i in range(len(jobs))]


def render_outline(outline: Outline, kinds, formats, options: views.ViewOptions, out_dir: Path,
                   warnings: list[Problem] | None = None, drawer: Drawer | None = None) -> list[Path]:
    """Draw every kind and format of one outline; returns the paths written.

    All documents are drawn before any is written, so a problem (an unknown variable) writes nothing.
    Styles a Word template lacked (and that were made) are reported once in ``warnings``."""
    jobs = []
    paths = []
    for kind in kinds:
        document = views.build(outline, kind, options)
        look = views.writer_options(kind, options)
        for fmt in formats:
            jobs.append((fmt, document, look))
            paths.append(out_dir / f"{outline.stem}-{kind}.{backends.writer(fmt).extension}")
    if warnings is not None and "pdf" in formats:  # characters no font of the PDF has
        from outline_export.glyphs import glyph_warnings
        warnings.extend(w for w in glyph_warnings(outline, options) if w not in warnings)
    drawn = (drawer or Drawer(parallel=False)).draw(jobs)
    for path, (data, _) in zip(paths, drawn):
        write_atomic(path, data)
    made = {name for _, missing in drawn for name in missing}
    if made and warnings is not None:
        warning = Problem(options.docx_template, 0, 0,
                          "the Word template lacks styles the documents use; made them from its Normal style: "
                          + ", ".join(sorted(made)) + " (add them to the template to choose their look)", "warning")
        if warning not in warnings:
            warnings.append(warning)
    return paths


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


def plan_edition(settings, audience: str | None, out_dir: Path, *, kinds=None, formats=None, paper=None,
                 blanks=None, translation=None, created: int = 0) -> Edition:
    """Merge built-in defaults, the settings file, the audience's table and the command line."""
    from outline_export.theme import load_theme

    look, label = settings.edition(audience)
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
        created=created,
        docx_template=look.docx_template,
        theme_overrides=overrides,
        blank_widths=(b.get("fixed_width", 9.0), b.get("min_width", 4.0), b.get("per_char", 0.62), b.get("extra", 2.0)),
    )
    return Edition(
        audience=audience,
        out_dir=out_dir / audience if audience else out_dir,
        kinds=tuple(kinds or look.kinds),
        formats=tuple(formats or look.formats),
        translation=(translation or look.translation).upper(),
        options=options,
        divine_name=look.divine_name,
    )


def prepare(outline: Outline, edition: Edition) -> Outline:
    """The outline as this edition prints it: scripture given by reference filled in."""
    from outline_export import bibletext

    if bibletext.needs_text(outline):
        outline = bibletext.fill_outline(outline, edition.translation, edition.divine_name)
    return outline


def render_edition(outline: Outline, edition: Edition, warnings: list[Problem] | None = None,
                   drawer: Drawer | None = None) -> list[Path]:
    """Draw and write every kind and format of one edition of ``outline``."""
    return render_outline(prepare(outline, edition), edition.kinds, edition.formats, edition.options,
                          edition.out_dir, warnings, drawer)


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
    defined = {a.name for a in settings.audiences}
    out = []
    for o in outlines:
        for name, pos in audience_tags(o):
            if name not in defined:
                where = (f"is not defined in {settings.path}" if settings.path
                         else "is not defined: no outline-export.toml was found here or in a parent folder")
                out.append(Problem(pos.path, pos.line, pos.col,
                                   f"audience '{name}' {where}; add an [audiences.{name}] table with a label, "
                                   "or check the spelling", "warning"))
    return out
