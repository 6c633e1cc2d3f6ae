"""An organization's logo: the upload must really be a PNG, JPEG or WebP image (Pillow opens and
verifies it, whatever its name says); it is redrawn onto a transparent square at each served
size, so no metadata (EXIF, GPS, comments, colour profiles) of the original survives, and only
the resized WebP files are kept."""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_

__all__ = ["LOGO_MAX_BYTES", "LOGO_SIZES", "LogoStore", "render_logo"]

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_SIZES = (256, 64)  # the organization's page; lists and orders
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_PIXELS = 40_000_000  # a small file may still decode to gigabytes (a decompression bomb)
FIELD = "logo"
NOT_AN_IMAGE = N_("Logo: %(name)s is not a PNG, JPEG or WebP image.")


@dataclass(frozen=True)
class RenderedLogo:
    files: dict[int, bytes]  # size in pixels -> WebP bytes


def _refuse(message: str, name: str, **params: str) -> ValidationFailed:
    return ValidationFailed(message, field=FIELD, params={"name": name, **params})


def _open_checked(content: bytes, name: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise _refuse(NOT_AN_IMAGE, name)
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refuse(NOT_AN_IMAGE, name)
                probe.verify()  # a truncated or corrupt file stops here
            image = Image.open(io.BytesIO(content))  # verify() leaves the image unusable
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError, Warning) as exc:  # fmt: skip
        raise _refuse(NOT_AN_IMAGE, name) from exc
    return image


def _square(image: Image.Image, size: int) -> bytes:
    """The whole logo, fitted into a transparent square (a wide logo is not cropped)."""
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    fitted = ImageOps.contain(image, (size, size), Image.Resampling.LANCZOS)
    canvas.paste(fitted, ((size - fitted.width) // 2, (size - fitted.height) // 2))
    out = io.BytesIO()
    canvas.save(out, "WEBP", quality=90, method=4)  # a new image: nothing of the original's
    return out.getvalue()


def render_logo(filename: str, content: bytes) -> RenderedLogo:
    """The logo at every served size, or a ValidationFailed naming the logo field."""
    name = Path(filename.replace("\\", "/")).name or "logo"
    if len(content) > LOGO_MAX_BYTES:
        limit = f"{LOGO_MAX_BYTES / (1024 * 1024):.0f}"
        raise _refuse(N_("Logo: %(name)s is larger than %(limit)s MB."), name, limit=limit)
    if not content:
        raise _refuse(NOT_AN_IMAGE, name)
    image = _open_checked(content, name)
    image = ImageOps.exif_transpose(image).convert("RGBA")  # upright, as the camera meant
    return RenderedLogo({size: _square(image, size) for size in LOGO_SIZES})


class LogoStore:
    """Files under `root/<organization id>/<random>-<size>.webp`; the key names the pair."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, org_id: uuid.UUID, logo: RenderedLogo) -> str:
        key = f"{org_id}/{uuid.uuid4().hex}"
        for size, data in logo.files.items():
            path = self.root / f"{key}-{size}.webp"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return key

    def prune(self, org_id: uuid.UUID, keep: set[str]) -> None:
        """Deletes the organization's logo files except those of the keys in `keep`."""
        folder = self.root / str(org_id)
        if not folder.is_dir():
            return
        for file in folder.glob("*.webp"):
            if f"{org_id}/{file.stem.rsplit('-', 1)[0]}" not in keep:
                file.unlink(missing_ok=True)

    def path(self, key: str, size: int) -> Path | None:
        """The stored file, or None (a size never made, a key pointing outside the root)."""
        if size not in LOGO_SIZES:
            return None
        resolved = (self.root / f"{key}-{size}.webp").resolve()
        if not resolved.is_relative_to(self.root.resolve()) or not resolved.is_file():
            return None
        return resolved
