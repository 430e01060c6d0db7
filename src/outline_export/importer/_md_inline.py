"""Markdown's inline tokens (markdown-it-py) as an outline's inline markup, for ``importer.markdown``.

Strong and emphasis become ``**`` and ``*``; code becomes its text; a link its text (and its
address in parentheses when that is not the same); an image its alt text; inline HTML its text
(the tags go). Soft and hard line breaks are spaces. What is literal in the outline's markup is
escaped: ``\\``, ``*``, ``${`` and every ``_`` that is not part of a run of three or more (such a
run is a blank to write on, in Markdown as in the outline). The speaker notes' numbered answers,
a superscript number, a no-break space and a bold word (``¹ **mercy**``), come back as blanks
with their answer (``___mercy___``), and so does ``___word___`` written in Markdown (which
CommonMark reads as bold italics)."""

from __future__ import annotations

import re

SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_BLANK_NUMBER = re.compile(f"[{SUPERSCRIPT}]+\u00a0$")
_BLANK_RUN = re.compile(r"_{3,}")
_ANSWER_EDGE = re.compile(r"^(.*?)([.,;:!?”’\"')\]]*)$", re.S)
_TAG = re.compile(r"<[^>]*>")
WORD_JOINER = "\u2060"


def escape(text: str) -> str:
    """Plain ``text`` in the outline's inline markup: its words read the same.

    Runs of three or more underscores stay as they are: they are blanks in both."""
    out = []
    pos = 0
    for m in _BLANK_RUN.finditer(text):
        out.append(_escape_plain(text[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")
    return text.replace("${", "\\${")


def _answer_at(children, k: int):
    """(answer, the punctuation after it, tokens used) when ``children[k:]`` is a bold or
    bold-italic word that is a blank's answer, else None."""
    n = len(children)
    if k + 2 < n and children[k].type == "strong_open" and children[k + 1].type == "text" \
            and children[k + 2].type == "strong_close":
        m = _ANSWER_EDGE.match(children[k + 1].content)
        if m.group(1).strip():
            return m.group(1), m.group(2), 3
    return None


def _markdown_blank(children, k: int):
    """``___word___`` in Markdown: emphasis and strong of underscores around plain text."""
    if k + 4 < len(children):
        a, b, c, d, e = children[k:k + 5]
        if {a.type, b.type} == {"em_open", "strong_open"} and a.markup.startswith("_") and b.markup.startswith("_") \
                and c.type == "text" and d.type in ("em_close", "strong_close") and e.type in ("em_close", "strong_close") \
                and c.content.strip():
            return c.content.strip()
    return None


def inline(children) -> str:
    """The outline markup of one markdown-it ``inline`` token's children."""
    out: list[str] = []
    links: list[str] = []  # the addresses of the links open, and where their text starts
    starts: list[int] = []
    children = [c for c in children or () if not (c.type == "text" and not c.content)]
    k = 0
    while k < len(children):
        t = children[k]
        kind = t.type
        if kind == "text":
            content = t.content
            m = _BLANK_NUMBER.search(content)
            answer = _answer_at(children, k + 1) if m else None
            if answer:  # the speaker notes' "¹ **mercy**"
                word, after, used = answer
                out.append(escape(content[:m.start()]) + f"___{escape(word.strip())}___")
                if after:
                    out.append(f"**{escape(after)}**")
                k += 1 + used
                continue
            out.append(escape(content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in ("strong_open", "em_open"):
            word = _markdown_blank(children, k)
            if word is not None:
                out.append(f"___{escape(word)}___")
                k += 5
                continue
            out.append("**" if kind == "strong_open" else "*")
        elif kind in ("strong_close", "em_close"):
            mark = "**" if kind == "strong_close" else "*"
            if out and out[-1] == mark:  # nothing inside: leave the empty look out
                out.pop()
            else:
                out.append(mark)
        elif kind == "code_inline":
            out.append(escape(t.content))
        elif kind == "link_open":
            links.append(t.attrGet("href") or "")
            starts.append(len(out))
        elif kind == "link_close":
            href, start = (links.pop(), starts.pop()) if links else ("", len(out))
            words = "".join(out[start:])
            if href and _unescape(words).strip() not in (href, href.removeprefix("mailto:")):
                out.append(f" ({escape(href)})")
        elif kind == "image":
            alt = t.content or "".join(c.content for c in (t.children or ()))
            out.append(escape(alt))
        elif kind == "html_inline":
            pass  # a tag; the words between tags are text tokens
        else:  # anything else markdown-it may add later: its text, never nothing
            out.append(escape(t.content))
        k += 1
    return _tidy("".join(out))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _tidy(text: str) -> str:
    """Spaces as the outline holds them: one between words, none at the ends; the writer's word
    joiners (invisible, after the dashes of references) gone."""
    text = text.replace(WORD_JOINER, "")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def html_text(html: str) -> str:
    """The words of a block of HTML: its tags gone, its entities as characters."""
    import html as _html

    return _html.unescape(_TAG.sub(" ", html))
