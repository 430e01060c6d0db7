"""The Word (.docx) reader: a document's body as ``Line`` records, in reading order.

What it reads (docs/import-word.md says the same for users):
- the body's paragraphs, tables (every cell's paragraphs, row by row, as text lines, source
  "table") and content controls (``w:sdt``, block and inline: their text is read where it stands;
  placeholder text "Click here to enter text" is left out); text boxes' paragraphs come after the
  paragraph they are anchored in (source "text box"), footnotes and endnotes after the paragraph
  that refers to them, as notes (source "footnote"). Tracked deletions, comments, headers and
  footers are not read.
- Heading 1..9 (by the style's name, which Word keeps in English in any language, its id, or an
  outline level), Title, Subtitle (a ``subtitle`` meta line), and Quote, Intense Quote, Block
  Text, Quotations or a paragraph indented on both sides (a quotation).
- automatic numbering (``numbering.py``): an item with the label Word prints and its level.
- runs: bold ``**``, italic ``*``; underlined or highlighted words are blanks ``___answer___``
  (underlined spaces or tabs: a free-writing blank ``___``); links are never blanks.

``line`` is the paragraph's number in the body, 1-based, counting empty paragraphs and table
cells' paragraphs; text boxes' and notes' lines carry the number of the paragraph they belong to.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from outline_export.importer.lines import Line, Note
from outline_export.importer.numbering import Numbering, Styles, val, w

MAX_TEXT_CHARS = 5 * 1024 * 1024  # an outline file's limit (loader_source.MAX_FILE_BYTES)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_HEADING = re.compile(r"heading ?([1-9])")
_QUOTE_STYLES = {"quote", "intense quote", "block text", "quotations", "quotation"}
_LINK_STYLES = {"hyperlink", "internet link", "followedhyperlink", "visited internet link"}
_QUOTE_INDENT = 360  # twips (a quarter inch) on both sides make a paragraph a quotation
_NO_ANSWER_START = " .,;:!?)]}'\"’”-–—/"  # inline.py: a blank's answer cannot start with these
_FALSE = ("0", "false", "off", "none")


class UnreadableFile(ValueError):
    """The file is not a Word document that can be read: one line saying why and what to do."""


def read(data: bytes, path: str) -> tuple[list[Line], list[Note]]:
    """The body of the .docx ``data`` as lines, and what the reader noticed. Raises UnreadableFile."""
    doc = _open(data)
    reader = _Reader(doc)
    reader.blocks(doc.element.body, "")
    return reader.lines, reader.report()


def _open(data: bytes):
    """The document, opened by python-docx from a clean copy of the package (assets_template
    checks it: sizes counted while inflating, no DOCTYPE, only the parts read here kept)."""
    from outline_export.assets import TEMPLATE_MAX_BYTES, TEMPLATE_MAX_PARTS, AssetError
    from outline_export.assets_template import _Template

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise UnreadableFile("it is an old Word file (.doc) or a password-protected one: open it in Word and "
                             "save it as .docx (Word Document), without a password")
    if data.lstrip()[:5] == b"{\\rtf":
        raise UnreadableFile("it is a Rich Text (RTF) file, not a .docx: open it in Word and save it as .docx")
    buf = io.BytesIO(data)
    if not zipfile.is_zipfile(buf) and data[:4] == b"PK\x03\x04":
        raise UnreadableFile("it is a damaged zip archive (its directory is missing: was it cut short?); "
                             "open it in Word and save it again")
    if not zipfile.is_zipfile(buf):
        raise UnreadableFile("it is not a Word .docx file (not a zip archive): save it from Word as .docx")
    try:
        with zipfile.ZipFile(buf) as z:
            infos = z.infolist()
            if len(infos) > TEMPLATE_MAX_PARTS:
                raise UnreadableFile(f"it holds {len(infos):,} files, where a Word file holds a few dozen")
            declared = sum(i.file_size for i in infos)
            if declared > TEMPLATE_MAX_BYTES:
                raise UnreadableFile(f"it unpacks to {declared / 1048576:.0f} MB, more than the "
                                     f"{TEMPLATE_MAX_BYTES // 1048576} MB a Word file is read up to; "
                                     "remove large pictures or files from it")
            clean = _Template(z).clean()
    except AssetError as e:
        raise UnreadableFile(f"it {e}".replace("a template may hold", "a Word file is read up to")) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as e:
        if isinstance(e, UnreadableFile):
            raise
        raise UnreadableFile(f"it is a damaged zip archive ({' '.join(str(e).split()) or type(e).__name__})") from None
    import docx

    try:
        return docx.Document(io.BytesIO(clean))
    except Exception as e:  # python-docx on a package it cannot make sense of
        if "Excessive depth" in str(e):  # libxml2's limit, 256 elements deep
            raise UnreadableFile("it nests its content more than 256 levels deep (Word never does): "
                                 "open it in Word and save it again") from None
        raise UnreadableFile(f"it cannot be read as a Word document ({' '.join(str(e).split())[:200]})") from None


def _local(el) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _on(el) -> bool:
    """A toggle property (w:b, w:i) that is present and not switched off."""
    return el is not None and (el.get(w("val")) or "1").lower() not in _FALSE


def _escape(text: str) -> str:
    """Literal text in the outline's inline markup (underscores are left as typed)."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("${", "\\${")


class _Reader:
    def __init__(self, doc):
        from lxml import etree

        self.styles = Styles(doc.styles.element)
        part = doc.part
        self.numbering = Numbering(self._related(part, "numbering", etree), self.styles)
        self.notes_by_id = {}
        for kind in ("footnotes", "endnotes"):
            root = self._related(part, kind, etree)
            for note in root.iter(w(kind[:-1])) if root is not None else ():
                if note.get(w("type")) in (None, "normal"):
                    self.notes_by_id[(kind[:-1], note.get(w("id")))] = note
        self.lines: list[Line] = []
        self.count = 0  # paragraphs of the body so far
        self.chars = 0
        self.blanks: list[int] = []  # the line of each blank made from underlined or highlighted words
        self.seen: dict[str, int] = {}  # "text box", "footnote", "deleted", "placeholder", "markup": first line
        self.doubts: list[Note] = []

    @staticmethod
    def _related(part, kind: str, etree):
        try:
            related = part.part_related_by(_RT + kind)
        except (KeyError, ValueError):
            return None
        element = getattr(related, "element", None)
        if element is not None:
            return element
        return etree.fromstring(related.blob, etree.XMLParser(resolve_entities=False, no_network=True))

    def _saw(self, what: str, line: int) -> None:
        self.seen.setdefault(what, line)

    # -- blocks ------------------------------------------------------------------------------
    def blocks(self, parent, source: str, anchor: int | None = None) -> None:
        """Read the block-level content of ``parent`` (the body, a cell, a content control's
        content, a text box, a note) in order."""
        for el in parent:
            tag = _local(el)
            if tag == "p":
                self.paragraph(el, source, anchor)
            elif tag == "tbl":
                for row in self._flat(el, "tr"):
                    for cell in self._flat(row, "tc"):
                        self.blocks(cell, source or "table", anchor)
            elif tag == "sdt":
                if self._placeholder(el, anchor or self.count + 1):
                    continue
                content = el.find(w("sdtContent"))
                if content is not None:
                    self.blocks(content, source, anchor)
            elif tag in ("customXml", "ins", "moveTo", "smartTag"):
                self.blocks(el, source, anchor)

    def _flat(self, parent, local: str):
        """``parent``'s children ``w:local``, looking through content controls and custom XML."""
        for el in parent:
            tag = _local(el)
            if tag == local:
                yield el
            elif tag in ("sdt", "customXml"):
                inner = el.find(w("sdtContent")) if tag == "sdt" else el
                if inner is not None:
                    yield from self._flat(inner, local)

    def _placeholder(self, sdt, line: int) -> bool:
        pr = sdt.find(w("sdtPr"))
        if pr is not None and _on(pr.find(w("showingPlcHdr"))):
            self._saw("placeholder", line)
            if _local(sdt.getparent()) != "p":  # its paragraphs are still the body's paragraphs
                self.count += sum(1 for _ in sdt.iter(w("p")))
            return True
        return False

    # -- a paragraph -------------------------------------------------------------------------
    def paragraph(self, p, source: str, anchor: int | None) -> None:
        if anchor is None:
            self.count += 1
        line = anchor if anchor is not None else self.count
        label = self.numbering.label(p)
        pieces: list[tuple[str, tuple[bool, bool, bool]]] = []
        boxes: list = []
        notes: list = []
        self.inline(p, pieces, boxes, notes, False, line)
        text, blanks = self.markup(pieces, line)
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise UnreadableFile(f"it holds more than {MAX_TEXT_CHARS // 1048576} MB of text; outlines are limited "
                                 f"to {MAX_TEXT_CHARS // 1048576} MB (is this really an outline?)")
        if text:
            self.blanks.extend([line] * blanks)
            self.lines.append(self.classify(p, text, label, source, line))
        for box in boxes:
            self._saw("text box", line)
            self.blocks(box, "text box", line)
        for kind, note in notes:
            self._saw("footnote", line)
            start = len(self.lines)
            self.blocks(note, "footnote", line)
            self.lines[start:] = [Line(x.text, x.line, kind="note", source=kind) for x in self.lines[start:]]

    def classify(self, p, text: str, label, source: str, line: int) -> Line:
        ppr = p.find(w("pPr"))
        sid = val(ppr, "pStyle", self.styles.default_paragraph)
        name = self.styles.name(sid)
        style_name = (val(self.styles.by_id.get(sid), "name", "") or "") if sid in self.styles.by_id else ""
        if style_name.islower():  # Word keeps built-in names in lower case: "heading 1"
            style_name = style_name[:1].upper() + style_name[1:]
        marker = label.text if label is not None else ""
        if source:
            return Line(f"{marker} {text}" if marker else text, line, source=source)
        heading = _HEADING.fullmatch(name) or re.fullmatch(r"Heading([1-9])", sid or "")
        outline = val(ppr, "outlineLvl") if ppr is not None and ppr.find(w("outlineLvl")) is not None else None
        if outline is None:
            found = self.styles.ppr(sid, "outlineLvl")
            outline = found.get(w("val")) if found is not None else None
        if heading or (outline or "").strip() in tuple("012345678"):
            level = int(heading.group(1)) if heading else int(outline) + 1
            return Line(text, line, kind="heading", level=min(level, 6), marker=marker,
                        source=style_name or f"Heading {level}")
        if name == "title" or sid == "Title":
            return Line(text, line, kind="title", source=style_name or "Title")
        if name == "subtitle" or sid == "Subtitle":
            return Line(text, line, kind="meta", key="subtitle", source=style_name or "Subtitle")
        if label is not None and label.text:
            level = label.level
            deeper = re.fullmatch(r"list (?:number|bullet) ([2-9])", name)
            if deeper and level == 0:  # Word's List Number 2, List Bullet 3: one-level lists, indented
                level = int(deeper.group(1)) - 1
            listed = name not in ("", "normal", "list paragraph", "default paragraph style", "text body", "body text")
            return Line(text, line, kind="item", level=level, marker=label.text, numbering=label.scheme,
                        start=label.count, source=style_name if listed else "numbered")
        names = {self.styles.name(st.get(w("styleId"))) for st in self.styles.chain(sid)}
        if names & _QUOTE_STYLES or (label is None and self._indented(ppr, sid)):
            quoted = next((n for n in self.styles.chain(sid) if self.styles.name(n.get(w("styleId"))) in _QUOTE_STYLES),
                          None)
            return Line(text, line, kind="quote", source=val(quoted, "name", "") if quoted is not None else "indented")
        return Line(text, line, source=style_name)

    def _indented(self, ppr, sid) -> bool:
        ind = ppr.find(w("ind")) if ppr is not None else None
        if ind is None:
            ind = self.styles.ppr(sid, "ind")
        if ind is None:
            return False

        def twips(*names: str) -> int:
            for n in names:
                v = ind.get(w(n))
                if v is not None:
                    try:
                        return int(float(v))
                    except ValueError:
                        return 0
            return 0

        return twips("left", "start") >= _QUOTE_INDENT and twips("right", "end") >= _QUOTE_INDENT

    # -- runs --------------------------------------------------------------------------------
    def inline(self, parent, pieces, boxes, notes, link: bool, line: int) -> None:
        """The text of a paragraph's runs, in order, each with its look (bold, italic, blank)."""
        for el in parent:
            tag = _local(el)
            if tag == "r":
                self.run(el, pieces, boxes, notes, link, line)
            elif tag == "hyperlink":
                self.inline(el, pieces, boxes, notes, True, line)
            elif tag in ("smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo"):
                self.inline(el, pieces, boxes, notes, link, line)
            elif tag == "sdt":
                content = el.find(w("sdtContent"))
                if content is not None and not self._placeholder(el, line):
                    self.inline(content, pieces, boxes, notes, link, line)
            elif tag in ("del", "moveFrom"):
                self._saw("deleted", line)
            elif tag in ("oMath", "oMathPara"):
                pieces.append(("".join(t.text or "" for t in el.iter(f"{{{_MATH}}}t")), (False, False, False)))

    def look(self, rpr, link: bool) -> tuple[bool, bool, bool]:
        """(bold, italic, blank) of a run: its own properties, then its character style's."""
        props = [rpr] if rpr is not None else []
        sid = val(rpr, "rStyle")
        link = link or self.styles.name(sid) in _LINK_STYLES
        props += [st.find(w("rPr")) for st in self.styles.chain(sid)]
        props = [x for x in props if x is not None]

        def first(local: str):
            return next((x.find(w(local)) for x in props if x.find(w(local)) is not None), None)

        under = first("u")
        mark = first("highlight")
        shade = first("shd")
        blank = (under is not None and (under.get(w("val")) or "single").lower() not in _FALSE) or (
            mark is not None and (mark.get(w("val")) or "").lower() not in ("", *_FALSE)) or (
            shade is not None and (shade.get(w("fill")) or "auto").lower() not in ("auto", "ffffff", "")
            and (shade.get(w("val")) or "clear") != "nil")
        return _on(first("b")), _on(first("i")), blank and not link

    def run(self, r, pieces, boxes, notes, link: bool, line: int) -> None:
        look = self.look(r.find(w("rPr")), link)
        out: list[str] = []
        for el in r:
            tag = _local(el)
            if tag == "t":
                out.append(el.text or "")
            elif tag in ("tab", "ptab"):
                out.append("\t")
            elif tag in ("br", "cr"):
                out.append(" ")
            elif tag == "noBreakHyphen":
                out.append("-")
            elif tag == "sym":
                code = int(el.get(w("char"), "0") or "0", 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", el.get(w("char"), "") or "") else 0
                if code and not 0xF000 <= code <= 0xF0FF and code <= 0x10FFFF:
                    out.append(chr(code))
            elif tag in ("footnoteReference", "endnoteReference"):
                kind = tag[: -len("Reference")]
                note = self.notes_by_id.get((kind, el.get(w("id"))))
                if note is not None:
                    notes.append((kind, note))
            elif tag in ("drawing", "pict", "object", "AlternateContent"):
                boxes.extend(self._text_boxes(el))
        if out:
            pieces.append(("".join(out), look))

    @staticmethod
    def _text_boxes(el) -> list:
        """The outermost text boxes in a drawing (one of an mc:AlternateContent's choices)."""
        if _local(el) == "AlternateContent":
            choices = [c for c in el if _local(c) in ("Choice", "Fallback")]
            for c in choices:
                found = _Reader._text_boxes_in(c)
                if found:
                    return found
            return []
        return _Reader._text_boxes_in(el)

    @staticmethod
    def _text_boxes_in(el) -> list:
        out = []
        for box in el.iter(w("txbxContent")):
            anc = box.getparent()
            nested = False
            while anc is not None and anc is not el:
                if anc.tag == w("txbxContent") or anc.tag == f"{{{_MC}}}Fallback" and anc is not el:
                    nested = True
                    break
                anc = anc.getparent()
            if not nested:
                out.append(box)
        return out

    def markup(self, pieces, line: int) -> tuple[str, int]:
        """The paragraph's text in inline markup, and how many blanks it made. Pieces of the same
        look are merged; spaces at a piece's edges stay outside its markup."""
        from outline_export.inline import parse_inline

        merged: list[list] = []
        for text, look in pieces:
            if merged and merged[-1][1] == look:
                merged[-1][0] += text
            elif text:
                merged.append([text, look])
        out, plain, blanks = [], [], 0
        for text, (bold, italic, blank) in merged:
            tabbed, text = "\t" in text, re.sub(r"[\t\n\r]", " ", text)
            core = text.strip(" ")
            lead, trail = text[: len(text) - len(text.lstrip(" "))], text[len(text.rstrip(" ")):]
            plain.append(_escape(text))
            if not core:
                out.append(" ___ " if blank and (tabbed or len(text) >= 3) else text)
                plain[-1] = out[-1]
                continue
            piece = _escape(core)
            if blank:
                skip = len(core) - len(core.lstrip(_NO_ANSWER_START))
                lead += _escape(core[:skip])
                answer = core[skip:]
                if answer:
                    piece = f"___{_escape(answer)}___"
                    blanks += 1
                else:
                    piece = ""
                plain[-1] = lead + piece + trail
            if bold or italic:
                mark = "***" if bold and italic else "**" if bold else "*"
                piece = f"{mark}{piece}{mark}"
            out.append(lead + piece + trail)
        text = re.sub(r" {2,}", " ", "".join(out)).strip()
        problems: list = []
        parse_inline(text, problems)
        if problems:  # looks that touch without a space between ("**a*****b***"): keep the blanks only
            self.doubts.append(Note(line, "bold or italic words run into each other here; imported without "
                                          "bold and italics: check the paragraph", doubt=True))
            text = re.sub(r" {2,}", " ", "".join(plain)).strip()
            problems = []
            parse_inline(text, problems)
            if problems:
                text = _escape(re.sub(r"[ \t\n\r]+", " ", "".join(t for t, _ in merged)).strip())
        return text, blanks

    # -- the report --------------------------------------------------------------------------
    def report(self) -> list[Note]:
        notes: list[Note] = []
        items = [x for x in self.lines if x.kind == "item"]
        if items:
            notes.append(Note(items[0].line, f"automatic numbering read as levels: {len(items)} numbered "
                                             "paragraphs (line numbers are paragraph numbers)"))
        if self.blanks:
            notes.append(Note(self.blanks[0], f"underlined or highlighted words made blanks: {len(self.blanks)} "
                                              f"(the first at paragraph {self.blanks[0]})"))
        said = {
            "text box": "text boxes read after the paragraph they are anchored in",
            "footnote": "footnotes and endnotes read as notes after the paragraph that refers to them",
            "deleted": "tracked deletions left out (text Word shows struck through)",
            "placeholder": "a content control's placeholder text (\"Click here to enter text\") left out",
        }
        for what, text in said.items():
            if what in self.seen:
                notes.append(Note(self.seen[what], text))
        return sorted(notes + self.doubts, key=lambda n: n.line)
