"""Typed messages and plan links: what they say about the card, operator and intent."""
