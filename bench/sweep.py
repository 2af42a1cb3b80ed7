"""Reminder sweep benchmark: N reminders already due when the real bot starts; how long until
every one has been claimed and handed to the Bot API?

    python bench/sweep.py --reminders 10000 --rate-limit 0 30 [--latency-ms 0 50] [--runs 3]
                          [--repeating 100000] [--timelines 100000]

Each reminder belongs to its own user, who has a journey (the reminder text is rendered from
it). Reports the time from the first to the last reminder's sendMessage (and from the bot
being ready, which includes the sweep job's first run one second after start), reminders per
second, CPU seconds of the bot, and checks that every user got exactly one reminder and that
every row ends in state 'sent'. `--repeating N` also stores N top-up reminders that are not
due yet (two per keep-alive user, months ahead, as the bot schedules them): they must slow
neither the start nor the sweep. `--timelines N` stores N users who gave a leaving day, each
with a timeline of STEPS_PER_TIMELINE step reminders ahead (as bot/leaving schedules them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import proc_cpu, proc_peak_rss_mb  # noqa: E402
from bot.db import Database  # noqa: E402
from devtools.localapi import Call, LocalBotApi  # noqa: E402

FIRST_USER = 20_000_000
REPEATING_USER = 40_000_000
TIMELINE_USER = 60_000_000
STEPS_PER_TIMELINE = 8
STEPS = ("bindings", "keep-new-sim", "port-mandate", "port-date", "costs", "last-bill")


async def seed(db: Path, reminders: int, repeating: int = 0, timelines: int = 0) -> None:
    database = await Database.open(db)
    await database.close()
    now = "2026-11-23T00:00:00+00:00"
    due = int(time.time()) - 60
    users = range(FIRST_USER, FIRST_USER + reminders)
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, ?, ?, ?)",
            [(u, ("en", "zh_Hans", "zh_Hant")[u % 3], now, now) for u in users],
        )
        conn.executemany(
            "INSERT INTO journeys (user_id, state, card, billing, operator, intent, updated_at)"
            " VALUES (?, 'plan', 'plan', 'plan', 'base', 'end', ?)",
            [(u, now) for u in users],
        )
        conn.executemany(
            "INSERT INTO reminders (user_id, kind, due_at, created_at)"
            " VALUES (?, 'follow_up', ?, ?)",
            [(u, due, now) for u in users],
        )
        keepers = range(REPEATING_USER, REPEATING_USER + (repeating + 1) // 2)
        conn.executemany(
            "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, 'zh_Hans', ?, ?)",
            [(u, now, now) for u in keepers],
        )
        conn.executemany(
            "INSERT INTO journeys (user_id, state, card, billing, operator, intent, updated_at)"
            " VALUES (?, 'plan', 'prepaid', 'prepaid', 'orange', 'alive', ?)",
            [(u, now) for u in keepers],
        )
        ahead = int(time.time()) + 86_400
        payload = '{"last": "2026-11-02", "months": 12, "lapse": "2027-11-02"}'
        conn.executemany(
            "INSERT INTO reminders (user_id, kind, due_at, payload, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (u, kind, ahead + (u % 300) * 86_400 + offset, payload, now)
                for u in keepers
                for kind, offset in (("topup_30", 0), ("topup_7", 23 * 86_400))
            ][:repeating],
        )
        leavers = range(TIMELINE_USER, TIMELINE_USER + timelines)
        conn.executemany(
            "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, 'zh_Hans', ?, ?)",
            [(u, now, now) for u in leavers],
        )
        conn.executemany(
            "INSERT INTO journeys (user_id, state, card, billing, operator, intent, updated_at)"
            " VALUES (?, 'plan', 'plan', 'plan', 'proximus', 'keep', ?)",
            [(u, now) for u in leavers],
        )
        conn.executemany(
            "INSERT INTO leaving (user_id, day, updated_at) VALUES (?, '2027-03-01', ?)",
            [(u, now) for u in leavers],
        )
        conn.executemany(
            "INSERT INTO reminders (user_id, kind, due_at, payload, created_at)"
            " VALUES (?, 'leaving_step', ?, ?, ?)",
            [
                (u, ahead + (u % 90) * 86_400 + step * 3 * 86_400,
                 json.dumps({"item": STEPS[step % len(STEPS)], "by": "2027-02-20"}), now)
                for u in leavers
                for step in range(STEPS_PER_TIMELINE)
            ],
        )  # fmt: skip


async def run(
    reminders: int, rate_limit: float, latency_ms: float, repeating: int = 0, timelines: int = 0
) -> dict[str, Any]:
    api = LocalBotApi(delay_seconds=latency_ms / 1000)
    await api.start()
    folder = Path(tempfile.mkdtemp(prefix="simexit-sweep-"))
    db = folder / "db.sqlite3"
    await seed(db, reminders, repeating, timelines)
    arrivals: list[float] = []
    per_chat: dict[int, int] = {}
    all_sent = asyncio.get_running_loop().create_future()

    def on_call(call: Call) -> None:
        if call.method != "sendMessage":
            return
        chat = call.params.get("chat_id")
        if isinstance(chat, int) and chat >= FIRST_USER:
            per_chat[chat] = per_chat.get(chat, 0) + 1
            arrivals.append(call.at)
            if len(arrivals) == reminders and not all_sent.done():
                all_sent.set_result(None)

    api.on_call = on_call
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "LOG_LEVEL": "WARNING",
        "DATABASE_PATH": str(db),
        "RATE_LIMIT_PER_SECOND": str(rate_limit),
        "QUIET_HOURS": "off",
    }
    log = (folder / "bot.log").open("wb")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    while len(api.calls("setMyCommands")) < 2:
        if proc.poll() is not None:
            raise SystemExit(f"bot exited: {(folder / 'bot.log').read_text()[-2000:]}")
        await asyncio.sleep(0.01)
    ready_wall = time.time()
    startup = time.monotonic() - started
    cpu_before = proc_cpu(proc.pid)
    await asyncio.wait_for(all_sent, timeout=3600)
    cpu = proc_cpu(proc.pid) - cpu_before
    rss = proc_peak_rss_mb(proc.pid)
    await asyncio.sleep(1)  # the last 'sent' marks are written after their answers
    proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.to_thread(proc.wait, 120)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise SystemExit(f"the bot did not stop within 120 s; log: {folder / 'bot.log'}") from None
    await api.stop()
    with sqlite3.connect(db) as conn:
        states = dict(conn.execute("SELECT state, COUNT(*) FROM reminders GROUP BY state"))
    first, last = min(arrivals), max(arrivals)
    return {
        "reminders": reminders,
        "repeating_not_due": repeating,
        "timelines_not_due": timelines,
        "rate_limit": rate_limit,
        "latency_ms": latency_ms,
        "ready_to_last_s": round(last - ready_wall, 2),
        "first_to_last_s": round(last - first, 2),
        "reminders_per_s": round(reminders / (last - first), 1) if last > first else None,
        "cpu_s": round(cpu, 2),
        "peak_rss_mb": round(rss, 1),
        "startup_s": round(startup, 2),
        "users_not_exactly_one": sum(1 for n in per_chat.values() if n != 1)
        + (reminders - len(per_chat)),
        "states": states,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--rate-limit", type=float, nargs="+", default=[0.0, 30.0])
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0])
    parser.add_argument("--runs", type=int, default=1, help="median of this many runs")
    parser.add_argument(
        "--repeating", type=int, default=0, help="top-up reminders stored, not due yet"
    )
    parser.add_argument(
        "--timelines", type=int, default=0, help="leaving-day timelines stored, not due yet"
    )
    args = parser.parse_args()
    for rate_limit in args.rate_limit:
        for latency in args.latency_ms:
            runs = [
                asyncio.run(
                    run(args.reminders, rate_limit, latency, args.repeating, args.timelines)
                )
                for _ in range(args.runs)
            ]
            result = dict(runs[0])
            for key in ("ready_to_last_s", "first_to_last_s", "reminders_per_s", "cpu_s"):
                values = [r[key] for r in runs if r[key] is not None]
                result[key] = statistics.median(values) if values else None
            result["users_not_exactly_one"] = max(r["users_not_exactly_one"] for r in runs)
            result["runs"] = args.runs
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
