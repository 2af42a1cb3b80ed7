"""Admin commands (ADMIN_USER_IDS only; for anyone else they are unknown commands):
/stats and /reload."""

from __future__ import annotations

import asyncio
import html

from telegram import Update

from bot.admin import store
from bot.checks import load_checked
from bot.content.problems import ContentError
from bot.faq.store import VoteStore
from bot.replies import reply
from bot.session import Context, services

MAX_PROBLEMS = 20


async def stats(update: Update, context: Context) -> None:
    """/stats: users, activity, journeys, reminders and FAQ feedback."""
    svc = services(context)
    numbers = await store.stats(svc.db, svc.clock())
    feedback = await VoteStore(svc.db).feedback()
    lines = [
        "<b>Users</b>: {users} (active 7 d: {active_7d}, 30 d: {active_30d}; "
        "blocked the bot: {blocked})".format(**numbers),
        "<b>Journeys by card</b>: "
        + (", ".join(f"{card} {n}" for card, n in numbers["by_card"]) or "—"),
        "<b>By operator</b>: "
        + (", ".join(f"{op} {n}" for op, n in numbers["by_operator"]) or "—"),
        "<b>Completed</b> (cancellation confirmed): {completed}".format(**numbers),
        "<b>Pending reminders</b>: {pending_reminders}".format(**numbers),
        "<b>FAQ feedback</b> (👍/👎):",
    ]
    ranked = sorted(feedback.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    lines += [f"  {entry} [{locale}] {up}/{down}" for (entry, locale), (up, down) in ranked[:15]]
    if not feedback:
        lines.append("  —")
    message = update.effective_message
    assert message is not None
    # Every value is a number or one of our own ASCII ids: nothing to escape.
    await reply(message, "\n".join(lines))


async def reload(update: Update, context: Context) -> None:
    """/reload: re-read conversations/; on any problem keep the running content."""
    svc = services(context)
    message = update.effective_message
    assert message is not None
    try:
        content = await asyncio.to_thread(load_checked, svc.settings.content_dir)
    except ContentError as exc:
        shown = "\n".join(html.escape(str(p)) for p in exc.problems[:MAX_PROBLEMS])
        more = len(exc.problems) - MAX_PROBLEMS
        await reply(
            message,
            f"Content NOT reloaded: {len(exc.problems)} problem(s); the bot keeps the "
            f"previous content.\n{shown}" + (f"\n… and {more} more" if more > 0 else ""),
        )
        return
    svc.replace_content(content)
    await reply(
        message,
        f"Content reloaded: {len(content.journey.cards)} cards, {len(content.operators)} "
        f"operators, {len(content.plan)} plan items, {len(content.faq)} FAQ entries.",
    )
