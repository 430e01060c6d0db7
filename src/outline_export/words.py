"""The words a document's language gives the views (``languages/<code>.toml``): labels, kind
names, the phone page's and slides' controls, translation credits and dates. ``views`` asks for
every word it adds here; nothing here draws.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cached_property

from outline_export import languages


@dataclass(frozen=True)
class Words:
    """One language's catalogue, as the views use it."""

    language: str = languages.DEFAULT

    @cached_property
    def catalogue(self) -> dict:
        return languages.catalogue(self.language)

    def __getitem__(self, key: str) -> str:
        """A label of [words], with its {placeholders} still to fill."""
        return self.catalogue["words"][key]

    @property
    def controls(self) -> tuple[tuple[str, str], ...]:
        """The words of a screen's or slide deck's own controls and messages, by key."""
        return tuple(self.catalogue["controls"].items())

    def kind_title(self, kind: str) -> str:
        """A kind's name (the document keywords)."""
        return self.catalogue["kinds"][kind]["title"]

    def edition_label(self, kind: str) -> str | None:
        """The label above the title ("Speaker Notes"), or None."""
        return self.catalogue["kinds"][kind]["edition_label"] or None

    def translation(self, name: str) -> str:
        """The credit line's name of a translation; one the catalogue does not name, as written."""
        return self.catalogue["translations"].get(name.upper(), name)

    def date(self, text: str | None) -> str | None:
        """An ISO date ("2026-03-01") in the language's own form ("1 de marzo de 2026")."""
        if not text:
            return None
        day = _dt.date.fromisoformat(text)
        dates = self.catalogue["dates"]
        return dates["format"].format(day=dates["days"].get(str(day.day), str(day.day)),
                                      month=dates["months"][day.month - 1], year=day.year)


def words_for(outline_language: str | None, settings_language: str | None) -> Words:
    """The words of a document: the outline's own language, else the settings', else English."""
    return Words(outline_language or settings_language or languages.DEFAULT)
