"""The user's own settings and data: /language, /privacy, /forget, /help, the user row, blocked
users, retention; and what the bot says to anything it cannot read.

screens · handlers · store (users)
"""
