"""The guided journey: three questions (card, operator, keep or end) and the plan with ticks.

rules (pure: states, answers, Back, the plan's items) · screens · handlers · store · diagram
"""
