"""The outline's parts as the builder collects them (``Section``, ``Point``) and as the YAML
holds them: each section's and point's keys, a quotation's credit as its ``ref`` and
``translation``, and the ``numbering`` of each list, written only where it differs from the
scheme the outline would use there.

Which scheme a list is in: for items whose list the reader knew (Markdown, Word), the labels
they print. A list whose labels are the ones the scheme around it prints at that depth (the
"1." list under "A." items: the outline scheme's third level) is in that scheme; else a list
of bullets is ``bullets``, one labelled 1., 2., 3. is ``decimal``, one labelled I., II. is
``outline``. For plain-text items (and lists matching none of these): their markers' kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from outline_export.importer.markers import BULLETS


@dataclass
class Point:
    text: str
    line: int
    level: int
    kind: str = ""  # the marker's kind ("I.", "•", "outline"); "" for a quotation
    ref: str = ""
    parsed: object = None
    quote: bool = False
    marker: str = ""  # the label as the file prints it ("A.", "1.", "-")
    listed: bool = False  # an item of a list whose nesting its reader knew (Markdown, Word)
    translation: str = ""  # a quotation's
    detail: list = field(default_factory=list)
    points: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    note: list = field(default_factory=list)
    audience: tuple = ()


@dataclass
class Section:
    heading: str
    line: int
    ref: str = ""
    parsed: object = None
    text: list = field(default_factory=list)
    points: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    note: list = field(default_factory=list)
    minutes: str = ""
    audience: tuple = ()
    numbered: bool = False  # labelled I., II. in the file
    kinds: list = field(default_factory=list)  # the marker kind at each level


def split_credit(credit: str, language: str = "en") -> tuple[str, str]:
    """A quotation's credit as (reference, translation): "Exodus 32:32 (KJV)" -> ("Exodus
    32:32", "KJV"); a translation is what the project's reference parser calls one (the
    reference read in the outline's ``language``)."""
    from outline_export.scripture import ReferenceError, parse_reference

    credit = " ".join(credit.replace("\u00a0", " ").split())
    try:
        parse_reference(credit, None, language)
    except ReferenceError as e:
        if e.translation and e.translation[1]:
            return e.translation[1], e.translation[0]
    except ValueError:
        pass
    return credit, ""


def _audience(names: tuple):
    return names[0] if len(names) == 1 else list(names)


def kinds_numbering(points: list[Point]) -> str:
    """The scheme a list's marker kinds say ("" for the outline scheme, or not known)."""
    kinds = {p.kind for p in points}
    if kinds and all(k and k[0] in BULLETS for k in kinds):
        return "bullets"
    if kinds and kinds <= {"decimal"}:
        return "decimal"
    if kinds == {"none"}:
        return "none"
    return ""


def _labels(scheme: str, depth: int, prefix: str, count: int) -> list[str]:
    from outline_export.views import numbering

    spell = numbering(scheme, depth, 1, prefix)
    return [spell.label(n) for n in range(1, count + 1)]


def list_scheme(points: list[Point], around: str, depth: int, prefix: str) -> tuple[str, int, str]:
    """(scheme, depth, prefix) of a list of points in a place where the scheme ``around`` would
    number it at ``depth`` (after ``prefix``, a decimal outline's "1.2.")."""
    items = [p for p in points if not p.quote]
    if not items:  # quotations alone: a list with no labels is in the scheme around it
        return around, depth, prefix
    if all(p.listed for p in items):
        markers = [p.marker for p in items]
        if all(p.kind[:1] in BULLETS for p in items):
            return ("bullets", depth, prefix) if around == "bullets" else ("bullets", 0, "")
        if around not in ("bullets", "none") and markers == _labels(around, depth, prefix, len(items)):
            return around, depth, prefix
        for scheme in ("decimal", "outline"):
            if markers == _labels(scheme, 0, "", len(items)):
                return scheme, 0, ""
    scheme = kinds_numbering(items) or "outline"
    return (scheme, depth, prefix) if scheme == around else (scheme, 0, "")


def outline_scheme(sections: list[Section], numbered: bool) -> str:
    """The outline's ``numbering``: with numbered sections the outline scheme (they print I.,
    II.); else, when every list came from a reader that knew its lists (Markdown, Word), the
    scheme most sections' lists are in, when two or more sections take it (a section of quotations
    alone takes the scheme around it, as it did in the file): a section then says ``numbering``
    only where it differs. Else the outline scheme."""
    tops = [items for items in ([p for p in s.points if not p.quote] for s in sections) if items]
    if numbered or not tops or not all(p.listed for items in tops for p in items):
        return "outline"
    schemes = [list_scheme(items, "outline", 0, "")[0] for items in tops]
    best = max(sorted(set(schemes)), key=lambda x: (schemes.count(x), x == "outline"))
    quotes_only = sum(1 for s in sections if s.points and all(p.quote for p in s.points))
    return best if schemes.count(best) + quotes_only > 1 else "outline"


class Writer:
    """Sections and points as the YAML's mappings."""

    def __init__(self, outline_numbering: str = "outline", numbered_sections: bool = False):
        self.scheme = outline_numbering
        self.numbered_sections = numbered_sections

    def section(self, s: Section) -> dict:
        d: dict = {"heading": s.heading or "(untitled)"}
        if s.comments:
            d["#"] = s.comments
        if s.ref:
            d["ref"] = s.ref
        if s.minutes:
            d["minutes"] = _number(s.minutes)
        if s.audience:
            d["audience"] = _audience(s.audience)
        depth = 1 if self.numbered_sections else 0
        scheme, depth, prefix = list_scheme(s.points, self.scheme, depth, "")
        if s.points and scheme != self.scheme:
            d["numbering"] = scheme
        if s.text:
            d["text"] = s.text
        if s.note:
            d["note"] = s.note
        if s.points:
            d["points"] = self.points(s.points, scheme, depth, prefix)
        if s.closing:
            d["closing"] = s.closing
        return d

    def points(self, points: list[Point], scheme: str, depth: int, prefix: str) -> list:
        from outline_export.views import numbering

        spell = numbering(scheme, depth, 1, prefix)
        out, n = [], 0
        for p in points:
            if p.quote:
                out.append(self.quote(p))
                continue
            n += 1
            out.append(self.point(p, scheme, depth, spell.label(n)))
        return out

    @staticmethod
    def quote(p: Point) -> dict:
        d = {"quote": p.text}
        if p.ref:
            d["ref"] = p.ref
        if p.translation:
            d["translation"] = p.translation
        if p.audience:
            d["audience"] = _audience(p.audience)
        return d

    def point(self, p: Point, scheme: str, depth: int, label: str) -> dict:
        d = {"text": p.text}
        if p.comments:
            d["#"] = p.comments
        if p.ref:
            d["ref"] = p.ref
        if p.audience:
            d["audience"] = _audience(p.audience)
        if p.points:
            prefix = label if scheme == "decimal" else ""
            child, cdepth, cprefix = list_scheme(p.points, scheme, depth + 1, prefix)
            if child != scheme:
                d["numbering"] = child
        if p.note:
            d["note"] = p.note
        if p.detail:
            d["detail"] = p.detail
        if p.points:
            d["points"] = self.points(p.points, child, cdepth, cprefix)
        return d


def _number(text: str):
    """Minutes as YAML's number: "4" -> 4, "3.5" -> 3.5; anything else as written."""
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value == int(value) else value


def count(points: list[Point]) -> int:
    return sum(1 + count(p.points) for p in points)


def flat(s: Section) -> list:
    """A section's lines as questions: its text, each point (with its reference, and its
    audience where it has one), detail and closing."""
    out: list = list(s.text)

    def walk(points):
        for p in points:
            text = p.text + (f" ({p.ref})" if p.ref else "")
            out.append({"text": text, "audience": _audience(p.audience)} if p.audience else text)
            out.extend(p.detail)
            walk(p.points)
    walk(s.points)
    return out + list(s.closing)
