"""Small generated files standing in for binary demo content the dataset does not carry.

Odoo's demo partners have pictures and its demo vendor bills a scanned PDF; the exported dataset
keeps neither, so the simulator generates valid stand-ins (a solid-colour PNG, an initial-letter
SVG avatar, a one-page PDF) of the same kind, so clients see the same value types.
"""

from __future__ import annotations

import base64
import struct
import zlib


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A width x height PNG of one colour."""
    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(row * height, 9))
        + _png_chunk(b"IEND", b"")
    )


def colour_for(record_id: int) -> tuple[int, int, int]:
    """A stable, pleasant colour per record."""
    return (64 + (record_id * 53) % 160, 64 + (record_id * 97) % 160, 64 + (record_id * 29) % 160)


def initial_svg(name: str, rgb: tuple[int, int, int]) -> bytes:
    """Odoo's placeholder avatar: the first letter of the name on a coloured square."""
    letter = (name.strip()[:1] or "?").upper()
    colour = "#{:02x}{:02x}{:02x}".format(*rgb)
    return (
        "<?xml version='1.0' encoding='UTF-8' ?>"
        "<svg height='180' width='180' xmlns='http://www.w3.org/2000/svg'>"
        f"<rect fill='{colour}' height='180' width='180'/>"
        "<text fill='#ffffff' font-size='96' text-anchor='middle' x='90' y='125' font-family='sans-serif'>"
        f"{letter}</text></svg>"
    ).encode()


def one_page_pdf(title: str) -> bytes:
    """A valid one-page PDF whose document information carries `title`."""
    escaped = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 18 Tf 72 720 Td ({escaped}) Tj ET".encode()
    objects = [
        f"<< /Title ({escaped}) >>".encode(),
        b"<< /Type /Catalog /Pages 3 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 2 0 R /Info 1 0 R >>"
    body += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def as_base64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")
