"""The phone page writer (``-f html``): one self-contained HTML file to read and fill in on a
phone, or (``-k notes``) for the speaker to preach from. docs/phone-page.md says what it does.

The view shapes the document for a screen (``views``, medium "screen"): each numbered blank
carries its answer (unless ``reveal = "never"``), each handout section ends with a box for notes
(``WritingLines`` with a label). This writer adds no word of its own: every word is the tree's or
``document.control(...)``'s. It adds no file either: the CSS and JS (``html_page/``) are inlined,
the logo is a ``data:`` URI, fonts are the system's; nothing is loaded from anywhere.

What the tree says and how it comes out:

- ``TitleBlock``: a ``<header>``: church, logo, edition label, the title (the page's only
  ``<h1>``), subtitle, meta lines (one that is a web address is a link to it), the QR code's
  caption (a QR code is for paper; on a phone its address is a link).
- ``Heading`` level n: ``<h(n+1)>``, never more than one level below the heading before it.
- ``Paragraph``: ``<p class="s-STYLE">`` (the theme's style: sizes, colours, alignment).
- Runs: ``<strong>``/``<em>``; a role is ``<span class="r-ROLE">`` (divine_name: the capitals after
  a word's first letter as small capitals, the text still "LORD"). ``Answer``: ``<mark>``.
- ``BlankLine`` with a number: an ``<input>`` ``width`` ems wide with a (hidden) label, the
  control "blank"; number 0: a line to look at, not a field.
- ``List``: ``<ol>``/``<ul>`` whose items show the label the tree spells; ``Quote``:
  ``<blockquote>`` with its credit; ``Note``: an ``<aside>`` box; ``WritingLines``: a labelled
  ``<textarea>`` of ``count`` rows; ``PageBreak``: nothing on a screen, a new page in print.

Typed answers and notes are kept in ``localStorage`` under ``document.meta.identifier``.
Deterministic: the same document and options give the same bytes.
"""

from __future__ import annotations

import base64
import html
import json
import re
from importlib import resources

from .. import document as d
from ._html_style import Look
from .base import Visitor

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_ADDRESS = re.compile(r"^https?://[^\s<>\"]+$")


def esc(text: str) -> str:
    """Text (or an attribute's value) as HTML: the one place words are escaped."""
    return html.escape(text, quote=True)


def script_json(value) -> str:
    """``value`` as JSON that cannot end the ``<script>`` element it stands in."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("html_page", name).read_text(encoding="utf-8")


def _cls(name: str | None) -> str:
    return name if name and _NAME.match(name) else "body"


class HtmlWriter(Visitor):
    name = "html"

    def __init__(self, document: d.Document, options):
        self.doc = document
        self.look = Look(options)
        self.speaker = document.speaker  # the speaker's view: the clock, no fields
        self.styles: set[str] = set()
        self.answers: dict[str, str] = {}  # blank number -> answer (only those the tree carries)
        self.blanks: list[tuple[str, int]] = []  # (field key, number), in reading order
        self.notes: list[tuple[str, str]] = []  # (field key, label)
        self.keys: set[str] = set()
        self.heading_level = 1
        self.last_heading: str | None = None  # the words of the last heading: a box it names needs no visible label
        self.fields = 0

    # ------------------------------------------------------------ helpers

    def key(self, base: str) -> str:
        """A storage key for a field, unique on the page."""
        key, n = base, 1
        while key in self.keys:
            n += 1
            key = f"{base}~{n}"
        self.keys.add(key)
        return key

    def control(self, key: str, **values) -> str:
        return self.doc.control(key, **values)

    # ------------------------------------------------------------ the page

    def page(self) -> str:
        body = "".join(self.dispatch(b) for b in self.doc.blocks)
        meta = self.doc.meta
        tools = "" if self.speaker else self.tools()
        clock = self.clock() if self.speaker else ""
        data = {"id": meta.identifier or meta.title, "title": meta.title, "speaker": self.speaker,
                "heading": self.heading_lines(), "blanks": [[k, n] for k, n in self.blanks],
                "notes": [[k, label] for k, label in self.notes],
                "words": self.words()}
        if self.answers:
            data["answers"] = self.answers
        css = self.look.css(self.styles) + "\n" + _asset("page.css")
        kind = "speaker" if self.speaker else "handout"
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{esc(meta.language or "en")}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(meta.title)}</title>\n"
            + (f'<meta name="author" content="{esc(meta.author)}">\n' if meta.author else "")
            + f"<style>\n{css}</style>\n</head>\n"
            f'<body class="{kind}">\n{clock}<main>\n{body}{tools}</main>\n'
            f'<script type="application/json" id="page-data">{script_json(data)}</script>\n'
            f"<script>\n{_asset('page.js')}</script>\n</body>\n</html>\n"
        )

    def words(self) -> dict[str, str]:
        """The controls' words the script says (only those: no answer's words with reveal = "never")."""
        if self.speaker:
            return {}
        keys = ("copied", "answers", "my_notes") + (("right", "wrong", "checked") if self.answers else ())
        return {k: v for k, v in self.doc.controls if k in keys}

    def heading_lines(self) -> list[str]:
        """The title and the title block's meta lines (not addresses): the top of the copied notes."""
        for b in self.doc.blocks:
            if type(b) is d.TitleBlock:
                return [d.plain(b.title)] + [m for m in b.meta if not _ADDRESS.match(m)]
        return [self.doc.meta.title]

    def tools(self) -> str:
        c = self.control
        out = ['<section class="tools">\n']
        if self.answers:
            out.append(f'<p><button type="button" id="check">{esc(c("check"))}</button></p>\n'
                       '<p id="summary" class="summary" role="status"></p>\n')
        out.append(f'<p class="buttons"><button type="button" id="copy">{esc(c("copy"))}</button> '
                   f'<button type="button" id="download">{esc(c("download"))}</button></p>\n'
                   '<p id="status" class="status" role="status"></p>\n'
                   f'<p id="saved" class="saved">{esc(c("saved"))}</p>\n</section>\n')
        return "".join(out)

    def clock(self) -> str:
        c = self.control
        return ('<div class="clock" role="group" aria-labelledby="clock-name">'
                f'<span id="clock-name" class="clock-name">{esc(c("clock"))}</span> '
                '<span id="elapsed" class="elapsed" role="timer">00:00</span> '
                f'<button type="button" id="start">{esc(c("start"))}</button> '
                f'<button type="button" id="pause">{esc(c("pause"))}</button> '
                f'<button type="button" id="reset">{esc(c("reset"))}</button></div>\n')

    # ------------------------------------------------------------ runs

    def runs(self, runs) -> str:
        return "".join(self.dispatch(r) for r in runs)

    def visit_Run(self, r: d.Run) -> str:
        if r.role == "divine_name":
            role = self.look.options.theme.role("divine_name")
            text = "".join(f'<span class="sc">{esc(p)}</span>' if small else esc(p)
                           for p, small in role.pieces(r.text))
        else:
            text = esc(r.text)
        text = text.replace("\n", "<br>")
        if r.italic:
            text = f"<em>{text}</em>"
        if r.bold:
            text = f"<strong>{text}</strong>"
        if r.role:
            text = f'<span class="r-{_cls(r.role)}">{text}</span>'
        return text

    def visit_Answer(self, a: d.Answer) -> str:
        return f'<mark class="answer">{esc(a.text)}</mark>'

    def visit_BlankLine(self, b: d.BlankLine) -> str:
        width = f"{max(1.0, b.width):.2f}em"
        if not b.number or self.speaker:
            return f'<span class="line" style="width:{width}"></span>'
        self.fields += 1
        key = self.key(f"blank:{b.number}")
        ident = f"f{self.fields}"
        self.blanks.append((key, b.number))
        if b.answer is not None:
            self.answers[str(b.number)] = b.answer
        label = esc(self.control("blank", number=b.number))
        return (f'<span class="blank"><label class="hidden" for="{ident}">{label}</label>'
                f'<input type="text" id="{ident}" data-key="{esc(key)}" data-n="{b.number}" '
                f'style="width:{width}" autocomplete="off" autocapitalize="none" spellcheck="false">'
                f'<span class="mark" id="{ident}-mark"></span></span>')

    # ------------------------------------------------------------ blocks

    def para(self, style: str, runs, tag: str = "p", extra: str = "") -> str:
        style = _cls(style)
        self.styles.add(style)
        return f'<{tag} class="s-{style}{extra}">{self.runs(runs)}</{tag}>\n'

    def visit_TitleBlock(self, tb: d.TitleBlock) -> str:
        out = ['<header class="title-block">\n']
        if tb.church:
            out.append(f'<p class="s-church">{esc(tb.church)}</p>\n')
        if tb.logo:
            from .. import assets

            png = base64.b64encode(assets.logo_png(tb.logo)).decode("ascii")
            out.append(f'<p class="logo"><img src="data:image/png;base64,{png}" alt=""></p>\n')
        if tb.label:
            out.append(f'<p class="s-label">{esc(tb.label)}</p>\n')
        out.append(f'<h1 class="s-title">{self.runs(tb.title)}</h1>\n')
        if tb.subtitle:
            out.append(f'<p class="s-subtitle">{self.runs(tb.subtitle)}</p>\n')
        for line in tb.meta:
            out.append(f'<p class="s-meta">{_linked(line)}</p>\n')
        if tb.qr:
            out.append(f'<p class="s-meta"><a href="{esc(tb.qr)}">{esc(tb.qr_caption or tb.qr)}</a></p>\n')
        out.append("</header>\n")
        return "".join(out)

    def visit_Heading(self, h: d.Heading) -> str:
        level = max(2, min(6, h.level + 1, self.heading_level + 1))
        self.heading_level = level
        self.last_heading = d.plain(h.runs)
        name = f"heading{min(3, max(1, h.level))}"
        return f'<h{level} class="s-{name}">{self.runs(h.runs)}</h{level}>\n'

    def visit_Paragraph(self, p: d.Paragraph) -> str:
        return self.para(p.style, p.runs)

    def visit_Quote(self, q: d.Quote) -> str:
        credit = f'<p class="s-quote_ref">{self.runs(q.credit)}</p>\n' if q.credit else ""
        return f'<blockquote>\n<p class="s-quote">{self.runs(q.runs)}</p>\n{credit}</blockquote>\n'

    def visit_Note(self, n: d.Note) -> str:
        return f'<aside class="note">\n<p class="s-note">{self.runs(n.runs)}</p>\n</aside>\n'

    def visit_WritingLines(self, w: d.WritingLines) -> str:
        if self.speaker:
            return ""
        self.fields += 1
        label = w.label or self.control("my_notes")
        key = self.key(f"notes:{label}")
        ident = f"f{self.fields}"
        self.notes.append((key, label))
        hidden = ' class="hidden"' if label == self.last_heading else ""  # said by the heading
        return (f'<div class="writing"><label{hidden} for="{ident}">{esc(label)}</label>\n'
                f'<textarea id="{ident}" data-key="{esc(key)}" rows="{max(1, w.count)}" '
                f'style="--rows:{max(1, w.count)}"></textarea></div>\n')

    def visit_PageBreak(self, _: d.PageBreak) -> str:
        return '<div class="page-break"></div>\n'

    def visit_List(self, lst: d.List) -> str:
        tag = "ul" if lst.numbering.style in ("bullet", "none") else "ol"
        items = []
        for item in lst.items:
            label = f'<span class="label">{esc(item.label)}</span>' if item.label else '<span class="label"></span>'
            inner = "".join(self.dispatch(b) for b in item.blocks)
            items.append(f"<li>{label}<div class=\"item\">\n{inner}</div></li>\n")
        return f'<{tag} class="outline">\n{"".join(items)}</{tag}>\n'


def _linked(line: str) -> str:
    """A meta line; one that is a web address is a link to it."""
    if _ADDRESS.match(line):
        return f'<a href="{esc(line)}">{esc(line)}</a>'
    return esc(line)


def write(document: d.Document, options) -> bytes:
    """``document`` as one self-contained HTML page (UTF-8)."""
    return HtmlWriter(document, options).page().encode("utf-8")
