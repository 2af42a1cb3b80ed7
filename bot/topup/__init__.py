"""Keeping a card alive: reminders to top up before a prepaid card lapses, counted from the
last top-up by the operator's rule (or an interval the user picks where none is known).

rules (pure: lapse and warning days) · screens · handlers · feature
"""
