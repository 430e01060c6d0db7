"""Which outline-export.toml a command uses: the one here or in a parent folder inside the project,
never one beyond its edge (a repository's top, the home folder, the top of a disk) or in a parent
folder every user may write to (/tmp, a shared drive); and the summary says which one it used."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import starter
from outline_export.cli import main

PLANTED = """\
[church]
name = "Planted Church"

[defaults]
formats = ["md"]
kinds = ["handout"]
"""


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def project_in(folder: Path) -> Path:
    """A project with no settings of its own: outlines/sermon.yaml."""
    (folder / "outlines").mkdir(parents=True)
    (folder / "outlines" / "sermon.yaml").write_text(starter.EXAMPLE, encoding="utf-8")
    return folder


def plant(folder: Path) -> Path:
    path = folder / "outline-export.toml"
    path.write_text(PLANTED, encoding="utf-8")
    return path


def build_without_settings(project: Path):
    """`build` in ``project`` renders its own outlines with no settings (the planted church never
    shows), and says so."""
    result = cli("build", "-k", "handout", "-f", "md", "--force")  # each time: drawn, not up to date
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "Rendered 1 outline: 1 file in output/ (no warnings; no settings file found)."
    assert "Planted Church" not in (project / "output" / "sermon-handout.md").read_text(encoding="utf-8")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """The user's home folder, inside this test's folder (above it: nothing of this test's)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_a_file_in_a_folder_every_user_may_write_to_is_not_used(tmp_path, monkeypatch):
    """/tmp/outline-export.toml used to give its church, template, logo and fonts to every project
    under /tmp, unseen."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    plant(shared)
    project = project_in(shared / "sermons")
    monkeypatch.chdir(project)
    build_without_settings(project)
    # from that folder itself, its file is the one here: used, and named
    monkeypatch.chdir(shared)
    assert cli("validate", "sermons/outlines").stdout == "1 outline valid (checked with outline-export.toml).\n"


def test_the_search_stops_at_the_top_of_a_repository(tmp_path, monkeypatch):
    plant(tmp_path)
    project = project_in(tmp_path / "sermons")
    (project / ".git").mkdir()
    monkeypatch.chdir(project)
    build_without_settings(project)
    # a git worktree or submodule has a .git file: the same edge
    (project / ".git").rmdir()
    (project / ".git").write_text("gitdir: /elsewhere\n")
    build_without_settings(project)
    # the repository's own settings, at its top, are found from any folder inside it
    (project / "outline-export.toml").write_text('[church]\nname = "Hill Street"\n', encoding="utf-8")
    (project / "outlines" / "march").mkdir()
    monkeypatch.chdir(project / "outlines" / "march")
    result = cli("validate")
    assert result.stdout == "1 outline valid (checked with ../../outline-export.toml).\n"


def test_the_search_stops_at_the_home_folder(tmp_path, home, monkeypatch):
    plant(tmp_path)  # above the home folder
    project = project_in(home / "sermons")
    monkeypatch.chdir(project)
    build_without_settings(project)
    # the home folder itself is the last one looked in
    (home / "outline-export.toml").write_text('[church]\nname = "Home Church"\n', encoding="utf-8")
    result = cli("render", "outlines/sermon.yaml", "-k", "handout", "-f", "md")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Rendered 1 outline: 1 file in ../output/ (no warnings; settings from ../outline-export.toml).\n"
    assert "Home Church" in (home / "output" / "sermon-handout.md").read_text(encoding="utf-8")


def test_the_search_stops_at_the_top_of_a_disk(tmp_path, home, monkeypatch):
    """A project on a drive mounted below a folder holding settings: the folder above the drive's
    top is on another device (here the device numbers are given, as no test can mount a disk)."""
    plant(tmp_path)
    project = project_in(tmp_path / "drive")
    monkeypatch.setattr("outline_export.project._device", lambda folder: 2 if project in (folder, *folder.parents) else 1)
    monkeypatch.chdir(project)
    build_without_settings(project)


def test_config_names_any_file(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    plant(shared)
    project = project_in(shared / "sermons")
    monkeypatch.chdir(project)
    result = cli("build", "--config", "../outline-export.toml", "outlines")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Rendered 1 outline: 1 file in ../output/ (no warnings; settings from ../outline-export.toml).\n"
    assert "Planted Church" in (shared / "output" / "sermon-handout.md").read_text(encoding="utf-8")


def test_render_names_the_settings_only_when_they_are_not_here(tmp_path, home, monkeypatch):
    project = project_in(home / "sermons")
    (project / "outline-export.toml").write_text('[defaults]\nformats = ["md"]\nkinds = ["handout"]\n')
    monkeypatch.chdir(project)
    assert cli("render", "outlines/sermon.yaml").stderr == "Rendered 1 outline: 1 file in output/ (no warnings).\n"
    assert cli("build").stderr == "Rendered 1 outline: 1 file in output/ (no warnings; settings from outline-export.toml).\n"
    monkeypatch.chdir(project / "outlines")
    assert cli("render", "sermon.yaml").stderr == ("Rendered 1 outline: 1 file in ../output/ (no warnings; "
                                                   "settings from ../outline-export.toml).\n")
