"""The cancellation letter as an A4 PDF (fpdf2) in Source Sans Pro, a Unicode TTF font shipped
by the `font-source-sans-pro` package: every Latin script (Wałęsa, Dvořák, Ștefan), €, œ and
typographic quotes. `missing_glyphs` tells what the font cannot draw; check-content uses it on
every letter template, so a missing glyph fails the check, not the user."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import font_source_sans_pro
from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT = Path(font_source_sans_pro.font_files_ttf["SourceSansPro"])


@cache
def _drawable() -> frozenset[int]:
    return frozenset(TTFont(str(FONT)).getBestCmap())


def missing_glyphs(text: str) -> str:
    """The characters of `text` the letter's font has no glyph for (line breaks aside)."""
    drawable = _drawable()
    return "".join(sorted({ch for ch in text if ch != "\n" and ord(ch) not in drawable}))


def letter_pdf(text: str, title: str) -> bytes:
    missing = missing_glyphs(text + title)
    if missing:
        raise ValueError(f"the letter's font cannot draw {missing!r}")
    pdf = FPDF(format="A4")
    pdf.add_font("SourceSans", fname=str(FONT))
    pdf.set_title(title)
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("SourceSans", size=11)
    for paragraph in text.split("\n"):
        if paragraph:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    return bytes(pdf.output())
