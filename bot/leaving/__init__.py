"""The day I leave: the date that orders everything for someone leaving Belgium. With it the
plan is shown in time order (its steps' days come from content: a plan item's `timing`), each
unticked dated step is reminded on its day, and the days go to the phone's calendar.

rules (pure: fit, days, groups, reminders) · store · screens · calendar (.ics) · handlers ·
feature
"""
