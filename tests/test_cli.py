"""The command line as a user meets it: folders, output places, -o FILE, pipes, Ctrl-C, two runs at
once, case, summaries, missing inputs, audience hints, validate with settings, and init."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import pipeline, starter
from outline_export.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "outlines" / "two-cycles.yaml"

SETTINGS = """\
[church]
name = "Hill Street Church"

[variables]
pastor = "Pastor Ana Ruiz"

[defaults]
formats = ["md"]
kinds = ["handout"]
audiences = ["youth"]

[audiences.youth]
label = "Youth"

[audiences.leaders]
label = "Leaders"
"""


def outline(title: str) -> str:
    return starter.EXAMPLE.replace("title: Who Is My Neighbor?", f"title: {title}")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A church's folder: settings (Markdown handouts, a youth edition) and two outlines."""
    (tmp_path / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "one.yaml").write_text(outline("First"), encoding="utf-8")
    (tmp_path / "outlines" / "two.yaml").write_text(outline("Second"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


from outline_export.build_cache import CACHE_NAME  # noqa: E402


def files_under(folder: Path) -> list[str]:
    """The documents under ``folder`` (not `build`'s cache file, checked by test_build_cache.py)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != CACHE_NAME)


def env():
    return dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))


# --- name clashes -----------------------------------------------------------------------------

def test_same_name_in_two_folders_mirrors_the_folders_under_output(project):
    for month in ("march", "april"):
        (project / "outlines" / month).mkdir()
        (project / "outlines" / month / "sermon.yaml").write_text(outline(f"Sermon for {month}"), encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert files_under(project / "output") == [
        "april/sermon-handout.md", "march/sermon-handout.md", "one-handout.md", "two-handout.md",
        "youth/april/sermon-handout.md", "youth/march/sermon-handout.md", "youth/one-handout.md",
        "youth/two-handout.md"]
    assert "Sermon for march" in (project / "output" / "march" / "sermon-handout.md").read_text()
    assert "Sermon for april" in (project / "output" / "april" / "sermon-handout.md").read_text()
    assert result.stderr.splitlines()[-1] == "Rendered 4 outlines: 8 files in output/ (no warnings; settings from outline-export.toml)."


def test_two_paths_with_the_same_name_are_refused_before_writing(project):
    for month in ("march", "april"):
        (project / "outlines" / month).mkdir()
        (project / "outlines" / month / "sermon.yaml").write_text(outline(month), encoding="utf-8")
    result = cli("render", "outlines/march/sermon.yaml", "outlines/april/sermon.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "outline-export: outlines/march/sermon.yaml and outlines/april/sermon.yaml would both be written to "
        "output/sermon-handout.md; nothing was written. Give their folder instead (each outline's documents "
        "then keep its subfolder), or render them one at a time with different -o folders")
    assert not (project / "output").exists()


def test_a_subfolder_named_like_an_audience_is_refused_when_it_clashes(project):
    (project / "outlines" / "youth").mkdir()
    (project / "outlines" / "youth" / "one.yaml").write_text(outline("Youth one"), encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "outline-export: outlines/one.yaml (youth edition) and outlines/youth/one.yaml would both be written to "
        "output/youth/one-handout.md; nothing was written. The 'youth' edition goes into the folder youth/ of "
        "the output: rename the outlines' subfolder 'youth', or one of the outlines")
    assert not (project / "output").exists()


def test_the_same_outline_given_twice_is_rendered_once(project):
    result = cli("render", "outlines/one.yaml", "outlines/", "./outlines/one.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["output/one-handout.md", "output/two-handout.md"]


# --- file modes -------------------------------------------------------------------------------

@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_files_get_the_ordinary_mode_for_the_umask(project, monkeypatch, umask, mode):
    monkeypatch.setattr(pipeline, "_NEW_FILE_MODE", None)
    old = os.umask(umask)
    try:
        result = cli("render", "outlines/one.yaml", "-f", "md", "-f", "pdf")
    finally:
        os.umask(old)
        pipeline._NEW_FILE_MODE = None
    assert result.exit_code == 0, result.output
    for name in ("one-handout.md", "one-handout.pdf"):
        assert stat.S_IMODE((project / "output" / name).stat().st_mode) == mode
    assert stat.S_IMODE((project / "output").stat().st_mode) == 0o777 & ~umask


def test_a_file_written_again_keeps_its_own_mode(project):
    assert cli("render", "outlines/one.yaml").exit_code == 0
    target = project / "output" / "one-handout.md"
    target.chmod(0o664)
    assert cli("render", "outlines/one.yaml").exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


# --- places that cannot be written ------------------------------------------------------------

def test_an_output_name_taken_by_a_folder(project):
    (project / "out" / "h.md").mkdir(parents=True)
    result = cli("render", "outlines/one.yaml", "-o", "out/h.md")
    assert (result.exit_code, result.stderr) == (1, "out/h.md: cannot write: a folder has that name\n")
    (project / "out" / "one-handout.md").mkdir()
    result = cli("render", "outlines/one.yaml", "-o", "out")
    assert (result.exit_code, result.stderr) == (1, "out/one-handout.md: cannot write: a folder has that name\n")
    assert files_under(project / "out") == []


def test_a_file_where_a_folder_should_be(project):
    (project / "notes.txt").write_text("mine")
    result = cli("render", "outlines/one.yaml", "-o", "notes.txt/sub")
    assert (result.exit_code, result.stderr) == (1, "notes.txt/sub: cannot write: notes.txt is a file, not a folder\n")
    result = cli("render", "outlines/one.yaml", "-o", "notes.txt/sub/h.md")
    assert (result.exit_code, result.stderr) == (1, "notes.txt/sub/h.md: cannot write: notes.txt is a file, not a folder\n")
    assert (project / "notes.txt").read_text() == "mine"


def test_a_read_only_folder(project):
    """A folder the user may not write into. Root writes anywhere, so as root the command runs
    without the capability that lets it (setpriv), as an ordinary user would."""
    (project / "ro").mkdir()
    (project / "ro").chmod(0o555)
    as_user = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    try:
        r = subprocess.run([*as_user, sys.executable, "-m", "outline_export", "render", "outlines/one.yaml", "-o", "ro"],
                           capture_output=True, text=True, env=env(), cwd=project)
    finally:
        (project / "ro").chmod(0o755)
    assert (r.returncode, r.stderr) == (1, "ro: cannot write: permission denied\n")
    assert files_under(project / "ro") == []


def _read_only_mount(folder: Path, command: str) -> subprocess.CompletedProcess:
    """Run ``command`` with ``folder`` mounted read-only (works for root, which ignores modes)."""
    script = f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && {command}"
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env())


def _can_mount() -> bool:
    try:
        return subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind / /mnt"], capture_output=True).returncode == 0
    except OSError:
        return False


@pytest.mark.skipif(not _can_mount(), reason="needs unshare -m and mount (root in a Linux container)")
def test_a_read_only_disk_before_and_during_a_build(project):
    (project / "ro").mkdir()
    run = f"{sys.executable} -m outline_export"
    r = _read_only_mount(project / "ro", f"{run} render outlines/one.yaml -o ro")
    assert (r.returncode, r.stderr) == (1, "ro: cannot write: the disk is read-only\n")
    # the youth edition's folder read-only: the general edition is written, then one line, exit 1
    (project / "output" / "youth").mkdir(parents=True)
    r = _read_only_mount(project / "output" / "youth", f"{run} build")
    assert r.returncode == 1
    assert r.stderr == "output/youth/one-handout.md: cannot write: the disk is read-only\n"
    assert r.stdout == "output/one-handout.md\n"
    assert files_under(project / "output") == ["one-handout.md"]


def test_a_failing_write_leaves_no_temporary_file_and_no_traceback(project, monkeypatch):
    import errno

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = cli("render", "outlines/one.yaml")
    assert (result.exit_code, result.stderr) == (1, "output/one-handout.md: cannot write: no space left on the disk\n")
    assert files_under(project / "output") == []


# --- -o FILE ----------------------------------------------------------------------------------

def test_o_with_a_document_suffix_writes_that_file(project):
    result = cli("render", "outlines/one.yaml", "-k", "handout", "-o", "handout.pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout == "handout.pdf\n"
    assert result.stderr == "Rendered 1 outline: 1 file, handout.pdf (no warnings).\n"
    assert (project / "handout.pdf").is_file() and (project / "handout.pdf").read_bytes()[:5] == b"%PDF-"
    assert not (project / "output").exists()
    # a suffix in capitals, into a folder that does not exist yet; -f agreeing with it
    result = cli("render", "outlines/one.yaml", "-k", "Notes", "-f", "docx", "-o", "print/Notes.DOCX")
    assert result.exit_code == 0, result.output
    assert files_under(project / "print") == ["Notes.DOCX"]


@pytest.mark.parametrize("args, message", [
    (["-o", "h.pdf", "-k", "handout", "-f", "docx"],
     "-o h.pdf is a .pdf file but -f asks for docx; use -f pdf, or leave -f out (the suffix names the format)"),
    (["-o", "h.pdf", "-k", "handout", "-f", "all"],
     "-o h.pdf is a .pdf file but -f asks for docx, pdf, md, pptx, html; use -f pdf, or leave -f out (the suffix names the format)"),
    (["-o", "h.pdf", "-k", "handout", "-k", "notes"],
     "-o h.pdf names one file, but this would write several; 2 kinds (handout, notes): choose one with -k, "
     "like -k handout; or give -o a folder"),
    (["-o", "h.pdf", "--config", "plain.toml"],
     "-o h.pdf names one file, but this would write several; 3 kinds (handout, notes, worksheet): choose one "
     "with -k, like -k handout; or give -o a folder"),
    (["-o", ""], "-o/--output is empty; give a folder (like -o output) or a file (like -o handout.pdf)"),
    (["-o", "outlines/one.yaml"], "-o outlines/one.yaml: an outline file (.yaml) is never written over; give a "
                                  "folder (like -o output) or a document (like -o handout.pdf)"),
    (["-o", "-"], "-o -: documents cannot go to stdout; give a folder (like -o output) or a file (like -o handout.pdf)"),
])
def test_o_file_mistakes_are_usage_errors(project, args, message):
    (project / "plain.toml").write_text("")
    before = (project / "outlines" / "one.yaml").read_bytes()
    result = cli("render", "outlines/one.yaml", *args)
    assert (result.exit_code, result.stderr) == (2, f"outline-export: {message}\n")
    assert (project / "outlines" / "one.yaml").read_bytes() == before
    assert not (project / "h.pdf").exists() and not (project / "output").exists()


def test_o_file_with_several_outlines_or_editions(project):
    result = cli("render", "outlines/", "-o", "h.md")
    assert (result.exit_code, result.stderr) == (2, "outline-export: -o h.md names one file, but this would write "
                                                    "several; 2 outlines: render one at a time; or give -o a folder\n")
    result = cli("build", "outlines/one.yaml", "-o", "h.md")
    assert result.stderr == ("outline-export: -o h.md names one file, but this would write several; 2 editions "
                             "(general, youth): use render with one --audience; or give -o a folder\n")
    result = cli("render", "outlines/one.yaml", "-a", "youth", "-o", "youth.md")
    assert result.exit_code == 0, result.output
    assert "Youth" in (project / "youth.md").read_text()


def test_o_with_a_trailing_slash_or_no_suffix_is_a_folder(project):
    assert cli("render", "outlines/one.yaml", "-o", "h.pdf/").exit_code == 0
    assert files_under(project / "h.pdf") == ["one-handout.md"]
    assert cli("render", "outlines/one.yaml", "-o", "web").exit_code == 0
    assert files_under(project / "web") == ["one-handout.md"]


# --- where commands work ----------------------------------------------------------------------

def test_build_works_from_any_folder_inside_the_project(project, monkeypatch):
    (project / "outlines" / "march").mkdir()
    (project / "outlines" / "march" / "sermon.yaml").write_text(outline("March"), encoding="utf-8")
    monkeypatch.chdir(project / "outlines" / "march")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["../../output/march/sermon-handout.md",
                                              "../../output/youth/march/sermon-handout.md", "../../output/one-handout.md"]
    assert result.stderr.splitlines()[-1] == "Rendered 3 outlines: 6 files in ../../output/ (no warnings; settings from ../../outline-export.toml)."
    assert not (project / "outlines" / "march" / "output").exists()
    assert (project / "output" / "youth" / "march" / "sermon-handout.md").is_file()
    # render writes beside the settings too; validate and list read outlines/ beside them
    rendered = cli("render", "sermon.yaml")
    assert rendered.stdout == "../../output/sermon-handout.md\n"
    # settings from a parent folder are named; from the current folder they go without saying
    assert rendered.stderr == ("Rendered 1 outline: 1 file in ../../output/ (no warnings; settings from "
                               "../../outline-export.toml).\n")
    assert cli("validate").stdout == "3 outlines valid (checked with ../../outline-export.toml).\n"
    assert cli("list").stdout.splitlines()[1].startswith("../march/sermon.yaml  March")


def test_build_paths_accepts_outlines_and_folders(project):
    (project / "extra").mkdir()
    (project / "extra" / "three.yaml").write_text(outline("Three"), encoding="utf-8")
    result = cli("build", "extra", "outlines/one.yaml", "-a", "leaders")
    assert result.exit_code == 0, result.output
    assert files_under(project / "output") == [
        "leaders/one-handout.md", "leaders/three-handout.md", "one-handout.md", "three-handout.md",
        "youth/one-handout.md", "youth/three-handout.md"]


def test_build_without_settings_or_outlines_says_how_to_start(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("outline_export.project.find_settings", lambda start=None: None)
    result = cli("build")
    assert (result.exit_code, result.stderr) == (1, (
        "outlines: no outlines folder here (no outline-export.toml was found here or in a parent folder); start "
        "a library with `outline-export init`, or name outlines: outline-export build PATH...\n"))


# --- pipes, Ctrl-C, two runs at once ----------------------------------------------------------

def many_outlines(project: Path, n: int = 4) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    for i in range(n):
        (project / "outlines" / f"sample-{i}.yaml").write_text(text, encoding="utf-8")
    (project / "outline-export.toml").write_text(SETTINGS.replace('formats = ["md"]', 'formats = ["docx", "pdf"]')
                                                  .replace('kinds = ["handout"]', 'kinds = ["handout", "notes"]'))


def opens(path: Path) -> bool:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages) > 0
    import docx

    return len(docx.Document(str(path)).paragraphs) > 0


def test_a_closed_pipe_does_not_stop_the_build(project):
    """`outline-export build | head -1`: the build goes on and writes every file."""
    many_outlines(project, 2)
    p = subprocess.Popen([sys.executable, "-m", "outline_export", "build"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env())
    first = p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait() == 0, err
    assert first == "output/one-handout.docx\n"
    assert err == "Rendered 4 outlines: 32 files in output/ (no warnings; settings from outline-export.toml).\n"
    assert len(files_under(project / "output")) == 32


def test_ctrl_c_keeps_every_earlier_file_and_leaves_no_temporary_file(project):
    many_outlines(project)
    p = subprocess.Popen([sys.executable, "-m", "outline_export", "build"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env())
    for _ in range(5):
        p.stdout.readline()
    p.send_signal(signal.SIGINT)
    _, err = p.communicate()
    assert p.returncode == 130
    written = [p for p in (project / "output").rglob("*") if p.is_file() and p.name != CACHE_NAME]
    assert err == (f"outline-export: interrupted; {len(written)} files written before it (each complete), "
                   "no partly written files left\n")
    assert 5 <= len(written) < 48
    assert not [p for p in project.rglob("*.part")]
    assert all(opens(p) for p in written)


def test_two_builds_at_once_both_finish_and_every_file_opens(project):
    many_outlines(project, 2)
    runs = [subprocess.Popen([sys.executable, "-m", "outline_export", "build"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env()) for _ in range(2)]
    results = [(r.communicate(), r.returncode) for r in runs]
    for (out, err), code in results:
        assert code == 0, err
        assert err == "Rendered 4 outlines: 32 files in output/ (no warnings; settings from outline-export.toml).\n"
    written = [p for p in (project / "output").rglob("*") if p.is_file() and p.name != CACHE_NAME]
    assert len(written) == 32 and all(opens(p) for p in written)
    assert not [p for p in project.rglob("*.part")]


# --- case, summaries, inputs ------------------------------------------------------------------

def test_options_and_values_ignore_case(project):
    from pypdf import PdfReader

    result = cli("render", "outlines/one.yaml", "--paper", "A4", "-f", "PDF", "-k", "Handout", "--blanks", "Fixed",
                 "--audience", "Youth", "--translation", "web")
    assert result.exit_code == 0, result.output
    assert result.stdout == "output/youth/one-handout.pdf\n"
    box = PdfReader(str(project / "output" / "youth" / "one-handout.pdf")).pages[0].mediabox
    assert round(float(box.width)) == 595


def test_summary_counts_outlines_files_and_warnings(project):
    (project / "outlines" / "two.yaml").write_text(
        outline("Second").replace("  - Whom do you pass", "  - text: For the youth\n    audience: yuoth\n  - Whom do you pass"),
        encoding="utf-8")
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "outlines/two.yaml:27:5: warning: audience 'yuoth' is not defined in outline-export.toml; add an "
        "[audiences.yuoth] table with a label, or check the spelling",
        "Rendered 2 outlines: 4 files in output/ (1 warning; settings from outline-export.toml)."]


def test_summary_when_an_outline_fails(project):
    (project / "outlines" / "bad.yaml").write_text("title: Bad\nsections: []\n")
    result = cli("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "1 outline had problems and was not rendered; rendered 2 outlines: 4 files in output/ (no warnings; settings from outline-export.toml).")
    (project / "outlines" / "one.yaml").write_text("title: Bad\nsections: []\n")
    (project / "outlines" / "two.yaml").unlink()
    result = cli("build")
    assert result.stderr.splitlines()[-1] == (
        "2 outlines had problems and were not rendered; nothing was written (no warnings; settings from outline-export.toml).")


def test_a_missing_input_is_an_input_error_and_the_rest_still_render(project):
    result = cli("render", "outlines/one.yml", "outlines/two.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "outlines/one.yml: no such file or folder; did you mean outlines/one.yaml?",
        "1 path given held no outline; rendered 1 outline: 1 file in output/ (no warnings)."]
    assert files_under(project / "output") == ["two-handout.md"]


def test_a_pattern_the_shell_did_not_expand(project):
    result = cli("render", "sermons/*.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "sermons/*.yaml: no file matches this pattern (a shell passes a pattern on unchanged when nothing "
        "matches it); check the folder and the spelling")


def test_render_with_nothing_to_render(project):
    result = cli("render")
    assert (result.exit_code, result.stderr) == (2, (
        "outline-export: render needs outline files or folders, like: outline-export render outlines/sermon.yaml "
        "(or `outline-export build` for every outline under outlines/)\n"))


def test_no_traceback_for_odd_paths(project):
    for args in (["render", "outlines", "-o", "/proc/nope"], ["validate", "/dev/null"], ["build", "", "-o", "x"],
                 ["render", "outlines/one.yaml", "-o", "outlines/one.yaml/x"]):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        assert len(result.stderr.splitlines()) <= 2, result.stderr


# --- audience names ---------------------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("yuoth", "unknown audience 'yuoth'; did you mean 'youth'?"),
    ("leader", "unknown audience 'leader'; did you mean 'leaders'?"),
    ("teens", "unknown audience 'teens'; the audiences known here are: leaders, youth "
              "(add an [audiences.teens] table to outline-export.toml for a new one)"),
])
def test_audience_hints_suggest_only_near_names(project, name, message):
    result = cli("render", "outlines/one.yaml", "--audience", name)
    assert (result.exit_code, result.stderr) == (2, f"outline-export: {message}\n")


def test_audience_without_any_settings(project):
    (project / "empty.toml").write_text("")
    result = cli("render", "outlines/one.yaml", "--audience", "teens", "--config", "empty.toml")
    assert result.stderr == ("outline-export: unknown audience 'teens'; empty.toml defines no audiences: "
                             "add an [audiences.teens] table\n")


# --- validate reads the settings --------------------------------------------------------------

def test_validate_catches_what_render_would_refuse(project):
    (project / "outlines" / "two.yaml").write_text(
        outline("Second").replace("closing: Go and do likewise.", "closing: Ask ${pastr}.")
        .replace("        ref: Luke 10:27", "        ref: Luke 10:27\n        translation: NIV"), encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "2 problems in 1 of 2 files; 1 valid (checked with outline-export.toml)."
    assert result.stderr.splitlines()[:2] == [
        "outlines/two.yaml:13:9: no text for Luke 10:27: translation 'NIV' is not installed (installed: WEB, KJV); "
        "write the quotation's text or choose one of those",
        "outlines/two.yaml:29:14: unknown variable '${pastr}'; known here: church, date, passage, pastor, series, "
        "slug, speaker, title (define it under [variables] in outline-export.toml or with --set NAME=VALUE; write \\${ "
        "for a literal ${)"]
    rendered = cli("render", "outlines/two.yaml")
    assert rendered.exit_code == 1 and "translation 'NIV' is not installed" in rendered.stderr


def test_validate_says_which_settings_it_read(project, monkeypatch):
    (project / "outlines" / "one.yaml").write_text(outline("One").replace("closing: Go", "closing: ${pastor} says go"))
    assert cli("validate").stdout == "2 outlines valid (checked with outline-export.toml).\n"
    (project / "other.toml").write_text("")
    result = cli("validate", "--config", "other.toml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "1 problem in 1 of 2 files; 1 valid (checked with other.toml)."
    assert cli("validate", "--set", "pastor=Jo", "--config", "other.toml").exit_code == 0
    monkeypatch.setattr("outline_export.project.find_settings", lambda start=None: None)
    result = cli("validate", "outlines/two.yaml")
    assert result.stdout == ("1 outline valid (checked without settings: no outline-export.toml here or in a "
                             "parent folder).\n")


# --- init -------------------------------------------------------------------------------------

def test_init_writes_a_starter_that_builds_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "church")
    assert result.exit_code == 0, result.output
    assert result.stdout == "church/outline-export.toml\nchurch/outlines/good-neighbor.yaml\n"
    assert files_under(tmp_path) == ["church/outline-export.toml", "church/outlines/good-neighbor.yaml"]
    toml = (tmp_path / "church" / "outline-export.toml").read_text()
    assert "Grace Chapel" not in toml and "example.org" not in toml and "# name = " in toml
    monkeypatch.chdir(tmp_path / "church")
    assert cli("validate").stdout == "1 outline valid (checked with outline-export.toml).\n"
    built = cli("build", "-f", "md")
    assert built.exit_code == 0, built.output
    handout = (tmp_path / "church" / "output" / "good-neighbor-handout.md").read_text()
    assert "Who Is My Neighbor?" in handout and "Grace Chapel" not in handout
    notes = (tmp_path / "church" / "output" / "good-neighbor-notes.md").read_text()
    assert "You shall love the Lord your God" in notes  # quoted by reference, from the WEB (not in the skeleton)
    # a second init writes nothing and changes nothing
    (tmp_path / "church" / "outline-export.toml").write_text("# mine\n")
    again = cli("init")
    assert again.exit_code == 1
    assert again.stderr.splitlines() == [
        "outline-export.toml: already exists; init never writes over a file",
        "outlines/good-neighbor.yaml: already exists; init never writes over a file",
        "Nothing was written. To start a new library, give a new folder: outline-export init my-outlines"]
    assert (tmp_path / "church" / "outline-export.toml").read_text() == "# mine\n"


# --- paths typed from another folder of the project (found by trying the tool as a new user) ---

def test_an_outline_named_without_its_folder_is_found_for_the_hint(project):
    result = cli("render", "one.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "one.yaml: no such file or folder; did you mean outlines/one.yaml?"
    assert not (project / "output").exists()


def test_validate_outlines_from_inside_outlines(project, monkeypatch):
    monkeypatch.chdir(project / "outlines")
    result = cli("validate", "outlines/")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "outlines/: no such file or folder; that is the folder you are in: leave the path out, or write .",
        "1 problem; 1 path given held no outline (checked with ../outline-export.toml).",
    ]
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 outlines valid (checked with ../outline-export.toml).\n"
