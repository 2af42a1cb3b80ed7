"""A local Telegram Bot API server on 127.0.0.1 (tests, benchmarks, the offline preview):
protocol (errors, calls, faults) · state · methods (the `_api_*` handlers) · server (HTTP and
the test controls)."""

from devtools.localapi.protocol import BOT_ID, DROP, ApiError, Call, Upload, scope_key
from devtools.localapi.server import LocalBotApi, ThreadedLocalBotApi

__all__ = [
    "BOT_ID",
    "DROP",
    "ApiError",
    "Call",
    "LocalBotApi",
    "ThreadedLocalBotApi",
    "Upload",
    "scope_key",
]
