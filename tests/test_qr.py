"""[church] notes_url: a QR code and the short address in the title block of handouts and
worksheets, read back from the written files (the PDF's drawn modules, the Word picture's pixels,
the Markdown link), and decoded with zbarimg where it is installed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from outline_export import starter
from outline_export.backends.pdf import qr_modules
from outline_export.cli import main

URL = "https://example.org/sermons/${slug}"
SETTINGS = f"""\
[church]
name = "Hill Street Church"
notes_url = "{URL}"

[defaults]
kinds = ["handout", "worksheet", "notes"]
formats = ["pdf", "docx", "md"]
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "good-neighbor.yaml").write_text(starter.EXAMPLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def pdf_modules(path) -> list[list[bool]]:
    """The QR code drawn on page 1, rebuilt from its rectangles (one per run of dark modules,
    in module units: ``col -row count 1 re``)."""
    from pypdf import PdfReader

    data = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    runs = [tuple(map(int, m)) for m in re.findall(r"\bn (\d+) (-?\d+) (\d+) 1 re f", data)]
    assert runs, "no QR code drawn on page 1"
    n = max(c + k for c, _, k in runs)
    grid = [[False] * n for _ in range(max(-r for _, r, _ in runs) + 1)]
    for col, r, count in runs:
        for c in range(col, col + count):
            grid[-r][c] = True
    return grid


def test_pdf_draws_the_address_with_the_outlines_slug(project):
    r = cli("render", "outlines/good-neighbor.yaml", "-o", "out")
    assert r.exit_code == 0, r.output
    want = "https://example.org/sermons/good-neighbor"
    for kind in ("handout", "worksheet"):
        pdf = project / "out" / f"good-neighbor-{kind}.pdf"
        drawn = pdf_modules(pdf)
        assert drawn == qr_modules(want)
        assert drawn != qr_modules("https://example.org/sermons/other")
        text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Sermon page: example.org/sermons/good-neighbor" in text
    notes = project / "out" / "good-neighbor-notes.pdf"
    assert "Sermon page" not in subprocess.run(["pdftotext", str(notes), "-"], capture_output=True, text=True).stdout


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbarimg (Debian zbar-tools) is not installed")
def test_zbarimg_reads_the_pdf_and_word_codes(project):
    assert cli("render", "outlines/good-neighbor.yaml", "-o", "out", "-k", "handout").exit_code == 0
    pdf = project / "out" / "good-neighbor-handout.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(project / "page")], check=True)
    png = next(project.glob("page*.png"))
    out = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "https://example.org/sermons/good-neighbor"
    with zipfile.ZipFile(project / "out" / "good-neighbor-handout.docx") as z:
        (project / "qr.png").write_bytes(_docx_qr(z))
    out = subprocess.run(["zbarimg", "-q", "--raw", str(project / "qr.png")], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "https://example.org/sermons/good-neighbor"


def _docx_qr(z: zipfile.ZipFile) -> bytes:
    """The one picture in the document that is not the logo (these settings have no logo)."""
    media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1, media
    return z.read(media[0])


def test_word_picture_is_segnos_code_of_the_address(project):
    import segno
    from PIL import Image

    assert cli("render", "outlines/good-neighbor.yaml", "-o", "out").exit_code == 0
    with zipfile.ZipFile(project / "out" / "good-neighbor-worksheet.docx") as z:
        img = Image.open(io.BytesIO(_docx_qr(z))).convert("1")
        body = z.read("word/document.xml").decode("utf-8")
    matrix = segno.make("https://example.org/sermons/good-neighbor", error="M", micro=False).matrix
    n = len(matrix)
    scale = img.width // (n + 8)
    assert img.width == img.height == scale * (n + 8)
    drawn = [[img.getpixel(((c + 4) * scale + scale // 2, (r + 4) * scale + scale // 2)) == 0 for c in range(n)]
             for r in range(n)]
    assert drawn == [[bool(v) for v in row] for row in matrix]
    assert "Sermon page: example.org/sermons/good-neighbor" in body
    with zipfile.ZipFile(project / "out" / "good-neighbor-notes.docx") as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]


def test_markdown_prints_the_address_as_a_link(project):
    assert cli("render", "outlines/good-neighbor.yaml", "-o", "out", "-f", "md").exit_code == 0
    md = (project / "out" / "good-neighbor-handout.md").read_text(encoding="utf-8")
    assert "Sermon page: [example.org/sermons/good-neighbor](<https://example.org/sermons/good-neighbor>)" in md


def test_set_gives_the_address_on_the_command_line(project):
    r = cli("render", "outlines/good-neighbor.yaml", "-o", "out", "-f", "md", "-k", "handout",
            "--set", "church.notes_url=https://grace.example/s/${slug}?v=1")
    assert r.exit_code == 0, r.output
    md = (project / "out" / "good-neighbor-handout.md").read_text(encoding="utf-8")
    assert "(<https://grace.example/s/good-neighbor?v=1>)" in md


@pytest.mark.parametrize("value, message", [
    ("example.org/s", "outline-export.toml:3:1: notes_url 'example.org/s' must be a web address with no spaces"),
    ("https://example.org/a b", "must be a web address with no spaces"),
    ("https://example.org/" + "x" * 300, "notes_url is 320 characters; at most 300 fit a QR code"),
])
def test_a_bad_address_is_one_line_naming_the_file(project, value, message):
    (project / "outline-export.toml").write_text(SETTINGS.replace(URL, value), encoding="utf-8")
    r = cli("render", "outlines/good-neighbor.yaml", "-o", "out")
    assert r.exit_code == 1
    assert message in r.output
    assert "Traceback" not in r.output
    assert not (project / "out").exists()


def test_an_unknown_variable_in_the_address_names_the_settings_line(project):
    (project / "outline-export.toml").write_text(SETTINGS.replace("${slug}", "${sermon}"), encoding="utf-8")
    for command in ("render", "validate"):
        r = cli(command, "outlines/good-neighbor.yaml", *(("-o", "out") if command == "render" else ()))
        assert r.exit_code == 1, r.output
        assert "outline-export.toml:3:1: unknown variable '${sermon}'" in r.output
    assert not (project / "out").exists()
