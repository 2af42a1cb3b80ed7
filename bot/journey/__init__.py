"""The guided journey, the spine every feature hangs on: three questions (card, operator,
keep or end) and the plan with ticks. It imports no feature: what they add to a plan comes
from their declarations (bot/feature.py) through bot/flow.py.

rules (pure: states, answers, Back, the plan's items) · screens · handlers · store · diagram ·
feature
"""
