"""The words outline-export's own speaker notes print, as patterns to read them back, in every
language the tool has (``languages/<code>.toml``): nothing here names a language's words.

Each catalogue value becomes a pattern: its literal text escaped (a no-break space matching any
space), each ``{placeholder}`` a group (``{names}``, ``{minutes}``, ``{ref}``...). ``Words.of(code)``
holds one language's; ``language_of(label)`` says which catalogue printed an edition label (each
language's speaker-notes label is its own; ``tests/test_import_markdown.py`` checks that they
differ), and that is the language an imported speaker-notes file is written in.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

from outline_export import languages

_NUMBER = r"[0-9]+(?::[0-9]{2})?"  # timing.fmt_minutes: "4", "3:30"
_SPACES = re.compile(r"[ \u00a0\u202f]+")


def _literal(text: str) -> str:
    """``text`` as a pattern: its spaces (ordinary or no-break) any run of spaces."""
    out = []
    for k, piece in enumerate(_SPACES.split(text)):
        if k:
            out.append(r"[ \u00a0\u202f]+")
        out.append(re.escape(piece))
    return "".join(out)


def template(value: str, groups: dict[str, str]) -> str:
    """A catalogue value with ``{placeholders}`` as a pattern: each placeholder ``groups[name]``."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", value):
        out.append(_literal(value[pos:m.start()]))
        out.append(groups[m.group(1)])
        pos = m.end()
    out.append(_literal(value[pos:]))
    return "".join(out)


@dataclass(frozen=True)
class Words:
    code: str
    label: str  # the speaker notes' edition label
    questions: str  # the questions' heading
    note: re.Pattern  # "**Note:** " at the start of a speaker note (in the outline's markup)
    for_line: re.Pattern  # "For: youth, leaders": group "names"
    for_tag: re.Pattern  # " [for youth]" at the end of a point
    timing: re.Pattern  # "4 min · running total 4 of 9 min": groups "minutes", "estimated"
    quotations: re.Pattern  # "Scripture quotations: ... ."
    date: re.Pattern  # groups "day", "month", "year"
    separator: str  # between the speaker and the date
    months: tuple[str, ...]
    days: dict

    @staticmethod
    @lru_cache(maxsize=None)
    def of(code: str) -> "Words":
        c = languages.catalogue(code)
        w = c["words"]
        label = w["note_label"]
        bare = _literal(label.rstrip(": \u00a0\u202f"))
        colon = r"(?:[ \u00a0\u202f]*:)?"
        # the writer bolds the label; its colon may stand inside the bold or just after it
        note = re.compile(rf"^\*\*{bare}{colon}\*\*{colon}\s*")
        names = r"(?P<names>.+?)"
        minutes = template(w["minutes"], {"minutes": rf"(?P<minutes>{_NUMBER})"})
        estimated = template(w["estimated"], {"minutes": rf"(?P<estimated>{_NUMBER})"})
        timing = template(w["running"], {"this": f"(?:{estimated}|{minutes})",
                                         "running": r"[0-9:]+", "total": r"[0-9:]+"})
        d = c["dates"]
        months = tuple(d["months"])
        days = {v: int(k) for k, v in d["days"].items()}
        day = "|".join([re.escape(x) for x in sorted(days, key=len, reverse=True)] + [r"[0-9]{1,2}"])
        month = "|".join(re.escape(x) for x in sorted(months, key=len, reverse=True))
        date = template(d["format"], {"day": f"(?P<day>{day})", "month": f"(?P<month>{month})",
                                      "year": r"(?P<year>[0-9]{4})"})
        return Words(
            code=code,
            label=c["kinds"]["notes"]["edition_label"],
            questions=w["questions_heading"],
            note=note,
            for_line=re.compile("^" + template(w["for"], {"names": names}) + "$"),
            for_tag=re.compile(r"\s*" + template(w["for_inline"], {"names": r"(?P<names>[^\]]+?)"}) + "$"),
            timing=re.compile("^" + timing + "$"),
            quotations=re.compile("^" + template(w["quotations"], {"names": ".*"}) + "$"),
            date=re.compile(date, re.I),
            separator=w["separator"],
            months=months,
            days=days,
        )

    def read_date(self, text: str) -> str | None:
        """``YYYY-MM-DD`` for a date as this language prints it ("1 de marzo de 2026"), else None."""
        m = self.date.fullmatch(" ".join(text.split()))
        if not m:
            return None
        day = self.days.get(m.group("day")) or int(m.group("day"))
        month = [x.lower() for x in self.months].index(m.group("month").lower()) + 1
        try:
            return _dt.date(int(m.group("year")), month, day).isoformat()
        except ValueError:
            return None


def language_of(label: str | None) -> str | None:
    """The language whose speaker notes print this edition label, or None."""
    if not label:
        return None
    for code in languages.LANGUAGES:
        if Words.of(code).label == label:
            return code
    return None


def note_patterns(code: str | None) -> list[re.Pattern]:
    """The speaker-note labels a Markdown blockquote is read with: the file's language's (when it
    is a speaker-notes file), and English's, as for any Markdown."""
    codes = [code] if code and code != languages.DEFAULT else []
    return [Words.of(c).note for c in codes + [languages.DEFAULT]]
