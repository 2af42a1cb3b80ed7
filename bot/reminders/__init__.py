"""Reminders of every kind: rows in SQLite, the sweep that sends what is due, the answers
every reminder shares (not yet, cancel) and /reminders. Each kind — its screen, its other
answers, its line under the plan — is declared by the feature that schedules it.

rules (pure: quiet hours, snooze, backoff) · store · worker · screens · handlers · feature
"""
