"""The languages outlines are written in: each is data, and nothing else.

A language is the files ``languages/<code>.toml`` (the words the tool prints itself: labels,
kind names, controls, dates; see ``en.toml`` for every key) and ``languages/<code>.books.toml``
(the Bible's book names as the language prints and abbreviates them, and how it writes chapter
and verse). ``LANGUAGES`` is the codes there are; adding a language is adding its two files.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

DEFAULT = "en"


def _codes() -> tuple[str, ...]:
    names = [p.name for p in resources.files(__name__).iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(n[:-5] for n in names if "." not in n[:-5]))


LANGUAGES: tuple[str, ...] = _codes()


@lru_cache(maxsize=None)
def catalogue(code: str) -> dict:
    """The parsed ``<code>.toml`` (KeyError for a language there is none of)."""
    if code not in LANGUAGES:
        raise KeyError(code)
    return tomllib.loads(resources.files(__name__).joinpath(f"{code}.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def books(code: str) -> dict:
    """The parsed ``<code>.books.toml``, or {} when the language has none yet."""
    path = resources.files(__name__).joinpath(f"{code}.books.toml")
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
