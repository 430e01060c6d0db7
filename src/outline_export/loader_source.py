"""Reading an outline file up to a YAML node tree: finding files, bytes to text, pre-scan, composing.

``find_outlines`` expands files and folders; ``read_source`` reads UTF-8 and UTF-16 and refuses
empty, oversized, binary and other files; ``compose`` refuses absurd nesting before PyYAML sees it
(libyaml crashes far beyond ``MAX_NESTING``) and YAML anchors and aliases from the parser's events
(an alias copies a whole subtree: a few hundred bytes can stand for gigabytes), composes with the
C composer (which keeps line marks) and turns a YAML syntax error into one errors.Problem at its
cause (``yaml_errors.yaml_error``). ``unprintable`` finds the characters no document can hold (from
double-quoted escapes). Walking the node tree is ``loader``'s job.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from outline_export.errors import OutlineError, Problem
from outline_export.loader_hints import clip
from outline_export.yaml_errors import yaml_error

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NESTING = 200  # YAML nesting the composer is allowed to see (libyaml crashes far beyond this)


def _nesting_depth(text: str) -> int:
    """A cheap over-estimate of YAML nesting: libyaml's composer crashes on absurdly deep input."""
    deepest = 0
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = 0
        for ch in text:
            if ch in "[{":
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif ch in "]}":
                depth -= 1
    return max(deepest, _block_depth(text))


_BLOCK_SCALAR = re.compile(r"(?:[^#\n]*?:[ \t]+)?[|>][-+0-9]{0,2}[ \t]*(?:#.*)?\Z")


def _block_depth(text: str) -> int:
    """Block nesting: the open indentation levels (each '- ', '? ' or ': ' starting a line opens
    one more), a block scalar's lines (``text: |``, however far they are indented) left out."""
    deepest = 0
    stack: list[int] = []  # the columns where the open levels start
    inside = -1  # lines indented more than this column are a block scalar's text
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        at = len(line) - len(body)
        if inside >= 0:
            if at > inside:
                continue
            inside = -1
        cols = [at]
        while at < len(line) and line[at] in "-?:" and (at + 1 == len(line) or line[at + 1] == " "):
            at += 1
            while at < len(line) and line[at] == " ":
                at += 1
            cols.append(at)
        while stack and stack[-1] >= cols[0]:
            stack.pop()
        stack.extend(cols)
        deepest = max(deepest, len(stack))
        if _BLOCK_SCALAR.match(line, at):
            inside = cols[-1]
    return deepest


_ANCHOR = re.compile(r"(?:^|[\s\[{,:])&[^\s\[\]{},]")  # where a YAML anchor could be (over-estimate)
MAX_REPORTED = 10  # anchors and aliases named one by one; the rest are counted


def _anchors(text: str, path: str) -> list[Problem]:
    """Every YAML anchor (``&name``) and alias (``*name``), read from the parser's events before any
    node tree exists: an outline has no use for them, and an alias repeats a whole subtree (a few
    hundred bytes of aliases to aliases stand for gigabytes of text; ``&a [x, *a]`` for a list that
    holds itself). A text without an anchor can hold no alias (composing refuses an undefined one)."""
    if not _ANCHOR.search(text):
        return []
    lines = text.split("\n")
    anchors: dict[str, int] = {}  # name -> the line of its anchor (1-based)
    found: list[tuple[int, int, str, str]] = []  # (line, col, kind, name), 0-based
    for ev in yaml.parse(text, Loader=_Loader):
        name = getattr(ev, "anchor", None)
        if not name:
            continue
        m = ev.start_mark
        if isinstance(ev, yaml.AliasEvent):
            found.append((m.line, m.column, "alias", name))
            continue
        at = text.find("&" + name, m.index)  # the mark is at a tag when one comes first
        at = m.index if at < 0 else at
        line = m.line + text.count("\n", m.index, at)
        found.append((line, at - (text.rfind("\n", 0, at) + 1), "anchor", name))
        anchors.setdefault(name, line + 1)
    uses: dict[str, list[int]] = {}
    for line, _, kind, name in found:
        if kind == "alias":
            uses.setdefault(name, []).append(line + 1)
    named = [f for f in found if f[2] == "anchor" or f[3] not in anchors]  # an alias is named at its anchor
    problems = []
    for line, col, kind, name in named[:MAX_REPORTED]:
        if kind == "alias":
            message = (f"'*{name}' is read as a YAML alias, but no value is marked '&{name}'; if it belongs "
                       "to the text, put the whole value in double quotes")
        elif name in uses:
            at = uses[name]
            where = (f"line {at[0]}" if len(at) == 1 else f"lines {at[0]} and {at[1]}" if len(at) == 2
                     else f"{len(at)} places, the first on line {at[0]}")
            message = (f"'&{name}' is a YAML anchor: YAML copies this value to each '*{name}' ({where}); "
                       f"outlines do not use YAML anchors and aliases: write each part out where it belongs")
        else:
            written = lines[line][col:].strip().replace("\\", "\\\\").replace('"', '\\"')
            before = lines[line][:col].lstrip()
            message = (f"'&{name}' is read as a YAML anchor and left out of the text; if it belongs to the "
                       f"text, put the whole value in double quotes: {before}\"{clip(written)}\"")
        problems.append(Problem(path, line + 1, col + 1, message))
    if len(named) > MAX_REPORTED:
        line, col = named[MAX_REPORTED][:2]
        problems.append(Problem(path, line + 1, col + 1, f"{len(named) - MAX_REPORTED} more YAML anchors "
                                                         "from here on; outlines do not use them"))
    return problems


UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # not in XML 1.0
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_BAD_ESCAPE = re.compile(r"\\(?:[0abvfe]|x[01]|u00[01]|u[dD][89a-fA-F]|u[fF]{3}[eEfF]|"
                         r"U000000[01]|U0000[dD][89a-fA-F]|U0000[fF]{3}[eEfF])")  # may make one (an over-estimate)
_ESCAPED = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r", "e": "\x1b"}


def unprintable(root, source: str, path: str) -> list[Problem]:
    """A character no document can hold (a control character other than tab and line breaks, a
    lone surrogate, U+FFFE or U+FFFF) in any value or key: YAML reads one only from an escape in
    double quotes (``"Grace\\aNotes"``). One problem per value, at the escape that made it."""
    if not _BAD_ESCAPE.search(source):  # libyaml refuses these characters written as they are
        return []
    problems = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif UNPRINTABLE.search(node.value):
            problems.append(_unprintable_at(node, source, path))
    return problems


def _unprintable_at(node, source: str, path: str) -> Problem:
    m = node.start_mark
    raw = source[m.index : node.end_mark.index]
    for e in _ESCAPE.finditer(raw):
        code = e.group(1)
        ch = chr(int(code[1:], 16)) if len(code) > 1 else _ESCAPED.get(code, "")
        if UNPRINTABLE.match(ch):
            at = m.index + e.start()
            line = source.count("\n", 0, at)
            col = at - (source.rfind("\n", 0, at) + 1)
            return Problem(path, line + 1, col + 1,
                           f"'{e.group()}' in double quotes stands for {_name(ch)}, which a document cannot hold; "
                           "remove it")
    bad = UNPRINTABLE.search(node.value).group()
    return Problem(path, m.line + 1, m.column + 1,
                   f"this text holds {_name(bad)}, which a document cannot hold; remove it")


def _name(ch: str) -> str:
    return f"the control character U+{ord(ch):04X}" if ord(ch) < 32 else f"U+{ord(ch):04X} (not a character)"


def _utf16(data: bytes) -> str | None:
    """The codec of a UTF-16 or UTF-32 file (Windows Notepad's "Unicode"), by its byte order mark
    or, without one, by NULs in every other byte (text that is mostly ASCII); else None."""
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return codec
    head = data[:8192]
    pairs = len(head) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 0.6 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def read_source(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 (or UTF-16, as Notepad saves it) text, or explain why it is
    not an outline."""

    def fail(msg: str, line: int = 0, col: int = 0):
        return None, [Problem(path, line, col, msg)]

    if not data.strip():
        return fail("the file is empty; an outline needs at least 'title:' and 'sections:' (see docs/format.md)")
    if len(data) > MAX_FILE_BYTES:
        return fail(f"the file is {len(data) / 1048576:.1f} MB; outlines are limited to "
                    f"{MAX_FILE_BYTES // 1048576} MB (is this really an outline?)")
    encoding = _utf16(data)
    if encoding:
        try:
            return data.decode(encoding).lstrip("\ufeff"), []
        except UnicodeDecodeError:
            return fail(f"the file looks like {encoding.upper()} text but cannot be read as it; "
                        "save it as UTF-8 in your editor")
    if b"\x00" in data:
        return fail("this is a binary file, not a YAML outline")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return fail(f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} cannot be read); "
                    "save it as UTF-8 in your editor", line, col)
    return text, []


def compose(text: str, path: str):
    """The YAML node tree of ``text`` (a mapping, list or scalar node); raises OutlineError when
    the text nests absurdly deep, is not valid YAML, holds several documents or only comments."""
    if _nesting_depth(text) > MAX_NESTING:
        raise OutlineError([Problem(path, 1, 1, f"the file nests more than {MAX_NESTING} levels deep; "
                                                 "this is not an outline")])
    try:
        problems = _anchors(text, path)
        if problems:
            raise OutlineError(problems)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "not valid YAML"
        if "expected a single document" in (e.context or "") + problem or "another document" in problem:
            raise OutlineError([Problem(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                        "the file holds more than one YAML document ('---'); keep one outline per file")])
        lines = text.splitlines() or [""]
        line, col = (mark.line, mark.column) if mark else (0, 0)
        context_line = e.context_mark.line if e.context_mark else None
        line, col, message = yaml_error(problem, e.context or "", line, col, context_line, lines)
        raise OutlineError([Problem(path, line + 1, col + 1, message)])
    except yaml.YAMLError as e:
        raise OutlineError([Problem(path, 1, 1, f"YAML error: {e}")])
    if root is None:
        raise OutlineError([Problem(path, 1, 1, "the file has only comments; an outline needs 'title:' and 'sections:'")])
    return root


def find_outlines(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand files and folders into outline files (folders: every *.yaml / *.yml below them)."""
    files: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*")
                if f.suffix in (".yaml", ".yml") and f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(p, 0, 0, "no outline files (*.yaml, *.yml) in this folder"))
            files.extend(found)
        elif path.exists():
            files.append(str(path))
        else:
            problems.append(Problem(p, 0, 0, "no such file or folder"))
    return files, problems
