"""SIM Exit: a Telegram assistant that walks people through cancelling a Belgian mobile card."""

import os

# Opt in to python-telegram-bot's timedelta durations (RetryAfter.retry_after and others)
# before `telegram` is imported anywhere, so no deprecated int path is used.
os.environ.setdefault("PTB_TIMEDELTA", "1")
