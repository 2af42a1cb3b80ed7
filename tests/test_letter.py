"""The cancellation letter: input checks, the text in each language, and the PDF read back."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from bot.content.loader import load_content
from bot.letter import rules as lt
from bot.letter.pdf import letter_pdf
from tests.conftest import ROOT

CONTENT = load_content(ROOT / "conversations")
TODAY = dt.date(2026, 11, 23)
WRITTEN = [o for o in CONTENT.operators if lt.written_channel(o) is not None]
DETAILS = lt.Details("Zhang Wéi", "0470 12 34 56", dt.date(2026, 11, 30), "A-123/45")
DATES = {"nl": "30 november 2026", "fr": "30 novembre 2026", "en": "30 November 2026"}


def test_some_operators_have_a_written_channel() -> None:
    assert {o.id for o in WRITTEN} >= {"orange", "scarlet", "digi", "mobile-vikings", "lycamobile"}


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
@pytest.mark.parametrize("operator", WRITTEN, ids=lambda o: o.id)
def test_letter_for_every_written_channel_and_language(operator, lang: str) -> None:  # type: ignore[no-untyped-def]
    text = lt.letter_text(CONTENT, operator, DETAILS, lang, TODAY)
    channel = lt.written_channel(operator)
    assert channel is not None and channel.value in text
    assert DATES[lang] in text  # the end date, written in the letter's language
    assert "0470 12 34 56" in text and "A-123/45" in text and text.count("Zhang Wéi") == 2
    pdf = pypdf.PdfReader(io.BytesIO(letter_pdf(text, "t")))
    extracted = " ".join(page.extract_text() for page in pdf.pages)
    for needed in ("Zhang Wéi", "0470 12 34 56", DATES[lang]):
        assert needed in " ".join(extracted.split())


def test_without_customer_number_the_sentence_is_left_out() -> None:
    text = lt.letter_text(
        CONTENT,
        CONTENT.operator("orange"),
        DETAILS.__class__("Jan Peeters", "0470 12 34 56", TODAY),
        "nl",
        TODAY,
    )  # type: ignore[arg-type]
    assert "klantnummer" not in text and "ingaat op 23 november 2026" in text


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0470123456", "0470 12 34 56"),
        ("+32 470 12 34 56", "0470 12 34 56"),
        ("0032470123456", "0470 12 34 56"),
        ("0470/12.34.56", "0470 12 34 56"),
        ("+32 (0)470 12 34 56", None),
        ("02 223 09 09", None),
        ("0470 12 34", None),
        ("+33 6 12 34 56 78", None),
        ("hello", None),
        ("", None),
    ],
)
def test_belgian_mobile_numbers(typed: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(lt.Invalid):
            lt.clean_phone(typed)
    else:
        assert lt.clean_phone(typed) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("x" * 5000, "name_length"),
        ("<b>Jan</b>", "name_chars"),
        ("张伟", "name_latin"),
        ("Jan 2", "name_chars"),
        ("   ", "name_length"),
        ("Robert'); DROP TABLE users;--", "name_chars"),
    ],
)
def test_bad_names_get_a_reason(typed: str, problem: str) -> None:
    with pytest.raises(lt.Invalid) as caught:
        lt.clean_name(typed)
    assert str(caught.value) == problem


def test_good_names_are_tidied() -> None:
    assert lt.clean_name("  Marie-Claire   O'Neill ") == "Marie-Claire O'Neill"
    assert lt.clean_name("Zoë Dubois") == "Zoë Dubois"


def test_end_dates() -> None:
    assert lt.end_of_month(TODAY) == dt.date(2026, 11, 30)
    assert lt.end_of_month(dt.date(2026, 12, 5)) == dt.date(2026, 12, 31)
    assert lt.parse_end_date("31/12", TODAY) == dt.date(2026, 12, 31)
    assert lt.parse_end_date("23.11.2026", TODAY) == TODAY
    assert lt.parse_end_date("5/1", TODAY) == dt.date(2027, 1, 5)  # next year
    for bad, problem in (
        ("22/11/2026", "date_past"),
        ("31/02", "date"),
        ("soon", "date"),
        ("1/1/2030", "date"),
    ):
        with pytest.raises(lt.Invalid) as caught:
            lt.parse_end_date(bad, TODAY)
        assert str(caught.value) == problem


def test_the_senders_address_goes_under_the_name_and_no_line_has_a_double_space() -> None:
    details = lt.Details(
        "Jan Peeters",
        "0470 12 34 56",
        TODAY,
        "A-1",
        address=lt.clean_address("Rue Belliard 51\n 1040  Etterbeek "),
    )
    for lang in ("nl", "fr", "en"):
        text = lt.letter_text(CONTENT, CONTENT.operator("proximus"), details, lang, TODAY)
        assert text.startswith("Jan Peeters\nRue Belliard 51\n1040 Etterbeek\n0470 12 34 56\n")
        assert "  " not in text.replace("__________", "")
    without = lt.letter_text(CONTENT, CONTENT.operator("proximus"), DETAILS, "nl", TODAY)
    assert without.startswith("Zhang Wéi\n0470 12 34 56\n")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "address_length"),
        ("a\nb\nc\nd 1", "address_length"),
        ("x" * 151 + " 1", "address_length"),
        ("Main Street", "address_chars"),
        ("<b>Street</b> 1", "address_chars"),
        ("北京路 1 号", "address_latin"),
    ],
)
def test_bad_addresses_get_a_reason(typed: str, problem: str) -> None:
    with pytest.raises(lt.Invalid, match=problem):
        lt.clean_address(typed)


@pytest.mark.parametrize("typed", ["1/1/99999999999", "99999999999999999999/1", "1" * 5000])
def test_an_end_date_with_huge_numbers_is_refused_with_a_hint(typed: str) -> None:
    with pytest.raises(lt.Invalid, match="date"):
        lt.parse_end_date(typed, TODAY)


@pytest.mark.parametrize("name", ["Lech Wałęsa", "Antonín Dvořák", "Ștefan Ionescu", "Zoë Œuvré"])
def test_names_in_any_latin_script_are_accepted_and_drawn_in_the_pdf(name: str) -> None:
    assert lt.clean_name(name) == name
    details = lt.Details(name, "0470 12 34 56", TODAY, address="Ulica Żółta 3\n00-001 Łódź")
    text = lt.letter_text(CONTENT, CONTENT.operator("proximus"), details, "en", TODAY) + " €"
    pdf = pypdf.PdfReader(io.BytesIO(letter_pdf(text, f"Proximus – {name}")))
    extracted = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert name in extracted and "Łódź" in extracted and "€" in extracted
