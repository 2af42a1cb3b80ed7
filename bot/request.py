"""Talking to the Bot API over aiohttp, retrying a request that never reached Telegram.

python-telegram-bot lets the HTTP layer be replaced (`telegram.request.BaseRequest`). Its
default, httpx, walks every pooled connection — with a `poll()` on each idle socket — each
time a request starts or ends (encode/httpcore#1035, #928, unmerged in httpcore 1.0.9): with
hundreds of users' requests in flight that bookkeeping was a third of the bot's CPU (py-spy,
bench/RESULTS.md). aiohttp, already a dependency, keeps its pool in O(1).

A request whose connection could not even be opened (refused, DNS, connect timeout, no free
connection) is safe to send again, so it is retried with backoff. A request that may have
reached Telegram (a read timeout, a dropped connection) is not retried: sending it again
could send a message twice. Those errors reach the error handler, which tells the user their
progress is saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import urllib.request
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

BACKOFF = (0.5, 1.0, 2.0)
USER_AGENT = "SIM Exit bot (python-telegram-bot, aiohttp)"


def never_sent(error: Exception) -> bool:
    return isinstance(error.__cause__, aiohttp.ClientConnectorError | NotConnected)


class NotConnected(Exception):
    """No connection could be opened, or none came free, within the connect timeout."""


class Backlog:
    """Updates fetched by long polling and not yet handled.

    python-telegram-bot fetches updates as fast as Telegram hands them over and keeps every one
    in memory until it is handled: a burst of 10,000 users held ~900 MB (bench/RESULTS.md).
    While `limit` updates are waiting, the next getUpdates waits (at most `max_pause` seconds,
    so a miscount can slow polling but never stop it) and the rest stay queued at Telegram.
    """

    def __init__(self, limit: int = 1000, max_pause: float = 5.0):
        self.limit = limit
        self.max_pause = max_pause
        self.count = 0
        self._room = asyncio.Event()
        self._room.set()

    def fetched(self, body: bytes) -> None:
        # Each update is one top-level object with an "update_id" key; no other object has it.
        self.count += body.count(b'"update_id"')
        if self.count >= self.limit:
            self._room.clear()

    def done(self) -> None:
        self.count = max(0, self.count - 1)
        if self.count < self.limit:
            self._room.set()

    async def room(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._room.wait(), self.max_pause)


class RetryingRequest(BaseRequest):
    """One aiohttp session with at most `connection_pool_size` connections to the Bot API.

    Timeouts, in seconds, as python-telegram-bot's own HTTPXRequest has them: connect 5,
    read 5, write 5, pool 1 (a method call may override each).
    """

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        connect_timeout: float | None = 5.0,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        backlog: Backlog | None = None,
    ):
        self._pool_size = connection_pool_size
        self._backlog = backlog  # only for the getUpdates request
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0),
                headers={"User-Agent": USER_AGENT},
                # Bot API answers are JSON whatever their status: never raise on 4xx/5xx here.
                raise_for_status=False,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        pool = _pick(pool_timeout, self._pool_timeout)
        connect = _pick(connect_timeout, self._connect_timeout)
        read = _pick(read_timeout, self._read_timeout)
        write = _pick(write_timeout, self._write_timeout)
        timeout = aiohttp.ClientTimeout(
            # aiohttp's `connect` covers waiting for a free connection and opening it.
            connect=_sum(pool, connect),
            sock_connect=connect,
            # aiohttp has no write timeout: sending the body (an upload) is bounded by the
            # whole request's time, and waiting for the answer by the read timeout.
            total=_sum(pool, connect, write, read),
            sock_read=read,
        )
        if self._backlog is not None:
            await self._backlog.room()
        for delay in (*BACKOFF, None):
            try:
                status, body = await self._send(url, method, request_data, timeout)
                if self._backlog is not None:
                    self._backlog.fetched(body)
                return status, body
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

    async def _send(
        self,
        url: str,
        method: str,
        request_data: RequestData | None,
        timeout: aiohttp.ClientTimeout,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This RetryingRequest is not initialized")
        try:
            data, headers = _body(request_data)
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout, proxy=_proxy_for(url)
            ) as response:
                return response.status, await response.read()
        except aiohttp.ConnectionTimeoutError as error:
            raise TimedOut("Could not connect to the Bot API in time") from NotConnected(str(error))
        except (TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


JSON_HEADERS = {"Content-Type": "application/json"}


def _body(
    request_data: RequestData | None,
) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
    """A JSON body (the Bot API takes one; cheaper to build than a URL-encoded form), or
    multipart form data when there are files to upload."""
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters).encode(), JSON_HEADERS
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None


def _proxy_for(url: str) -> str | None:
    parts = urlsplit(url)
    return env_proxy(parts.scheme, parts.hostname or "")


@functools.cache
def env_proxy(scheme: str, host: str) -> str | None:
    """The proxy the environment names for this scheme (HTTPS_PROXY, …) unless NO_PROXY
    covers the host, as httpx honoured it. Read once per host: aiohttp's own `trust_env`
    reads the environment and ~/.netrc again on every request. A Bot API server on this
    machine (tests, a self-hosted one) is never reached through a proxy."""
    if host in ("localhost", "127.0.0.1", "::1") or urllib.request.proxy_bypass(host):
        return None
    return urllib.request.getproxies().get(scheme)


def _pick(value: object, default: float | None) -> float | None:
    """A timeout given for one call, or this request object's default."""
    if isinstance(value, BaseRequest.DEFAULT_NONE.__class__):
        return default
    return value if value is None else float(value)  # type: ignore[arg-type]


def _sum(*timeouts: float | None) -> float | None:
    """The sum of timeouts, or None (no limit) if one of them is None."""
    return None if any(t is None for t in timeouts) else sum(t for t in timeouts if t is not None)
