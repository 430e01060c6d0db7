"""The render tree as indented text, like docutils' pseudo-XML writer: for golden tests, bug
reports and checking what a document will say before drawing it (``-f tree``).

It prints every block and run and fails loudly on a node it does not know, like every writer.
"""

from __future__ import annotations

from outline_export import document as d
from outline_export.backends.base import Visitor


class TreeWriter(Visitor):
    name = "tree"

    def __init__(self):
        self.lines: list[str] = []

    def document(self, doc: d.Document) -> str:
        m = doc.meta
        self.lines.append(f"<document title={m.title!r} author={m.author!r} subject={m.subject!r} "
                          f"keywords={m.keywords!r} footer={doc.footer!r}>")
        self.blocks(doc.blocks, 1)
        self.lines.extend(f"  <control {key}> {words}" for key, words in doc.controls)
        return "\n".join(self.lines) + "\n"

    def blocks(self, blocks, depth: int) -> None:
        for b in blocks:
            self.dispatch(b, "  " * depth)

    def inline(self, runs) -> str:
        return "".join(self.dispatch(r) for r in runs)

    @staticmethod
    def keep(b) -> str:
        return " keep" if b.keep_with_next else ""

    # inline runs
    def visit_Run(self, r: d.Run) -> str:
        mark = ("**" if r.bold else "") + ("*" if r.italic else "")
        text = f"{mark}{r.text}{mark[::-1]}"
        return f"[{r.role}: {text}]" if r.role else text

    def visit_BlankLine(self, r: d.BlankLine) -> str:
        number = f" #{r.number}" if r.number else ""
        answer = f": {r.answer}" if r.answer is not None else ""
        return f"[blank {r.width:g}em{number}{answer}]"

    def visit_Answer(self, r: d.Answer) -> str:
        number = f" #{r.number}" if r.number else ""
        return f"[answer{number}: {r.text}]"

    # blocks
    def visit_TitleBlock(self, b: d.TitleBlock, pad: str) -> None:
        logo = b.logo.replace("\\", "/").rsplit("/", 1)[-1] if b.logo else None  # no machine's folders
        self.lines.append(f"{pad}<title label={b.label!r} church={b.church!r} logo={logo!r}{self.keep(b)}> "
                          f"{self.inline(b.title)}")
        if b.subtitle:
            self.lines.append(f"{pad}  <subtitle> {self.inline(b.subtitle)}")
        self.lines.extend(f"{pad}  <meta> {m}" for m in b.meta)

    def visit_Heading(self, b: d.Heading, pad: str) -> None:
        self.lines.append(f"{pad}<h{b.level}{self.keep(b)}> {self.inline(b.runs)}")

    def visit_Paragraph(self, b: d.Paragraph, pad: str) -> None:
        self.lines.append(f"{pad}<p {b.style}{self.keep(b)}> {self.inline(b.runs)}")

    def visit_List(self, b: d.List, pad: str) -> None:
        n = b.numbering
        extra = "".join(f" {k}={getattr(n, k)!r}" for k in ("prefix", "symbol") if getattr(n, k))
        self.lines.append(f"{pad}<list {n.style} {n.delimiter} start={n.start}{extra}>")
        for item in b.items:
            self.lines.append(f"{pad}  <item {item.label!r}>")
            self.blocks(item.blocks, len(pad) // 2 + 2)

    def visit_Quote(self, b: d.Quote, pad: str) -> None:
        self.lines.append(f"{pad}<quote> {self.inline(b.runs)}")
        if b.credit:
            self.lines.append(f"{pad}  <credit> {self.inline(b.credit)}")

    def visit_Note(self, b: d.Note, pad: str) -> None:
        self.lines.append(f"{pad}<note> {self.inline(b.runs)}")

    def visit_WritingLines(self, b: d.WritingLines, pad: str) -> None:
        label = f" {b.label!r}" if b.label else ""
        self.lines.append(f"{pad}<writing-lines {b.count}{label}>")

    def visit_PageBreak(self, b: d.PageBreak, pad: str) -> None:
        self.lines.append(f"{pad}<page-break>")


def dump(doc: d.Document) -> str:
    return TreeWriter().document(doc)


def write(doc: d.Document, options=None) -> bytes:
    """The tree of ``doc`` as UTF-8 text; how it would be drawn (``options``) is not part of it."""
    return dump(doc).encode("utf-8")
