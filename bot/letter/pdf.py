"""The cancellation letter as an A4 PDF (fpdf2, standard Helvetica: Latin text only)."""

from __future__ import annotations

from fpdf import FPDF

# Typography the standard fonts lack, and its plain equivalent.
_PLAIN = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})


def letter_pdf(text: str, title: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(title.translate(_PLAIN))
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in text.translate(_PLAIN).split("\n"):
        if paragraph:
            pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    return bytes(pdf.output())
