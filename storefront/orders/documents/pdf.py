"""A small A4 PDF writer for the export papers: headings, paragraphs, tables, in an embedded font.

fpdf2 (pure Python) lays the pages out and embeds a subset of DejaVu Sans, shipped with this
package (``fonts/``, copied from Debian's ``fonts-dejavu-core``; Bitstream Vera licence, free to
embed and redistribute, ``fonts/LICENSE.txt``), so names such as "Nyoman Sukarara–Ñ", a Polish
street or a Greek buyer print as written and stay searchable (the PDF carries the text's
Unicode) on any machine, whatever fonts it has installed. Only if those files are missing (a
broken install) do the papers fall back to the base-14 Helvetica, with a warning in the log, and
every character it cannot show is transliterated (its accents dropped, else ``?``): never a
missing glyph, never a failed invoice. A character the embedded font lacks (a CJK name) is
treated the same way.

Nothing here knows about orders: the renderers hand it plain strings.
"""

from __future__ import annotations

import datetime
import functools
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

# fontTools narrates every subsetting step at INFO: a dozen lines per paper in the server's log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)

FONT_DIRECTORY = Path(__file__).resolve().parent / "fonts"
logger = logging.getLogger(__name__)
_REGULAR = "DejaVuSans.ttf"
_BOLD = "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Typeface:
    """The font the papers are set in, and the characters it can show."""

    family: str
    regular: Path | None  # None: a base-14 font, nothing embedded
    bold: Path | None
    characters: frozenset[int]


@functools.cache
def _typeface(directory: Path) -> Typeface:
    regular, bold = directory / _REGULAR, directory / _BOLD
    if regular.is_file() and bold.is_file():
        with TTFont(regular, lazy=True) as font:
            characters = frozenset(font["cmap"].getBestCmap())
        return Typeface("DejaVu", regular, bold, characters)
    logger.warning(
        "The export papers' font is missing (%s, %s): printing in Helvetica, names transliterated.",
        regular,
        bold,
    )
    # Helvetica speaks WinAnsi (cp1252).
    latin = set()
    for code in range(0x20, 0x3000):
        try:
            chr(code).encode("cp1252")
        except UnicodeEncodeError:
            continue
        latin.add(code)
    return Typeface("helvetica", None, None, frozenset(latin))


def typeface() -> Typeface:
    """DejaVu Sans from this package's ``fonts/``, else Helvetica (see the module docstring)."""
    return _typeface(FONT_DIRECTORY)


# Letters that Unicode does not decompose into a base letter and a mark.
_STROKED = str.maketrans("ŁłØøĐđĦħŦŧıĿŀ", "LlOoDdHhTtiLl")


def printable(value: str, characters: frozenset[int], *, newlines: bool = False) -> str:
    """``value`` with control characters made spaces and unprintable ones transliterated or ``?``.

    ``newlines`` keeps line feeds (a table cell's own line breaks).
    """
    out = []
    for char in value:
        if char == "\n" and newlines:
            out.append(char)
        elif char in "\t\r\n" or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")
        elif ord(char) in characters:
            out.append(char)
        else:
            plain = "".join(
                part
                for part in unicodedata.normalize("NFKD", char.translate(_STROKED))
                if ord(part) in characters and not unicodedata.combining(part)
            )
            out.append(plain or "?")
    return "".join(out)


class PaperPdf:
    """One A4 paper: a title, blocks of text, tables; ``bytes()`` when done."""

    MARGIN = 14.0

    def __init__(self, *, title: str, language: str, created_at: datetime.datetime) -> None:
        self.face = typeface()
        pdf = FPDF(orientation="portrait", unit="mm", format="A4")
        # The base-14 fallback speaks WinAnsi, as ``typeface`` assumes (fpdf2 defaults to Latin-1).
        pdf.core_fonts_encoding = "windows-1252"
        pdf.set_margins(self.MARGIN, self.MARGIN, self.MARGIN)
        pdf.set_auto_page_break(auto=True, margin=self.MARGIN)
        if self.face.regular is not None and self.face.bold is not None:
            pdf.add_font(self.face.family, "", str(self.face.regular))
            pdf.add_font(self.face.family, "B", str(self.face.bold))
        # Fixed metadata: the same paper renders to the same bytes (no clock, no random id).
        pdf.set_creation_date(created_at)
        pdf.set_lang(language)
        pdf.set_title(self.text(title))
        pdf.set_creator("Asal")
        pdf.add_page()
        self.pdf = pdf
        self.width = pdf.w - 2 * self.MARGIN

    def text(self, value: str, *, newlines: bool = False) -> str:
        return printable(value, self.face.characters, newlines=newlines)

    def font(self, size: float, *, bold: bool = False) -> None:
        self.pdf.set_font(self.face.family, "B" if bold else "", size)

    def title(self, value: str) -> None:
        self.font(16, bold=True)
        self.pdf.cell(self.width, 9, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(2)

    def facts(self, pairs: Sequence[tuple[str, str]], *, label_width: float = 42) -> None:
        """Label: value lines (invoice number, date, incoterm...)."""
        for label, value in pairs:
            self.font(9, bold=True)
            self.pdf.cell(label_width, 5, self.text(label))
            self.font(9)
            self.pdf.multi_cell(
                self.width - label_width, 5, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        self.pdf.ln(2)

    def blocks(self, columns: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Side-by-side blocks, each a bold heading over lines (seller, buyer, consignee)."""
        top = self.pdf.get_y()
        column_width = self.width / len(columns)
        bottom = top
        for index, (heading, lines) in enumerate(columns):
            left = self.MARGIN + index * column_width
            self.pdf.set_xy(left, top)
            self.font(9, bold=True)
            self.pdf.multi_cell(column_width - 3, 5, self.text(heading), new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.font(9)
            for line in lines:
                self.pdf.set_x(left)
                self.pdf.multi_cell(column_width - 3, 4.5, self.text(line), new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, self.pdf.get_y())
        self.pdf.set_xy(self.MARGIN, bottom + 4)

    def heading(self, value: str) -> None:
        self.font(11, bold=True)
        self.pdf.cell(self.width, 7, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        align: Sequence[str],
        size: float = 8,
    ) -> None:
        """A ruled table whose heading row repeats on every page it spans."""
        self.font(size)
        with self.pdf.table(
            col_widths=tuple(widths),
            text_align=tuple(align),
            line_height=size * 0.55,
            width=self.width,
            first_row_as_headings=True,
        ) as table:
            heading_row = table.row()
            for value in headings:
                heading_row.cell(self.text(value))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.text(value, newlines=True))
        self.pdf.ln(3)

    def paragraph(self, value: str, *, size: float = 8) -> None:
        self.font(size)
        self.pdf.multi_cell(self.width, size * 0.5, self.text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def __bytes__(self) -> bytes:
        return bytes(self.pdf.output())
