"""Themes as data: fonts, page margins, colours and paragraph styles, read from a theme.yaml.

A style inherits every key it does not set from its ``parent``. Sizes in a style are multiples of
the document's body size; ``Theme.style(name, body_size)`` returns absolute points.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

THEMES_DIR = Path(__file__).parent / "themes"


@dataclass(frozen=True)
class Style:
    name: str
    font: str  # a family key of Theme.fonts
    size: float  # points
    leading: float  # points
    space_before: float
    space_after: float
    color: str  # "#RRGGBB"
    bold: bool
    italic: bool
    align: str  # left | center | right | justify
    indent: float  # points


@dataclass(frozen=True)
class Role:
    """How a role's runs differ from the paragraph they are in (None: as the paragraph)."""

    name: str
    font: str | None = None
    scale: float | None = None  # of the paragraph's size
    color: str | None = None  # "#RRGGBB"
    bold: bool | None = None
    italic: bool | None = None
    small_caps: float | None = None  # a word's letters after its first at this share of the size (LORD)

    def pieces(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into (piece, small): with ``small_caps``, the capitals after a word's first
        letter are small ("LORD" -> "L", "ORD"); without, the whole text, not small."""
        if not self.small_caps:
            return [(text, False)]
        out: list[tuple[str, bool]] = []
        for i, c in enumerate(text):
            small = c.isupper() and i > 0 and text[i - 1].isalpha()
            if out and out[-1][1] == small:
                out[-1] = (out[-1][0] + c, small)
            else:
                out.append((c, small))
        return out


@dataclass(eq=False)
class Theme:
    folder: Path
    data: dict
    _styles: dict = field(default_factory=dict, repr=False)

    @cached_property
    def fonts(self) -> dict[str, dict[str, Path]]:
        """family -> {regular, bold, italic, bolditalic} -> absolute file path (worked out once)."""
        return {
            fam: {face: self._path(p) for face, p in faces.items()}
            for fam, faces in self.data["fonts"].items()
        }

    @cached_property
    def fallbacks(self) -> tuple[str, ...]:
        """The families, in order, that draw characters a style's font lacks: ``fallback_fonts``
        (a list), or a theme of its own's single ``fallback_font``; only families it has."""
        chain = self.data.get("fallback_fonts")
        if chain is None:
            one = self.data.get("fallback_font")
            chain = [one] if one else []
        elif isinstance(chain, str):
            chain = [chain]
        fonts = self.data.get("fonts") or {}
        return tuple(dict.fromkeys(f for f in chain if isinstance(f, str) and f in fonts))

    def _path(self, p: str) -> Path:
        path = Path(p)
        return path if path.is_absolute() else self.folder / path

    def color(self, value: str) -> str:
        """A colour name from ``colors`` or a literal ``#RRGGBB``."""
        return self.data.get("colors", {}).get(value, value)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def style(self, name: str, body_size: float = 11.0) -> "Style":
        """The style ``name`` in points at ``body_size`` (worked out once per theme and size)."""
        key = (name, body_size)
        hit = self._styles.get(key)
        if hit is None:
            hit = self._styles[key] = self._style(name, body_size)
        return hit

    def role(self, name: str) -> Role:
        """How runs of role ``name`` look (a role the theme does not list looks like its paragraph)."""
        r = (self.data.get("roles") or {}).get(name) or {}
        return Role(
            name=name,
            font=r.get("font"),
            scale=float(r["size"]) if "size" in r else None,
            color=self.color(r["color"]) if "color" in r else None,
            bold=bool(r["bold"]) if "bold" in r else None,
            italic=bool(r["italic"]) if "italic" in r else None,
            small_caps=float(r["small_caps"]) if "small_caps" in r else None,
        )

    def raw_style(self, name: str) -> dict:
        styles = self.data["styles"]
        if name not in styles:
            raise KeyError(f"theme {self.folder} has no style {name!r}")
        chain = []
        seen = set()
        while name is not None:
            if name in seen:
                raise ValueError(f"style inheritance loops at {name!r} in theme {self.folder}")
            seen.add(name)
            chain.append(styles[name])
            name = styles[name].get("parent")
        merged: dict = {}
        for layer in reversed(chain):
            merged.update(layer)
        return merged

    def _style(self, name: str, body_size: float) -> Style:
        s = self.raw_style(name)
        size = float(s["size"]) * body_size
        scale = body_size / 11.0
        return Style(
            name=name,
            font=s["font"],
            size=size,
            leading=float(s["leading"]) * size,
            space_before=float(s["space_before"]) * scale,
            space_after=float(s["space_after"]) * scale,
            color=self.color(s["color"]),
            bold=bool(s["bold"]),
            italic=bool(s["italic"]),
            align=s["align"],
            indent=float(s["indent"]) * scale,
        )


@lru_cache(maxsize=8)
def load_theme(name_or_path: str = "default") -> Theme:
    """A theme by folder name under ``themes/`` or by path to a theme.yaml."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml"):
        file = p
    else:
        file = THEMES_DIR / name_or_path / "theme.yaml"
    with open(file, encoding="utf-8") as f:
        data = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return Theme(folder=file.parent.resolve(), data=data)


# Fonts the project ships (themes/default/fonts), by the names settings may use.
SHIPPED_FONTS = {"serif": "serif", "sans": "sans", "dejavu serif": "serif", "dejavu sans": "sans"}

# Which styles a settings override changes; the others inherit from these.
_BODY_STYLES = ("base",)
_HEADING_STYLES = ("title", "heading1")


def _ttf_family(path: str) -> tuple[dict[str, str], str]:
    """Faces for a user's TTF file (sibling -Bold/-Italic/-BoldItalic files if present) and its family name."""
    from outline_export import assets, fontmetrics

    try:
        name = fontmetrics.load(path).family
    except fontmetrics.FontError:  # settings have already refused an unreadable font
        name = None
    return assets.font_faces(path), name or re.sub(r"[-_ ]?(Regular|Book|Roman)$", "", Path(path).stem, flags=re.I)


# The layout gaps ``spacing`` scales (layout.dimensions' defaults).
_SPACING_GAPS = {"writing_line_gap": 24, "writing_lines_after": 8, "title_after": 8, "note_space": 3, "logo_after": 6,
                 "logo_height": 72}


def derive(theme: Theme, overrides: tuple[tuple[str, str], ...]) -> Theme:
    """``theme`` with settings overrides applied: body_font, heading_font, accent_color, and
    ``spacing`` (a factor on every style's space before and after, its leading (not below 1.15),
    the page margins and the layout's gaps; set by fitting.py)."""
    if not overrides:
        return theme
    data = copy.deepcopy(theme.data)
    for key, value in overrides:
        if key == "accent_color":
            data.setdefault("colors", {})["accent"] = value
        elif key in ("body_font", "heading_font"):
            family = SHIPPED_FONTS.get(value.lower())
            if family is None:  # a path to a TTF file
                family = "custom_body" if key == "body_font" else "custom_heading"
                faces, name = _ttf_family(value)
                data["fonts"][family] = faces
                data.setdefault("word_font_names", {})[family] = name
            for style in _BODY_STYLES if key == "body_font" else _HEADING_STYLES:
                data["styles"][style]["font"] = family
        elif key == "spacing":
            f = float(value)
            for st in data["styles"].values():
                for k in ("space_before", "space_after"):
                    if k in st:
                        st[k] = float(st[k]) * f
                if "leading" in st:  # lines closer too, never below 1.15 (1.35 at 70% is 1.15)
                    st["leading"] = max(min(float(st["leading"]), 1.15), float(st["leading"]) * (0.5 + 0.5 * f))
            page = data.setdefault("page", {})
            for k, default in (("margin_top", 54), ("margin_bottom", 54), ("margin_left", 60), ("margin_right", 60)):
                page[k] = float(page.get(k, default)) * f  # 70%: about half an inch
            lay = data.setdefault("layout", {})
            for k, default in _SPACING_GAPS.items():  # room to write by hand stays at least 85%
                lay[k] = float(lay.get(k, default)) * (max(f, 0.85) if k == "writing_line_gap" else f)
        else:
            raise KeyError(f"unknown theme override {key!r}")
    return Theme(folder=theme.folder, data=data)


@lru_cache(maxsize=16)
def theme_for(name: str, overrides: tuple[tuple[str, str], ...] = ()) -> Theme:
    """The theme a document asks for (document.theme, document.theme_overrides)."""
    return derive(load_theme(name), overrides)
