"""Incremental builds as a user meets them: a second `build` writes nothing and keeps every file's
time; a change draws again exactly what it touches (an outline, the settings that apply, an
audience's table, the logo, SOURCE_DATE_EPOCH, outline-export itself, a document changed or deleted
by hand); warnings are said again; --force draws everything; --clean removes only what the tool
wrote and no outline makes any more; --jobs gives the same bytes as one process."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from outline_export import build_cache
from outline_export.build_cache import CACHE_NAME
from test_cli import SETTINGS, cli, files_under, outline

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "outlines" / "two-cycles.yaml"


@pytest.fixture
def church(tmp_path, monkeypatch):
    """Three outlines, Markdown and PDF handouts, the general edition and a youth edition."""
    (tmp_path / "outline-export.toml").write_text(SETTINGS.replace('formats = ["md"]', 'formats = ["md", "pdf"]'),
                                                  encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    for name, title in (("one", "First"), ("two", "Second"), ("three", "Third")):
        (tmp_path / "outlines" / f"{name}.yaml").write_text(outline(title), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


ALL = sorted(f"{prefix}{name}-handout.{fmt}" for prefix in ("", "youth/") for name in ("one", "two", "three")
             for fmt in ("md", "pdf"))


def stamps(folder: Path) -> dict[str, int]:
    """Each document's modification time, in nanoseconds."""
    return {name: (folder / name).stat().st_mtime_ns for name in files_under(folder)}


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(name for name in after if before.get(name) != after[name])


def build(*args):
    result = cli("build", *args)
    assert result.exit_code == 0, result.output
    return result


def test_a_second_build_writes_nothing_and_keeps_every_files_time(church):
    first = build()
    assert first.stdout.splitlines() == [f"output/{n}" for n in [
        "one-handout.md", "one-handout.pdf", "youth/one-handout.md", "youth/one-handout.pdf",
        "three-handout.md", "three-handout.pdf", "youth/three-handout.md", "youth/three-handout.pdf",
        "two-handout.md", "two-handout.pdf", "youth/two-handout.md", "youth/two-handout.pdf"]]
    out = church / "output"
    before = stamps(out)
    contents = {n: (out / n).read_bytes() for n in before}
    again = build()
    assert again.stdout == ""
    assert again.stderr == ("Nothing to render: 3 outlines up to date in output/ "
                            "(no warnings; settings from outline-export.toml).\n")
    assert stamps(out) == before and sorted(before) == ALL
    assert {n: (out / n).read_bytes() for n in before} == contents


def test_one_outline_changed_draws_that_outline_only(church):
    build()
    before = stamps(church / "output")
    path = church / "outlines" / "two.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Second", "Second, revised"), encoding="utf-8")
    result = build()
    assert result.stderr == ("Rendered 1 outline: 4 files in output/; 2 outlines up to date "
                             "(no warnings; settings from outline-export.toml).\n")
    assert result.stdout.splitlines() == ["output/two-handout.md", "output/two-handout.pdf",
                                          "output/youth/two-handout.md", "output/youth/two-handout.pdf"]
    assert changed(before, stamps(church / "output")) == ["two-handout.md", "two-handout.pdf",
                                                          "youth/two-handout.md", "youth/two-handout.pdf"]
    assert "Second, revised" in (church / "output" / "youth" / "two-handout.md").read_text(encoding="utf-8")
    # saved again with the same words (only its time changed): nothing to draw
    os.utime(path, ns=(1, 1))
    assert build().stdout == ""


def test_the_settings_that_apply_and_no_others(church):
    build()
    settings = church / "outline-export.toml"
    text = settings.read_text(encoding="utf-8")
    before = stamps(church / "output")
    # the leaders' table is not built: no file depends on it
    settings.write_text(text.replace('label = "Leaders"', 'label = "Group Leaders"'), encoding="utf-8")
    assert build().stdout == ""
    # the youth table: the youth edition only
    settings.write_text(text.replace('label = "Youth"', 'label = "Youth Group"'), encoding="utf-8")
    build()
    after = stamps(church / "output")
    assert changed(before, after) == [n for n in ALL if n.startswith("youth/")]
    assert "Youth Group" in (church / "output" / "youth" / "one-handout.md").read_text(encoding="utf-8")
    # the church's name: every file
    settings.write_text(text.replace("Hill Street Church", "Hill Street Chapel")
                        .replace('label = "Youth"', 'label = "Youth Group"'), encoding="utf-8")
    build()
    assert changed(after, stamps(church / "output")) == ALL


def test_a_logo_changed_draws_everything_again(church):
    settings = church / "outline-export.toml"
    shutil.copy(ROOT / "assets" / "logo.png", church / "logo.png")
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        '[church]\n', '[church]\nlogo = "logo.png"\n'), encoding="utf-8")
    build()
    before = stamps(church / "output")
    assert build().stdout == ""
    from PIL import Image

    with Image.open(church / "logo.png") as image:  # the same name and size, other pixels
        image.convert("RGB").transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(church / "logo.png")
    build()
    after = stamps(church / "output")
    assert changed(before, after) == ALL


def test_source_date_epoch_and_the_tool_itself_are_part_of_the_key(church, monkeypatch):
    build()
    before = stamps(church / "output")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    build()
    after = stamps(church / "output")
    assert changed(before, after) == ALL
    assert build().stdout == ""
    monkeypatch.setattr(build_cache, "_TOOL", "another version of outline-export")
    build()
    assert changed(after, stamps(church / "output")) == ALL


def test_the_tools_fingerprint_follows_its_files(tmp_path, monkeypatch):
    """The package's files, by size and time: an edited module or data file makes a new key."""
    package = tmp_path / "outline_export"
    shutil.copytree(Path(build_cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "__file__", str(package / "build_cache.py"))
    monkeypatch.setattr(build_cache, "_TOOL", None)
    first = build_cache.tool_fingerprint()
    monkeypatch.setattr(build_cache, "_TOOL", None)
    assert build_cache.tool_fingerprint() == first
    data = package / "languages" / "es.toml"
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(build_cache, "_TOOL", None)
    assert build_cache.tool_fingerprint() != first


def test_a_document_changed_or_deleted_by_hand_is_drawn_again(church):
    build()
    out = church / "output"
    original = (out / "one-handout.md").read_bytes()
    (out / "one-handout.md").write_bytes(original + b"\nmy own line\n")
    (out / "youth" / "three-handout.pdf").unlink()
    result = build()
    assert result.stdout.splitlines() == ["output/one-handout.md", "output/one-handout.pdf",
                                          "output/youth/three-handout.md", "output/youth/three-handout.pdf"]
    assert (out / "one-handout.md").read_bytes() == original
    assert sorted(files_under(out)) == ALL


def test_force_draws_everything(church):
    build()
    before = stamps(church / "output")
    result = build("--force")
    assert len(result.stdout.splitlines()) == 12
    assert changed(before, stamps(church / "output")) == ALL


def test_warnings_are_said_again_when_nothing_is_drawn(church):
    """A character no font has: the warning comes from drawing the PDF; an up-to-date build says it too."""
    (church / "outlines" / "two.yaml").write_text(outline("Second \U0001D11E clef"), encoding="utf-8")
    first = cli("build")
    assert first.exit_code == 0, first.output
    warnings = [line for line in first.stderr.splitlines() if "warning:" in line]
    assert warnings and all("two.yaml" in w for w in warnings)
    again = cli("build")
    assert again.stdout == ""
    assert [line for line in again.stderr.splitlines() if "warning:" in line] == warnings
    assert again.stderr.splitlines()[-1].startswith(f"Nothing to render: 3 outlines up to date in output/ "
                                                    f"({len(warnings)} warning")


def test_an_invalid_edit_keeps_the_last_good_files(church):
    build()
    out = church / "output"
    good = (out / "two-handout.md").read_bytes()
    path = church / "outlines" / "two.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Second", "title: [Second"), encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 1
    assert "two.yaml:" in result.stderr and result.stdout == ""
    assert (out / "two-handout.md").read_bytes() == good
    path.write_text(text.replace("Second", "Second again"), encoding="utf-8")
    assert len(build().stdout.splitlines()) == 4


def test_an_unreadable_cache_means_everything_is_drawn(church):
    build()
    for junk in ("{not json", json.dumps({"format": 99, "files": {}, "units": {}}), json.dumps([1, 2])):
        (church / "output" / CACHE_NAME).write_text(junk, encoding="utf-8")
        result = build()
        assert len(result.stdout.splitlines()) == 12, junk
    assert build().stdout == ""


def test_jobs_give_the_same_bytes_as_one_process(church):
    shutil.copy(SAMPLE, church / "outlines" / "two-cycles.yaml")
    one = build("--jobs", "1", "-o", "one")
    two = build("--jobs", "2", "-o", "two")
    assert one.stdout.replace("one/", "") == two.stdout.replace("two/", "")
    names = files_under(church / "one")
    assert names == files_under(church / "two") and len(names) == 16
    assert all((church / "one" / n).read_bytes() == (church / "two" / n).read_bytes() for n in names)


# --- --clean -----------------------------------------------------------------------------------

def test_a_deleted_outline_leaves_its_files_until_clean(church):
    build()
    out = church / "output"
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")  # the user's own file
    (out / "old-handout.md").write_text("from before the cache", encoding="utf-8")  # not written by build
    (church / "outlines" / "three.yaml").unlink()
    result = build()
    assert result.stderr.startswith("Nothing to render: 2 outlines up to date")
    assert sorted(files_under(out)) == sorted(ALL + ["my-notes.txt", "old-handout.md"])
    cleaned = build("--clean")
    assert cleaned.stdout == ""
    assert cleaned.stderr.splitlines() == [
        f"removed {Path('output') / name}" for name in
        ["three-handout.md", "three-handout.pdf", "youth/three-handout.md", "youth/three-handout.pdf"]] + [
        "Nothing to render: 2 outlines up to date in output/; removed 4 files no outline makes any more "
        "(no warnings; settings from outline-export.toml)."]
    assert sorted(files_under(out)) == sorted([n for n in ALL if "three" not in n] + ["my-notes.txt", "old-handout.md"])
    assert build("--clean").stderr.startswith("Nothing to render")  # nothing more to remove


def test_clean_after_an_audience_and_a_format_are_dropped(church):
    build()
    out = church / "output"
    (out / "youth" / "two-handout.md").write_text("edited by hand", encoding="utf-8")
    settings = church / "outline-export.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('audiences = ["youth"]', "audiences = []")
                        .replace('formats = ["md", "pdf"]', 'formats = ["pdf"]'), encoding="utf-8")
    result = build("--clean")
    lines = result.stderr.splitlines()
    assert [line for line in lines if line.startswith("removed")] == [
        f"removed {Path('output') / n}" for n in ["one-handout.md", "three-handout.md", "two-handout.md",
                                                  "youth/one-handout.md", "youth/one-handout.pdf",
                                                  "youth/three-handout.md", "youth/three-handout.pdf",
                                                  "youth/two-handout.pdf"]]
    assert ("output/youth/two-handout.md: warning: changed since outline-export wrote it, so --clean keeps it "
            "(and forgets it): delete it yourself if no longer wanted") in lines
    assert files_under(out) == ["one-handout.pdf", "three-handout.pdf", "two-handout.pdf", "youth/two-handout.md"]


def test_clean_of_some_outlines_leaves_the_others(church):
    """`build --clean outlines/one.yaml`: the other outlines' files are theirs, not leftovers."""
    build()
    result = build("--clean", "outlines/one.yaml")
    assert not [line for line in result.stderr.splitlines() if line.startswith("removed")]
    assert sorted(files_under(church / "output")) == sorted(ALL)


def test_clean_with_one_file_is_a_usage_error(church):
    result = cli("build", "--clean", "-o", "handout.pdf", "outlines/one.yaml")
    assert result.exit_code == 2
    assert "--clean tidies an output folder; it cannot be used with one file (-o FILE)" in result.stderr


def test_the_same_library_in_another_folder_gives_the_same_bytes(tmp_path, monkeypatch):
    """The PDF's ID is made of what is drawn: the logo's pixels, not the path of its file (the
    handouts' IDs used to differ between two copies of a library)."""
    made = {}
    for name in ("first copy", "second"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copytree(ROOT / "assets", folder / "assets")
        shutil.copy(ROOT / "outline-export.toml", folder / "outline-export.toml")
        (folder / "outlines").mkdir()
        shutil.copy(SAMPLE, folder / "outlines" / SAMPLE.name)
        monkeypatch.chdir(folder)
        build("-k", "handout", "-f", "pdf", "-f", "docx")
        made[name] = {n: (folder / "output" / n).read_bytes() for n in files_under(folder / "output")}
    assert len(made["second"]) == 6  # the general, youth and large-print editions
    assert made["first copy"] == made["second"]
