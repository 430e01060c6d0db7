"""Fitting a handout or worksheet to one page or one sheet (``fit``), and Notes lines that fill
the rest of the last page (``notes_lines = "fill"``).

The PDF decides: each try is laid out by the PDF writer and its pages counted. The steps are ones a
reader does not notice, in this order: fewer Notes lines, tighter spacing (85%, then 70%), then
one writing line under each discussion question and the title block's small lines joined into one,
then the body type half a point at a time down
to ``kinds.FIT_FLOOR`` (9 pt), then no lines under the questions. A size chosen with
``font_size`` (large print) is never made smaller. Nothing is ever clipped: if the document does not
fit even at the tightest step, a warning names the page count it takes there, and it is fitted to
that many pages by the same steps (so it is not set at 9 pt with a nearly empty last page).

The chosen parameters are ``ViewOptions`` (body size, a "spacing" theme override, a Notes line
count), so the Word file is drawn with the same sizes; Word cannot be measured here.
"""

from __future__ import annotations

import re
from dataclasses import replace

from outline_export import views
from outline_export.errors import Problem
from outline_export.kinds import FIT_FLOOR, KINDS, NOTES_FILL

SPACINGS = (1.0, 0.85, 0.7)
MIN_NOTES_LINES = 3  # fewer than this is no room to write: the Notes block is left out
MAX_FILL_LINES = 80  # no page holds more
_PAGE = re.compile(rb"/Type /Page\b")


def applies(kind: str, options: views.ViewOptions) -> bool:
    return not KINDS[kind].speaker_notes and (options.fit is not None or options.notes_lines == NOTES_FILL)


def pages(outline, kind: str, options: views.ViewOptions) -> int:
    """How many pages the PDF of ``kind`` has with ``options``."""
    from outline_export.backends import pdf

    doc = views.build(outline, kind, options)
    return len(_PAGE.findall(pdf.write(doc, views.writer_options(kind, options))))


def _with(options: views.ViewOptions, step: tuple, lines: int) -> views.ViewOptions:
    spacing, size, questions, compact = step
    overrides = tuple(o for o in options.theme_overrides if o[0] != "spacing")
    if spacing != 1.0:
        overrides += (("spacing", f"{spacing:g}"),)
    return replace(options, theme_overrides=overrides, body_size=size, notes_lines=lines, question_lines=questions,
                   compact_title=compact)


def fitted(outline, kind: str, options: views.ViewOptions) -> tuple[views.ViewOptions, Problem | None]:
    """The options ``kind`` is drawn with: fitted to ``options.fit`` and with "fill" Notes lines
    counted; and a warning when it cannot fit."""
    policy = KINDS[kind]
    fill = options.notes_lines == NOTES_FILL
    lines = policy.notes_page if options.notes_lines is None or fill else int(options.notes_lines)
    # what is measured: the pages before an answer key on its own page
    measure = replace(options, answer_key="separate") if options.answer_key == "own page" else options
    base = views.body_size(kind, options)
    if options.fit is None:
        steps = [(1.0, options.body_size, None, False)]
        target = None  # "fill" only: the pages it takes without Notes lines
    else:
        target = int(options.fit.split()[0])
        sizes = [options.body_size]  # None: the kind's own size
        if options.body_size is None:  # large print (font_size) keeps its size
            s = base - 0.5
            while s >= FIT_FLOOR - 1e-9:
                sizes.append(s * KINDS["handout"].body_size / policy.body_size)  # as a handout body size
                s -= 0.5
        # spacing, then one writing line under each question and the title block's small lines
        # joined into one, then smaller type, then no lines under the questions
        q = KINDS[kind].question_lines
        steps = [(sp, sizes[0], None, False) for sp in SPACINGS] + [(SPACINGS[-1], s, min(q, 1), True) for s in sizes]
        steps.append((SPACINGS[-1], sizes[-1], 0, True))

    counted: dict = {}

    def count(step, n=0) -> int:  # each try is laid out once
        if (step, n) not in counted:
            counted[step, n] = pages(outline, kind, _with(measure, step, n))
        return counted[step, n]

    def fits(step, n=0) -> bool:
        return count(step, n) <= target

    if target is None:
        target = count(steps[0])

    warning = None
    if not fits(steps[-1]):  # it cannot fit: said so, and laid out for the pages it takes, gently
        got = count(steps[-1])
        warning = _warning(outline, kind, options, steps[-1], got)
        target = got
    # the first step that fits without Notes lines (the steps shrink the document in order)
    lo, hi = 0, len(steps) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if fits(steps[mid]):
            hi = mid
        else:
            lo = mid + 1
    chosen = steps[lo]
    # then as many Notes lines as still fit (at most the ones asked for, unless "fill")
    most = MAX_FILL_LINES if fill else lines
    n = 0
    if most >= MIN_NOTES_LINES and fits(chosen, MIN_NOTES_LINES):
        lo, hi = MIN_NOTES_LINES, most
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(chosen, mid):
                lo = mid
            else:
                hi = mid - 1
        n = lo
    return _with(options, chosen, n), warning


def _warning(outline, kind, options, step, got) -> Problem:
    size = views.body_size(kind, replace(options, body_size=step[1]))
    fix = ["shorten the outline"]
    if options.detail != "outline":
        fix.append('set detail = "outline"')
    if options.fit == "1 page":
        fix.append('set fit = "2 pages"')
    fix.append(f'set fit = "none" under [audiences.{options.audience}]' if options.audience else "remove fit")
    edition = f"{options.audience_label or options.audience} " if options.audience else ""  # "the Large Print handout"
    return Problem(outline.path, 0, 0,
                   f"the {edition}{kind} does not fit on {options.fit} (fit = \"{options.fit}\"): even with tighter spacing, "
                   f"no writing lines and {size:g} pt type it takes {got} pages; it is printed on {got} pages, "
                   f"nothing cut ({', or '.join(fix)})", "warning")
