"""Questions and answers: /faq topics and search, typed questions, deep links, inline mode,
"was this helpful?".

search (pure: the index) · screens · handlers · store (votes)
"""
