"""The render speed tricks of issue 14 give the files the plain way gives (docs/performance.md).

- ``fontcache`` / ``fontgc`` (``backends/_pdf_fontcache.py``): parsed faces kept on disk; the
  collector paused while a face is read. The PDFs are byte-identical with the cache cold, warm,
  damaged, unwritable and switched off.
- fallback faces read only when needed (``glyphs``) and ``fontmetrics.load`` resolving a path once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from outline_export import fontmetrics, glyphs
from outline_export.backends import _pdf_fontcache as fontcache
from outline_export.loader import load_text
from outline_export.view_options import ViewOptions

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "src" / "outline_export" / "themes" / "default" / "fonts"
SAMPLES = ("two-cycles", "keun-joe")  # Latin; Korean (Nanum Gothic as the fallback)


def render_pdfs(out: Path, cache: Path | str, plain: str = "") -> dict[str, bytes]:
    """Every kind of both samples as PDF, in a fresh process, as a user runs it."""
    env = {**os.environ, "OUTLINE_EXPORT_JOBS": "1", "OUTLINE_EXPORT_CACHE": str(cache),
           "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("OUTLINE_EXPORT_PLAIN", None)
    if plain:
        env["OUTLINE_EXPORT_PLAIN"] = plain
    args = [str(ROOT / "outlines" / f"{s}.yaml") for s in SAMPLES]
    subprocess.run([sys.executable, "-m", "outline_export", "render", *args, "-k", "all", "-f", "pdf",
                    "-o", str(out)], env=env, check=True, capture_output=True, cwd=ROOT)
    files = {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}
    assert len(files) == 6
    return files


def test_pdfs_are_the_same_with_the_font_cache_cold_warm_damaged_unwritable_and_off(tmp_path):
    cache = tmp_path / "cache"
    cold = render_pdfs(tmp_path / "cold", cache)
    records = sorted((cache / "fonts").glob("*.marshal"))
    names = {r.name.rsplit("-", 1)[0] for r in records}
    assert {"DejaVuSerif", "DejaVuSans-Bold", "NanumGothic"} <= names  # Nanum: for the Korean sample
    warm = render_pdfs(tmp_path / "warm", cache)
    assert warm == cold

    for r in records:  # damaged records are ignored, and written again
        r.write_bytes(b"\x00not a record")
    assert render_pdfs(tmp_path / "damaged", cache) == cold
    assert all(r.stat().st_size > 10_000 for r in records)

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert render_pdfs(tmp_path / "unwritable", blocker / "cache") == cold  # the cache cannot be made
    assert render_pdfs(tmp_path / "none", "") == cold  # OUTLINE_EXPORT_CACHE= : no disk cache
    assert render_pdfs(tmp_path / "plain", cache, plain="fontcache,fontgc") == cold


def test_a_face_read_back_has_the_fields_of_a_parsed_one(tmp_path, monkeypatch):
    from reportlab.pdfbase.ttfonts import TTFont

    monkeypatch.setenv("OUTLINE_EXPORT_CACHE", str(tmp_path))
    monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)
    path = str(FONTS / "DejaVuSans-Bold.ttf")
    parsed = TTFont("t-parsed", path)
    fontcache.load_font("t-first", path)  # parses and writes the record
    assert list((tmp_path / "fonts").glob("DejaVuSans-Bold-*.marshal"))
    read = fontcache.load_font("t-read", path)
    assert type(read.face).__name__ == "CachedFace"
    assert set(vars(read)) == set(vars(parsed))  # what TTFont.__init__ sets
    assert read.shapable == parsed.shapable and read._asciiReadable == parsed._asciiReadable
    mine, theirs = vars(read.face), vars(parsed.face)
    for k, v in theirs.items():
        if k in ("glyphToChar", "_pdfScale"):
            continue
        assert mine[k] == v, k
        assert type(mine[k]) is type(v), k
        if hasattr(v, "ustr"):
            assert mine[k].ustr == v.ustr
    assert read.face._pdfScale(2048) == parsed.face._pdfScale(2048)
    chars = [32, 65, 103, 0x2014, 0x05D0]
    assert read.face.makeSubset(chars) == parsed.face.makeSubset(chars)  # what every PDF embeds
    assert "glyphToChar" not in mine  # ... made without parsing the file again
    assert read.face.glyphToChar == parsed.face.glyphToChar  # parsed on first use (HarfBuzz shaping)
    assert read.stringWidth("Grace — mercy", 11) == parsed.stringWidth("Grace — mercy", 11)


def test_a_changed_font_file_is_never_read_from_an_old_record(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTLINE_EXPORT_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)
    font = tmp_path / "Body.ttf"
    shutil.copyfile(FONTS / "DejaVuSerif.ttf", font)
    assert bytes(fontcache.load_font("t-a", str(font)).face.name) == b"DejaVuSerif"
    assert bytes(fontcache.load_font("t-b", str(font)).face.name) == b"DejaVuSerif"  # from the record
    shutil.copyfile(FONTS / "DejaVuSans.ttf", font)  # same path, same stem: other bytes
    assert bytes(fontcache.load_font("t-c", str(font)).face.name) == b"DejaVuSans"
    assert len(list((tmp_path / "cache" / "fonts").glob("Body-*.marshal"))) == 2


def test_a_latin_outline_never_reads_the_korean_font(monkeypatch):
    read = []
    load = fontmetrics.load
    monkeypatch.setattr(fontmetrics, "load", lambda p: read.append(Path(p).name) or load(p))
    latin = load_text('title: "Grace — “mercy” and ἔλεος"\nsections:\n  - heading: Één\n    points: [café]\n', "a.yaml")
    assert glyphs.glyph_warnings(latin, ViewOptions()) == []
    assert read and not any(name.startswith("Nanum") for name in read)
    # nor does the slide writer measure it with Nanum Gothic (it used to read every fallback at once)
    from outline_export.backends import _pptx_layout
    from outline_export.view_options import writer_options

    slides = _pptx_layout.Measure(writer_options("handout", ViewOptions(medium="slides")))
    assert slides.text("Grace — “mercy” and ἔλεος", "serif", 28, False, False) > 0
    assert not any(name.startswith("Nanum") for name in read)

    read.clear()
    korean = load_text('title: "은혜 — grace"\nsections:\n  - heading: One\n    points: [a]\n', "k.yaml")
    assert glyphs.glyph_warnings(korean, ViewOptions()) == []  # Hangul: drawn by the fallback
    assert any(name.startswith("Nanum") for name in read)


def test_an_unprintable_character_is_still_found_through_the_whole_chain():
    outline = load_text('title: "Grace \U0001F64F"\nsections:\n  - heading: One\n    points: [a]\n', "e.yaml")
    (warning,) = glyphs.glyph_warnings(outline, ViewOptions())
    assert "U+1F64F" in warning.message and "NanumGothic" in warning.message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_font_metrics_follow_a_link_that_is_pointed_elsewhere(tmp_path, monkeypatch):
    link = tmp_path / "body.ttf"
    link.symlink_to(FONTS / "DejaVuSerif.ttf")
    resolved = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p: resolved.append(p) or realpath(p))
    assert fontmetrics.load(link).family == "DejaVu Serif"
    assert fontmetrics.load(str(link)) is fontmetrics.load(link)
    assert len(resolved) == 1  # the path resolved once, not on every load
    link.unlink()
    link.symlink_to(FONTS / "DejaVuSans.ttf")
    assert fontmetrics.load(link).family == "DejaVu Sans"


def test_a_record_changed_with_its_key_intact_is_never_used(tmp_path, monkeypatch):
    """A record whose stored face was changed (its key left as it was) is parsed again, plainly:
    it must never give a PDF other widths, nor stop the render."""
    import marshal

    from reportlab.pdfbase.ttfonts import TTFont

    monkeypatch.setenv("OUTLINE_EXPORT_CACHE", str(tmp_path))
    monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)
    path = str(FONTS / "DejaVuSans.ttf")
    plain = TTFont("P", path).face.charWidths
    fontcache.load_font("A", path)  # writes the record
    (record,) = (tmp_path / "fonts").glob("DejaVuSans-*.marshal")
    fmt, key, check, blob = marshal.loads(record.read_bytes())
    state = marshal.loads(blob)
    state["fields"]["charWidths"][ord("a")] += 100  # another width for "a", the key and check as they were
    record.write_bytes(marshal.dumps((fmt, key, check, marshal.dumps(state))))
    assert fontcache.load_font("B", path).face.charWidths == plain
    state["names"] = ["not", "a", "table"]  # the wrong shape, with a check that matches it
    changed = marshal.dumps(state)
    record.write_bytes(marshal.dumps((fmt, key, fontcache._check(changed), changed)))
    assert fontcache.load_font("C", path).face.charWidths == plain


def test_a_build_in_one_process_collects_between_outlines_not_after_the_last(tmp_path, monkeypatch):
    """``building.settle`` keeps a long build's memory flat by collecting after each outline; after
    the last one the process ends (or `watch` collects while idle), so that collection (20-30 ms
    in a one-outline render) is not paid."""
    from outline_export import building, cli

    library = tmp_path / "lib"
    (library / "outlines").mkdir(parents=True)
    for name in ("one", "two", "three"):
        (library / "outlines" / f"{name}.yaml").write_text(
            f"title: Outline {name}\nsections:\n  - heading: A\n    points: [Point]\n", encoding="utf-8")
    calls: list[int] = []
    monkeypatch.setattr(building, "settle", lambda: calls.append(1))
    monkeypatch.chdir(library)
    cli.main(["render", "outlines", "-k", "handout", "-f", "md", "--jobs", "1", "-q", "-o", str(tmp_path / "out")],
             standalone_mode=False)
    assert len(list((tmp_path / "out").glob("*.md"))) == 3
    assert len(calls) == 2
