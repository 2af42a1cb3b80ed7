"""Talking to the Bot API: retry a request that never reached Telegram.

A request whose connection could not even be opened (refused, DNS, connect timeout) is safe
to send again, so it is retried with backoff. A request that may have reached Telegram (a
read timeout, a dropped connection) is not retried: sending it again could send a message
twice. Those errors reach the error handler, which tells the user their progress is saved.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData

log = logging.getLogger(__name__)

BACKOFF = (0.5, 1.0, 2.0)


def never_sent(error: Exception) -> bool:
    return isinstance(error.__cause__, httpx.ConnectError | httpx.ConnectTimeout)


class RetryingRequest(HTTPXRequest):
    async def do_request(  # type: ignore[override]
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        **timeouts: object,
    ) -> tuple[int, bytes]:
        for delay in (*BACKOFF, None):
            try:
                return await super().do_request(url, method, request_data, **timeouts)  # type: ignore[arg-type]
            except (NetworkError, TimedOut) as error:
                if delay is None or not never_sent(error):
                    raise
                log.warning(
                    "Bot API not reachable (%s); retrying in %s s",
                    type(error.__cause__).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")
