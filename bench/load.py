"""Load benchmark: N simulated users through the full journey against the real bot process
(ours or the plain-PTB peer in bench/peer/), over the local Bot API server with a fixed
delay per answer.

    python bench/load.py --bot both --users 1000 --latency-ms 0 50 [--seed 100000]
        [--rate-limit 30] [--runs 3]

Per user: /start, card, operator, intent, three ticks, /status (8 updates), one user's steps
in order, all users at once. Latency = update offered → first Bot API call for that chat.
Reports updates/s, latency p50/p95/p99, CPU seconds per 1,000 updates and peak RSS of the
bot process, start-up time, and checks that every user ends with exactly 3 ticks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.localapi import Call, LocalBotApi  # noqa: E402
from bot.storage import Storage  # noqa: E402

STEPS = 8
CLK = os.sysconf("SC_CLK_TCK")


class Waiter:
    """Futures resolved when a chat's call count reaches a target (no polling)."""

    def __init__(self, api: LocalBotApi):
        self.api = api
        self.pending: dict[Any, list[tuple[int, asyncio.Future[Call]]]] = defaultdict(list)
        api.on_call = self.on_call

    def on_call(self, call: Call) -> None:
        chat = call.params.get("chat_id")
        waiting = self.pending.get(chat)
        if not waiting:
            return
        count = self.api.call_count(chat)
        for item in list(waiting):
            if item[0] <= count and not item[1].done():
                item[1].set_result(call)
                waiting.remove(item)

    def next_call(self, chat: int) -> asyncio.Future[Call]:
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self.pending[chat].append((self.api.call_count(chat) + 1, future))
        return future


def tick_buttons(api: LocalBotApi, chat: int) -> tuple[int, list[str]] | None:
    for message in api.messages(chat):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        data = [b.get("callback_data", "") for row in rows for b in row]
        ticks = [d for d in data if d.startswith("1:t:")]
        if ticks:
            return message["message_id"], ticks
    return None


async def journey(api: LocalBotApi, waiter: Waiter, uid: int, latencies: list[float]) -> None:
    async def step(inject: Any) -> Call:
        future = waiter.next_call(uid)
        offered = time.time()
        inject()
        call = await asyncio.wait_for(future, 120)
        latencies.append(call.at - offered)
        return call

    await step(lambda: api.send_text(uid, "/start"))
    question = api.messages(uid)[-1]["message_id"]
    for data in ("1:a:card:prepaid", "1:a:operator:proximus"):
        await step(lambda data=data: api.press(uid, question, data))
    await step(lambda: api.press(uid, question, "1:a:intent:end"))
    found = tick_buttons(api, uid)
    while found is None:  # the plan comes after the summary edit
        await asyncio.wait_for(waiter.next_call(uid), 120)
        found = tick_buttons(api, uid)
    plan_id, ticks = found
    for data in ticks[:3]:
        await step(lambda data=data: api.press(uid, plan_id, data))
    await step(lambda: api.send_text(uid, "/status"))


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def seed_ours(db: Path, users: int, reminders: int) -> None:
    storage = await Storage.open(db)
    await storage.close()
    with sqlite3.connect(db) as conn:
        now = "2026-11-23T00:00:00+00:00"
        conn.executemany(
            "INSERT INTO users (user_id, locale, created_at, seen_at) VALUES (?, 'en', ?, ?)",
            [(10_000_000 + i, now, now) for i in range(users)],
        )
        conn.executemany(
            "INSERT INTO journeys (user_id, state, card, billing, operator, intent, updated_at)"
            " VALUES (?, 'plan', 'plan', 'plan', 'base', 'end', ?)",
            [(10_000_000 + i, now) for i in range(users)],
        )
        conn.executemany(
            "INSERT INTO reminders (user_id, kind, due_at, created_at)"
            " VALUES (?, 'follow_up', 4102444800, ?)",
            [(10_000_000 + i % max(users, 1), now) for i in range(reminders)],
        )


def seed_peer(path: Path, users: int) -> None:
    user_data = {
        10_000_000 + i: {"card": "plan", "operator": "base", "intent": "end", "ticks": set()}
        for i in range(users)
    }
    conversations = {"journey": {(10_000_000 + i, 10_000_000 + i): "PLAN" for i in range(users)}}
    data = {
        "user_data": user_data,
        "chat_data": {},
        "bot_data": {},
        "callback_data": None,
        "conversations": conversations,
    }
    path.write_bytes(pickle.dumps(data))


async def run_point(
    kind: str, users: int, latency_ms: float, seed: int, rate_limit: float, reminders: int
) -> dict[str, Any]:
    api = LocalBotApi(delay_seconds=latency_ms / 1000)
    await api.start()
    waiter = Waiter(api)
    folder = Path(tempfile.mkdtemp(prefix="simexit-bench-"))
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "LOG_LEVEL": "WARNING",
    }
    if kind == "ours":
        db = folder / "db.sqlite3"
        if seed or reminders:
            await seed_ours(db, seed, reminders)
        env.update(DATABASE_PATH=str(db), RATE_LIMIT_PER_SECOND=str(rate_limit), QUIET_HOURS="off")
        command = [sys.executable, "-m", "bot", "run"]
    else:
        pickle_path = folder / "peer.pickle"
        if seed:
            seed_peer(pickle_path, seed)
        env.update(PEER_PICKLE=str(pickle_path))
        command = [sys.executable, str(ROOT / "bench/peer/peer_bot.py")]
    log = (folder / "bot.log").open("wb")
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    while len(api.calls("setMyCommands")) < 2:
        if proc.poll() is not None:
            raise SystemExit(f"{kind} bot exited: {(folder / 'bot.log').read_text()[-2000:]}")
        await asyncio.sleep(0.01)
    startup = time.monotonic() - started
    cpu_before = proc_cpu(proc.pid)
    latencies: list[float] = []
    t0 = time.monotonic()
    await asyncio.gather(*(journey(api, waiter, 1 + uid, latencies) for uid in range(users)))
    elapsed = time.monotonic() - t0
    cpu = proc_cpu(proc.pid) - cpu_before
    rss = proc_peak_rss_mb(proc.pid)
    wrong = 0
    for uid in range(1, users + 1):
        plan = tick_buttons(api, uid)
        labels = [
            b["text"]
            for m in api.messages(uid)
            for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row
        ]
        if plan is None or sum(label.startswith("✅") for label in labels) < 3:
            wrong += 1
    proc.send_signal(signal.SIGTERM)
    # Wait off the loop: the bot talks to this server while it shuts down.
    await asyncio.to_thread(proc.wait, 120)
    await api.stop()
    latencies.sort()
    count = len(latencies)

    def pct(p: float) -> float:
        return latencies[min(count - 1, int(count * p))] * 1000

    return {
        "bot": kind,
        "users": users,
        "latency_ms": latency_ms,
        "seeded": seed,
        "rate_limit": rate_limit if kind == "ours" else None,
        "updates_per_s": round(users * STEPS / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "p99_ms": round(pct(0.99), 1),
        "cpu_s_per_1000": round(cpu / (users * STEPS) * 1000, 2),
        "peak_rss_mb": round(rss, 1),
        "startup_s": round(startup, 2),
        "users_without_3_ticks": wrong,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--bot", choices=["ours", "peer", "both"], default="both")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0])
    parser.add_argument("--seed", type=int, default=0, help="users already stored")
    parser.add_argument("--reminders", type=int, default=0, help="pending reminders stored (ours)")
    parser.add_argument(
        "--rate-limit", type=float, default=30.0, help="ours: RATE_LIMIT_PER_SECOND"
    )
    parser.add_argument("--runs", type=int, default=1, help="median of this many runs")
    args = parser.parse_args()
    kinds = ["ours", "peer"] if args.bot == "both" else [args.bot]
    for latency in args.latency_ms:
        for kind in kinds:
            runs = [
                asyncio.run(
                    run_point(kind, args.users, latency, args.seed, args.rate_limit, args.reminders)
                )
                for _ in range(args.runs)
            ]
            result = dict(runs[0])
            for key in (
                "updates_per_s",
                "p50_ms",
                "p95_ms",
                "p99_ms",
                "cpu_s_per_1000",
                "peak_rss_mb",
                "startup_s",
            ):
                result[key] = statistics.median(r[key] for r in runs)
            result["users_without_3_ticks"] = max(r["users_without_3_ticks"] for r in runs)
            result["runs"] = args.runs
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
