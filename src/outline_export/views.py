"""Views: pure functions from an outline (+ audience and settings) to a render tree.

- handout   for the congregation: blanks as lines, no answers, no speaker notes, room to write
- notes     for the pulpit: everything, answers shown in place and numbered, notes, timing
- worksheet for classes: numbered blanks, lines under each question, an answer key on its own page

Views decide what appears and how it is labelled (I., A., 1., blank numbers, timing); backends
decide how it looks. Nothing here imports python-docx or reportlab.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field

from outline_export import document as d
from outline_export.errors import OutlineError, Problem
from outline_export.model import (
    Blank,
    Emphasis,
    Inline,
    Outline,
    Question,
    Quote,
    Section,
    Strong,
    Text,
    Var,
    plain_text,
)

KINDS = ("handout", "notes", "worksheet")
_VAR_IN_TEXT = re.compile(r"\\\$\{|\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")

# Speaking rate used to estimate a section's time where `minutes` is absent: an outline is a
# skeleton, and a preacher says about five words for each word written, at about 130 words a minute.
OUTLINE_WORDS_PER_MINUTE = 26


@dataclass(frozen=True)
class ViewOptions:
    """Everything a view needs besides the outline (merged from settings and the command line)."""

    paper: str = "letter"
    blanks: str = "fixed"  # fixed | proportional
    audience: str | None = None  # render for this audience (None: the general edition)
    audience_label: str | None = None
    body_size: float | None = None  # handout/worksheet body size in points (notes scale with it); None: default
    church: str | None = None
    website: str | None = None
    logo: str | None = None
    variables: tuple[tuple[str, str], ...] = ()  # extra ${name} values (settings, --set)
    created: int = 0  # seconds since the epoch (SOURCE_DATE_EPOCH); 0: the outline's date, else 1970
    theme: str = "default"
    docx_template: str | None = None
    theme_overrides: tuple[tuple[str, str], ...] = ()  # body_font, heading_font, accent_color
    blank_widths: tuple[float, float, float, float] = (9.0, 4.0, 0.62, 2.0)  # fixed, min, per char, extra (ems)


DEFAULT_BODY_SIZE = {"handout": 11.0, "notes": 13.0, "worksheet": 11.0}
EDITION_LABEL = {"handout": None, "notes": "Speaker Notes", "worksheet": "Worksheet"}


def visible(tags: tuple[str, ...], kind: str, audience: str | None) -> bool:
    """Untagged content is for everyone; tagged content only for its audiences.

    With no audience chosen, handouts and worksheets leave tagged content out and speaker notes
    show all of it (labelled)."""
    if not tags:
        return True
    if audience is None:
        return kind == "notes"
    return audience in tags


def format_date(text: str | None) -> str | None:
    if not text:
        return None
    day = _dt.date.fromisoformat(text)
    return f"{day:%B} {day.day}, {day.year}"


def _words(spans_list) -> int:
    return sum(len(plain_text(s).split()) for s in spans_list)


def section_words(section: Section) -> int:
    from outline_export.model import walk_points

    n = _words([section.heading, *section.text, *section.closing])
    for item, _ in walk_points(section.points):
        if isinstance(item, Quote):
            n += _words([item.text]) if item.text else 0
        else:
            n += _words([item.text, *item.detail])
    return n


def estimate_minutes(section: Section) -> float:
    """Speaking time from the outline's words, to the nearest half minute, at least one minute."""
    return max(1.0, math.ceil(section_words(section) / OUTLINE_WORDS_PER_MINUTE * 2) / 2)


def _fmt_minutes(m: float) -> str:
    whole = int(m)
    secs = round((m - whole) * 60)
    return f"{whole}" if secs == 0 else f"{whole}:{secs:02d}"


# ---------------------------------------------------------------- list labels

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


OUTLINE_KINDS = ("upper-roman", "upper-letter", "decimal", "lower-letter", "lower-roman", "decimal-paren")
BULLETS = ("•", "◦", "▪")


def label_for(kind: str, counters: list[int]) -> str:
    n = counters[-1]
    if kind == "upper-roman":
        return roman(n) + "."
    if kind == "upper-letter":
        return letters(n) + "."
    if kind == "decimal":
        return f"{n}."
    if kind == "decimal-paren":
        return f"({n})"
    if kind == "lower-letter":
        return letters(n).lower() + "."
    if kind == "lower-roman":
        return roman(n).lower() + "."
    if kind == "multilevel":
        return ".".join(str(c) for c in counters) + "."
    if kind == "bullet":
        return BULLETS[(len(counters) - 1) % len(BULLETS)]
    return ""


def kind_for(scheme: str, depth_in_scheme: int) -> str:
    if scheme == "outline":
        return OUTLINE_KINDS[depth_in_scheme % len(OUTLINE_KINDS)]
    if scheme == "decimal":
        return "multilevel"
    if scheme == "bullets":
        return "bullet"
    return "none"


# ---------------------------------------------------------------- building


@dataclass
class _Builder:
    outline: Outline
    kind: str
    options: ViewOptions
    blocks: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    blank_number: int = 0
    answers: list = field(default_factory=list)
    next_list: int = 0

    def __post_init__(self):
        o = self.outline
        values = {
            "title": plain_text(o.title),
            "passage": o.passage.display if o.passage else "",
            "date": format_date(o.date) or "",
        }
        if self.options.church:
            values["church"] = self.options.church
        if self.options.website:
            values["website"] = self.options.website
        values.update(dict(self.options.variables))
        self.values = values
        # speaker and series are plain text that may use variables themselves
        self.speaker = self.fill(o.speaker, o.speaker_pos)
        self.series = self.fill(o.series, o.series_pos)
        values["speaker"] = self.speaker or ""
        values["series"] = self.series or ""
        fixed, low, per_char, extra = self.options.blank_widths
        self.min_width, self.per_char, self.extra = low, per_char, extra
        # Fixed blanks are all as long as the longest answer needs (at least the theme's width), so
        # no line gives its answer's length away.
        from outline_export.model import outline_blanks

        longest = max((len(b.answer) for b in outline_blanks(o) if b.answer), default=0)
        self.fixed_width = round(max(fixed, longest * per_char + extra), 2)

    # ------------------------------------------------ inline

    def fill(self, text: str | None, pos) -> str | None:
        """``${name}`` in a plain-text field replaced; a backslash before ``${`` keeps it literal."""
        if not text or "${" not in text:
            return text

        def sub(m):
            if m.group(0).startswith("\\"):
                return "${"
            name = m.group(1)
            if name in self.values:
                return self.values[name]
            self.unknown_variable(name, pos)
            return m.group(0)

        return _VAR_IN_TEXT.sub(sub, text)

    def unknown_variable(self, name: str, pos) -> None:
        known = ", ".join(sorted(self.values))
        self.problems.append(Problem(
            pos.path if pos else self.outline.path, pos.line if pos else 0, pos.col if pos else 0,
            f"unknown variable '${{{name}}}'; known here: {known} (define it under [variables] "
            "in outline-export.toml or with --set NAME=VALUE; write \\${ for a literal ${)",
        ))

    def runs(self, spans: Inline, bold: bool = False, italic: bool = False) -> tuple:
        out: list = []
        for s in spans:
            if isinstance(s, Text):
                out.append(d.Run(s.text, bold, italic))
            elif isinstance(s, Strong):
                out.extend(self.runs(s.children, True, italic))
            elif isinstance(s, Emphasis):
                out.extend(self.runs(s.children, bold, True))
            elif isinstance(s, Var):
                if s.name in self.values:
                    out.append(d.Run(self.values[s.name], bold, italic))
                else:
                    self.unknown_variable(s.name, s.pos)
            elif isinstance(s, Blank):
                out.append(self.blank(s))
            else:  # pragma: no cover - the model is closed
                raise TypeError(f"unknown span {type(s).__name__}")
        return tuple(_merge(out))

    def blank(self, b: Blank):
        if b.answer is None:
            return d.BlankLine(self.fixed_width)
        self.blank_number += 1
        n = self.blank_number
        self.answers.append((n, b.answer))
        if self.kind == "notes":
            return d.Answer(b.answer, n)
        if self.options.blanks == "proportional":
            width = max(self.min_width, len(b.answer) * self.per_char + self.extra)
        else:
            width = self.fixed_width
        return d.BlankLine(round(width, 2), n if self.kind == "worksheet" else None)

    def visible(self, tags: tuple[str, ...]) -> bool:
        return visible(tags, self.kind, self.options.audience)

    def tag_note(self, tags: tuple[str, ...]) -> None:
        """In speaker notes, say who tagged content is for."""
        if tags and self.kind == "notes":
            self.blocks.append(d.Paragraph((d.Run("For: " + ", ".join(tags), italic=True),), "timing"))

    # ------------------------------------------------ blocks

    def build(self) -> d.Document:
        o, kind, opts = self.outline, self.kind, self.options
        meta_lines = []
        if o.passage:
            meta_lines.append(o.passage.display)
        who_when = " · ".join(x for x in (self.speaker, format_date(o.date)) if x)
        if who_when:
            meta_lines.append(who_when)
        if self.series:
            meta_lines.append(self.series)
        if opts.website and kind != "notes":
            meta_lines.append(opts.website)
        label_parts = [x for x in (EDITION_LABEL[kind], opts.audience_label or opts.audience) if x]
        self.blocks.append(d.TitleBlock(
            title=self.runs(o.title),
            subtitle=self.runs(o.subtitle),
            meta=tuple(meta_lines),
            label=" · ".join(label_parts) or None,
            church=opts.church if kind != "notes" else None,
            logo=opts.logo if kind != "notes" else None,
        ))
        if o.big_idea:
            self.blocks.append(d.Paragraph(self.runs(o.big_idea), "big_idea"))
        if o.key_verse is not None:
            self.quote(o.key_verse, 0)
        for para in o.introduction:
            self.blocks.append(d.Paragraph(self.runs(para), "body"))

        total_planned = self.total_minutes() if kind == "notes" else 0.0
        running = 0.0
        number = 0
        for section in o.sections:
            if not self.visible(section.audience):
                continue
            number += 1
            running = self.section(section, running, total_planned, number if o.numbered_sections else 0)

        for para in o.closing:
            self.blocks.append(d.Paragraph(self.runs(para), "closing"))

        questions = [q for q in o.questions if self.visible(q.audience)]
        if questions:
            self.questions(questions)
        if kind == "handout":
            self.blocks.append(d.Heading(1, (d.Run("Notes"),)))
            self.blocks.append(d.WritingLines(8))
        if kind == "worksheet" and self.answers:
            self.blocks.append(d.PageBreak())
            self.blocks.append(d.AnswerKey(tuple(self.answers)))
        translations = self.translations()
        if translations:
            self.blocks.append(d.Paragraph((d.Run(translations),), "translations"))

        if self.problems:
            raise OutlineError(self.problems)
        title = plain_text(o.title) if not any(isinstance(s, Var) for s in o.title) else _plain_runs(self.blocks[0].title)
        return d.Document(
            meta=d.Meta(
                title=title,
                author=self.speaker or "",
                subject=o.passage.display if o.passage else "",
                keywords=", ".join(x for x in (self.series, kind_name(kind), opts.audience_label or opts.audience) if x),
                created=opts.created or _date_epoch(o.date),
            ),
            blocks=tuple(self.blocks),
            page=d.PageSetup(opts.paper),
            body_size=(opts.body_size * DEFAULT_BODY_SIZE[kind] / DEFAULT_BODY_SIZE["handout"]
                       if opts.body_size else DEFAULT_BODY_SIZE[kind]),
            footer="Page {page} of {pages}",
            theme=opts.theme,
            kind=kind,
            docx_template=opts.docx_template,
            theme_overrides=opts.theme_overrides,
        )

    def total_minutes(self) -> float:
        return sum(
            (s.minutes if s.minutes is not None else estimate_minutes(s))
            for s in self.outline.sections
            if self.visible(s.audience)
        )

    def section(self, s: Section, running: float, total: float, number: int) -> float:
        """``number`` > 0: the sections are the outline's first level (I., II.), points start below it."""
        heading = self.runs(s.heading)
        if number:
            label = label_for(kind_for(self.outline.numbering, 0), [number])
            if label:
                heading = tuple(_merge([d.Run(label + " ")] + list(heading)))
        self.blocks.append(d.Heading(1, heading, _ref(s.ref)))
        self.tag_note(s.audience)
        if self.kind == "notes":
            minutes = s.minutes if s.minutes is not None else estimate_minutes(s)
            running += minutes
            estimated = s.minutes is None
            text = (f"{'≈ ' if estimated else ''}{_fmt_minutes(minutes)} min{' (estimated)' if estimated else ''}"
                    f" · running total {_fmt_minutes(running)} of {_fmt_minutes(total)} min")
            self.blocks.append(d.Paragraph((d.Run(text),), "timing"))
        for para in s.text:
            self.blocks.append(d.Paragraph(self.runs(para), "body"))
        if self.kind == "notes":
            for para in s.note:
                self.blocks.append(d.Note(self.runs(para), 0))
        scheme = s.numbering or self.outline.numbering
        if s.points:
            self.next_list += 1
            inherited = s.numbering is None and number > 0
            self.items(s.points, self.next_list, 0, scheme, 1 if inherited else 0, [number] if inherited else [])
        for para in s.closing:
            self.blocks.append(d.Paragraph(self.runs(para), "closing"))
        return running

    def items(self, items, list_id: int, level: int, scheme: str, scheme_depth: int, parents: list[int]):
        n = 0
        for item in items:
            if not self.visible(item.audience):
                continue
            if isinstance(item, Quote):
                self.tag_note(item.audience)
                self.quote(item, level)
                continue
            n += 1
            counters = parents + [n] if scheme == "decimal" else [n]
            kind = kind_for(scheme, scheme_depth)
            label = label_for(kind, counters if kind == "multilevel" else [0] * scheme_depth + [n])
            runs = self.runs(item.text)
            if item.audience and self.kind == "notes":
                runs = runs + (d.Run("  [for " + ", ".join(item.audience) + "]", italic=True),)
            self.blocks.append(d.ListItem(list_id, level, kind, label, runs, _ref(item.ref)))
            for para in item.detail:
                self.blocks.append(d.ListItem(list_id, level + 1, "none", "", self.runs(para), None, "detail"))
            if self.kind == "notes":
                for para in item.note:
                    self.blocks.append(d.Note(self.runs(para), level + 1))
            if item.points:
                child_scheme = item.numbering or scheme
                child_depth = scheme_depth + 1 if child_scheme == scheme else 0
                child_parents = counters if (child_scheme == "decimal" and scheme == "decimal") else []
                self.items(item.points, list_id, level + 1, child_scheme, child_depth, child_parents)

    def quote(self, q: Quote, level: int) -> None:
        runs = self.runs(q.text) if q.text else ()
        self.blocks.append(d.Quote(runs, _ref(q.ref), q.translation, level))

    def questions(self, questions: list[Question]) -> None:
        self.blocks.append(d.Heading(1, (d.Run("Discussion Questions"),)))
        self.next_list += 1
        lines = {"handout": 2, "worksheet": 4, "notes": 0}[self.kind]
        for i, q in enumerate(questions, 1):
            runs = self.runs(q.text)
            if q.audience and self.kind == "notes":
                runs = runs + (d.Run("  [for " + ", ".join(q.audience) + "]", italic=True),)
            self.blocks.append(d.ListItem(self.next_list, 0, "decimal", f"{i}.", runs, None, "question"))
            if lines:
                self.blocks.append(d.WritingLines(lines, 1))

    def translations(self) -> str:
        """The closing line naming the translations quoted."""
        names = []
        for block in self.blocks:
            if isinstance(block, d.Quote) and block.translation and block.translation not in names:
                names.append(block.translation)
        if not names:
            return ""
        return "Scripture quotations: " + "; ".join(TRANSLATION_NAMES.get(n.upper(), n) for n in names) + "."


TRANSLATION_NAMES = {
    "KJV": "King James Version (KJV), public domain",
    "WEB": "World English Bible (WEB), public domain",
    "BSB": "Berean Standard Bible (BSB), public domain",
}


def _date_epoch(text: str | None) -> int:
    """The outline's date (midnight UTC) as the documents' date when SOURCE_DATE_EPOCH is not set:
    meaningful, and the same on every run."""
    if not text:
        return 0
    import calendar

    return calendar.timegm(_dt.date.fromisoformat(text).timetuple())


def _ref(ref) -> str | None:
    """A reference as printed: never broken across lines ("1 Thessalonians 1:6" stays whole)."""
    return ref.display.replace(" ", "\u00a0") if ref is not None else None


def kind_name(kind: str) -> str:
    return {"handout": "Handout", "notes": "Speaker Notes", "worksheet": "Worksheet"}[kind]


def _plain_runs(runs) -> str:
    return "".join(r.text for r in runs if isinstance(r, (d.Run, d.Answer)))


def _merge(runs: list) -> list:
    """Join neighbouring runs that look the same (fewer, longer runs draw faster)."""
    out: list = []
    for r in runs:
        if out and isinstance(r, d.Run) and isinstance(out[-1], d.Run) and (out[-1].bold, out[-1].italic) == (r.bold, r.italic):
            out[-1] = d.Run(out[-1].text + r.text, r.bold, r.italic)
        else:
            out.append(r)
    return out


def build(outline: Outline, kind: str, options: ViewOptions | None = None) -> d.Document:
    """The render tree of one kind of document for ``outline``; raises OutlineError on bad variables."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return _Builder(outline, kind, options or ViewOptions()).build()
