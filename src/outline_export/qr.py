"""The QR code of ``[church] notes_url``: the short address printed beside it, and its picture for
Word (segno, pure Python, imported only when a document has one). The PDF encodes it with reportlab's
own QR widget and draws the modules (``backends/pdf.py``); both encode the same text at error correction
level M.
"""

from __future__ import annotations

import re

ERROR = "M"  # 15 % of the code may be smudged or folded and it still reads
SIZE = 64.8  # points (0.9 in) square, quiet zone included: scans from a phone held over the page
MAX_URL = 300  # characters: a longer address makes a code too dense to scan from a printed page


def short_address(url: str) -> str:
    """The address as a reader types it: no scheme, no "www.", no slash at the end."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip(), flags=re.I).rstrip("/")


def png(url: str, scale: int = 8) -> bytes:
    """The QR code of ``url`` as a black-and-white PNG, ``scale`` pixels a module, with the
    standard quiet zone of four modules."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(url, error=ERROR, micro=False, boost_error=False).save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()
