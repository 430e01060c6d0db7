"""outline-export: sermon and lesson outlines (YAML) to handouts, speaker notes and worksheets."""

__version__ = "0.1.0"


def plain(trick: str) -> bool:
    """True if the speed trick ``trick`` is to be left out: ``OUTLINE_EXPORT_PLAIN`` names it, or
    says ``all`` (docs/performance.md measures each trick against its plain way)."""
    import os

    off = {t.strip() for t in os.environ.get("OUTLINE_EXPORT_PLAIN", "").split(",")}
    return trick in off or "all" in off


from outline_export import codecache as _codecache  # noqa: E402  (needs ``plain``)

_codecache.install()  # before any module of the package makes its dataclasses
