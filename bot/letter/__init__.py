"""/letter: the cancellation letter in Dutch, French or English, as text and PDF; what the user
types for it lives only in memory (drafts) and never in the database.

rules (pure: checks of what is typed, the letter's text) · pdf · drafts · screens · handlers
"""
