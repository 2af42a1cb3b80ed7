"""Load benchmark: N simulated users through the full journey against the real bot process
(ours or the plain-PTB peer in bench/peer/), over the local Bot API server with a fixed
delay per answer.

    python bench/load.py --bot both --users 1000 --latency-ms 0 50 [--seed 100000]
        [--reminders 100000] [--rate-limit 30] [--think 4] [--runs 3]
        [--max-seconds S] [--peer-max-seconds S]

Per user (8 updates): /start, card, operator, intent, three ticks tapped in quick succession
(offered without waiting for the replies), /status. Without --think every user starts at once
and sends each step as soon as the previous one is answered (a burst: capacity). With
--think T a user pauses 0.5–1.5 × T s before each step and users start at random within
--ramp s (default 8 × T, one journey), so users at every step are mixed; the offered rate
rises to about users / T updates per second mid-run (latency under a load the bot carries).

Latency = update offered → the bot's first call for it (answerCallbackQuery of that query, or
the first call to the chat for a command). Reports updates/s, latency p50/p95/p99, CPU
seconds per 1,000 updates and peak RSS of the bot process, start-up time, and the users
whose plan edits did not show their taps in tap order or lost one (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.db import Database  # noqa: E402
from devtools.localapi import Call, LocalBotApi  # noqa: E402

SHUTDOWN_WAIT = 60  # seconds a bot may take to stop before it is killed
TIMEOUT = 600  # seconds one reply may take before the run is called broken
CLK = os.sysconf("SC_CLK_TCK")


def ticked(markup: Any) -> frozenset[str]:
    """The plan items a keyboard shows as done (✅ buttons whose data is a tick)."""
    rows = (markup or {}).get("inline_keyboard", []) if isinstance(markup, dict) else []
    return frozenset(
        b["callback_data"].rsplit(":", 1)[1]
        for row in rows
        for b in row
        if b.get("callback_data", "").startswith("1:t:") and b.get("text", "").startswith("✅")
    )


class Recorder:
    """Resolves futures as the bot's calls arrive (no polling) and keeps, per user, the
    ticked items of every edit of their plan message — the order check."""

    def __init__(self, api: LocalBotApi):
        self.api = api
        self.by_query: dict[str, asyncio.Future[Call]] = {}
        self.by_chat: dict[int, list[asyncio.Future[Call]]] = defaultdict(list)
        self.plan_id: dict[int, int] = {}
        self.plan_edits: dict[int, list[frozenset[str]]] = defaultdict(list)
        api.on_call = self.on_call

    def on_call(self, call: Call) -> None:
        params = call.params
        if call.method == "answerCallbackQuery":
            future = self.by_query.pop(str(params.get("callback_query_id")), None)
            if future is not None and not future.done():
                future.set_result(call)
            return
        chat = params.get("chat_id")
        if not isinstance(chat, int):
            return
        if call.method == "editMessageText" and params.get("message_id") == self.plan_id.get(chat):
            self.plan_edits[chat].append(ticked(params.get("reply_markup")))
        for future in self.by_chat.pop(chat, []):
            if not future.done():
                future.set_result(call)

    def next_call(self, chat: int) -> asyncio.Future[Call]:
        """The bot's next call to this chat."""
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self.by_chat[chat].append(future)
        return future

    def answer(self, query_id: str) -> asyncio.Future[Call]:
        future: asyncio.Future[Call] = asyncio.get_running_loop().create_future()
        self.by_query[query_id] = future
        return future


def tick_buttons(api: LocalBotApi, chat: int) -> tuple[int, list[str]] | None:
    for message in api.messages(chat):
        rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
        data = [b.get("callback_data", "") for row in rows for b in row]
        ticks = [d for d in data if d.startswith("1:t:")]
        if ticks:
            return message["message_id"], ticks
    return None


async def journey(
    api: LocalBotApi,
    rec: Recorder,
    uid: int,
    latencies: list[tuple[str, float]],
    waiting: dict[tuple[int, str], float],
    think: float,
    ramp: float,
    rng: random.Random,
) -> None:
    """One user: /start, card, operator, intent, three ticks tapped in quick succession (sent
    without waiting: their replies must come back in order), /status. With `think`, the user
    pauses 0.5–1.5 × think seconds before each step, and starts `ramp` seconds or less after the
    run begins."""

    async def pause() -> None:
        if think:
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)

    async def command(text: str) -> None:
        await pause()
        reply = rec.next_call(uid)
        waiting[uid, text] = offered = time.time()
        api.send_text(uid, text)
        latencies.append((text, (await asyncio.wait_for(reply, TIMEOUT)).at - offered))
        del waiting[uid, text]

    async def press(message_id: int, data: str, step: str) -> None:
        waiting[uid, step] = offered = time.time()
        reply = rec.answer(api.press(uid, message_id, data))
        latencies.append((step, (await asyncio.wait_for(reply, TIMEOUT)).at - offered))
        del waiting[uid, step]

    await asyncio.sleep(rng.uniform(0, ramp))
    await command("/start")
    question = api.messages(uid)[-1]["message_id"]
    for data in ("1:a:card:prepaid", "1:a:operator:proximus", "1:a:intent:end"):
        await pause()
        await press(question, data, data.split(":")[2])
    found = tick_buttons(api, uid)
    while found is None:  # the plan comes after the summary edit
        await asyncio.wait_for(rec.next_call(uid), TIMEOUT)
        found = tick_buttons(api, uid)
    plan_id, ticks = found
    rec.plan_id[uid] = plan_id
    await pause()
    await asyncio.gather(*(press(plan_id, data, f"tick{n}") for n, data in enumerate(ticks[:3], 1)))
    while len(rec.plan_edits[uid]) < 3:  # the last edit may follow its answer
        await asyncio.wait_for(rec.next_call(uid), TIMEOUT)
    await command("/status")


def order_errors(rec: Recorder, api: LocalBotApi, uids: list[int]) -> int:
    """Users whose plan edits did not show their first 1, 2, then 3 taps in tap order."""
    wrong = 0
    for uid in uids:
        found = tick_buttons(api, uid)
        if found is None:
            wrong += 1
            continue
        items = [d.rsplit(":", 1)[1] for d in found[1][:3]]
        expected = [frozenset(items[:k]) for k in (1, 2, 3)]
        if rec.plan_edits[uid] != expected:
            wrong += 1
    return wrong


def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def seed_ours(db: Path, users: int, reminders: int) -> None:
    database = await Database.open(db)
    await database.close()
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


@dataclass(frozen=True)
class Point:
    users: int
    latency_ms: float
    seed: int = 0
    reminders: int = 0
    rate_limit: float = 0.0
    think: float = 0.0
    ramp: float = 0.0
    max_seconds: float | None = None


async def run_point(kind: str, point: Point) -> dict[str, Any]:
    users, latency_ms, seed, reminders = point.users, point.latency_ms, point.seed, point.reminders
    rate_limit = point.rate_limit
    api = LocalBotApi(delay_seconds=latency_ms / 1000)
    await api.start()
    rec = Recorder(api)
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
    latencies: list[tuple[str, float]] = []
    waiting: dict[tuple[int, str], float] = {}  # steps offered and not yet answered
    rng = random.Random(1)
    t0 = time.monotonic()
    tasks = {
        asyncio.create_task(
            journey(api, rec, uid, latencies, waiting, point.think, point.ramp, rng)
        ): uid
        for uid in range(1, users + 1)
    }
    done, unfinished = await asyncio.wait(tasks, timeout=point.max_seconds)
    elapsed = time.monotonic() - t0
    updates = len(latencies)
    # A run cut short: steps still waiting count in the percentiles with the time they had
    # waited so far (a lower bound), so a deep queue cannot hide behind the answered steps.
    cut = time.time()
    latencies += [(step, cut - offered) for (_, step), offered in waiting.items()]
    cpu = proc_cpu(proc.pid) - cpu_before
    rss = proc_peak_rss_mb(proc.pid)
    for task in unfinished:
        task.cancel()
    failed = [task for task in done if task.exception() is not None]
    if failed:
        raise SystemExit(f"{len(failed)} user(s) failed: {failed[0].exception()!r}")
    finished = sorted(tasks[task] for task in done)
    wrong = order_errors(rec, api, finished)
    stopping = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        # Wait off the loop: the bot talks to this server while it shuts down.
        await asyncio.to_thread(proc.wait, SHUTDOWN_WAIT)
        shutdown: float | str = round(time.monotonic() - stopping, 1)
    except subprocess.TimeoutExpired:
        proc.kill()  # the peer writing its pickle once per changed user; not waited for
        await asyncio.to_thread(proc.wait)
        shutdown = f"> {SHUTDOWN_WAIT} (killed)"
    await api.stop()

    def pct(p: float, step: str | None = None) -> float:
        values = sorted(v for s, v in latencies if step is None or s == step)
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else 0.0

    return {
        "bot": kind,
        "users": users,
        "latency_ms": latency_ms,
        "seeded": seed,
        "rate_limit": rate_limit if kind == "ours" else None,
        "think_s": point.think,
        "ramp_s": point.ramp,
        "updates": updates,
        "users_finished": len(finished),
        "steps_waiting_at_cut": len(latencies) - updates,
        "seconds": round(elapsed, 1),
        "updates_per_s": round(updates / elapsed, 1),
        "p50_ms": round(pct(0.50), 1),
        "p95_ms": round(pct(0.95), 1),
        "p99_ms": round(pct(0.99), 1),
        "p95_ms_by_step": {
            step: round(pct(0.95, step)) for step in dict.fromkeys(s for s, _ in latencies)
        },
        "cpu_s_per_1000": round(cpu / max(updates, 1) * 1000, 2),
        "peak_rss_mb": round(rss, 1),
        "startup_s": round(startup, 2),
        "shutdown_s": shutdown,
        "users_out_of_order_or_lost_tick": wrong,
    }


MEDIANS = (
    "updates",
    "seconds",
    "updates_per_s",
    "p50_ms",
    "p95_ms",
    "p99_ms",
    "cpu_s_per_1000",
    "peak_rss_mb",
    "startup_s",
)


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
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a user pauses before each step"
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=None,
        help="users start at random within this many seconds (default: 8 × think, the length"
        " of one journey, so that users at every step are mixed)",
    )
    parser.add_argument(
        "--max-seconds", type=float, default=None, help="stop a run after this long"
    )
    parser.add_argument(
        "--peer-max-seconds",
        type=float,
        default=None,
        help="stop a peer run after this long (its sequential rate is steady within seconds)",
    )
    parser.add_argument("--runs", type=int, default=1, help="median of this many runs")
    args = parser.parse_args()
    kinds = ["ours", "peer"] if args.bot == "both" else [args.bot]
    for latency in args.latency_ms:
        medians: dict[str, dict[str, Any]] = {}
        for kind in kinds:
            point = Point(
                users=args.users,
                latency_ms=latency,
                seed=args.seed,
                reminders=args.reminders,
                rate_limit=args.rate_limit,
                think=args.think,
                ramp=args.ramp if args.ramp is not None else 8 * args.think,
                max_seconds=(
                    args.peer_max_seconds
                    if kind == "peer" and args.peer_max_seconds
                    else args.max_seconds
                ),
            )
            runs = [asyncio.run(run_point(kind, point)) for _ in range(args.runs)]
            result = dict(runs[0])
            for key in MEDIANS:
                result[key] = statistics.median(r[key] for r in runs)
            for key in ("users_out_of_order_or_lost_tick",):
                result[key] = max(r[key] for r in runs)
            result["users_finished"] = min(r["users_finished"] for r in runs)
            result["runs"] = args.runs
            if args.runs > 1:
                result["updates_per_s_each"] = [r["updates_per_s"] for r in runs]
            medians[kind] = result
            print(json.dumps(result), flush=True)
        if len(medians) == 2 and not args.think:
            # Capacity (a burst): with --think both bots may just carry the offered load.
            ours, peer = medians["ours"], medians["peer"]
            print(
                json.dumps(
                    {
                        "ours/peer updates_per_s": round(
                            ours["updates_per_s"] / peer["updates_per_s"], 2
                        ),
                        "ours/peer cpu_s_per_1000": round(
                            ours["cpu_s_per_1000"] / peer["cpu_s_per_1000"], 2
                        ),
                        "ours_rate_limit": ours["rate_limit"],
                    }
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
