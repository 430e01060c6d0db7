"""What a view needs besides the outline (``ViewOptions``), and how each kind's documents are drawn
for them (``writer_options``): merged from settings and the command line by ``pipeline``."""

from __future__ import annotations

from dataclasses import dataclass, replace

from outline_export.kinds import KINDS


@dataclass(frozen=True)
class ViewOptions:
    """Everything a view needs besides the outline (merged from settings and the command line),
    and the look its documents are drawn with (``writer_options``)."""

    paper: str | None = None  # None: a Word template's page size, else letter (layout.writer_options)
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
    notes_url: str | None = None  # [church] notes_url, ${variables} unfilled: a QR code in the title block
    notes_url_at: tuple[str, int, int] | None = None  # where it was set (file, line, col), for its problems
    pulpit: bool = False  # speaker notes as a pulpit copy (PULPIT_SIZE type, wide right margin, per-point clock)
    detail: str = "outline"  # handouts and worksheets: "outline" (the skeleton) or "full" (kinds.DETAILS)
    fit: str | None = None  # "1 page" | "2 pages" (fitting.py); None: as long as it runs
    notes_lines: int | str | None = None  # Notes lines of a handout/worksheet; None: the kind's; "fill" (fitting.py)
    answer_key: str = "own page"  # own page | after | separate (kinds.ANSWER_KEYS)
    question_lines: int | None = None  # writing lines under each question; None: the kind's (fitting.py sets fewer)
    compact_title: bool = False  # the title block's lines under the title joined into one (fitting.py)
    key_only: bool = False  # the worksheet's separate answer key file: title block and key only
    medium: str = "paper"  # what the document is drawn on: kinds.MEDIUMS (the writer's, backends.WRITERS)
    reveal: str = "check"  # a phone page: "check" its answers, or "never" (kinds.REVEALS)
    slides: str = "16:9"  # the slides' shape (layout.SLIDES)
    language: str | None = None  # the settings' language: an outline's own `language` wins (languages.LANGUAGES)


PULPIT_SIZE = 16.5  # points: a pulpit copy's body text
PULPIT_RIGHT_MARGIN = 180.0  # points (2.5 in): room to write beside a pulpit copy


def body_size(kind: str, options: ViewOptions) -> float:
    if options.pulpit and KINDS[kind].speaker_notes:
        return PULPIT_SIZE
    base = KINDS[kind].body_size
    return options.body_size * base / KINDS["handout"].body_size if options.body_size else base


def writer_options(kind: str, options: ViewOptions):
    """How ``kind``'s documents are drawn for ``options``: theme, body size, paper, template."""
    from outline_export.layout import writer_options as make

    # paper None: none was given, so a template's page size; sized: font_size was set, so a
    # template's text is set at the body size too
    pulpit = options.pulpit and KINDS[kind].speaker_notes
    look = make(options.theme, options.theme_overrides, body_size(kind, options), options.paper,
                options.docx_template, sized=options.body_size is not None or pulpit,
                right_margin=PULPIT_RIGHT_MARGIN if pulpit else None)
    return look if options.medium != "slides" else replace(look, slides=options.slides)
