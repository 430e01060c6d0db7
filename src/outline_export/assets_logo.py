"""A logo checked and made into the picture every writer draws (``assets.logo_png``), and the
``logocache`` speed trick that keeps the result on disk.

Checking a logo decodes it in full with Pillow (every pixel, so a broken file is found when the
settings load) and writes a clean PNG of it: no profile, text or EXIF, upright, RGB or RGBA, its
resolution kept. For a small logo that is 15-25 ms of a fresh process, nearly all of it Pillow
importing its PNG and JPEG readers, and the PDF writer then opened the clean PNG with Pillow once
more (reportlab's ``ImageReader``) to get its pixels.

The trick (``OUTLINE_EXPORT_PLAIN=logocache`` leaves it out): a logo that passed is kept in the
cache folder as a record of what the check made, the clean PNG and its pixels (RGB, and the alpha
channel apart, as reportlab splits them; deflated), named by a hash of the file's bytes, Pillow's
version, the pixel cap and this format's number, which the record repeats with a check of its own
bytes. A later process that reads the same bytes takes the record and imports none of Pillow's
readers; the PDF writer draws the pixels it holds (``backends/_pdf_image``). A refused logo is
never kept, so its problem is found every time; a record missing, damaged or of another key is
ignored and the logo checked as plainly. The pixels are the ones Pillow decodes from the clean
PNG, so the PDF is byte-identical either way (tests/test_startup_tricks.py).

Folder: the cache folder (``codecache.cache_root``), records in ``logos/``.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import re
import zlib
from dataclasses import dataclass

from outline_export.codecache import cache_root, check, put

FORMAT = 1  # of a record; raise it when what is stored changes


@dataclass(frozen=True, eq=False)
class Logo:
    """What a logo's check made: the clean PNG, and its pixels for the PDF writer."""

    png: bytes
    mode: str  # "RGB" or "RGBA"
    size: tuple[int, int]
    packed: bytes | None  # the RGB bytes then the alpha bytes (RGBA), deflated (None: not kept)

    def pixels(self) -> tuple[bytes, bytes | None]:
        """(RGB bytes, alpha bytes or None), row by row from the top, as reportlab reads them."""
        raw = zlib.decompress(self.packed)
        n = self.size[0] * self.size[1] * 3
        return raw[:n], (raw[n:] if self.mode == "RGBA" else None)


class Refused(ValueError):
    """Why the file cannot be a logo, in one line (assets turns it into an AssetError)."""


def checked_logo(real: str, size: int, max_pixels: int, cached: bool) -> Logo:
    """The logo at ``real`` checked and made clean (``cached``: from its record when one is there,
    and a record written when not). Raises Refused."""
    if not cached:
        return _made(real, max_pixels, pixels=False)
    try:
        with open(real, "rb") as f:
            data = f.read()
    except OSError as e:
        raise Refused(f"cannot be read ({e.strerror or e})") from None
    key = _key(data, max_pixels)
    record = _folder()
    if record is not None:
        record = os.path.join(record, f"{key[:32]}.marshal")
        logo = _read(record, key)
        if logo is not None:
            return logo
    logo = _made(io.BytesIO(data), max_pixels, real)
    if record is not None:
        _write(record, key, logo)
    return logo


def _made(source, max_pixels: int, real: str | None = None, pixels: bool = True) -> Logo:
    """Decode ``source`` (a path or the file's bytes) in full with Pillow and make the clean PNG
    (``pixels``: and keep its pixels)."""
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    real = real or source
    # PIL's own guard, at the cap: it refuses a larger declared size when the file is opened,
    # before anything is decoded (and guards the writers' reading of the PNG made here)
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source, formats=("PNG", "JPEG")) as im:
                w, h = im.size
                if w * h > max_pixels:
                    raise Refused(too_many(w * h, max_pixels))
                im.load()  # every pixel, now: a broken or truncated stream is found here
                dpi = im.info.get("dpi")
                im = ImageOps.exif_transpose(im)
                alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
                if im.mode.startswith("I"):  # 16-bit grey: scaled to 8 bits, not clipped
                    im = im.point(lambda v: v / 256).convert("L")
                out = im.convert("RGBA" if alpha else "RGB")
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        m = re.search(r"\((\d+) pixels\)", str(e))
        raise Refused(too_many(int(m.group(1)) if m else None, max_pixels)) from None
    except UnidentifiedImageError:
        raise Refused(f"cannot read it as a PNG or JPEG image ({_what_image(real)}); "
                      "export the logo again as PNG") from None
    except Exception as e:  # PIL raises many kinds of errors for broken files
        text = " ".join(str(e).split()) or type(e).__name__
        raise Refused(f"cannot read it as a PNG or JPEG image ({text}); export the logo again as PNG") from None
    clean = Image.new(out.mode, out.size)  # the pixels only: no profile, text or EXIF comes along
    clean.paste(out)
    buf = io.BytesIO()
    kw = {}
    if dpi and all(isinstance(v, (int, float)) and 1 <= v <= 10000 for v in dpi[:2]):
        kw["dpi"] = (round(dpi[0]), round(dpi[1]))  # a JPEG's or PNG's resolution sets its size in Word
    clean.save(buf, "PNG", compress_level=6, **kw)
    if not pixels:
        return Logo(buf.getvalue(), clean.mode, clean.size, None)
    if clean.mode == "RGBA":  # as reportlab's ImageReader splits what it reads
        raw = clean.convert("RGB").tobytes() + clean.split()[3].tobytes()
    else:
        raw = clean.tobytes()
    return Logo(buf.getvalue(), clean.mode, clean.size, zlib.compress(raw, 1))


def _what_image(real: str) -> str:
    """What a file that is neither PNG nor JPEG is, as far as PIL can tell from its header."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings(), Image.open(real) as im:
            warnings.simplefilter("ignore")
            return f"it is a {im.format} image"
    except Exception:
        return "it is not an image PIL knows"


def too_many(pixels: int | None, max_pixels: int) -> str:
    count = f"{pixels:,} pixels" if pixels else "too many pixels"
    return (f"has {count}, more than the {max_pixels // 1_000_000} million a logo may have; "
            "export it smaller (it prints about an inch high)")


# ---------------------------------------------------------------- the records

def _folder() -> str | None:
    root = cache_root()
    return os.path.join(root, "logos") if root else None


def _key(data: bytes, max_pixels: int) -> str:
    from PIL import __version__ as pillow  # PIL's package alone: none of its readers

    h = hashlib.sha256()
    h.update(f"{FORMAT}|{pillow}|{max_pixels}|{marshal.version}|".encode())
    h.update(data)
    return h.hexdigest()


def _read(record: str, key: str) -> Logo | None:
    try:
        with open(record, "rb") as f:
            fmt, stored, stored_check, blob = marshal.loads(f.read())
        if fmt != FORMAT or stored != key or stored_check != check(blob):
            return None
        png, mode, w, h, packed = marshal.loads(blob)
        if mode not in ("RGB", "RGBA") or type(png) is not bytes or type(packed) is not bytes or w < 1 or h < 1:
            return None
        return Logo(png, mode, (int(w), int(h)), packed)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # checked again as plainly


def _write(record: str, key: str, logo: Logo) -> None:
    blob = marshal.dumps((logo.png, logo.mode, logo.size[0], logo.size[1], logo.packed))
    put(record, marshal.dumps((FORMAT, key, check(blob), blob)))  # unwritable: checked again next time
