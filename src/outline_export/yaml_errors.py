"""Where a YAML syntax error really comes from, and what to type instead.

``yaml_error`` turns a PyYAML syntax error into (line, col, message) at the real cause: where a
quotation mark opens, the key written under a plain-text point, the key indented too far, the
missing space after ``:`` or ``-``, a key with no colon on an earlier line that made the lines after
it run on as one text, a list item a column or three off, a tab, a backslash inside double quotes.
The wording shared with the loader's own checks is in ``loader_hints``.
"""

from __future__ import annotations

import re

from outline_export.loader_hints import _COMMENT, ALL_KEYS, _dq, _quoted, clip, line_up_message, sub_points_fix


_LINE = re.compile(
    r"(?P<ind>[ \t]*)(?P<dash>(?:-[ \t]+)*)"
    r"(?:(?P<key>[^\s#'\"\[\]{}|>\-][^\n]*?|[^\s#'\"\[\]{}|>]):(?:[ \t]+|$))?"
    r"(?P<value>.*)"
)
_BLOCK = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?\Z")
_CURLY = "“”‘’„«»"


def _parse(line: str):
    return _LINE.match(line)


def _close(s: str, i: int, q: str) -> int:
    """Index of the quotation mark ``q`` closing a quoted text in ``s`` from index ``i``, or -1."""
    while i < len(s):
        c = s[i]
        if q == '"' and c == "\\":
            i += 2
            continue
        if c == q:
            if q == "'" and s[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _prefix(m) -> str:
    """The start of a parsed line before its value: '- ', 'text: ', '- heading: '."""
    return (m.group("dash") or "").replace("\t", " ") + (f"{m.group('key')}: " if m.group("key") else "")


def _unclosed(lines: list[str], n: int, col: int) -> tuple[int, int, str]:
    m = _parse(lines[n])
    value = lines[n][col:].rstrip()
    q = value[0]
    if q == "'":
        return n, col, ("a value that begins with an apostrophe (') is read as quoted text, and this one is "
                        f"not closed on its line; put the whole text in double quotes: {_prefix(m)}{_dq(value)}")
    return n, col, ('the quotation mark (") opened here is not closed on its line; close it at the end '
                    f"of the text: {_prefix(m)}{clip(value)}\"")


def _midline(lines: list[str], n: int, col: int, close: int) -> tuple[int, int, str]:
    m = _parse(lines[n])
    value = lines[n][col:].rstrip()
    q = value[0]
    mark = "apostrophe (')" if q == "'" else 'quotation mark (")'
    left = lines[n][close + 1 :].strip()
    if len(value) > 1 and value.endswith(q):  # meant as YAML quotes; a mark inside ends them early
        inner = value[1:-1]
        return n, col, (f"the quoted text opened here ends early, at the {mark} before '{left}'; "
                        f"quote it with the other kind of mark: {_prefix(m)}{_dq(inner) if q == chr(39) else _quoted(inner)}")
    return n, col, (f"a value that begins with a{'n' if q == chr(39) else ''} {mark} is read as quoted text that "
                    f"ends at the next one, leaving '{left}' over; put the whole text in quotes: "
                    f"{_prefix(m)}{_dq(value) if q == chr(39) else _quoted(value)}")


def _quote_trouble(lines: list[str], err_line: int, context_line: int | None) -> tuple[int, int, str] | None:
    """The quotation mark behind a syntax error reported on ``err_line``: a quoted value that closes
    mid-line (on the error line), or one that opens and is not closed on its line."""
    inside = None  # (line, col) of a quoted value still open
    block = None  # indentation a block scalar's lines go deeper than
    for n, line in enumerate(lines[: err_line + 1]):
        if inside is not None:
            q = lines[inside[0]][inside[1]]
            j = _close(line, 0, q)
            if j < 0:
                continue
            opened = inside
            inside = None
            if n == err_line:
                return _unclosed(lines, *opened)
            continue
        stripped = line.strip()
        if block is not None:
            if not stripped or len(line) - len(line.lstrip()) > block:
                continue
            block = None
        if not stripped or stripped.startswith("#"):
            continue
        m = _parse(line)
        value = m.group("value")
        col = m.start("value")
        if _BLOCK.match(value):
            block = len(m.group("ind")) + len(m.group("dash"))
            continue
        if value[:1] not in ("'", '"'):
            continue
        j = _close(line, col + 1, value[0])
        if j < 0:
            if context_line == n or n == err_line:
                return _unclosed(lines, n, col)
            inside = (n, col)
            continue
        rest = line[j + 1 :].strip()
        if rest and rest[0] not in "#:,]}" and n == err_line:
            return _midline(lines, n, col, j)
    if inside is not None:
        return _unclosed(lines, *inside)
    return None


def _parent(lines: list[str], n: int, indent: int):
    """The nearest line above line ``n`` that is indented less than ``indent``: (number, match)."""
    for k in range(n - 1, -1, -1):
        text = lines[k]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip()) < indent:
            return k, _parse(text)
    return None, None


def _previous(lines: list[str], n: int):
    for k in range(n - 1, -1, -1):
        if lines[k].strip() and not lines[k].lstrip().startswith("#"):
            return k
    return None


_NO_SPACE = re.compile(r"(?P<ind>[ \t]*(?:-[ \t]+)*)(?P<key>[a-z_]+):(?P<value>[^\s:].*)")


def _no_space(lines: list[str], n: int | None) -> tuple[int, int, str] | None:
    if n is None:
        return None
    m = _NO_SPACE.fullmatch(lines[n].rstrip())
    if m and m.group("key") in ALL_KEYS:
        return n, m.end("key"), (f"a space is needed after the colon: write {m.group('key')}: {m.group('value')}")
    return None


_ITEMS = {"sections": ("section", "heading"), "questions": ("question", "text")}  # else a point


def _mapping_values(lines: list[str], n: int, col: int) -> tuple[int, int, str]:
    """': ' where YAML allows no key: a key under a plain-text point, a key indented too far, a
    missing space after a key's colon, or a colon inside a value."""
    line = lines[n]
    m = _parse(line)
    key_col = len(m.group("ind")) + len(m.group("dash"))
    # (a key is a word or three: a sentence with ': ' in it is text, below)
    if m.group("key") is not None and m.end("key") == col and not m.group("dash") and len(m.group("key").split()) <= 3:
        found = _no_space(lines, _previous(lines, n))
        if found:
            return found
        key = m.group("key")
        k, parent = _parent(lines, n, key_col)
        if parent is not None:
            pkey = parent.group("key")
            pvalue = parent.group("value").strip()
            if pkey is None and parent.group("dash") and pvalue:
                _, owner = _parent(lines, k, _indent(lines[k]))
                what, first = _ITEMS.get(owner.group("key") if owner else None, ("point", "text"))
                return n, key_col, (f"'{key}:' cannot go under a {what} written as plain text (line {k + 1}); "
                                    f"write that {what} as '{parent.group('dash')}{first}: {pvalue}' and put "
                                    f"'{key}:' on the next line, lined up under '{first}:'")
            if pkey is not None and pvalue and len(pkey.split()) <= 3:  # a key, not a sentence with ': '
                return n, key_col, (f"'{key}:' is indented more than '{pkey}:' on line {k + 1}, so it reads as "
                                    f"more of that value; line '{key}:' up under '{pkey}:'")
    found = _run_on(lines, n)
    if found:
        return found
    fix, whole = _quote_fix(line)
    if whole[:1] in _CURLY or m.group("value")[:1] in _CURLY:
        return n, col, ("curly quotes (“ ” ‘ ’) are ordinary characters in YAML, not quotation marks, so the "
                        f"': ' inside starts a key; put the whole text in straight double quotes: {fix}")
    return n, col, f"a ': ' inside the text starts a key; put the whole text in double quotes: {fix}"


def _scalar_start(lines: list[str], n: int) -> int | None:
    """The line where the plain text YAML was reading when it failed on line ``n`` began, when that
    is an earlier line (lines indented under a value run on as more of it); else None."""
    import yaml

    start = None
    try:
        for token in yaml.scan("\n".join(lines[: n + 1])):
            if isinstance(token, yaml.ScalarToken):
                start = token.start_mark.line if token.plain else None
    except yaml.YAMLError:
        pass
    return start if start is not None and start < n else None


def _run_on(lines: list[str], n: int) -> tuple[int, int, str] | None:
    """A mistake on an earlier line that made the lines after it run on as one text up to line
    ``n``: a '-' or a key's ':' with no space after it, a key with no colon."""
    s = _scalar_start(lines, n)
    if s is None:
        return None
    m = re.match(r"([ \t]*(?:-[ \t]+)*)-(?=[^\s\-])", lines[s])
    if m:
        rest = lines[s][m.end():].rstrip()
        return s, len(m.group(1)), (f"a list item needs a space after '-': write - {rest} (without it, the "
                                    f"lines below run on as more of this text, up to line {n + 1})")
    found = _no_space(lines, s)
    if found:
        return found[0], found[1], found[2] + f" (without it, the lines below run on as more of this text, up to line {n + 1})"
    for k in range(s + 1, n):
        words = lines[k].split(None, 1)
        if words and words[0] in ALL_KEYS and len(words) == 1:
            return k, _indent(lines[k]), (f"a colon is missing after '{words[0]}': write {words[0]}: (without it, "
                                          f"the lines from line {s + 1} to line {n + 1} run on as one text)")
    return n, _indent(lines[n]), (f"the text that begins on line {s + 1} runs on to this line (lines indented "
                                  "under a value are read as more of it), and here ': ' starts a key; check the "
                                  f"indentation and colons from line {s + 1} on")


def _quote_fix(line: str) -> tuple[str, str]:
    """(the line as it should be written, with its text in double quotes; that text): a known key
    stays a key (``heading: "..."``), anything else after the dashes is text."""
    m = _parse(line)
    if m.group("key") in ALL_KEYS:
        keep, whole = _prefix(m), m.group("value")
    else:
        keep, whole = m.group("dash") or "", line[m.end("dash"):]
    whole = re.sub(r"[ \t]+#.*\Z", "", whole).strip()
    return keep.replace("\t", " ") + _dq(whole), whole


def yaml_error(problem: str, context: str, line: int, col: int, context_line: int | None,
               lines: list[str]) -> tuple[int, int, str]:
    """(line, col, message), 0-based, for a PyYAML syntax error ``problem`` reported at line:col."""
    line_text = lines[line] if line < len(lines) else ""
    found = _quote_trouble(lines, min(line, len(lines) - 1), context_line if "quoted scalar" in context else None)
    if found:
        return found
    if "mapping values are not allowed" in problem:
        return _mapping_values(lines, line, col)
    start = re.sub(r"^\s*(-\s+)*([^:#]+:\s+)?", "", line_text)
    special, ch = None, start[:1]
    if ch in ("[", "{"):
        special = f"is read as a {'list' if ch == '[' else 'mapping'}"
    elif ch == "*" or "alias" in problem:
        special, ch = "is read as a YAML alias", "*"
    elif ch in ("&", "!", "%", "@", "`", "|", ">") and "block scalar" not in problem:
        special = "has a special meaning in YAML"
    if special:
        if start[:1] == ch:
            col = len(line_text) - len(start)  # where the value begins
        return line, col, (f"YAML syntax error: {problem}; a value that begins with '{ch}' {special}: "
                           f"put the whole text in double quotes: {_quote_fix(line_text)[0]}")
    if "\t" in problem or "tab" in problem.lower() or line_text.lstrip(" ").startswith("\t"):
        k = _previous(lines, line)
        above = _parse(lines[k]) if k is not None else None
        where = ""
        if above is not None and above.group("key") is not None:
            spaces = len(above.group("ind").replace("\t", " ")) + len(above.group("dash"))
            key = above.group("key")
            where = (f": start this line with {spaces + 2} spaces, to go under '{key}:' on line {k + 1}"
                     if not above.group("value").strip() else
                     f": start this line with {spaces} spaces, to line it up with '{key}:' on line {k + 1}")
        return line, col, f"YAML syntax error: {problem}; indent with spaces, not tabs{where}"
    if "unknown escape" in problem:
        m = _parse(line_text)
        value = m.group("value").rstrip()
        inner = value[1:-1] if value.endswith('"') and len(value) > 1 else value[1:]
        return line, col, ("inside double quotes a backslash starts an escape like \\n; write \\\\ for a "
                           f"backslash, or use single quotes: {_prefix(m)}{_quoted(inner)}")
    for n in (context_line, line):
        if n is not None and n < len(lines):
            m = re.match(r"([ \t]*)-(?=[^\s\-])", lines[n])
            if m:
                rest = lines[n][m.end():].rstrip()
                return n, len(m.group(1)), f"a list item needs a space after '-': write - {rest}"
    if "could not find expected ':'" in problem and context_line is not None:
        k = _previous(lines, context_line)
        above = _parse(lines[k]) if k is not None else None
        if above and above.group("key") and _BLOCK.match(above.group("value")):
            bar = above.group("value")[0]
            return context_line, _indent(lines[context_line]), (
                f"the lines of a '{above.group('key')}: {bar}' block go indented under it: indent this line "
                f"more than '{above.group('key')}:' on line {k + 1}")
        words = lines[context_line].split(None, 1)
        if words and words[0] in ALL_KEYS:
            return context_line, _indent(lines[context_line]), (
                f"a colon is missing after '{words[0]}': write {words[0]}:{' ' + words[1].strip() if len(words) > 1 else ''}")
        return context_line, _indent(lines[context_line]), (
            "this line is neither a list item ('- ...') nor a key ('key: ...'): start it with '- ', put ':' "
            "after its key, or indent it further to continue the line above")
    if "expected <block end>" in problem or "did not find expected" in problem:
        found = _misaligned(lines, line)
        if found:
            return found
        return line, col, (f"YAML syntax error: {problem}; check the indentation of this line against the "
                           "lines above it")
    return line, col, f"YAML syntax error: {problem}"


def _misaligned(lines: list[str], n: int) -> tuple[int, int, str] | None:
    """A list item or key starting a column or three away from the level it should line up with
    (the nearest of the levels above it), or a list item indented under a point written as text."""
    if n >= len(lines) or not lines[n].strip():
        return None
    m = _parse(lines[n])
    dash = bool(m.group("dash"))
    if not dash and m.group("key") is None:
        return None
    col = len(m.group("ind"))
    this = "this '- '" if dash else f"'{m.group('key')}:'"
    levels: dict[int, int] = {}  # column -> the nearest line above at that column
    first = True
    for k in range(n - 1, -1, -1):
        text = lines[k]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        other = _parse(text)
        if dash:
            c = len(other.group("ind")) if other.group("dash") else None
        else:
            c = len(other.group("ind")) + len(other.group("dash")) if other.group("key") is not None else None
        if first and dash and c is not None and c < col and other.group("key") is None and other.group("value").strip():
            value = _COMMENT.sub("", other.group("value")).strip() if not re.search(r"[ \t]#", other.group("value")) \
                else _dq(other.group("value").strip())
            return n, col, (f"this '- ' is indented under a point written as plain text (line {k + 1}); to give it "
                            f"sub-points, {sub_points_fix(value, 'it')}")
        first = False
        if c == col:
            return None
        if c is not None:
            levels.setdefault(c, k)
        if _indent(text) < col - 3:
            break
    near = sorted((abs(c - col), c) for c in levels if 0 < abs(c - col) <= 3)
    if not near:
        return None
    c = near[0][1]
    k = levels[c]
    other = _parse(lines[k])
    that = "the '- '" if dash else f"'{other.group('key')}:'"
    return n, col, line_up_message(this, col, that, k + 1, c)


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
