"""layout = "2-up" and "booklet": the PDF read back, sheet by sheet, against the single pages.

Each outline is rendered once with single pages and once imposed, through the command line; every
word of each half of each sheet must be a word of the source page expected there, at the same
place shifted by the half's offset (pdfplumber), so a page in the wrong half, re-laid or scaled fails.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from outline_export.cli import main
from outline_export.impose import booklet_order
from outline_export.layout import PAPERS


def outline_yaml(sections: int) -> str:
    """An outline of ``sections`` sections, each with its own words (Alpha-1, Alpha-2, ...) and
    enough points that a few of them fill a half-letter page."""
    parts = ["title: Imposition Test", "sections:"]
    for s in range(1, sections + 1):
        parts.append(f"  - heading: Section Marker{s:02d}")
        parts.append("    points:")
        for p in range(1, 7):
            parts.append(f"      - Point Word{s:02d}x{p} reads a line that is long enough to wrap across the "
                         f"measure of a small page at least once or twice, section {s} point {p}.")
    return "\n".join(parts) + "\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no settings file is found: the built-in defaults
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return tmp_path


def render(folder, sections: int, *args) -> tuple:
    src = folder / f"o{sections}.yaml"
    src.write_text(outline_yaml(sections), encoding="utf-8")
    out = folder / f"out-{sections}-{'-'.join(a.strip('-') for a in args)}.pdf"
    result = CliRunner().invoke(main, ["render", str(src), "-k", "handout", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def words(path) -> list[tuple[float, float, list[tuple[str, float, float]]]]:
    """(width, height, [(word, x0, top)]) of every page."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [(float(p.width), float(p.height),
                 [(w["text"], round(w["x0"], 1), round(w["top"], 1)) for w in p.extract_words()]) for p in pdf.pages]


def halves(sheet, page: tuple[float, float]) -> tuple[list, list]:
    """A sheet's words split at its middle, each moved back by where a page centred in its half starts."""
    sw, sh, ws = sheet
    half = sw / 2
    dx, dy = (half - page[0]) / 2, (sh - page[1]) / 2
    left = [(t, x - dx, y + dy) for t, x, y in ws if x < half]
    right = [(t, x - half - dx, y + dy) for t, x, y in ws if x >= half]
    return left, right


def same_words(got, want) -> bool:
    return [t for t, _, _ in got] == [t for t, _, _ in want] and all(
        abs(a[1] - b[1]) < 0.15 and abs(a[2] - b[2]) < 0.15 for a, b in zip(got, want))


def check_sheets(single, imposed, order, sheet) -> None:
    pw, ph, _ = single[0]
    assert len(imposed) == len(order)
    for n, (side, (left, right)) in enumerate(zip(imposed, order), 1):
        assert side[:2] == pytest.approx(sheet, abs=0.01), f"side {n}"
        assert side[0] > side[1]  # landscape
        got_left, got_right = halves(side, (pw, ph))
        for got, index, half in ((got_left, left, "left"), (got_right, right, "right")):
            want = single[index][2] if index is not None else []
            assert same_words(got, want), f"side {n}, {half} half: expected source page {index}"


@pytest.mark.parametrize("paper, sheet", [("half-letter", (792, 612)), ("a5", (841.89, 595.28)),
                                          ("letter", (1224, 792)), ("a4", (1190.55, 841.89))])
def test_booklet_puts_each_page_in_its_half_of_its_sheet(folder, paper, sheet):
    single = words(render(folder, 5, "--paper", paper))
    imposed = words(render(folder, 5, "--paper", paper, "--layout", "booklet"))
    assert len(single) >= 2
    sides = -(-len(single) // 4) * 2  # padded to a multiple of four pages, two to a side
    assert len(imposed) == sides
    check_sheets(single, imposed, booklet_order(len(single)), sheet)
    # The outside of sheet 1: the last page (a blank when padded) left, the first page right
    assert any(t == "Imposition" for t, _, _ in halves(imposed[0], single[0][:2])[1])


@pytest.mark.parametrize("paper, page, sheet", [("letter", "half-letter", (792, 612)),
                                                ("half-letter", "half-letter", (792, 612)),
                                                ("a4", "a5", (841.89, 595.28)), ("a5", "a5", (841.89, 595.28))])
def test_two_up_prints_each_page_twice_on_half_of_the_paper(folder, paper, page, sheet):
    single = words(render(folder, 3, "--paper", page))
    imposed = words(render(folder, 3, "--paper", paper, "--layout", "2-up"))
    assert single[0][:2] == pytest.approx((PAPERS[page].width, PAPERS[page].height), abs=0.01)
    check_sheets(single, imposed, [(i, i) for i in range(len(single))], sheet)  # sheet 2 = page 2 | page 2


def test_two_up_has_light_cut_marks_at_the_middle_only(folder):
    import pdfplumber

    out = render(folder, 1, "--layout", "2-up")
    with pdfplumber.open(str(out)) as pdf:
        page = pdf.pages[0]
        marks = [e for e in page.lines + page.curves if e["x0"] == pytest.approx(396, abs=0.01)
                 and e["x1"] == pytest.approx(396, abs=0.01)]
        assert len(marks) == 2
        for m in marks:  # one from each edge, 18 pt long, light grey, outside the 40 pt margins
            assert m["bottom"] - m["top"] == pytest.approx(18, abs=0.01)
            assert m["top"] == pytest.approx(0, abs=0.01) or m["bottom"] == pytest.approx(612, abs=0.01)
            assert m["stroking_color"] in ((0.6,), [0.6], 0.6)
        assert not any(w["x0"] < 396 < w["x1"] for w in page.extract_words())  # no word crosses the cut


def test_booklet_pads_with_blank_pages_and_a_fold_reads_in_order():
    for pages in range(1, 14):
        sides = booklet_order(pages)
        n = len(sides) * 2
        assert n % 4 == 0 and n - pages < 4
        # Stack the sheets (sheet 1 outermost), fold them: the reader sees, page after page, the
        # right half of each front and the left half of its back, then back out the other way.
        sheets = [(sides[2 * k], sides[2 * k + 1]) for k in range(len(sides) // 2)]
        read = []
        for front, back in sheets:
            read += [front[1], back[0]]
        for front, back in reversed(sheets):
            read += [back[1], front[0]]
        assert read == list(range(pages)) + [None] * (n - pages)


def test_the_word_file_keeps_single_pages(folder):
    from docx import Document

    src = folder / "o.yaml"
    src.write_text(outline_yaml(2), encoding="utf-8")
    for layout, width in (("booklet", 612), ("2-up", 396)):  # 2-up: half of the letter paper, as the PDF's pages
        out = folder / layout
        result = CliRunner().invoke(main, ["render", str(src), "-k", "handout", "-f", "docx", "-f", "pdf",
                                           "--layout", layout, "-o", str(out)])
        assert result.exit_code == 0, result.output
        section = Document(str(out / "o-handout.docx")).sections[0]
        assert section.page_width.pt == pytest.approx(width, abs=0.1)
        assert section.page_height.pt == pytest.approx(792 if layout == "booklet" else 612, abs=0.1)
        assert words(out / "o-handout.pdf")[0][0] == pytest.approx(2 * width, abs=0.01)  # letter, tabloid


def test_imposed_pdf_is_the_same_bytes_every_time_and_keeps_the_document_information(folder):
    from pypdf import PdfReader

    a = render(folder, 2, "--layout", "booklet").read_bytes()
    b = render(folder, 2, "--layout", "booklet", "--paper", "letter").read_bytes()  # the default paper, named
    assert a == b
    info = PdfReader(render(folder, 2)).metadata
    imposed = PdfReader(render(folder, 2, "--layout", "booklet")).metadata
    assert imposed["/Title"] == info["/Title"] == "Imposition Test"
    assert imposed["/CreationDate"] == info["/CreationDate"] and imposed["/CreationDate"].startswith("D:2026")
    assert "pypdf" not in str(imposed.get("/Producer"))


def test_a_wrong_layout_on_the_command_line_is_a_usage_error(folder):
    src = folder / "o.yaml"
    src.write_text(outline_yaml(1), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(src), "--layout", "bookelt", "-o", "out"])
    assert result.exit_code == 2
    assert "--layout: layout 'bookelt' is not one of: single, 2-up, booklet; did you mean 'booklet'?" in result.output
    assert "Traceback" not in result.output and not (folder / "out").exists()


def test_layout_from_the_settings_file_and_its_mistakes(folder):
    src = folder / "o.yaml"
    src.write_text(outline_yaml(1), encoding="utf-8")
    toml = folder / "outline-export.toml"
    toml.write_text('[defaults]\nformats = ["pdf"]\n\n[audiences.insert]\nlabel = "Insert"\nlayout = "2-up"\n',
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(src), "-k", "handout", "-a", "insert", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert words(folder / "out" / "insert" / "o-handout.pdf")[0][:2] == pytest.approx((792, 612), abs=0.01)
    # --layout wins over the audience's table; --set defaults.layout goes through the same check
    for args, audience, width in ((["--layout", "single", "-a", "insert"], "insert", 612),
                                  (["--set", "defaults.layout=booklet"], "", 1224)):
        result = CliRunner().invoke(main, ["render", str(src), "-k", "handout", "-o", "cl", *args])
        assert result.exit_code == 0, result.output
        assert words(folder / "cl" / audience / "o-handout.pdf")[0][0] == pytest.approx(width, abs=0.01)
    toml.write_text('[defaults]\nformats = ["pdf"]\nlayout = "4-up"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(src), "-o", "bad"])
    assert result.exit_code == 1
    assert "outline-export.toml:3:1: layout '4-up' is not one of: single, 2-up, booklet" in result.output
    assert not (folder / "bad").exists()
