"""Reading an outline file up to a YAML node tree: finding files, bytes to text, pre-scan, composing.

``find_outlines`` expands files and folders; ``read_source`` reads UTF-8 and UTF-16 and refuses
empty, oversized, binary and other files; ``compose`` refuses absurd nesting before PyYAML sees it
(libyaml crashes far beyond ``MAX_NESTING``), composes with the C composer (which keeps line marks)
and turns a YAML syntax error into one errors.Problem at its cause (``yaml_errors.yaml_error``). Walking the node tree is ``loader``'s job.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from outline_export.errors import OutlineError, Problem
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
    lead = re.compile(r"^[ \-?:]*", re.M)
    block = max((len(m.group(0)) for m in lead.finditer(text)), default=0) // 2
    return max(deepest, block)


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
