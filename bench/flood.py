"""Flood benchmark: one user sends N texts as fast as the client allows, then another user
sends /start. How long until that other user gets an answer?

    python bench/flood.py --flood 1000 --latency-ms 50 [--bot-root DIR] [--runs 3]

--bot-root runs the bot from another checkout (e.g. a worktree of an older commit) against the
same local Bot API server, to compare. Reports the other user's reply time (their /start
offered → the bot's first call to their chat), how many of the flood's texts the bot answered
and how many "slow down" replies it sent, and the time until the bot had answered all it
would (the flood's tail).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.localapi import Call, LocalBotApi  # noqa: E402

FLOODER, OTHER = 7_000_001, 7_000_002


async def run(flood: int, latency_ms: float, bot_root: Path, rate_limit: float) -> dict[str, Any]:
    api = LocalBotApi(delay_seconds=latency_ms / 1000)
    await api.start()
    folder = Path(tempfile.mkdtemp(prefix="simexit-flood-"))
    answered_other = asyncio.get_running_loop().create_future()
    to_flooder: list[float] = []

    def on_call(call: Call) -> None:
        chat = call.params.get("chat_id")
        if chat == OTHER and not answered_other.done():
            answered_other.set_result(call.at)
        if chat == FLOODER and call.method == "sendMessage":
            to_flooder.append(call.at)

    api.on_call = on_call
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "LOG_LEVEL": "WARNING",
        "DATABASE_PATH": str(folder / "db.sqlite3"),
        "RATE_LIMIT_PER_SECOND": str(rate_limit),
    }
    log = (folder / "bot.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=bot_root, env=env, stdout=log, stderr=log
    )
    try:
        while len(api.calls("setMyCommands")) < 2:
            if proc.poll() is not None:
                raise SystemExit(f"bot exited: {(folder / 'bot.log').read_text()[-2000:]}")
            await asyncio.sleep(0.01)
        for n in range(flood):
            api.send_text(FLOODER, f"hello {n}")
        offered = time.time()
        api.send_text(OTHER, "/start")
        replied = await asyncio.wait_for(answered_other, timeout=600)
        # The flood's tail: wait until the bot has sent nothing to the flooder for 3 s.
        while not to_flooder or time.time() - max(to_flooder) < 3:
            await asyncio.sleep(0.2)
        texts = [c.params.get("text", "") for c in api.calls("sendMessage", chat_id=FLOODER)]
        return {
            "bot_root": str(bot_root),
            "flood": flood,
            "latency_ms": latency_ms,
            "rate_limit": rate_limit,
            "other_user_reply_s": round(replied - offered, 2),
            "flood_texts_answered": sum("faster than I can read" not in t for t in texts),
            "slow_down_replies": sum("faster than I can read" in t for t in texts),
            "flood_tail_s": round(max(to_flooder) - offered, 1),
        }
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.to_thread(proc.wait, 60)
        except subprocess.TimeoutExpired:
            proc.kill()
        await api.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--flood", type=int, default=1000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--rate-limit", type=float, default=30.0)
    parser.add_argument("--bot-root", type=Path, default=ROOT)
    parser.add_argument("--runs", type=int, default=1, help="median of this many runs")
    args = parser.parse_args()
    runs = [
        asyncio.run(run(args.flood, args.latency_ms, args.bot_root.resolve(), args.rate_limit))
        for _ in range(args.runs)
    ]
    result = dict(runs[0])
    for key in ("other_user_reply_s", "flood_tail_s"):
        result[key] = statistics.median(r[key] for r in runs)
    result["runs"] = args.runs
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
