"""The dated steps as an iCalendar file (RFC 5545, with the well-kept `icalendar` library):
one all-day event per step, with its title, its reason in one line and a link back to the
plan. Nothing about the user but the steps is in it."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from bot.leaving import rules as lv
from bot.screen import View


def ics(view: View, steps: list[lv.Step], link: str, stamp: dt.datetime) -> bytes:
    """The calendar of these steps (those with a day); `link` opens the bot's plan."""
    calendar = Calendar()
    calendar.add("prodid", "-//SIM Exit//leaving plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", view._("Leaving Belgium: my mobile card"))
    for step in steps:
        if step.day is None:
            continue
        item = step.item
        event = Event()
        # Stable per step and day: importing the file again updates the events, not doubles them.
        event.add("uid", f"{item.id}-{step.day.isoformat()}@simexit")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.day)
        event.add("dtend", step.day + dt.timedelta(days=1))
        event.add("summary", item.title.get(view.lang))
        why = item.timing.why.get(view.lang) if item.timing else ""
        event.add("description", f"{why}\n{link}".strip())
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
