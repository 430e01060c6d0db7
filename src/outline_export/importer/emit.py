"""The imported outline as YAML a person can read and edit: keys in the order of docs/format.md,
block style, a string quoted only where YAML would read it as something else (PyYAML's own
emitter decides, one scalar at a time, so ``a: b``, `` #``, ``- x``, ``*``, ``&``, ``!``, ``{``,
``[``, quotes, ``@``, ``%``, yes/no/on/off, numbers and dates survive), paragraphs as ``|``
blocks, and the builder's doubts as ``# comments`` above the place they are about.

A mapping's ``"#"`` entry (a list of lines) is its comment.
"""

from __future__ import annotations

import yaml

OUTLINE_ORDER = ("language", "title", "subtitle", "passage", "speaker", "date", "series", "big_idea", "key_verse",
                 "numbering", "numbered_sections", "introduction", "sections", "questions", "closing")
SECTION_ORDER = ("heading", "ref", "minutes", "audience", "numbering", "text", "note", "points", "closing")
POINT_ORDER = ("text", "quote", "ref", "translation", "audience", "numbering", "note", "detail", "points")
KEY_VERSE_ORDER = ("ref", "text", "translation")
PARAGRAPH_KEYS = frozenset({"introduction", "text", "closing", "note", "detail"})


def scalar(value) -> str:
    """One value on one line, quoted where YAML would misread it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    out = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=False)
    if out.endswith("\n...\n"):
        out = out[:-5]
    out = out.rstrip("\n")
    if "\n" in out:  # a plain scalar PyYAML folded anyway: quote it so it stays one line
        out = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_style='"').rstrip("\n")
    return out


def _block_ok(paragraphs: list[str]) -> bool:
    return all(p and p == p.strip() and "\n" not in p and all(c.isprintable() for c in p) for p in paragraphs)


def _paragraphs(key: str, value, indent: str) -> list[str]:
    paragraphs = [value] if isinstance(value, str) else list(value)
    if len(paragraphs) == 1:
        return [f"{indent}{key}: {scalar(paragraphs[0])}"]
    if _block_ok(paragraphs):
        out = [f"{indent}{key}: |"]
        for i, p in enumerate(paragraphs):
            if i:
                out.append("")
            out.append(f"{indent}  {p}")
        return out
    return [f"{indent}{key}:"] + [f"{indent}  - {scalar(p)}" for p in paragraphs]


def _order(mapping: dict, key_order) -> list[str]:
    keys = [k for k in key_order if k in mapping]
    return keys + [k for k in mapping if k not in keys and k != "#"]


def _comment(mapping, indent: str) -> list[str]:
    if not isinstance(mapping, dict):
        return []
    return [f"{indent}# {line}" for c in mapping.get("#", ()) for line in c.splitlines()]


def _mapping(mapping: dict, indent: str, first: str, key_order) -> list[str]:
    """``first`` is the indent of the first key (``- `` for a list item)."""
    out: list[str] = []
    for i, key in enumerate(_order(mapping, key_order)):
        lead = first if i == 0 else indent
        value = mapping[key]
        if key in PARAGRAPH_KEYS:
            lines = _paragraphs(key, value, indent)
            out.extend([lead + lines[0][len(indent):]] + lines[1:])
        elif isinstance(value, dict):
            out.extend(_comment(value, indent))
            out.append(f"{lead}{key}:")
            out.extend(_mapping(value, indent + "  ", indent + "  ", KEY_VERSE_ORDER))
        elif isinstance(value, list) and key == "audience":
            out.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]")
        elif isinstance(value, list):
            out.append(f"{lead}{key}:")
            order = SECTION_ORDER if key == "sections" else POINT_ORDER
            out.extend(_list(value, indent + "  ", order))
        else:
            out.append(f"{lead}{key}: {scalar(value)}")
    return out


def _list(items: list, indent: str, key_order) -> list[str]:
    out: list[str] = []
    for item in items:
        out.extend(_comment(item, indent))
        if isinstance(item, dict):
            plain = {k: v for k, v in item.items() if k != "#"}
            if list(plain) == ["text"] and isinstance(plain["text"], str):
                out.append(f"{indent}- {scalar(plain['text'])}")
            else:
                out.extend(_mapping(item, indent + "  ", indent + "- ", key_order))
        else:
            out.append(f"{indent}- {scalar(item)}")
    return out


def dump(outline: dict) -> str:
    """The outline (plain dicts, lists and strings; ``"#"`` entries as comments) as YAML text."""
    lines = _comment(outline, "") + _mapping(outline, "", "", OUTLINE_ORDER)
    return "\n".join(lines) + "\n"


def yaml_text(imported) -> str:
    """The YAML of an ``build.Imported``."""
    return dump(imported.outline)
