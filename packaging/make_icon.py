"""Render ``resources/app.svg`` into a multi-size Windows icon (``app.ico``).

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py   # rewrites packaging/app.ico

Qt draws each size from the SVG (so 16 px is drawn for 16 px, not shrunk from 256), and the
ICO container is written here by hand: 32-bit BGRA bitmaps with an AND mask for 16-128 px
(what every Windows shell and Inno Setup read) and a PNG for 256 px, as Windows Vista and
later expect. No Pillow needed. The result is committed, so builds do not need this script.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SOURCE = ROOT / "resources" / "app.svg"
TARGET = PACKAGING / "app.ico"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def _render(renderer: object, size: int) -> object:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))  # type: ignore[attr-defined]
    painter.end()
    # Icon bitmaps carry straight (not premultiplied) alpha.
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _bitmap_entry(image: object, size: int) -> bytes:
    """A BITMAPINFOHEADER, bottom-up BGRA rows, then the 1-bit AND mask (1 = transparent)."""
    stride = image.bytesPerLine()  # type: ignore[attr-defined]
    raw = bytes(image.constBits())[: stride * size]  # type: ignore[attr-defined]
    rows = [raw[y * stride : y * stride + size * 4] for y in range(size)]  # BGRA on x86
    mask_stride = ((size + 31) // 32) * 4
    mask_rows = []
    for row in rows:
        bits = bytearray(mask_stride)
        for x in range(size):
            if row[x * 4 + 3] == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    pixels = b"".join(reversed(rows))
    mask = b"".join(reversed(mask_rows))
    header = struct.pack(
        "<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0
    )
    return header + pixels + mask


def _png_entry(image: object) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[attr-defined]
    buffer.close()
    return bytes(data.data())


def build_icon(source: Path = SOURCE, sizes: tuple[int, ...] = SIZES) -> bytes:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not a valid SVG")
    images = []
    for size in sizes:
        image = _render(renderer, size)
        images.append(_png_entry(image) if size >= 256 else _bitmap_entry(image, size))
    directory = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = []
    for size, blob in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset))
        offset += len(blob)
    return directory + b"".join(entries) + b"".join(images)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    TARGET.write_bytes(build_icon())
    print(f"{TARGET}: {', '.join(str(s) for s in SIZES)} px from {SOURCE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
