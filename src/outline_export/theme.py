"""Themes as data: fonts, page margins, colours and paragraph styles, read from a theme.yaml.

A style inherits every key it does not set from its ``parent``. Sizes in a style are multiples of
the document's body size; ``Theme.style(name, body_size)`` returns absolute points.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
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
    keep_with_next: bool
    indent: float  # points


@dataclass(frozen=True)
class Theme:
    folder: Path
    data: dict

    @property
    def fonts(self) -> dict[str, dict[str, Path]]:
        """family -> {regular, bold, italic, bolditalic} -> absolute file path."""
        return {
            fam: {face: self._path(p) for face, p in faces.items()}
            for fam, faces in self.data["fonts"].items()
        }

    def _path(self, p: str) -> Path:
        path = Path(p)
        return path if path.is_absolute() else self.folder / path

    def color(self, value: str) -> str:
        """A colour name from ``colors`` or a literal ``#RRGGBB``."""
        return self.data.get("colors", {}).get(value, value)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

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

    def style(self, name: str, body_size: float = 11.0) -> Style:
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
            keep_with_next=bool(s["keep_with_next"]),
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
