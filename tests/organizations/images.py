"""Small images made on the spot for the logo tests, some carrying metadata to be stripped."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825


def png(width: int = 300, height: int = 120, *, with_text: bool = True) -> bytes:
    image = Image.new("RGB", (width, height), (200, 16, 46))
    info = PngImagePlugin.PngInfo()
    if with_text:
        info.add_text("Author", "secret-author")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (400, 400), (11, 92, 173))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[GPS_IFD] = {1: "N", 2: (21.0, 1.0, 30.0)}  # latitude of somewhere
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (64, 200), (0, 128, 0, 255)).save(out, "WEBP")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (50, 50)).save(out, "GIF")
    return out.getvalue()
