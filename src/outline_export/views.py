"""Views: pure functions from an outline (+ audience and settings) to a render tree.

- handout   for the congregation: blanks as lines, no answers, no speaker notes, room to write
- notes     for the pulpit: everything, answers shown in place and numbered, notes, timing
- worksheet for classes: numbered blanks, lines under each question, an answer key (own page, after
  the questions, or a separate leader file)

What each kind shows is a ``KindPolicy`` record (``kinds.KINDS``), the one place kinds are defined;
handouts and worksheets carry the outline's skeleton unless ``detail`` is "full".
Views decide every word a reader sees (labels I., A., 1.; references and their brackets; credits;
timing; "For: youth"; blank numbers) and what keeps together; writers decide only how it looks.
Nothing here imports python-docx or reportlab.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace

from outline_export import document as d
from outline_export.divine_name import DivineName, substituted
from outline_export.errors import OutlineError, Problem
from outline_export.timing import OUTLINE_WORDS_PER_MINUTE, section_words  # noqa: F401 (their home was here)
from outline_export.qr import short_address
from outline_export.timing import estimate_minutes, point_clock
from outline_export.timing import fmt_minutes as _fmt_minutes
from outline_export.model import (
    Blank,
    Emphasis,
    Inline,
    Outline,
    Pos,
    Point,
    Question,
    Quote,
    Section,
    Strong,
    Text,
    Var,
    outline_blanks,
    plain_text,
)


from outline_export.kinds import KIND_NAMES, KINDS, KindPolicy  # noqa: F401 (re-exported)
from outline_export.kinds import SCREEN_NOTES_LINES
from outline_export.words import Words, words_for

# The outline scheme, level by level: I. A. 1. a. i. (1) (a) (i) 1) a) i) A) (then again).
OUTLINE_SCHEME = (
    ("upper-roman", "period"), ("upper-alpha", "period"), ("decimal", "period"), ("lower-alpha", "period"),
    ("lower-roman", "period"), ("decimal", "parens"), ("lower-alpha", "parens"), ("lower-roman", "parens"),
    ("decimal", "paren"), ("lower-alpha", "paren"), ("lower-roman", "paren"), ("upper-alpha", "paren"),
)
BULLETS = ("•", "◦", "▪")
_VAR_IN_TEXT = re.compile(r"\\\$\{|\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
NBSP = "\u00a0"

from outline_export.view_options import (  # noqa: E402,F401 (re-exported: views.ViewOptions)
    PULPIT_RIGHT_MARGIN, PULPIT_SIZE, ViewOptions, body_size, writer_options)


def numbering(scheme: str, depth: int, n: int = 1, prefix: str = "") -> d.Numbering:
    """The numbering of a list ``depth`` levels into ``scheme`` (outline, decimal, bullets, none)."""
    if scheme == "outline":
        style, delim = OUTLINE_SCHEME[depth % len(OUTLINE_SCHEME)]
        return d.Numbering(style, delim, n)
    if scheme == "decimal":
        return d.Numbering("decimal", "period", n, prefix)
    if scheme == "bullets":
        return d.Numbering("bullet", start=n, symbol=BULLETS[depth % len(BULLETS)])
    return d.Numbering("none", start=n)


def visible(tags: tuple[str, ...], kind: str | KindPolicy, audience: str | None) -> bool:
    """Untagged content is for everyone; tagged content only for its audiences. With no audience
    chosen, speaker notes show all of it (labelled) and the other kinds none."""
    if not tags:
        return True
    if audience is None:
        return (KINDS[kind] if isinstance(kind, str) else kind).speaker_notes
    return audience in tags


def unbreakable(text: str) -> str:
    """``text`` that no line may break: no-break spaces, and a word joiner (U+2060, invisible)
    after each dash, where Word and LibreOffice would otherwise break "32:11–14"."""
    return re.sub("([–—-])", "\\1\u2060", text.replace(" ", NBSP))


def _kept_with_next(block):
    """``block`` with its last paragraph (in a list: the last item's) kept with what follows."""
    if isinstance(block, d.Paragraph):
        return replace(block, keep_with_next=True)
    if isinstance(block, d.List) and block.items:
        last = block.items[-1]
        if last.blocks:
            last = replace(last, blocks=last.blocks[:-1] + (_kept_with_next(last.blocks[-1]),))
        return replace(block, items=block.items[:-1] + (last,))
    return block


def _ref(ref, words: Words) -> tuple:
    """A reference after a heading or point: a space, then the reference in brackets, never broken
    across lines ("1 Thessalonians 1:6" stays whole)."""
    if ref is None:
        return ()
    return (d.Run(" "), d.Run(words["ref"].format(ref=unbreakable(ref.display)), role="ref"))


def _credit(ref, translation: str | None, words: Words) -> tuple:
    """A quotation's credit stands apart from its context, so a book-less reference is given in
    full ("33–34" under Exodus 32 is credited "Exodus 32:33–34")."""
    shown = (ref.canonical if ref.inherited else ref.display) if ref is not None else None
    parts = [unbreakable(shown)] if shown else []
    if translation:
        parts.append(words["translation"].format(translation=translation))
    return (d.Run(words["credit"].format(credit=" ".join(parts)), role="credit"),) if parts else ()


@dataclass
class _Builder:
    outline: Outline
    policy: KindPolicy
    options: ViewOptions
    problems: list = field(default_factory=list)
    blank_number: int = 0
    answers: list = field(default_factory=list)
    translations: list = field(default_factory=list)
    renamed: set = field(default_factory=set)  # translations whose divine name was printed as "the LORD"
    clock: dict = field(default_factory=dict)  # a pulpit copy: id(top-level point) -> running minutes after it

    def __post_init__(self):
        o = self.outline
        self.words = words_for(o.language, self.options.language)
        values = {"title": plain_text(o.title), "passage": o.passage.display if o.passage else "",
                  "date": self.words.date(o.date) or "", "slug": o.stem}
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
        fixed, self.min_width, self.per_char, self.extra = self.options.blank_widths
        # Fixed blanks are all as long as the longest answer needs (at least the theme's width),
        # so no line gives its answer's length away.
        longest = max((len(b.answer) for b in outline_blanks(o) if b.answer), default=0)
        self.fixed_width = round(max(fixed, longest * self.per_char + self.extra), 2)

    # ------------------------------------------------ inline

    def fill(self, text: str | None, pos) -> str | None:
        """``${name}`` in a plain-text field replaced; a backslash before ``${`` keeps it literal."""
        if not text or "${" not in text:
            return text

        def sub(m):
            if m.group(0).startswith("\\"):
                return "${"
            if m.group(1) in self.values:
                return self.values[m.group(1)]
            self.unknown_variable(m.group(1), pos)
            return m.group(0)

        return _VAR_IN_TEXT.sub(sub, text)

    def unknown_variable(self, name: str, pos) -> None:
        known = ", ".join(sorted(self.values))
        key = {"church": "name", "website": "website"}.get(name)  # set by [church], not [variables]
        fix = (f"set {key} = \"...\" under [church] in outline-export.toml, or --set church.{key}=..." if key else
               "define it under [variables] in outline-export.toml or with --set NAME=VALUE; write \\${ for a literal ${")
        self.problems.append(Problem(pos.path if pos else self.outline.path, pos.line if pos else 0, pos.col if pos else 0,
                                     f"unknown variable '${{{name}}}'; known here: {known} ({fix})"))

    def runs(self, spans: Inline, bold: bool = False, italic: bool = False) -> tuple:
        out: list = []
        for s in spans:
            if type(s) is DivineName:  # LORD, GOD in text filled from a translation
                out.append(d.Run(s.text, bold, italic, role="divine_name"))
            elif isinstance(s, Text):
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
                out.extend(self.blank(s))
            else:  # pragma: no cover - the model is closed
                raise TypeError(f"unknown span {type(s).__name__}")
        return tuple(_merge(out))

    def blank(self, b: Blank) -> tuple:
        if b.answer is None:
            return (d.BlankLine(self.fixed_width),)
        self.blank_number += 1
        n = self.blank_number
        self.answers.append((n, b.answer))
        number = (d.Run(str(n).translate(_SUPERSCRIPT) + NBSP, role="blank_number"),) if self.policy.number_blanks else ()
        if self.policy.answers:
            return number + (d.Answer(b.answer, n),)
        width = self.fixed_width
        if self.options.blanks == "proportional":
            width = round(max(self.min_width, len(b.answer) * self.per_char + self.extra), 2)
        medium = self.options.medium  # paper never carries the answer; a screen only to check it
        shown = medium == "slides" or (medium == "screen" and self.options.reveal != "never")
        return number + (d.BlankLine(width, n, b.answer if shown else None),)

    def visible(self, tags: tuple[str, ...]) -> bool:
        return visible(tags, self.policy, self.options.audience)

    def for_label(self, tags: tuple[str, ...]) -> list:
        """In speaker notes, a line saying who tagged content is for."""
        if not (tags and self.policy.speaker_notes):
            return []
        text = self.words["for"].format(names=", ".join(tags))
        return [d.Paragraph((d.Run(text, role="audience"),), "audience", keep_with_next=True)]

    def for_inline(self, tags: tuple[str, ...]) -> tuple:
        if not (tags and self.policy.speaker_notes):
            return ()
        return (d.Run(" "), d.Run(self.words["for_inline"].format(names=", ".join(tags)), role="audience"))

    def note(self, para) -> d.Note:
        return d.Note((d.Run(self.words["note_label"], bold=True, role="note_label"), d.Run(" "), *self.runs(para)))

    # ------------------------------------------------ blocks

    def build(self) -> d.Document:
        o, policy, opts = self.outline, self.policy, self.options
        blocks: list = [self.title_block()]
        if o.big_idea:
            blocks.append(d.Paragraph(self.runs(o.big_idea), "big_idea"))
        if o.key_verse is not None:
            blocks.append(self.quote(o.key_verse))
        blocks.extend(self.prose(o.introduction, "body"))
        self.body(blocks)
        if self.translations:  # on the last content page: before an answer key's own page
            names = "; ".join(self.words.translation(n) + (self.words["renamed"] if n in self.renamed else "")
                              for n in self.translations)
            blocks[-1] = _kept_with_next(blocks[-1])  # the credit never stands alone on a page
            blocks.append(d.Paragraph((d.Run(self.words["quotations"].format(names=names)),), "translations"))
        if opts.key_only:  # the leader's key file: the title block and the answers, numbered as in the worksheet
            blocks[1:] = self.key_blocks()
        elif policy.answer_key and self.answers and opts.answer_key == "own page":
            blocks.append(d.PageBreak())
            blocks.extend(self.key_blocks())

        if self.problems:
            raise OutlineError(self.problems)
        title = d.plain(blocks[0].title)
        return d.Document(
            meta=d.Meta(
                title=title,
                author=self.speaker or "",
                subject=o.passage.display if o.passage else "",
                keywords=", ".join(x for x in (self.series, self.words.kind_title(policy.name), opts.audience_label or opts.audience) if x),
                created=opts.created or _date_epoch(o.date),
                identifier=f"{o.stem}@{o.date or ''}",
                language=self.words.language,
            ),
            blocks=tuple(blocks),
            footer=self.words["footer"],
            controls=self.words.controls if opts.medium != "paper" else (),
            speaker=policy.speaker_notes,
        )

    def body(self, blocks: list) -> None:
        """Sections, closing, questions, an answer key "after" them, and the Notes lines."""
        o, policy, opts = self.outline, self.policy, self.options
        sections = [s for s in o.sections if self.visible(s.audience)]
        total = sum(s.minutes if s.minutes is not None else estimate_minutes(s) for s in sections)
        running = 0.0
        for number, section in enumerate(sections, 1):
            running = self.section(blocks, section, running, total, number if o.numbered_sections else 0)
        blocks.extend(self.prose(o.closing, "closing"))
        questions = [q for q in o.questions if self.visible(q.audience)]
        if questions:
            blocks.extend(self.questions(questions))
        if policy.answer_key and self.answers and opts.answer_key == "after":
            blocks.extend(self.key_blocks())
        lines = policy.notes_page if not isinstance(opts.notes_lines, int) or policy.speaker_notes else opts.notes_lines
        if lines and opts.medium != "slides":  # nothing to write on a slide
            blocks.append(d.Heading(1, (d.Run(self.words["notes_heading"]),)))
            blocks.append(d.WritingLines(lines, self.words["notes_heading"]))

    def key_blocks(self) -> list:
        if not self.answers:  # the separate key of an outline without answers still says so
            return [d.Heading(1, (d.Run(self.words["answer_key"]),))]
        return [d.Heading(1, (d.Run(self.words["answer_key"]),)), d.List(d.Numbering("decimal"), tuple(
            d.ListItem(d.Numbering("decimal").label(n), (d.Paragraph((d.Run(text),), "answer_key"),))
            for n, text in self.answers))]

    @property
    def speaker_pane(self) -> bool:
        """The speaker's notes are in the document: speaker notes, and slides (for their notes pane)."""
        return self.policy.speaker_notes or self.options.medium == "slides"

    @property
    def skeleton(self) -> bool:
        return self.options.detail == "outline" and not self.policy.speaker_notes

    def prose(self, paragraphs, style: str) -> list:
        """Prose paragraphs; in a skeleton only those with a blank (blank numbers stay the same)."""
        return [d.Paragraph(self.runs(p), style) for p in paragraphs if not self.skeleton or _has_blank(p)]

    def title_block(self) -> d.TitleBlock:
        o, opts, furniture = self.outline, self.options, self.policy.title_furniture
        meta = [o.passage.display] if o.passage else []
        who_when = self.words["separator"].join(x for x in (self.speaker, self.words.date(o.date)) if x)
        meta += [x for x in (who_when, self.series, opts.website if furniture else None) if x]
        if opts.compact_title and meta:
            meta = [self.words["separator"].join(meta)]
        edition = self.words["answer_key"] if opts.key_only else self.words.edition_label(self.policy.name)
        label = [x for x in (edition, opts.audience_label or opts.audience) if x]
        furniture_qr = furniture and opts.medium != "screen"  # the phone page is where the code leads
        url = self.fill(opts.notes_url, Pos(*opts.notes_url_at) if opts.notes_url_at else None) if furniture_qr else None
        return d.TitleBlock(qr=url, qr_caption=self.words["sermon_page"].format(address=short_address(url)) if url else None,
            title=self.runs(o.title), subtitle=self.runs(o.subtitle), meta=tuple(meta),
            label=self.words["separator"].join(label) or None,
            church=opts.church if furniture else None, logo=opts.logo if furniture else None,
        )

    def section(self, blocks: list, s: Section, running: float, total: float, number: int) -> float:
        """``number`` > 0: the sections are the outline's first level (I., II.), points start below it."""
        heading = words = self.runs(s.heading)
        scheme = self.outline.numbering
        label = numbering(scheme, 0).label(number) if number else ""
        if label:
            heading = tuple(_merge([d.Run(label + " "), *heading]))
        blocks.append(d.Heading(1, heading + _ref(s.ref, self.words)))
        blocks.extend(self.for_label(s.audience))
        if self.policy.speaker_notes:
            minutes = s.minutes if s.minutes is not None else estimate_minutes(s)
            running += minutes
            this = self.words["minutes" if s.minutes is not None else "estimated"].format(minutes=_fmt_minutes(minutes))
            text = self.words["running"].format(this=this, running=_fmt_minutes(running), total=_fmt_minutes(total))
            blocks.append(d.Paragraph((d.Run(text, role="timing"),), "timing", keep_with_next=True))
            if self.options.pulpit:
                shown = [i for i in s.points if self.visible(i.audience)]
                self.clock = point_clock(s, shown, minutes, running - minutes)
        blocks.extend(self.prose(s.text, "body"))
        if self.speaker_pane:
            blocks.extend(self.note(p) for p in s.note)
        if s.points:
            own = s.numbering or scheme
            if number and own == scheme:  # the points are the sections' next level
                blocks.extend(self.points(s.points, scheme, 1, label if scheme == "decimal" else ""))
            else:
                blocks.extend(self.points(s.points, own, 0, ""))
        blocks.extend(self.prose(s.closing, "closing"))
        if self.options.medium == "screen" and not self.policy.speaker_notes:  # a box to type notes in
            label = self.words["section_notes"].format(heading=d.plain(words))  # (runs again would number its blanks again)
            blocks.append(d.WritingLines(SCREEN_NOTES_LINES, label))
        return running

    def points(self, items, scheme: str, depth: int, prefix: str) -> list:
        """The blocks for one level of points: lists, split where a quotation stands between
        points (the next list counts on)."""
        out: list = []
        pending: list = []
        n = 0
        labels = numbering(scheme, depth, 1, prefix)  # spells every item's label at this level

        def flush():
            if pending:
                first = n - len(pending) + 1
                out.append(d.List(numbering(scheme, depth, first, prefix), tuple(pending)))
                pending.clear()

        for item in items:
            if not self.visible(item.audience):
                continue
            if isinstance(item, Quote):
                if self.skeleton and not (item.text and _has_blank(item.text)):
                    continue  # a skeleton keeps the key verse, not the quotations between points
                flush()
                out.extend(self.for_label(item.audience))
                out.append(self.quote(item))
                continue
            n += 1
            pending.append(self.point(item, labels.label(n), scheme, depth))
        flush()
        return out

    def point(self, item: Point, label: str, scheme: str, depth: int) -> d.ListItem:
        clock = self.clock.get(id(item))
        clock = (d.Run(" "), d.Run(self.words["clock"].format(running=_fmt_minutes(clock)), role="timing")) if clock else ()
        blocks: list = [d.Paragraph(self.runs(item.text) + _ref(item.ref, self.words) + self.for_inline(item.audience) + clock, "list")]
        blocks.extend(self.prose(item.detail, "detail"))
        if self.speaker_pane:
            blocks.extend(self.note(p) for p in item.note)
        if item.points:
            child = item.numbering or scheme
            if child == scheme:
                blocks.extend(self.points(item.points, child, depth + 1, label if child == "decimal" else ""))
            else:
                blocks.extend(self.points(item.points, child, 0, ""))
        return d.ListItem(label, tuple(blocks), keep_together=self.options.pulpit and self.policy.speaker_notes)

    def quote(self, q: Quote) -> d.Quote:
        if q.translation and q.translation not in self.translations:
            self.translations.append(q.translation)
        if q.translation and q.text and substituted(q.text):
            self.renamed.add(q.translation)
        return d.Quote(self.runs(q.text) if q.text else (), _credit(q.ref, q.translation, self.words))

    def questions(self, questions: list[Question]) -> list:
        lines = self.policy.question_lines if self.options.question_lines is None else \
            min(self.options.question_lines, self.policy.question_lines)
        lines = 0 if self.options.medium == "slides" else lines
        scheme = d.Numbering("decimal")
        items = []
        for i, q in enumerate(questions, 1):
            text = d.Paragraph(self.runs(q.text) + self.for_inline(q.audience), "question", keep_with_next=lines > 0)
            space = d.WritingLines(lines, self.words["question_answer"].format(number=i))
            items.append(d.ListItem(scheme.label(i), (text, space) if lines else (text,)))
        return [d.Heading(1, (d.Run(self.words["questions_heading"]),)), d.List(scheme, tuple(items))]


def _has_blank(spans: Inline) -> bool:
    return any(isinstance(x, Blank) or (isinstance(x, (Strong, Emphasis)) and _has_blank(x.children)) for x in spans)


def _date_epoch(text: str | None) -> int:
    """The outline's date (midnight UTC) as the documents' date when SOURCE_DATE_EPOCH is not set:
    meaningful, and the same on every run."""
    if not text:
        return 0
    import calendar

    return calendar.timegm(_dt.date.fromisoformat(text).timetuple())


def _merge(runs: list) -> list:
    """Join neighbouring runs that look the same (fewer, longer runs draw faster)."""
    out: list = []
    for r in runs:
        if out and type(r) is d.Run and type(out[-1]) is d.Run and \
                (out[-1].bold, out[-1].italic, out[-1].role) == (r.bold, r.italic, r.role):
            out[-1] = d.Run(out[-1].text + r.text, r.bold, r.italic, r.role)
        else:
            out.append(r)
    return out


def build(outline: Outline, kind: str, options: ViewOptions | None = None) -> d.Document:
    """The render tree of one kind of document for ``outline``; raises OutlineError on bad variables."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return _Builder(outline, KINDS[kind], options or ViewOptions()).build()
