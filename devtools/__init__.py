"""Tools that do not ship with the bot: a local Bot API server on 127.0.0.1 (tests, benchmarks,
the offline preview), a scripted Telegram user, and `python -m bot preview`. Kept out of the
Docker image."""
