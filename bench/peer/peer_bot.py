"""The peer: the same journey as a plain python-telegram-bot bot, the way the library's
persistentconversationbot example does it — ConversationHandler + PicklePersistence, default
(sequential) update processing. Same buttons (callback data) and messages as SIM Exit, so
bench/load.py drives both with one workload.

    TELEGRAM_BOT_TOKEN=… TELEGRAM_API_BASE_URL=… PEER_PICKLE=p.pickle \
        python bench/peer/peer_bot.py
"""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    PicklePersistence,
)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.content.loader import load_content  # noqa: E402
from bot.journey.rules import select_plan  # noqa: E402

CONTENT = load_content(ROOT / "conversations")
CARD, OPERATOR, INTENT, PLAN = "CARD", "OPERATOR", "INTENT", "PLAN"


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t, callback_data=d) for t, d in r] for r in rows]
    )


def plan_message(user_data: dict) -> tuple[str, InlineKeyboardMarkup]:  # type: ignore[type-arg]
    card = CONTENT.card(user_data["card"])
    assert card is not None
    items = select_plan(
        CONTENT,
        card.id,
        card.billing if card.billing != "ask" else "plan",
        user_data["operator"],
        user_data["intent"],
    )
    ticks = user_data.setdefault("ticks", set())
    lines = [f"<b>Your plan</b> {len(ticks)} of {len(items)} steps done."]
    rows = []
    for n, item in enumerate(items, 1):
        mark = "✅" if item.id in ticks else "⬜"
        lines.append(
            f"{mark} <b>{n}. {html.escape(item.title.en)}</b>\n{html.escape(item.text.en)}"
        )
        rows.append([(f"{mark} {n}. {item.title.en}", f"1:t:1:{item.id}")])
    return "\n\n".join(lines)[:4000], keyboard(rows)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    rows = [[(c.label.en, f"1:a:card:{c.id}")] for c in CONTENT.journey.cards]
    await update.message.reply_text("Which card do you want to stop?", reply_markup=keyboard(rows))  # type: ignore[union-attr]
    return CARD


async def choose_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    query = update.callback_query
    await query.answer()  # type: ignore[union-attr]
    context.user_data["card"] = query.data.rsplit(":", 1)[1]  # type: ignore[index,union-attr]
    rows = [[(o.name, f"1:a:operator:{o.id}")] for o in CONTENT.operators]
    await query.edit_message_text("Which operator is the card from?", reply_markup=keyboard(rows))  # type: ignore[union-attr]
    return OPERATOR


async def choose_operator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    query = update.callback_query
    await query.answer()  # type: ignore[union-attr]
    context.user_data["operator"] = query.data.rsplit(":", 1)[1]  # type: ignore[index,union-attr]
    rows = [[(i.label.en, f"1:a:intent:{i.id}")] for i in CONTENT.journey.intents]
    await query.edit_message_text("Keep the number or end it?", reply_markup=keyboard(rows))  # type: ignore[union-attr]
    return INTENT


async def choose_intent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    query = update.callback_query
    await query.answer()  # type: ignore[union-attr]
    context.user_data["intent"] = query.data.rsplit(":", 1)[1]  # type: ignore[index,union-attr]
    await query.edit_message_text("✔")  # type: ignore[union-attr]
    text, markup = plan_message(context.user_data)  # type: ignore[arg-type]
    await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=markup, parse_mode="HTML"
    )  # type: ignore[union-attr]
    return PLAN


async def tick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    query = update.callback_query
    await query.answer()  # type: ignore[union-attr]
    item = query.data.rsplit(":", 1)[1]  # type: ignore[union-attr]
    context.user_data.setdefault("ticks", set()).symmetric_difference_update({item})  # type: ignore[union-attr]
    text, markup = plan_message(context.user_data)  # type: ignore[arg-type]
    await query.edit_message_text(text, reply_markup=markup, parse_mode="HTML")  # type: ignore[union-attr]
    return PLAN


async def status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    text, markup = plan_message(context.user_data)  # type: ignore[arg-type]
    await update.message.reply_text(text, reply_markup=markup, parse_mode="HTML")  # type: ignore[union-attr]
    return PLAN


def main() -> None:
    persistence = PicklePersistence(filepath=os.environ.get("PEER_PICKLE", "peer.pickle"))
    application = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .persistence(persistence)
        .build()
    )
    conversation = ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states={
            CARD: [CallbackQueryHandler(choose_card, pattern=r"^1:a:card:")],
            OPERATOR: [CallbackQueryHandler(choose_operator, pattern=r"^1:a:operator:")],
            INTENT: [CallbackQueryHandler(choose_intent, pattern=r"^1:a:intent:")],
            PLAN: [CallbackQueryHandler(tick, pattern=r"^1:t:"), CommandHandler("status", status)],
        },
        fallbacks=[CommandHandler("start", start)],
        name="journey",
        persistent=True,
    )
    application.add_handler(conversation)

    async def ready(app: Application) -> None:  # type: ignore[type-arg]
        await app.bot.set_my_commands([("start", "Start")])
        await app.bot.set_my_commands([("start", "Start")], language_code="zh")

    application.post_init = ready
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
