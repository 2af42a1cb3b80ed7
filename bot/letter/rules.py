"""The cancellation letter: checking what the user types, the end date, the text in Dutch,
French or English, and how that operator accepts it. Pure functions; the PDF is in
`bot/letter/pdf.py`. Personal details live only in the objects passed around here."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from babel.dates import format_date

from bot.content.models import Contact, Content, Operator

LETTER_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE"}
MAX_NAME = 100
MAX_AHEAD_DAYS = 366
# A name is the one on a Belgian contract: letters of the Latin script (any of its accents),
# spaces, apostrophes, dots and hyphens.
_NAME = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '’.-])*$")
_CUSTOMER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}$")


def latin(text: str) -> bool:
    """Every letter of `text` is of the Latin script (Wałęsa, Dvořák, Ștefan; not 张伟)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha())


class Invalid(ValueError):
    """The text is not usable; the message names the problem (one of NAME_*, PHONE_*…)."""


def clean_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME:
        raise Invalid("name_length")
    if not _NAME.match(name):
        raise Invalid("name_chars")
    if not latin(name):
        raise Invalid("name_latin")
    return name


MAX_ADDRESS = 150
MAX_ADDRESS_LINES = 3


def clean_address(text: str) -> str:
    """The sender's postal address: up to three lines (or parts split by commas as typed)."""
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    if not lines or len(lines) > MAX_ADDRESS_LINES or sum(map(len, lines)) > MAX_ADDRESS:
        raise Invalid("address_length")
    address = "\n".join(lines)
    if any(ch in address for ch in "<>{}") or not any(ch.isdigit() for ch in address):
        raise Invalid("address_chars")
    if not latin(address):
        raise Invalid("address_latin")
    return address


def clean_customer(text: str) -> str:
    value = " ".join(text.split())
    if not _CUSTOMER.match(value):
        raise Invalid("customer")
    return value


def clean_phone(text: str) -> str:
    """A Belgian mobile number in any usual form → `0470 12 34 56`."""
    digits = re.sub(r"[\s./()-]", "", text.strip())
    if digits.startswith("+32"):
        digits = digits[3:]
    elif digits.startswith("0032"):
        digits = digits[4:]
    elif digits.startswith("0"):
        digits = digits[1:]
    else:
        raise Invalid("phone")
    if not re.fullmatch(r"4[5-9]\d{7}", digits):
        raise Invalid("phone")
    return f"0{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}"


def end_of_month(today: dt.date) -> dt.date:
    first_next = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def parse_end_date(text: str, today: dt.date) -> dt.date:
    """A typed end date: day/month[/year], today or later (within a year)."""
    parts = re.split(r"[/.\-\s]+", text.strip())
    if len(parts) > 3 or any(len(p) > 4 for p in parts):  # bounded: no year 99999999999
        raise Invalid("date")
    try:
        numbers = [int(p) for p in parts if p]
        if len(numbers) == 2:
            day, month = numbers
            chosen = dt.date(today.year, month, day)
            if chosen < today:
                chosen = dt.date(today.year + 1, month, day)
        elif len(numbers) == 3:
            day, month, year = numbers
            chosen = dt.date(year + (2000 if year < 100 else 0), month, day)
        else:
            raise Invalid("date")
    except (ValueError, OverflowError):
        raise Invalid("date") from None
    if chosen < today:
        raise Invalid("date_past")
    if (chosen - today).days > MAX_AHEAD_DAYS:
        raise Invalid("date")
    return chosen


@dataclass(frozen=True)
class Details:
    name: str
    phone: str
    end_date: dt.date
    customer: str | None = None
    address: str | None = None  # the sender's postal address, as typed (optional)


def written_channel(operator: Operator) -> Contact | None:
    """Where the operator takes a written cancellation: postal address, e-mail or form."""
    for kind in ("address", "email", "form"):
        for contact in operator.contacts:
            if contact.kind == kind:
                return contact
    return None


def letter_text(
    content: Content, operator: Operator, details: Details, lang: str, today: dt.date
) -> str:
    """The letter in `lang` (nl, fr, en)."""
    t = content.letters.letters[lang]  # type: ignore[index]
    locale = LETTER_LOCALES[lang]
    customer_line = (
        " " + t.customer_line.format(customer=details.customer) if details.customer else ""
    )
    values = {
        "name": details.name,
        "phone": details.phone,
        "operator": operator.name,
        "end_date": format_date(details.end_date, "long", locale=locale),
        "customer_line": customer_line,
    }
    channel = written_channel(operator)
    recipient = [operator.name if channel is None or operator.name not in channel.value else ""]
    if channel is not None:
        recipient.append(channel.value)
    blocks = [
        "\n".join([details.name, *([details.address] if details.address else []), details.phone]),
        "\n".join(line for line in recipient if line),
        t.subject.format(**values),
        t.greeting,
        t.body.format(**values),
        t.closing,
        "\n".join(
            [
                t.place_date.format(
                    place="__________", date=format_date(today, "long", locale=locale)
                ),
                t.signature,
                "",
                details.name,
            ]
        ),
    ]
    return "\n\n".join(blocks)
