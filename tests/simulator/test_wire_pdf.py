"""The simulator's PDF writer produces structurally valid PDF files."""

from __future__ import annotations

import re

from mcp_odoo.simulator.wire.pdf import render_pdf


def shown_text(pdf: bytes) -> list[str]:
    """The strings drawn with Tj, unescaped."""
    strings = re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", pdf)
    return [re.sub(rb"\\(.)", rb"\1", raw).decode("cp1252") for raw in strings]


def test_starts_with_the_pdf_header_and_ends_with_eof() -> None:
    pdf = render_pdf("T", ["a"])
    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")


def test_xref_offsets_point_at_their_objects() -> None:
    pdf = render_pdf("T", ["a", "b"])
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref\n")
    entries = re.findall(rb"(\d{10}) 00000 n \n", pdf[xref_at:])
    for object_id, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(f"{object_id} 0 obj\n".encode())


def test_stream_lengths_match_their_content() -> None:
    pdf = render_pdf("T", ["hello", "world"])
    for length, content in re.findall(rb"/Length (\d+) >>\nstream\n(.*?)\nendstream", pdf, re.DOTALL):
        assert int(length) == len(content)


def test_lines_are_drawn_with_special_characters_escaped() -> None:
    lines = ["Invoice INV/2026/00001", "Acme (Corp) \\ 100.00 €"]
    assert shown_text(render_pdf("T", lines)) == lines


def test_long_documents_span_several_pages() -> None:
    pdf = render_pdf("T", [f"line {n}" for n in range(120)])
    assert b"/Count 3" in pdf
    assert len(shown_text(pdf)) == 120


def test_title_goes_to_the_document_information() -> None:
    assert b"/Title (INV/2026/00025)" in render_pdf("INV/2026/00025", [])


def test_line_breaks_inside_a_line_start_new_lines() -> None:
    assert shown_text(render_pdf("T", ["[E-COM06] Corner Desk\nRight-aligned desk"])) == [
        "[E-COM06] Corner Desk",
        "Right-aligned desk",
    ]
