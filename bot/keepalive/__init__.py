"""Keeping a card alive (top-up reminders) and the day ending a plan becomes free."""
