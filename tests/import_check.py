"""Nothing lost: the words of an imported file that its YAML outline does not hold.

Used by the import tests of every format (plain text, Markdown, Word). Words are compared after
normalising what the importer may rightly change: curly quotes and dashes, inline markup (``**``,
``*``, ``___``, backslash escapes), bullets and item markers, brackets, the words a reference field
stands for (``vs.``, ``vv.``, ``Ch.``, ``chapter``), letter case and punctuation around words. A
reference's numbers are words of their own, split at ``:``, ``.``, ``,``, ``;`` and dashes on both
sides, so "(vv. 11-14)" is held by a resolved ``Exodus 32:11–14``.
YAML comments count: a line the importer could not place, or dropped as web debris, is listed in
one."""

from __future__ import annotations

import re
import unicodedata

import yaml

_DROPPABLE = {"v", "vv", "vs", "vss", "ch", "chap", "chapter", "verse", "verses"}


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                                         "\u2060": "", "\u00a0": " "}))
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"(?<=\d)[:.,;](?=\d)", " ", text)  # a reference's numbers: "32:11-14" is 32, 11, 14
    text = text.replace("*", " ").replace("_", " ")
    out = []
    for raw in re.split(r"[\s\-/]+", text):
        w = re.sub(r"^[\W_]+|[\W_]+$", "", raw).lower().replace("'", "")
        if w and w not in _DROPPABLE:
            out.append(w)
    return out


def _yaml_strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _yaml_strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _yaml_strings(v)]
    return [] if node is None or isinstance(node, bool) else [str(node)]


_MARKER = re.compile(r"^\s*(?:\(?(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[.)]|\((?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6})\)"
                     r"|[•◦▪‣●○■□·*–—-](?=\s))\s*", re.M)


def words_missing(input_text: str, yaml_text: str) -> list[str]:
    """The words of ``input_text`` (each as often as it occurs) that ``yaml_text``'s values and
    comments do not hold; [] when nothing is lost. An item's marker at the start of a line
    ("IV.", "(a)", "•") is not a word: the outline's structure says it."""
    input_text = _MARKER.sub("", input_text)
    held = _yaml_strings(yaml.safe_load(yaml_text))
    held += [line.split("#", 1)[1] for line in yaml_text.splitlines() if line.lstrip().startswith("#")]
    have: dict[str, int] = {}
    for w in _words("\n".join(held)):
        have[w] = have.get(w, 0) + 1
    missing = []
    for w in _words(input_text):
        if have.get(w, 0) > 0:
            have[w] -= 1
        else:
            missing.append(w)
    return missing


words_kept = words_missing  # the name the brief gave it
