"""/letter: the cancellation letter in Dutch, French or English, as text and as a PDF.

The questions (name, customer number, phone number, end date, language) are asked one at a
time. What the user types is kept in memory for this letter only — never in the database —
and dropped when the letter is sent, cancelled, or left unfinished for half an hour.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from html import escape

from telegram import CallbackQuery, InputFile, Update

from bot import callbacks as cb
from bot.content.models import Operator
from bot.domain import journey as j
from bot.domain import letter as lt
from bot.domain.reminders import BRUSSELS
from bot.handlers.common import (
    EXPIRED,
    Context,
    Session,
    answer_query,
    edit_or_send,
    open_session,
    send,
)
from bot.i18n import format_date
from bot.letter_pdf import letter_pdf
from bot.render import Screen

DRAFT_TTL = 1800  # seconds an unfinished letter is kept in memory
STEPS = ("name", "customer", "phone", "date", "lang")
LANGUAGE_BUTTONS = (("Nederlands", "nl"), ("Français", "fr"), ("English", "en"))


@dataclass
class Draft:
    operator_id: str
    step: str = "name"
    touched: float = field(default_factory=time.monotonic)
    name: str = ""
    customer: str | None = None
    phone: str = ""
    end_date: dt.date | None = None


def drafts(context: Context) -> dict[int, Draft]:
    """Unfinished letters by user; expired ones are dropped on every look."""
    store: dict[int, Draft] = context.application.bot_data.setdefault("letters", {})
    now = time.monotonic()
    for user_id in [u for u, d in store.items() if now - d.touched > DRAFT_TTL]:
        del store[user_id]
    return store


def step_screen(session: Session, draft: Draft, hint: str = "") -> Screen:
    _ = session._
    nav = ((_("« Back"), cb.LETTER_BACK), (_("✖ Cancel"), cb.LETTER_CANCEL))
    prompts = {
        "name": _(
            "✉️ Cancellation letter, step 1 of 5.\nYour full name as on the contract, in Latin "
            "letters:"
        ),
        "customer": _(
            "Step 2 of 5. Your customer number (on an invoice or in the operator's app), or Skip:"
        ),
        "phone": _("Step 3 of 5. The mobile number to stop, for example 0470 12 34 56:"),
        "date": _(
            "Step 4 of 5. On which day should the contract end? Tap, or type a date such as 31/12:"
        ),
        "lang": _("Step 5 of 5. In which language should the letter be written?"),
    }
    rows: list[tuple[tuple[str, str], ...]] = []
    if draft.step == "customer":
        rows.append(((_("Skip"), cb.LETTER_SKIP),))
    if draft.step == "date":
        rows.append(
            ((_("Today"), cb.letter_end("t")), (_("End of this month"), cb.letter_end("m")))
        )
    if draft.step == "lang":
        rows.append(tuple((label, cb.letter_language(code)) for label, code in LANGUAGE_BUTTONS))
    rows.append(nav if draft.step != "name" else nav[1:])
    text = prompts[draft.step]
    return Screen(f"{escape(hint)}\n\n{text}" if hint else text, tuple(rows))


def hint_text(session: Session, code: str) -> str:
    _ = session._
    translated = {
        "name_length": _("Please type your name (at most 100 characters)."),
        "name_chars": _("A name has letters, spaces, hyphens and apostrophes only."),
        "name_latin": _("Please write the name in Latin letters, as on your Belgian contract."),
        "customer": _(
            "A customer number has letters, digits, dots, dashes or slashes (at most 40)."
        ),
        "phone": _(
            "That is not a Belgian mobile number. Type it like 0470 12 34 56 or +32 470 12 34 56."
        ),
        "date": _("I could not read that date. Type it as day/month, for example 31/12."),
        "date_past": _("That date has passed. Choose today or a later day."),
    }
    return translated.get(code, translated["date"])


async def start_letter(update: Update, context: Context) -> None:
    """/letter: start the questions (the operator comes from the user's journey)."""
    session = await open_session(update, context)
    await begin(context, session)


async def begin(context: Context, session: Session) -> None:
    operator = session.progress.operator
    if not operator:
        await context.bot.send_message(
            session.chat_id,
            session._("First tell me which operator the card is from: send /start."),
        )
        return
    draft = Draft(operator)
    drafts(context)[session.user_id] = draft
    await send(context, session.chat_id, step_screen(session, draft))


def today(session: Session) -> dt.date:
    return session.services.clock().astimezone(BRUSSELS).date()


async def text_input(context: Context, session: Session, text: str) -> bool:
    """Text typed while a letter is being written; False if no letter is in progress."""
    draft = drafts(context).get(session.user_id)
    if draft is None:
        return False
    draft.touched = time.monotonic()
    try:
        if draft.step == "name":
            draft.name = lt.clean_name(text)
        elif draft.step == "customer":
            draft.customer = lt.clean_customer(text)
        elif draft.step == "phone":
            draft.phone = lt.clean_phone(text)
        elif draft.step == "date":
            draft.end_date = lt.parse_end_date(text, today(session))
        else:
            await send(context, session.chat_id, step_screen(session, draft))
            return True
    except lt.Invalid as problem:
        await send(
            context, session.chat_id, step_screen(session, draft, hint_text(session, str(problem)))
        )
        return True
    draft.step = STEPS[STEPS.index(draft.step) + 1]
    await send(context, session.chat_id, step_screen(session, draft))
    return True


async def letter_button(
    query: CallbackQuery, context: Context, session: Session, kind: str, value: str
) -> None:
    _ = session._
    if kind == "letter_start":
        await answer_query(query)
        await begin(context, session)
        return
    draft = drafts(context).get(session.user_id)
    if draft is None:
        await answer_query(query, _(EXPIRED))
        return
    draft.touched = time.monotonic()
    await answer_query(query)
    if kind == "letter_cancel":
        del drafts(context)[session.user_id]
        await edit_or_send(
            query, context, Screen(_("Letter cancelled. Nothing you typed was kept."))
        )
        return
    if kind == "letter_back":
        draft.step = STEPS[max(0, STEPS.index(draft.step) - 1)]
    elif kind == "letter_skip" and draft.step == "customer":
        draft.customer = None
        draft.step = "phone"
    elif kind == "letter_end" and draft.step == "date":
        draft.end_date = today(session) if value == "t" else lt.end_of_month(today(session))
        draft.step = "lang"
    elif kind == "letter_language" and draft.step == "lang":
        del drafts(context)[session.user_id]
        await edit_or_send(
            query, context, Screen("✔ " + dict((c, n) for n, c in LANGUAGE_BUTTONS)[value])
        )
        await deliver(context, session, draft, value)
        return
    await edit_or_send(query, context, step_screen(session, draft))


async def deliver(context: Context, session: Session, draft: Draft, lang: str) -> None:
    """Send the letter as text, as a PDF, and how to send it; then forget the details."""
    _ = session._
    content = session.services.content
    operator = content.operator(draft.operator_id)
    if operator is None:
        await context.bot.send_message(
            session.chat_id, _("First tell me which operator the card is from: send /start.")
        )
        return
    assert draft.end_date is not None  # the date step always comes before the language step
    details = lt.Details(
        name=draft.name,
        phone=draft.phone,
        end_date=draft.end_date,
        customer=draft.customer,
    )
    text = lt.letter_text(content, operator, details, lang, today(session))
    await context.bot.send_message(session.chat_id, f"<pre>{escape(text)}</pre>")
    pdf = letter_pdf(text, f"{operator.name} – {details.phone}")
    filename = f"cancellation-{operator.id}-{details.end_date.isoformat()}.pdf"
    await context.bot.send_document(session.chat_id, InputFile(pdf, filename=filename))
    await send(context, session.chat_id, explanation(session, operator, details))


def explanation(session: Session, operator: Operator, details: lt.Details) -> Screen:
    _ = session._
    end = format_date(details.end_date, session.locale)
    lines = [
        _(
            "This letter cancels your subscription with {operator} for {phone} on {end_date}, "
            "and asks for a written confirmation, the final invoice and a refund of any credit."
        ).format(operator=operator.name, phone=details.phone, end_date=end)
    ]
    channel = lt.written_channel(operator)
    if channel is None:
        how = _(
            "I could not verify a postal or e-mail address for {operator}. Send the letter as a "
            "message from your customer zone, or ask customer service where to send it, and keep "
            "proof that you sent it."
        )
    elif channel.kind == "address":
        how = _(
            "Send it by post to: {value}. Sign it first. A registered letter is not required, "
            "but it proves that you sent it."
        )
    elif channel.kind == "email":
        how = _(
            "Send it by e-mail to {value}, from the e-mail address {operator} knows, with the "
            "PDF attached. Keep the sent e-mail."
        )
    else:
        how = _(
            "Send it through {operator}'s contact form: {value}. Keep a screenshot of what you "
            "sent."
        )
    lines.append(how.format(operator=operator.name, value=channel.value if channel else ""))
    lines.append(_("Nothing you typed for this letter is stored."))
    rows: tuple[tuple[tuple[str, str], ...], ...] = ()
    progress = session.progress
    if progress.state in (j.PLAN, j.SENT_DATE) and j.needs_follow_up(progress):
        rows = (((_("📨 I've sent my cancellation"), cb.sent(progress.generation)),),)
        lines.append(
            _("Once you have sent it, tap the button below and I will check back with you.")
        )
    return Screen("\n\n".join(escape(line) for line in lines), rows)
