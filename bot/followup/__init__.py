"""The follow-up: "I have sent my request" → when → the bot comes back to ask whether the
operator confirmed (and, after a prepaid port, to claim the credit refund).

rules (pure: the sent day, when to ask) · screens · handlers · feature
"""
