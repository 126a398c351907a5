"""Render stage helper: how large an image of a PDF would be once decoded, read from its header beforehand."""

from __future__ import annotations

import io
import warnings

MAX_PIXELS = 40_000_000  # a photo of 40 megapixels; an A4 page at 300 dpi is under 9


def too_many_pixels(data: bytes) -> str | None:
    """Why the raster image *data* is not drawn (its pixels would take too much memory), or None.

    A PNG of 657 KB can hold 13,000 × 13,000 pixels, 676 MB once decoded, each time a page shows it: WeasyPrint
    decodes what it is given. Only the header is read here. Anything Pillow does not read as a raster image (an
    SVG, a style sheet, a font) is left to WeasyPrint.
    """
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # never printed: measured below
            with Image.open(io.BytesIO(data)) as image:  # the header only: nothing is decoded yet
                width, height = image.size
    except Image.DecompressionBombError:  # past twice Pillow's own bound, it does not even say how large
        return f"an image of more than {MAX_PIXELS // 10**6} million pixels"
    except Exception:  # not a raster image that Pillow reads
        return None
    if width * height > MAX_PIXELS:
        return f"an image of {width} × {height} pixels, more than {MAX_PIXELS // 10**6} million"
    return None
