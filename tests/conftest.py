from __future__ import annotations


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden render-tree dumps under tests/golden/ from the current code",
    )


def pytest_configure(config):
    """The PDF writer's font cache (backends/_pdf_fontcache.py) goes to a folder of this test run,
    not the user's ~/.cache (subprocesses inherit it); tests/test_perf_tricks.py sets its own."""
    import os
    import tempfile

    if "OUTLINE_EXPORT_CACHE" not in os.environ:
        import atexit
        import shutil

        folder = tempfile.mkdtemp(prefix="outline-export-test-cache-")
        os.environ["OUTLINE_EXPORT_CACHE"] = folder
        atexit.register(shutil.rmtree, folder, True)


ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
REPO_SETTINGS = ROOT / "outline-export.toml"


def edition(audience=None, **cli):
    """The edition the repository's own settings give (as `outline-export build` makes it)."""
    from outline_export import pipeline
    from outline_export.settings import load_settings

    return pipeline.plan_edition(load_settings(REPO_SETTINGS), audience, ROOT / "output", **cli)


# The mixed numbering: bullets under point I, the default under II, a decimal branch
# under III that must not leak into IV.
MIXED_OUTLINE = """\
title: Mix
sections:
  - heading: One
    points:
      - text: First point
        numbering: bullets
        points: [x, y]
      - text: Second point
        points: [p, q]
      - text: Third
        numbering: decimal
        points:
          - text: r
            points: [r1]
          - s
      - text: Fourth
        points: [t, u]
"""
