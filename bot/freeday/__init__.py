"""The free-cancellation day: when ending a plan stops costing a fee (the first day of its
seventh month), what ending earlier may cost, and a reminder on that day.

rules (pure: the free day, the fees left) · screens · handlers · feature
"""
