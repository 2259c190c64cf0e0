"""A tiny PDF writer: text lines on A4 pages in Helvetica, enough for a readable, valid document.

Objects: catalog, page tree, one page + content stream per 50 lines, the font, the info dict;
then the cross-reference table and the trailer. Text is encoded in WinAnsi (cp1252); characters
outside it become '?'.
"""

from __future__ import annotations

_LINES_PER_PAGE = 50
_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842
_FONT_SIZE, _LEADING, _MARGIN = 10, 15, 50


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content_stream(lines: list[str]) -> bytes:
    top = _PAGE_HEIGHT - _MARGIN
    parts = [f"BT /F1 {_FONT_SIZE} Tf {_LEADING} TL {_MARGIN} {top} Td".encode()]
    for line in lines:
        parts.append(_pdf_string(line) + b" Tj T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def _pages(lines: list[str]) -> list[list[str]]:
    chunks = [lines[start : start + _LINES_PER_PAGE] for start in range(0, len(lines), _LINES_PER_PAGE)]
    return chunks or [[]]


def render_pdf(title: str, lines: list[str]) -> bytes:
    """A complete PDF file showing `lines`, with `title` in the document information."""
    pages = _pages([part for line in lines for part in line.split("\n")])
    font_id, info_id = 3, 4
    first_page_id = 5
    page_ids = [first_page_id + 2 * index for index in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(f"{pid} 0 R".encode() for pid in page_ids)
        + b"]"
        + f" /Count {len(pages)} >>".encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info_id: b"<< /Title " + _pdf_string(title) + b" /Creator (mcp-odoo simulator) >>",
    }
    for page_id, page_lines in zip(page_ids, pages, strict=True):
        stream = _content_stream(page_lines)
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_WIDTH} {_PAGE_HEIGHT}]"
            f" /Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        objects[page_id + 1] = f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"

    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for object_id in sorted(objects):
        offsets[object_id] = len(output)
        output += f"{object_id} 0 obj\n".encode() + objects[object_id] + b"\nendobj\n"
    xref_at = len(output)
    size = max(objects) + 1
    output += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for object_id in range(1, size):
        output += f"{offsets[object_id]:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info {info_id} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    )
    return bytes(output)
