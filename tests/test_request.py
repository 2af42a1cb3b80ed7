"""Retrying only the Bot API requests that never reached the server."""

from __future__ import annotations

import asyncio
import json
import logging
import socket

import pytest
from telegram.error import NetworkError

from bot import request as rq


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_refused_connection_is_retried_then_reported(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(rq, "BACKOFF", (0, 0, 0))
    request = rq.RetryingRequest()
    await request.initialize()
    try:
        with caplog.at_level(logging.WARNING), pytest.raises(NetworkError):
            await request.do_request(f"http://127.0.0.1:{closed_port()}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
    assert len([r for r in caplog.records if "retrying" in r.getMessage()]) == 3


async def test_dropped_connection_is_not_sent_again() -> None:
    connections = 0

    async def drop(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await reader.read(1024)  # the request arrived: it may have been acted on
        writer.close()

    server = await asyncio.start_server(drop, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = rq.RetryingRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/sendMessage", "POST")
    finally:
        await request.shutdown()
        server.close()
    assert connections == 1


async def test_proxy_from_the_environment_is_used_unless_no_proxy_covers_the_host(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    seen: list[bytes] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await reader.readline())  # e.g. b"POST http://api.example/... HTTP/1.1"
        body = b'{"ok": true, "result": true}'
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("NO_PROXY", "skip.example")
    rq.env_proxy.cache_clear()
    request = rq.RetryingRequest()
    await request.initialize()
    try:
        status, body = await request.do_request("http://api.example/bot1:x/getMe", "POST")
        assert status == 200 and b'"ok": true' in body
        assert seen == [b"POST http://api.example/bot1:x/getMe HTTP/1.1\r\n"]
        assert rq.env_proxy("http", "skip.example") is None  # NO_PROXY
    finally:
        await request.shutdown()
        server.close()
        rq.env_proxy.cache_clear()


async def test_polling_waits_while_the_backlog_is_full() -> None:
    backlog = rq.Backlog(limit=2, max_pause=30)
    body = json.dumps(
        {
            "ok": True,
            "result": [
                {"update_id": 1, "message": {"text": 'a text with "update_id" in it'}},
                {"update_id": 2, "message": {"text": "hi"}},
            ],
        }
    ).encode()
    backlog.fetched(body)
    assert backlog.count == 2  # the quoted key inside a text is escaped, so not counted
    waiting = asyncio.create_task(backlog.room())
    await asyncio.sleep(0.01)
    assert not waiting.done()  # the next getUpdates waits…
    backlog.done()
    await asyncio.wait_for(waiting, 1)  # …until an update is handled
    stuck = rq.Backlog(limit=1, max_pause=0.05)
    stuck.fetched(b'{"update_id": 1}')
    await asyncio.wait_for(stuck.room(), 1)  # a miscount only slows polling down
