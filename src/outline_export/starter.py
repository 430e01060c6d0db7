"""`outline-export init`: a new library's first files, a commented settings file and one example.

Nothing of the sample church (its name, logo, website) is carried over: the settings start with
every church key commented out, so documents show nothing until the user fills them in.
"""

from __future__ import annotations

from pathlib import Path

from outline_export.errors import OutlineError, Problem

SETTINGS = """\
# Settings for this library of outlines (docs/settings.md explains every key).
# `outline-export build` renders every outline in outlines/ into output/, from any folder inside
# this one. Lines starting with # are comments: remove the # to use a setting.

[church]
# name = "Riverside Fellowship"        # printed at the top of handouts and worksheets; ${church}
# logo = "logo.png"                    # PNG or JPEG, relative to this file
# website = "https://riverside.example" # printed under the title block; ${website}

[variables]
# Any name here can be used in outline text as ${name}:
# pastor = "Pastor Jo Rivera"
# small_groups = "Tuesday evenings"

[defaults]
# paper = "a4"                         # letter (default) | a4 | half-letter | a5; wins over a Word
                                       # template's page size (unset: the template's, else letter)
translation = "WEB"                    # WEB | KJV, for scripture quoted by reference
# divine_name = "Yahweh"               # LORD (default): the WEB's "Yahweh" printed "the LORD"
blanks = "fixed"                       # fixed | proportional
kinds = ["handout", "notes", "worksheet"]
formats = ["docx", "pdf"]              # and "md" for Markdown
# audiences = ["youth"]                # editions `build` writes besides the general one
# font_size = 11                       # body size in points

# An audience gets its own edition in output/<name>/ and sees content tagged for it:
# [audiences.youth]
# label = "Youth Group"
#
# [audiences.large-print]
# label = "Large Print"
# font_size = 16

[theme]
# body_font = "serif"                  # serif | sans | a path to a .ttf file
# heading_font = "sans"
# accent_color = "#1F4E79"             # titles and headings
# docx_template = "church.docx"        # your Word file's styles, page setup, header and footer
"""

EXAMPLE_NAME = "good-neighbor.yaml"

EXAMPLE = """\
# An example outline: change it, or copy it to start your own. docs/format.md explains every key.
# Words between ___ and ___ become blanks on the handout; notes only show in the speaker notes.
title: Who Is My Neighbor?
subtitle: The question behind the parable of the good Samaritan
passage: Luke 10:25-37
date: "2026-01-04"
big_idea: Love does not ask who qualifies; it asks who is in ___need___.
sections:
  - heading: A Question to Limit Love
    ref: "10:25-29"
    points:
      - The lawyer knows the command to love God and neighbor.
      - quote:
        ref: Luke 10:27
      - He asks "Who is my neighbor?" to find where his duty ___ends___.
    note: Ask the room who they find hardest to count as a neighbor.

  - heading: A Story that Answers Differently
    ref: "10:30-37"
    points:
      - text: Two travelers pass by; a ___stranger___ stops.
        points:
          - He sees, comes near and takes care of the wounded man.
          - He pays for what the man will need tomorrow.
      - Jesus turns the question around, "Which of these proved to be a neighbor?"
questions:
  - Whom do you pass by on your own road this week?
closing: Go and do likewise.
"""


def files(folder: str | Path) -> dict[Path, str]:
    """What init writes, and where."""
    root = Path(folder)
    return {root / "outline-export.toml": SETTINGS, root / "outlines" / EXAMPLE_NAME: EXAMPLE}


def write(folder: str | Path) -> list[Path]:
    """Write the starter files into ``folder``; refuses (OutlineError, exit 1) when any is already
    there, writing nothing. Returns the files written."""
    from outline_export.pipeline import write_atomic

    plan = files(folder)
    taken = [p for p in plan if p.exists() or p.is_symlink()]
    if taken:
        raise OutlineError([Problem(str(p), 0, 0, "already exists; init never writes over a file") for p in taken],
                           "Nothing was written. To start a new library, give a new folder: outline-export init my-outlines")
    for path, text in plan.items():
        write_atomic(path, text.encode("utf-8"))  # WriteError: one line, exit 1
    return list(plan)


def next_steps(folder: str | Path) -> str:
    go = "" if str(folder) in (".", "") else f"cd {folder} && "
    return (f"Started a library. Next: {go}outline-export build   (then fill in [church] in "
            "outline-export.toml and write your outlines in outlines/)")
