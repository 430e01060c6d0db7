"""The phone page's look from the theme: colours a reader can read, and a CSS rule per paragraph
style and run role the document uses (``backends/html.py`` writes the page).

Colours come from the theme (``colors`` and each style's ``color``), but a screen is lit and
small: every text colour is darkened, if it must be, until it has a contrast of at least 4.5:1
(WCAG AA) against every background it can stand on (the page, a note's box, an answer's mark).
Fonts are the system's own (no font file travels with the page): a serif or sans stack, as the
theme's family for that style is a serif or a sans face. Sizes are the theme's, relative to the
body size (``em``), so Large Print scales the page as it scales the paper.
"""

from __future__ import annotations

from .. import document as d

PAGE = "#FFFFFF"
TEXT = "#111111"
RIGHT = "#1B5E20"  # the check's marks: also ✓/✗ and words, never colour alone
WRONG = "#A1221B"
MIN_CONTRAST = 4.5
# Korean: the phone's own Hangul fonts (iPhone, Windows, Android, Linux), named before the generic
# family so a browser takes Hangul from them; no font file is put in the page (docs/languages-fonts.md).
KOREAN = '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", NanumGothic'
SERIF = f'Georgia, "Times New Roman", "DejaVu Serif", "Noto Serif", {KOREAN}, serif'
SANS = f'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", {KOREAN}, sans-serif'
# Paragraph styles of the title block and the page's own parts, besides those paragraphs name.
FIXED_STYLES = ("title", "subtitle", "meta", "label", "church", "heading1", "heading2", "heading3",
                "quote", "quote_ref", "note")


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02X}" for v in rgb)


def luminance(color: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(color: str, backgrounds) -> str:
    """``color``, darkened towards black just enough to read on every one of ``backgrounds``."""
    rgb = _rgb(color)
    for step in range(21):
        out = _hex(tuple(v * (1 - step / 20) for v in rgb))
        if all(contrast(out, bg) >= MIN_CONTRAST for bg in backgrounds):
            return out
    return "#000000"


def light(color: str) -> str:
    """A background colour dark text can stand on: ``color``, or white if it is too dark."""
    return color if contrast("#000000", color) >= 12 else PAGE


def _valid(color, default: str) -> str:
    if isinstance(color, str) and len(color) == 7 and color.startswith("#"):
        try:
            _rgb(color)
            return color.upper()
        except ValueError:
            pass
    return default


class Look:
    """The colours and CSS of one page, from ``options`` (a ``layout.WriterOptions``)."""

    def __init__(self, options):
        self.options = options
        theme = options.theme
        self.note_fill = light(_valid(theme.color("note_fill"), "#F2F2F2"))
        self.answer_fill = light(_valid(theme.color("answer_fill"), "#FFF2A8"))
        self.backgrounds = (PAGE, self.note_fill, self.answer_fill)
        self.colors = {
            "page": PAGE,
            "text": TEXT,
            "accent": self.ink(theme.color("accent")),
            "muted": self.ink(theme.color("muted")),
            "rule": self.ink(theme.color("rule")),
            "right": self.ink(RIGHT),
            "wrong": self.ink(WRONG),
            "note-fill": self.note_fill,
            "note-border": _valid(theme.color("note_border"), "#A6A6A6"),
            "answer-fill": self.answer_fill,
        }

    def ink(self, color) -> str:
        """A text colour from the theme, readable on every background of the page."""
        return readable(_valid(color, TEXT), self.backgrounds)

    def family(self, key: str | None) -> str:
        names = self.options.theme.get("word_font_names") or {}
        name = str(names.get(key, key or ""))
        return SANS if "sans" in (key or "").lower() or "sans" in name.lower() else SERIF

    def root(self) -> str:
        body_px = max(16.0, self.options.body_size * 16 / 11)  # 11 pt on paper: 16 px on a phone
        out = [f"--{k}:{v};" for k, v in self.colors.items()]
        out.append(f"--body:{body_px:.2f}px;--sans:{SANS};--serif:{SERIF};")
        return ":root{" + "".join(out) + "}"

    def style_rule(self, name: str) -> str:
        """``.s-NAME{...}``: the theme's paragraph style ``name`` on a screen."""
        o = self.options
        try:
            s = o.style(name)
        except Exception:  # a style this theme does not know: the body's look
            s = o.style("body")
        body = o.body_size
        parts = [f"font-family:{self.family(s.font)}", f"font-size:{s.size / body:.3f}em",
                 f"line-height:{max(1.3, s.leading / s.size if s.size else 1.35):.2f}",
                 f"color:{self.ink(s.color)}", f"font-weight:{'700' if s.bold else '400'}",
                 f"font-style:{'italic' if s.italic else 'normal'}"]
        if s.align in ("center", "right"):
            parts.append(f"text-align:{s.align}")
        return f".s-{name}{{{';'.join(parts)}}}"

    def role_rule(self, name: str) -> str:
        r = self.options.theme.role(name)
        parts = []
        if r.font:
            parts.append(f"font-family:{self.family(r.font)}")
        if r.scale:
            parts.append(f"font-size:{r.scale:.3f}em")
        if r.color:
            parts.append(f"color:{self.ink(self.options.theme.color(r.color))}")
        if r.bold is not None:
            parts.append(f"font-weight:{'700' if r.bold else '400'}")
        if r.italic is not None:
            parts.append(f"font-style:{'italic' if r.italic else 'normal'}")
        rule = f".r-{name}{{{';'.join(parts)}}}" if parts else ""
        if r.small_caps:
            rule += f".r-{name} .sc{{font-size:{r.small_caps:.2f}em}}"
        return rule

    def css(self, styles) -> str:
        """The page's generated CSS: colours, then a rule per style in ``styles`` and per role."""
        names = list(FIXED_STYLES) + sorted(set(styles) - set(FIXED_STYLES))
        rules = [self.root()] + [self.style_rule(n) for n in names]
        rules += [r for r in (self.role_rule(n) for n in d.ROLES) if r]
        return "\n".join(rules)
