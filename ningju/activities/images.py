"""Photos and covers: checked by ningju.core.uploads, then decoded and re-encoded by Pillow.

Re-encoding strips whatever a crafted file may carry beyond the pixels (metadata, trailing
bytes, polyglots) and bounds the size a phone photo takes on disk and on the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from ningju.core.uploads import MSG_DAMAGED, validate_upload

IMAGE_TYPES = frozenset({"jpg", "jpeg", "png"})
MAX_SIDE = 1600
# Refuse decompression bombs before decoding: 40 megapixels is a large camera photo.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class ProcessedImage:
    content: ContentFile[bytes]
    width: int
    height: int


def process_image(file: Any, *, max_bytes: int, max_side: int = MAX_SIDE) -> ProcessedImage:
    """Validate an uploaded JPEG/PNG and return it as a JPEG no larger than max_side a side.

    Raises Django's ValidationError with a message for the person uploading.
    """
    validate_upload(file, allowed=set(IMAGE_TYPES), max_bytes=max_bytes)
    file.seek(0)
    try:
        with Image.open(file) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(MSG_DAMAGED, code="too_many_pixels")
            probe.verify()
        file.seek(0)
        with Image.open(file) as opened:
            image = ImageOps.exif_transpose(opened)
            image = image.convert("RGB")
            image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=85, optimize=True)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise ValidationError(MSG_DAMAGED, code="damaged") from exc
    finally:
        file.seek(0)
    return ProcessedImage(ContentFile(out.getvalue()), image.width, image.height)
