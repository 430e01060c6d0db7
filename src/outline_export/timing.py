"""Speaking time: a section's minutes (given, or estimated from its words) and, for a pulpit copy,
where the clock should stand at the end of each of its points.

Nothing here imports python-docx or reportlab; the views spell the words around these numbers.
"""

from __future__ import annotations

import math

from outline_export.model import Quote, Section, plain_text, walk_points

# Speaking rate used to estimate a section's time where `minutes` is absent: an outline is a
# skeleton, and a preacher says about five words for each word written, at about 130 words a minute.
OUTLINE_WORDS_PER_MINUTE = 26


def _words(spans) -> int:
    return sum(len(plain_text(s).split()) for s in spans if s)


def _item_spans(item) -> list:
    return [item.text] if isinstance(item, Quote) else [item.text, *item.detail]


def section_words(section: Section) -> int:
    spans = [section.heading, *section.text, *section.closing]
    for item, _ in walk_points(section.points):
        spans.extend(_item_spans(item))
    return _words(spans)


def estimate_minutes(section: Section) -> float:
    """Speaking time from the outline's words, to the nearest half minute, at least one minute."""
    return max(1.0, math.ceil(section_words(section) / OUTLINE_WORDS_PER_MINUTE * 2) / 2)


def fmt_minutes(m: float) -> str:
    whole = int(m)
    secs = round((m - whole) * 60)
    return f"{whole}" if secs == 0 else f"{whole}:{secs:02d}"


def point_clock(section: Section, points, minutes: float, start: float) -> dict[int, float]:
    """For each top-level point among ``points`` (the visible ones, in order), the running total in
    minutes when it is done: the section's ``minutes`` (which started at ``start``) shared out by
    words, the section's own heading and text counted first, a quotation with the point after it;
    rounded to the half minute, and the last point ends where the section does. Keyed by id()."""
    head = _words([section.heading, *section.text])
    sizes = []
    for item in points:
        words = _words(_item_spans(item))
        if not isinstance(item, Quote):
            words += sum(_words(_item_spans(sub)) for sub, _ in walk_points(item.points))
        sizes.append((item, words))
    total = head + sum(w for _, w in sizes) or 1
    done, out = head, {}
    for item, words in sizes:
        done += words
        if not isinstance(item, Quote):
            out[id(item)] = start + round(minutes * done / total * 2) / 2
    last = [i for i, _ in sizes if not isinstance(i, Quote)]
    if last:
        out[id(last[-1])] = start + minutes
    return out
