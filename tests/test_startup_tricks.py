"""The fresh-process speed tricks give the files the plain way gives (docs/performance.md):

- ``dataclasses`` (``codecache.py``): the methods ``@dataclass`` writes, compiled once and kept
  on disk; a warm process compiles none, and the methods are the ones ``exec`` makes.
- ``regex`` (``codecache.py``): what ``re`` hands the engine for each pattern, kept on disk; a warm
  process compiles no pattern, and the patterns match as plainly compiled ones.
- ``logocache`` (``assets_logo.py``, ``backends/_pdf_image.py``): a checked logo kept on disk with
  its pixels; a warm process imports none of Pillow's readers, and the PDF draws the same image.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "outlines" / "two-cycles.yaml"


def env_for(cache, plain: str = "") -> dict[str, str]:
    env = {**os.environ, "OUTLINE_EXPORT_JOBS": "1", "OUTLINE_EXPORT_CACHE": str(cache),
           "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("OUTLINE_EXPORT_PLAIN", None)
    if plain:
        env["OUTLINE_EXPORT_PLAIN"] = plain
    return env


def render(out: Path, cache, plain: str = "", config: Path | None = None,
           formats=("docx", "pdf", "md", "html")) -> dict[str, bytes]:
    """Every kind of the sample in ``formats``, in a fresh process through the console script's
    own ending (``cli.run``), as a user runs it."""
    args = [sys.executable, "-c", "from outline_export.cli import run; run()", "render", str(SAMPLE),
            "-k", "all", *(a for f in formats for a in ("-f", f)), "-o", str(out), "-q"]
    if config is not None:
        args += ["--config", str(config)]
    done = subprocess.run(args, env=env_for(cache, plain), capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert files
    return files


# ---------------------------------------------------------------- dataclasses

PROBE = r"""
import json, sys
import outline_export
from outline_export import codecache
import outline_export.cli, outline_export.rendering, outline_export.pipeline, outline_export.loader
import outline_export.backends.docx, outline_export.backends.pdf
import dataclasses, re
print(json.dumps({"new": codecache.METHODS.new, "installed": vars(dataclasses).get("exec") is codecache._exec,
                  "entries": len(codecache.METHODS.items), "re_new": codecache.PATTERNS.new,
                  "re_installed": re._compiler.compile is codecache._compile,
                  "patterns": len(codecache.PATTERNS.items),
                  "re_added": [str(p) for p, _ in codecache.PATTERNS.added]}))
"""


def probe(cache, plain: str = "") -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], env=env_for(cache, plain), capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout)


def test_a_warm_process_compiles_no_dataclass_method_and_no_pattern(tmp_path):
    cache = tmp_path / "cache"
    cold = probe(cache)
    assert cold["installed"] and cold["new"] and cold["entries"] > 200  # ~55 classes, ~5 methods each
    assert cold["re_installed"] and cold["re_new"] and cold["patterns"] > 50  # reportlab's, PyYAML's, ours
    assert not list((cache / "code").glob("*.marshal"))  # compiled once: only their digests are kept
    assert len(list((cache / "code").glob("*.pending"))) == 2
    # compiled again (cli.run writes the tables before os._exit): now kept
    render(tmp_path / "first", cache, formats=("md", "pdf", "docx"))
    tables = sorted(p.name.split("-")[0] for p in (cache / "code").glob("*.marshal"))
    assert tables == ["dataclasses", "re"]
    warm = probe(cache)
    assert warm["installed"] and not warm["new"], warm  # every method's code came from the table
    # and every pattern's, but the one reportlab makes anew each time (a set's names joined)
    assert warm["re_installed"] and all("rl_safe_exec" in p for p in warm["re_added"]), warm
    assert len(warm["re_added"]) <= 1
    for table in (cache / "code").glob("*.marshal"):
        table.write_bytes(b"\x00damaged")
    damaged = probe(cache)
    assert damaged["new"] and damaged["re_new"]  # ignored: compiled as plainly
    assert probe(cache)["new"]  # compiled a second time: kept again (by the atexit hook here)
    again = probe(cache)
    assert not again["new"] and len(again["re_added"]) <= 1
    off = probe(cache, plain="dataclasses,regex")
    assert not off["installed"] and off["entries"] == 0 and not off["re_installed"] and off["patterns"] == 0
    none = probe("")  # OUTLINE_EXPORT_CACHE= : no disk cache, the tricks are off
    assert not none["installed"] and not none["re_installed"]


def test_documents_are_the_same_with_the_code_tables_cold_warm_damaged_and_off(tmp_path):
    cache = tmp_path / "cache"
    cold = render(tmp_path / "cold", cache)
    assert len(cold) == 3 * 2 + 3 + 2  # docx and pdf of 3 kinds, md of 3, html of handout and notes
    assert render(tmp_path / "warm", cache) == cold
    for table in (cache / "code").glob("*.marshal"):
        table.write_bytes(b"\x00damaged")
    assert render(tmp_path / "damaged", cache) == cold
    assert render(tmp_path / "plain", cache, plain="dataclasses,regex") == cold


# Methods of the same dataclasses made with the table cold, warm and plainly: the same signatures,
# annotations (not strings: exec's own compiler flags, none inherited), defaults and behaviour.
METHODS = r"""
import dataclasses, inspect, json, sys
import outline_export  # installs the trick
from dataclasses import dataclass, field

@dataclass(frozen=True)
class Frozen:
    a: int
    b: str = "x"
    c: tuple = field(default_factory=tuple)

@dataclass(order=True)
class Ordered:
    x: float
    y: "tuple[int, ...]" = ()

f = Frozen(1)
try:
    f.a = 2
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({
    "init": str(inspect.signature(Frozen.__init__)),
    "annotations": {k: repr(v) for k, v in Frozen.__init__.__annotations__.items()},
    "ordered": {k: repr(v) for k, v in Ordered.__init__.__annotations__.items()},
    "repr": repr(f), "eq": f == Frozen(1, "x", ()), "hash": hash(f) == hash(Frozen(1)), "frozen": frozen,
    "lt": Ordered(1.0) < Ordered(2.0), "doc": Frozen.__doc__,
    "code": [Frozen.__init__.__code__.co_flags, Frozen.__init__.__code__.co_varnames],
}))
"""


def test_the_methods_from_the_table_are_the_ones_exec_makes(tmp_path):
    def methods(plain=""):
        return subprocess.run([sys.executable, "-c", METHODS], env=env_for(tmp_path / "cache", plain),
                              capture_output=True, text=True, cwd=ROOT, check=True).stdout
    plainly = methods("dataclasses")
    assert json.loads(plainly)["annotations"] == {"a": "<class 'int'>", "b": "<class 'str'>",
                                                  "c": "<class 'tuple'>", "return": "None"}
    assert methods() == plainly  # cold: compiled here (their digests kept by the atexit hook)
    assert methods() == plainly  # compiled again, so kept in the table
    assert methods() == plainly  # from the table


PATTERNS = r"""
import json, re, sys
import outline_export  # installs the tricks
from outline_export import codecache
cases = [
    (r"(?P<book>[1-3]?\s*[A-Za-z]+)\.?\s+(?P<ch>\d+)(?::(?P<v>\d+)(?:[-\u2013](?P<end>\d+))?)?", 0,
     ["Exodus 32:30\u201335", "1 John 1:9", "Ps 23"]),
    (r"(?i)grace|mercy", 0, ["GRACE and Mercy", "none"]),
    (r"(?<=\$\{)[a-z_]+(?=\})", 0, ["${pastor} and ${prayer_meeting}"]),
    ("\n  (?P<num>\\d+)   # a number\n  \\s* (?P<unit>ms|s)\n", re.VERBOSE, ["12 ms", "3s", "x"]),
    (rb"\x89PNG\r\n\x1a\n(....)", re.DOTALL, [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"]),
    (r"[\u0590-\u08ff\ufb1d-\ufdff]+", 0, ["abc \u05e9\u05dc\u05d5\u05dd def"]),
    (r"^\s*(\*|-|\d+[.)])\s+", re.MULTILINE, ["a\n  - b\n3) c"]),
]
out = []
for pattern, flags, texts in cases:
    r = re.compile(pattern, flags)
    out.append([repr(r.pattern), r.flags, r.groups, r.groupindex == {} or dict(r.groupindex),
                [[repr(m.group(0)), repr(m.groups()), m.span()] for t in texts for m in r.finditer(t)]])
try:
    re.compile(r"(unclosed")
except re.error as e:
    out.append(str(e))
print(json.dumps({"out": out, "new": codecache.PATTERNS.new,
                  "hits": sum((p, f) in codecache.PATTERNS.items for p, f, _ in cases)}))
"""


def test_patterns_from_the_table_match_as_plainly_compiled_ones(tmp_path):
    def patterns(plain=""):
        done = subprocess.run([sys.executable, "-c", PATTERNS], env=env_for(tmp_path / "cache", plain),
                              capture_output=True, text=True, cwd=ROOT, check=True)
        return json.loads(done.stdout)
    plainly = patterns("regex")
    assert plainly["hits"] == 0 and "missing ), unterminated subpattern" in plainly["out"][-1]
    cold = patterns()
    assert cold["new"] and cold["out"] == plainly["out"]
    again = patterns()  # compiled in a second process: now kept in the table (by the atexit hook)
    assert again["new"] and again["out"] == plainly["out"]
    warm = patterns()
    assert warm["hits"] == 7 and not warm["new"] and warm["out"] == plainly["out"]


# ---------------------------------------------------------------- logos

def logo_settings(tmp_path: Path, logo: Path) -> Path:
    """The repository's settings with ``logo`` as the church's logo."""
    text = (ROOT / "outline-export.toml").read_text(encoding="utf-8")
    text = text.replace('logo = "assets/logo.png"', f"logo = {json.dumps(str(logo))}")
    assert str(logo) in text
    config = tmp_path / "outline-export.toml"
    config.write_text(text, encoding="utf-8")
    return config


def make_logo(path: Path, mode: str) -> Path:
    from PIL import Image

    im = Image.new(mode, (120, 60), (200, 30, 40, 120)[:len(mode)] if mode != "L" else 90)
    for x in range(0, 120, 7):  # some pixels that are not the background
        for y in range(60):
            im.putpixel((x, y), (10, 200, 90, 255)[:len(mode)] if mode != "L" else 200)
    im.save(path)
    return path


@pytest.mark.parametrize("name, mode", [("rgba.png", "RGBA"), ("rgb.png", "RGB"), ("grey.jpg", "L")])
def test_pdfs_are_the_same_with_the_logo_record_cold_warm_damaged_and_off(tmp_path, name, mode):
    config = logo_settings(tmp_path, make_logo(tmp_path / name, mode))
    cache = tmp_path / "cache"
    cold = render(tmp_path / "cold", cache, config=config, formats=("pdf", "docx"))
    (record,) = (cache / "logos").glob("*.marshal")
    assert render(tmp_path / "warm", cache, config=config, formats=("pdf", "docx")) == cold
    record.write_bytes(b"\x00damaged")
    assert render(tmp_path / "damaged", cache, config=config, formats=("pdf", "docx")) == cold
    assert record.stat().st_size > 100  # written again
    assert render(tmp_path / "plain", cache, "logocache", config, ("pdf", "docx")) == cold
    assert render(tmp_path / "none", "", config=config, formats=("pdf", "docx")) == cold
    pictured = [cold[f"two-cycles-{kind}.pdf"] for kind in ("handout", "worksheet")]  # notes: no logo
    assert all(b"/Subtype /Image" in data for data in pictured)
    assert all((b"/SMask" in data) == (mode == "RGBA") for data in pictured)  # alpha: a soft mask


DRAWN = r"""
import sys, json
from outline_export import cli
try:
    cli.main(sys.argv[1:], prog_name="outline-export")
except SystemExit as e:
    assert not e.code, e.code
print(json.dumps(sorted(m for m in sys.modules if m.startswith("PIL.") and m.endswith("Plugin"))))
"""


def test_a_warm_process_imports_none_of_pillows_readers(tmp_path):
    config = logo_settings(tmp_path, ROOT / "assets" / "logo.png")
    args = [sys.executable, "-c", DRAWN, "render", str(SAMPLE), "-k", "all", "-f", "pdf", "-f", "docx",
            "-o", str(tmp_path / "out"), "-q", "--config", str(config)]

    def plugins(plain=""):
        done = subprocess.run(args, env=env_for(tmp_path / "cache", plain), capture_output=True, text=True,
                              cwd=ROOT, check=True)
        return json.loads(done.stdout.splitlines()[-1])
    assert "PIL.PngImagePlugin" in plugins()  # cold: the logo checked with Pillow
    assert plugins() == []  # warm: the record's PNG and pixels
    assert "PIL.PngImagePlugin" in plugins("logocache")


def test_a_changed_logo_is_never_drawn_from_the_old_record(tmp_path):
    logo = make_logo(tmp_path / "logo.png", "RGB")
    config = logo_settings(tmp_path, logo)
    cache = tmp_path / "cache"
    first = render(tmp_path / "a", cache, config=config, formats=("docx",))
    from PIL import Image

    Image.new("RGB", (120, 60), (0, 0, 255)).save(logo)  # same path and size on screen, other pixels
    second = render(tmp_path / "b", cache, config=config, formats=("docx",))
    assert len(list((cache / "logos").glob("*.marshal"))) == 2

    def png(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            (name,) = [n for n in z.namelist() if n.startswith("word/media/")]
            return z.read(name)
    with Image.open(io.BytesIO(png(second["two-cycles-handout.docx"]))) as im:
        assert im.getpixel((0, 0)) == (0, 0, 255)
    assert png(first["two-cycles-handout.docx"]) != png(second["two-cycles-handout.docx"])


def test_a_refused_logo_is_never_kept(tmp_path):
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # a PNG's signature and nothing readable
    config = logo_settings(tmp_path, bad)
    cache = tmp_path / "cache"
    for _ in range(2):  # refused both times: the problem is found every time
        done = subprocess.run([sys.executable, "-m", "outline_export", "render", str(SAMPLE), "-o",
                               str(tmp_path / "out"), "--config", str(config)], env=env_for(cache),
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 1 and "logo" in done.stderr and "as a PNG or JPEG image" in done.stderr
    assert not (cache / "logos").exists() or not list((cache / "logos").iterdir())


# ---------------------------------------------------------------- font subsets

def test_pdfs_are_the_same_with_subsets_kept_or_made_each_time(tmp_path):
    kept = render(tmp_path / "kept", tmp_path / "cache", formats=("pdf",))
    assert render(tmp_path / "made", tmp_path / "cache", plain="subsets", formats=("pdf",)) == kept


TWICE = r"""
import json, sys, zlib
from reportlab.pdfbase.ttfonts import TTFontFile
from outline_export import cli
cuts, deflated = [], []
make, compress = TTFontFile.makeSubset, zlib.compress
TTFontFile.makeSubset = lambda self, subset: cuts.append(1) or make(self, subset)
zlib.compress = lambda data, *a: deflated.append(data[:4] == b"\x00\x01\x00\x00") or compress(data, *a)  # a TrueType file
counts = []
for out in sys.argv[1:3]:
    cuts.clear(); deflated.clear()
    try:
        cli.main(["render", sys.argv[3], "-k", "all", "-f", "pdf", "-o", out, "-q"], prog_name="x")
    except SystemExit as e:
        assert not e.code
    counts.append([len(cuts), sum(deflated)])
print(json.dumps(counts))
"""


def test_a_subset_is_made_and_deflated_once_per_process(tmp_path):
    """The three PDFs of an outline drawn twice in one process (as `watch` does): the second time,
    no subset is cut from a font file and no font file deflated again."""
    def counts(plain=""):
        done = subprocess.run([sys.executable, "-c", TWICE, str(tmp_path / "a"), str(tmp_path / "b"), str(SAMPLE)],
                              env=env_for(tmp_path / "cache", plain), capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])
    (cut, deflated), (cut_again, deflated_again) = counts()
    assert cut >= 8 and deflated >= 8  # 3 PDFs of five or six faces each, less what they share
    assert cut_again == 0 and deflated_again == 0
    (plain_cut, plain_deflated), again = counts("subsets")
    assert plain_cut > cut and plain_deflated > deflated  # the three kinds share subsets
    assert again == [plain_cut, plain_deflated]
