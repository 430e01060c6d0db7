"""Reading the settings file up to TOML data: size, encoding, what tomllib cannot parse (a syntax
error, nesting too deep for it, a number too long for int()), and text no document can hold.

``settings.load_settings`` checks the keys and values of what ``read_toml`` returns; it reports
``unprintable`` values at their keys' positions.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from outline_export.errors import OutlineError, Problem
from outline_export.loader_source import UNPRINTABLE

MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few hundred bytes; this is not one
_LONG_NUMBER = re.compile(r"[0-9_]{4300,}")


def read_toml(path: Path | str) -> tuple[str, dict]:
    """The text of the settings file and its TOML data; raises OutlineError with one problem."""
    p = str(path)

    def fail(message: str, line: int = 0, col: int = 0):
        return OutlineError([Problem(p, line, col, message)])

    try:
        raw = Path(path).read_bytes()
    except OSError as e:
        raise fail(f"cannot read the settings file: {e.strerror or e}")
    if len(raw) > MAX_SETTINGS_BYTES:
        raise fail(f"the settings file is {len(raw) / 1048576:.1f} MB; settings files are limited to "
                   f"{MAX_SETTINGS_BYTES // 1048576} MB (is this really outline-export.toml?)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail("the settings file is not UTF-8 text; save it as UTF-8")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        raise fail(f"TOML syntax error: {msg} (text values need quotes: key = \"value\")", line, col)
    except RecursionError:  # tomllib reads nested arrays, inline tables and dotted keys recursively
        line, col = _deepest(text)
        raise fail("arrays, inline tables or dotted keys nest too deep here for tomllib to read; settings "
                   "nest two levels at most, like [audiences.youth]", line, col)
    except ValueError:  # int() refuses more than 4,300 digits
        m = _LONG_NUMBER.search(text)
        line, col = _line_col(text, m.start()) if m else (1, 1)
        raise fail("this number has more than 4,300 digits; settings take small numbers, like font_size = 11",
                   line, col)


def unprintable(data: dict) -> list[tuple[str, str, str]]:
    """(table, key, character) for each text value or key holding a character no document can hold
    (a control character from an escape like ``\\u0007``, U+FFFE, U+FFFF): ``table`` is dotted like
    ``audiences.youth``, a value inside an array is named by the array's key."""
    found = []
    stack: list[tuple[str, str, object]] = [("", "", data)]
    while stack:
        table, key, value = stack.pop()
        if isinstance(value, dict):
            inner = f"{table}.{key}" if table and key else table or key
            for k, v in reversed(list(value.items())):
                bad = UNPRINTABLE.search(k)
                if bad:
                    found.append((inner, "", bad.group()))
                stack.append((inner, k, v))
        elif isinstance(value, list):
            stack.extend((table, key, v) for v in reversed(value))
        elif isinstance(value, str):
            bad = UNPRINTABLE.search(value)
            if bad:
                found.append((table, key, bad.group()))
    return found


def unprintable_message(table: str, key: str, ch: str, escape: bool = True) -> str:
    what = f"'{UNPRINTABLE.sub('?', key)}'" if key else f"a key in [{UNPRINTABLE.sub('?', table)}]" if table else "a table's name"
    made = f" (from an escape like \\u{ord(ch):04x})" if escape else ""
    return f"{what} holds the control character U+{ord(ch):04X}{made}, which a document cannot hold; remove it"


def _line_col(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _deepest(text: str) -> tuple[int, int]:
    """Where brackets and braces (outside strings and comments) nest deepest, dots on a line counted
    as levels too; (1, 1) when that cannot be found."""
    depth = dots = best = 0
    where = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            dots = 0
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j) and (len(quote) == 3 or text[j] != "\n"):
                j += 2 if c == '"' and text[j] == "\\" else 1
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
        elif c == ".":
            dots += 1
        if depth + dots > best:
            best, where = depth + dots, i
        i += 1
    return _line_col(text, where) if best else (1, 1)
