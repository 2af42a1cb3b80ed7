"""The day the user leaves Belgium, as pure functions (no Telegram): which steps fit them, each
step's day counted from the leaving day (content: a plan item's `timing`), the plan in dated
groups, and the reminders on those days. Dates are Brussels calendar days; `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.content.models import PlanItem
from bot.dates import parse_future_date, today

QUESTION = "leaving_date"  # the pending question: when do you leave Belgium?
STEP = "leaving_step"  # the reminder: a dated step of the plan is due today
PICKS = {"7": 7, "14": 14, "30": 30}  # quick picks: in 1 week, 2 weeks, 1 month
NOT_LEAVING = "no"
LEFT = "gone"
MAX_AHEAD_DAYS = 730  # a leaving day further ahead is refused (a typo, or not a plan yet)

# The groups of the dated plan, in order.
NOW, BY, LAST_DAY, AFTER, ANY_TIME = "now", "by", "last", "after", "any"


@dataclass(frozen=True)
class Leaving:
    """What the user said: a day (None: not leaving), and whether they want the step
    reminders ("✖ No more of these" turns them off; a new day turns them on). An absent row
    means not asked yet."""

    day: dt.date | None
    remind: bool = True

    @property
    def staying(self) -> bool:
        return self.day is None


def latest(now: dt.datetime) -> dt.date:
    return today(now) + dt.timedelta(days=MAX_AHEAD_DAYS)


def parse_day(text: str, now: dt.datetime) -> dt.date | None:
    """A leaving day typed as people write it (20/1, 2027-01-20, 1月20日, 20 januari), from
    today to two years ahead."""
    return parse_future_date(text, now, latest(now))


def picked_day(value: str, today_: dt.date) -> dt.date | None:
    """The day a quick-pick button means: in 7, 14 or 30 days, or yesterday ("I've already
    left"); None for "I'm not leaving"."""
    if value == LEFT:
        return today_ - dt.timedelta(days=1)
    return today_ + dt.timedelta(days=PICKS[value]) if value in PICKS else None


def fits(items: list[PlanItem], leaving: Leaving | None) -> list[PlanItem]:
    """The steps that fit the person: one who is not leaving sees no step about leaving."""
    if leaving is not None and leaving.staying:
        return [item for item in items if not item.leaving]
    return items


def due_day(item: PlanItem, leave: dt.date) -> dt.date | None:
    return leave + dt.timedelta(days=item.timing.due) if item.timing else None


@dataclass(frozen=True)
class Step:
    item: PlanItem
    day: dt.date | None  # the day it is due (None: no day)
    late: bool  # its day has passed before the user left: do it now


@dataclass(frozen=True)
class Group:
    kind: str  # NOW | BY | LAST_DAY | AFTER | ANY_TIME
    day: dt.date | None  # the day of a BY group (or the leaving day for LAST_DAY)
    steps: tuple[Step, ...]


def timeline(items: list[PlanItem], leave: dt.date, today_: dt.date) -> list[Group]:
    """The steps in dated groups: now (due today or late), by <day> (before leaving, one group
    per day), on the last day, after leaving, then the steps with no day. A step whose day has
    passed while the user is still here is late and moves to now; once the user has left, a
    step of before-leaving that is still open stays in now ("from abroad, if you can")."""
    now: list[Step] = []
    by: dict[dt.date, list[Step]] = {}
    last: list[Step] = []
    after: list[Step] = []
    anytime: list[Step] = []
    for item in items:
        day = due_day(item, leave)
        if day is None:
            anytime.append(Step(item, None, late=False))
        elif day > leave:
            after.append(Step(item, day, late=False))
        elif day < today_:
            now.append(Step(item, day, late=True))
        elif day == today_:
            now.append(Step(item, day, late=False))
        elif day == leave:
            last.append(Step(item, day, late=False))
        else:
            by.setdefault(day, []).append(Step(item, day, late=False))
    groups = [Group(NOW, None, tuple(now))] if now else []
    groups += [Group(BY, day, tuple(by[day])) for day in sorted(by)]
    if last:
        groups.append(Group(LAST_DAY, leave, tuple(last)))
    if after:
        groups.append(Group(AFTER, None, tuple(sorted(after, key=lambda s: s.day or leave))))
    if anytime:
        groups.append(Group(ANY_TIME, None, tuple(anytime)))
    return groups


def this_week(groups: list[Group], ticks: frozenset[str], today_: dt.date) -> list[Step]:
    """The next unticked steps due within a week (late ones first), at most three."""
    soon = today_ + dt.timedelta(days=7)
    steps = [
        s
        for g in groups
        for s in g.steps
        if s.item.id not in ticks and s.day is not None and s.day <= soon
    ]
    return steps[:3]


def step_reminders(
    items: list[PlanItem], ticks: frozenset[str], leave: dt.date, today_: dt.date
) -> list[tuple[str, dt.date, dt.date]]:
    """(item id, day to remind, day it is due) of each unticked dated step: reminded on the day
    its window opens (`timing.start`), or on its due day when that window is already open; a
    step whose due day has passed is in the plan's "now" and gets no reminder of its own."""
    found = []
    for item in items:
        due = due_day(item, leave)
        if item.id in ticks or item.timing is None or due is None or due < today_:
            continue
        start = item.timing.start
        opens = leave + dt.timedelta(days=start) if start is not None else None
        found.append((item.id, opens if opens is not None and opens >= today_ else due, due))
    return sorted(found, key=lambda row: (row[1], row[2]))
