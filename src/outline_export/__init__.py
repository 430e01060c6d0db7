"""outline-export: sermon and lesson outlines (YAML) to handouts, speaker notes and worksheets."""

__version__ = "0.1.0"
