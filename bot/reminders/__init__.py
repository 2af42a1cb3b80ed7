"""Follow-up reminders: "I have sent my request" → when → the bot comes back to ask whether the
operator confirmed; /reminders; and the worker that sends what is due.

rules (pure: due times, quiet hours, typed dates) · screens · handlers · worker · store
"""
