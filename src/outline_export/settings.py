"""The settings file (outline-export.toml) and command-line overrides, merged once.

Order, weakest first: built-in defaults, the file's [defaults] and [theme], the chosen audience's
[audiences.NAME] table, then the command line (--paper, --translation, --blanks, --set).
Every problem carries file:line:col and all are reported together.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from outline_export import assets
from outline_export.backends import DOCUMENT_FORMATS as FORMATS  # formats, kinds, papers: defined once
from outline_export.errors import OutlineError, Problem, UsageError
from outline_export.impose import LAYOUTS
from outline_export.layout import PAPER_NAMES as PAPERS
from outline_export.languages import LANGUAGES
from outline_export.layout import SLIDES
from outline_export.project import FILE_NAME, find_settings  # noqa: F401 (where the file is looked for)
from outline_export.settings_source import UNPRINTABLE, read_toml, unprintable, unprintable_message
from outline_export.kinds import ANSWER_KEYS, DETAILS, FITS, NOTES_FILL, REVEALS
from outline_export.views import KIND_NAMES as KINDS

BLANKS = ("fixed", "proportional")
TRANSLATIONS = ("WEB", "KJV")

DEFAULT_KEYS = ("paper", "translation", "blanks", "kinds", "formats", "audiences", "font_size", "divine_name",
                "layout", "pulpit", "detail", "fit", "notes_lines", "answer_key", "fillable", "slides", "reveal",
                "language")
THEME_KEYS = ("body_font", "heading_font", "accent_color", "docx_template")
AUDIENCE_KEYS = ("label",) + tuple(k for k in DEFAULT_KEYS if k not in ("audiences", "language")) + THEME_KEYS
CHURCH_KEYS = ("name", "logo", "website", "notes_url")
TABLES = ("church", "variables", "defaults", "audiences", "theme")
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_VAR = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}\Z")


@dataclass(frozen=True)
class Look:
    """Everything an edition can tailor: the [defaults] and [theme] keys (None: not set here)."""

    paper: str | None = None
    translation: str | None = None
    blanks: str | None = None
    kinds: tuple[str, ...] | None = None
    formats: tuple[str, ...] | None = None
    font_size: float | None = None
    body_font: str | None = None
    heading_font: str | None = None
    accent_color: str | None = None
    docx_template: str | None = None
    divine_name: str | None = None  # "LORD" or "Yahweh" (None: divine_name.DEFAULT)
    layout: str | None = None  # the PDF's sheets: impose.LAYOUTS (None: "single")
    pulpit: bool | None = None  # speaker notes as a pulpit copy
    # handouts that fit (kinds.py, fitting.py)
    detail: str | None = None  # outline | full
    fit: str | None = None  # "1 page" | "2 pages" | "none"
    notes_lines: int | str | None = None  # a number of lines, or "fill"
    answer_key: str | None = None  # own page | after | separate
    fillable: bool | None = None  # handout and worksheet PDFs as forms (pipeline.FILLABLE_KINDS)
    slides: str | None = None  # the slides' shape: layout.SLIDES ("16:9", "4:3")
    reveal: str | None = None  # the phone page's answer check: kinds.REVEALS ("check", "never")
    language: str | None = None  # what an outline without a `language` key is written in (languages.LANGUAGES)

    def over(self, base: "Look") -> "Look":
        """This look laid over ``base``: keys set here win."""
        return Look(**{k: (getattr(self, k) if getattr(self, k) is not None else getattr(base, k))
                       for k in self.__dataclass_fields__})


# No built-in paper: a paper given nowhere (None) lets a docx_template's page size win; without a
# template it is Letter (layout.writer_options).
BUILT_IN = Look(translation="WEB", blanks="fixed", kinds=KINDS, formats=("docx", "pdf"), detail="outline",
                fit="none", answer_key="own page")


@dataclass(frozen=True)
class Audience:
    name: str
    label: str
    look: Look = field(default_factory=Look)


@dataclass(frozen=True)
class Settings:
    path: str | None = None
    church: str | None = None
    logo: str | None = None
    website: str | None = None
    notes_url: str | None = None  # ${variables} unfilled (${slug} differs per outline)
    notes_url_at: tuple[str, int, int] | None = None  # file, line, col where it was set
    variables: tuple[tuple[str, str], ...] = ()
    look: Look = BUILT_IN  # built-in defaults with [defaults] and [theme] laid over them
    audiences: tuple[Audience, ...] = ()
    build_audiences: tuple[str, ...] = ()  # [defaults] audiences: what `build` renders besides the general edition

    def audience(self, name: str) -> Audience | None:
        return next((a for a in self.audiences if a.name == name), None)

    def edition(self, audience: str | None) -> tuple[Look, str | None]:
        """The merged look and the label of one edition (None: the general edition)."""
        a = self.audience(audience) if audience else None
        if a is None:
            return self.look, (audience.replace("-", " ").title() if audience else None)
        return a.look.over(self.look), a.label


class _Positions:
    """Line and column of `key = value` lines per table, found by reading the file's lines."""

    def __init__(self, text: str):
        self.where: dict[tuple[str, str], tuple[int, int]] = {}
        table = ""
        header = re.compile(r"\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")
        assign = re.compile(r"(\s*)([A-Za-z0-9_\-\"'.]+)\s*=")
        for i, line in enumerate(text.splitlines(), 1):
            m = header.match(line)
            if m and not line.lstrip().startswith("[["):
                table = m.group(1).replace('"', "").replace("'", "")
                self.where.setdefault((table, ""), (i, len(line) - len(line.lstrip()) + 1))
                continue
            m = assign.match(line)
            if m:
                key = m.group(2).strip("\"'")
                self.where.setdefault((table, key), (i, len(m.group(1)) + 1))

    def of(self, table: str, key: str = "") -> tuple[int, int]:
        return self.where.get((table, key)) or self.where.get((table, "")) or (1, 1)


class _Reader:
    def __init__(self, path: str, text: str):
        self.path = path
        self.folder = Path(path).resolve().parent
        self.pos = _Positions(text)
        self.problems: list[Problem] = []

    def error(self, table: str, key: str, message: str, severity: str = "error") -> None:
        line, col = self.pos.of(table, key)
        self.problems.append(Problem(self.path, line, col, message, severity))

    def check_keys(self, table: str, data: dict, allowed: tuple[str, ...]) -> None:
        for key in data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(allowed)}"
                where = f"[{table}]" if table else "the settings file"
                self.error(table, key, f"unknown key '{key}' in {where}{hint}")

    def text(self, table: str, data: dict, key: str) -> str | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.error(table, key, f"'{key}' must be text in quotes, like {key} = \"...\"")
            return None
        return value.strip()

    def choice(self, table: str, data: dict, key: str, choices: tuple[str, ...], upper: bool = False) -> str | None:
        value = self.text(table, data, key)
        if value is None:
            return None
        v = value.upper() if upper else value.lower()
        if v not in choices:
            close = difflib.get_close_matches(v, choices, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.error(table, key, f"{key} '{value}' is not one of: {', '.join(choices)}{hint}")
            return None
        return v

    def choices(self, table: str, data: dict, key: str, choices: tuple[str, ...]) -> tuple[str, ...] | None:
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(table, key, f"'{key}' must be a list like {key} = [\"{choices[0]}\"]")
            return None
        bad = [v for v in value if v not in choices]
        if bad:
            self.error(table, key, f"{key}: '{bad[0]}' is not one of: {', '.join(choices)}")
            return None
        if not value:
            self.error(table, key, f"'{key}' is empty; list at least one of: {', '.join(choices)}")
            return None
        return tuple(value)

    def file(self, table: str, data: dict, key: str, suffixes: tuple[str, ...] | None = None) -> str | None:
        value = self.text(table, data, key)
        if value is None:
            return None
        p = Path(value).expanduser()
        if not p.is_absolute():
            p = self.folder / p
        if not p.is_file():
            self.error(table, key, f"{key}: no file at {value!r} (looked for {p}); paths are relative to {self.path}")
            return None
        if suffixes and p.suffix.lower() not in suffixes:
            self.error(table, key, f"{key}: {value!r} should be a {' or '.join(suffixes)} file")
            return None
        return str(p)

    def image(self, table: str, data: dict, key: str) -> str | None:
        """A PNG or JPEG file, decoded in full now (assets.logo_problem), not halfway through a build."""
        path = self.file(table, data, key, (".png", ".jpg", ".jpeg"))
        reason = path and assets.logo_problem(path)
        if reason:
            shown = repr(data[key].strip())
            lead = "cannot read it "
            self.error(table, key, f"{key}: " + (f"cannot read {shown} {reason[len(lead):]}" if reason.startswith(lead)
                                                 else f"{shown} {reason}"))
            return None
        return path

    def template(self, table: str, data: dict, key: str) -> str | None:
        """A Word file the docx writer can start from, opened and checked now (assets.template_problem)."""
        path = self.file(table, data, key, (".docx", ".dotx"))
        reason = path and assets.template_problem(path)
        if reason:  # a reason that says what to do ("...; remove ...") keeps its own advice
            fix = "" if "; " in reason else "; open it in Word and save it again as .docx or .dotx"
            self.error(table, key, f"{key} {data[key].strip()!r} {reason}{fix}")
            return None
        return path

    def look(self, table: str, data: dict) -> Look:
        font_size = None
        if "font_size" in data:
            v = data["font_size"]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not 6 <= v <= 40:
                self.error(table, "font_size", "font_size must be a number of points from 6 to 40, like font_size = 16")
            else:
                font_size = float(v)
        color = self.text(table, data, "accent_color")
        if color is not None and not _COLOR.match(color):
            self.error(table, "accent_color", f"accent_color '{color}' must be a colour like \"#1F4E79\"")
            color = None
        return Look(
            paper=self.choice(table, data, "paper", PAPERS),
            translation=self.choice(table, data, "translation", TRANSLATIONS, upper=True),
            blanks=self.choice(table, data, "blanks", BLANKS),
            kinds=self.choices(table, data, "kinds", KINDS),
            formats=self.choices(table, data, "formats", FORMATS),
            font_size=font_size,
            body_font=self.font(table, data, "body_font"),
            heading_font=self.font(table, data, "heading_font"),
            accent_color=color,
            docx_template=self.template(table, data, "docx_template"),
            divine_name=self.divine_name(table, data),
            layout=self.choice(table, data, "layout", LAYOUTS),
            pulpit=self.flag(table, data, "pulpit"),
            detail=self.choice(table, data, "detail", DETAILS),
            fit=self.choice(table, data, "fit", FITS + ("none",)),
            notes_lines=self.notes_lines(table, data),
            answer_key=self.choice(table, data, "answer_key", ANSWER_KEYS),
            slides=self.choice(table, data, "slides", tuple(SLIDES)),
            reveal=self.choice(table, data, "reveal", REVEALS),
            language=self.choice(table, data, "language", LANGUAGES),
            fillable=self.flag(table, data, "fillable"),
        )

    def flag(self, table: str, data: dict, key: str) -> bool | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):  # --set defaults.pulpit=true
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            self.error(table, key, f"{key} must be true or false (no quotes), like {key} = true")
            return None
        return value

    def url(self, table: str, data: dict, key: str) -> str | None:
        """An http(s) address, ${variables} allowed, short enough for a QR code a phone reads off paper."""
        from outline_export.qr import MAX_URL

        value = self.text(table, data, key)
        if value is None:
            return None
        if not re.match(r"https?://[^\s/$.?#]", value, re.I) or re.search(r"[\s<>\"]", value):
            self.error(table, key, f"{key} {value!r} must be a web address with no spaces, like "
                                   f"{key} = \"https://example.org/sermons/${{slug}}\"")
            return None
        if len(value) > MAX_URL:
            self.error(table, key, f"{key} is {len(value)} characters; at most {MAX_URL} fit a QR code that "
                                   "scans from paper: use a shorter address (a link shortener, or ${slug})")
            return None
        return value

    def notes_lines(self, table: str, data: dict) -> int | str | None:
        """notes_lines = 0 to 60, or "fill" (the rest of the last page); --set gives text."""
        if "notes_lines" not in data:
            return None
        v = data["notes_lines"]
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if isinstance(v, str) and v.strip().lower() == NOTES_FILL:
            return NOTES_FILL
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 60:
            self.error(table, "notes_lines", f"notes_lines must be a number of lines from 0 to 60, or \"{NOTES_FILL}\" "
                                             f"(the rest of the last page), like notes_lines = 6")
            return None
        return v

    def divine_name(self, table: str, data: dict) -> str | None:
        from outline_export import divine_name

        value = self.text(table, data, "divine_name")
        if value is None:
            return None
        spelt = divine_name.choice(value)
        if spelt is None:
            close = difflib.get_close_matches(value.lower(), [c.lower() for c in divine_name.CHOICES], n=1, cutoff=0.5)
            hint = f"; did you mean '{divine_name.choice(close[0])}'?" if close else ""
            self.error(table, "divine_name", f"divine_name '{value}' is not one of: {', '.join(divine_name.CHOICES)} "
                                             f"(how the WEB's \"Yahweh\" is printed){hint}")
        return spelt

    def font(self, table: str, data: dict, key: str) -> str | None:
        from outline_export.theme import SHIPPED_FONTS

        value = self.text(table, data, key)
        if value is None:
            return None
        if value.lower() in SHIPPED_FONTS:
            return value.lower()
        if value.lower().endswith((".ttf", ".otf")):
            path = self.file(table, data, key, (".ttf",))
            if path is not None:
                reason = assets.font_problem(path)
                if reason:
                    self.error(table, key, f"{key} {value!r} cannot be used: {reason}")
                    return None
            return path
        close = difflib.get_close_matches(value.lower(), list(SHIPPED_FONTS), n=1, cutoff=0.5)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.error(table, key, f"{key} '{value}' is not a font the project ships ({', '.join(sorted(SHIPPED_FONTS))}) "
                               f"nor a path to a .ttf file{hint}")
        return None


def load_settings(path: Path | str) -> Settings:
    """Read a settings file; raises OutlineError with every problem found."""
    p = str(path)
    text, data = read_toml(path)
    r = _Reader(p, text)
    for table, key, ch in unprintable(data):
        r.error(table, key, unprintable_message(table, key, ch))
    r.check_keys("", data, TABLES)
    tables = {}
    for t in TABLES:
        v = data.get(t, {})
        if not isinstance(v, dict):
            r.error("", t, f"'{t}' must be a table: write it as [{t}] on a line of its own")
            v = {}
        tables[t] = v

    church = tables["church"]
    r.check_keys("church", church, CHURCH_KEYS)
    variables = []
    for k, v in tables["variables"].items():
        if not _VAR.match(k):
            r.error("variables", k, f"variable name '{k}' must be letters, digits, '_' or '-', starting with a letter")
        elif isinstance(v, (dict, list)):
            r.error("variables", k, f"variable '{k}' must be text, like {k} = \"...\"")
        else:
            variables.append((k, str(v)))

    defaults = tables["defaults"]
    r.check_keys("defaults", defaults, DEFAULT_KEYS + THEME_KEYS)
    theme = tables["theme"]
    r.check_keys("theme", theme, THEME_KEYS)
    look = r.look("theme", theme).over(r.look("defaults", defaults)).over(BUILT_IN)

    audiences = []
    for name, table in tables["audiences"].items():
        tname = f"audiences.{name}"
        if not _NAME.match(name):
            r.error(tname, "", f"audience '{name}' must be a lowercase word like 'youth' or 'small-groups'")
            continue
        if not isinstance(table, dict):
            r.error("audiences", name, f"audience '{name}' must be a table: write [audiences.{name}]")
            continue
        if "language" in table:  # references are read once, in one language, for every edition
            r.error(tname, "language", "an audience cannot have its own language: an outline's references are read "
                                       "in one language for every edition; set language in [defaults], or as "
                                       "language: in the outline")
        r.check_keys(tname, {k: v for k, v in table.items() if k != "language"}, AUDIENCE_KEYS)
        label = r.text(tname, table, "label") or name.replace("-", " ").title()
        audiences.append(Audience(name, label, r.look(tname, table)))

    build_audiences = ()
    if "audiences" in defaults:
        value = defaults["audiences"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            r.error("defaults", "audiences", "'audiences' must be a list of audience names, like audiences = [\"youth\"]")
        else:
            known = [a.name for a in audiences]
            for v in value:
                if v not in known:
                    close = difflib.get_close_matches(v, known, n=1, cutoff=0.5)
                    hint = f"; did you mean '{close[0]}'?" if close else (
                        f"; define it with an [audiences.{v}] table" if _NAME.match(v) else "")
                    r.error("defaults", "audiences", f"audience '{v}' in [defaults] audiences is not defined{hint}")
            build_audiences = tuple(v for v in value if v in known)

    church_name = r.text("church", church, "name")
    logo = r.image("church", church, "logo")
    website = r.text("church", church, "website")
    notes_url = r.url("church", church, "notes_url")
    if any(pr.is_error for pr in r.problems):
        raise OutlineError(r.problems)
    return Settings(
        path=p,
        church=church_name,
        logo=logo,
        website=website,
        notes_url=notes_url,
        notes_url_at=(p, *r.pos.of("church", "notes_url")) if notes_url else None,
        variables=tuple(variables),
        look=look,
        audiences=tuple(audiences),
        build_audiences=build_audiences,
    )


def apply_overrides(settings: Settings, sets: tuple[str, ...]) -> Settings:
    """``--set NAME=VALUE``: a variable, or with a dot a settings key (church.name, defaults.paper, theme.accent_color)."""
    problems = []
    variables = dict(settings.variables)
    s = settings
    for item in sets:
        if "=" not in item:
            problems.append(Problem("--set", 0, 0, f"'{item}' must look like NAME=VALUE"))
            continue
        name, value = item.split("=", 1)
        name = name.strip()
        if UNPRINTABLE.search(item):
            problems.append(Problem("--set", 0, 0, unprintable_message("", name, UNPRINTABLE.search(item).group(), False)))
            continue
        if "." not in name:
            if not _VAR.match(name):
                problems.append(Problem("--set", 0, 0, f"variable name '{name}' must be letters, digits, '_' or '-'"))
            variables[name] = value
            continue
        table, key = name.split(".", 1)
        if table == "church" and key in ("name", "website"):
            s = replace(s, **{"church" if key == "name" else key: value})
        elif table == "church" and key == "notes_url":
            tmp = _Reader("--set", "")
            url = tmp.url("--set", {key: value}, key)
            problems.extend(Problem("--set", 0, 0, pr.message) for pr in tmp.problems)
            s = replace(s, notes_url=url, notes_url_at=("--set church.notes_url", 0, 0))
        elif table in ("defaults", "theme") and key in DEFAULT_KEYS + THEME_KEYS and key not in ("audiences", "kinds", "formats"):
            tmp = _Reader("--set", "")
            tmp.folder = Path.cwd()
            look = tmp.look("--set", {key: float(value) if key == "font_size" and _is_number(value) else value})
            problems.extend(Problem("--set", 0, 0, pr.message) for pr in tmp.problems)
            s = replace(s, look=look.over(s.look))
        else:
            problems.append(Problem("--set", 0, 0, f"cannot set '{name}' from the command line; "
                                                    "use a variable name, church.name, defaults.KEY or theme.KEY"))
    if problems:
        raise UsageError(problems)
    return replace(s, variables=tuple(variables.items()))


def _is_number(v: str) -> bool:
    try:
        float(v)
        return True
    except ValueError:
        return False


def option_value(option: str, key: str, value: str | None):
    """A command-line option for one [defaults] key (``--layout booklet``), checked by that key's own
    validator; None when not given. A bad value is a usage error (exit 2) naming the option."""
    if value is None:
        return None
    tmp = _Reader(option, "")
    tmp.folder = Path.cwd()
    look = tmp.look(option, {key: value})
    if tmp.problems:
        raise UsageError([Problem(option, 0, 0, pr.message) for pr in tmp.problems])
    return getattr(look, key)
