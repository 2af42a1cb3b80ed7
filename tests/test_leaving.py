"""The day I leave (bot/leaving/rules.py): which steps fit, the dated groups, the reminders on
the steps' days, the typed day and the quick picks — with the day injected."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import dates
from bot.content.models import PlanItem
from bot.leaving import rules as lv


def item(
    item_id: str, due: int | None = None, start: int | None = None, leaving: bool = False
) -> PlanItem:
    text = {"zh-Hans": "步骤", "zh-Hant": "步驟", "en": "A step"}
    data: dict[str, object] = {
        "id": item_id,
        "phase": "before",
        "title": text,
        "text": text,
        "leaving": leaving,
    }
    if due is not None:
        data["timing"] = {"due": due, "start": start, "why": text}
    return PlanItem.model_validate(data)


CODES = item("codes", due=-7, start=-21, leaving=True)
PORT = item("port", due=-3, leaving=True)
LETTER = item("letter", due=-10)
LAST = item("last-day", due=0, leaving=True)
BILL = item("bill", due=30, start=21, leaving=True)
PROOF = item("proof")
ITEMS = [CODES, PORT, LETTER, LAST, BILL, PROOF]
LEAVE = dt.date(2027, 1, 20)


def test_not_leaving_hides_the_steps_about_leaving_and_a_date_shows_them() -> None:
    assert [i.id for i in lv.fits(ITEMS, lv.Leaving(None))] == ["letter", "proof"]
    assert lv.fits(ITEMS, lv.Leaving(LEAVE)) == ITEMS
    assert lv.fits(ITEMS, None) == ITEMS  # not asked yet: the plan as it was


def test_the_plan_in_dated_groups_three_weeks_ahead() -> None:
    groups = lv.timeline(ITEMS, LEAVE, LEAVE - dt.timedelta(days=20))
    assert [(g.kind, g.day, [s.item.id for s in g.steps]) for g in groups] == [
        (lv.BY, dt.date(2027, 1, 10), ["letter"]),
        (lv.BY, dt.date(2027, 1, 13), ["codes"]),
        (lv.BY, dt.date(2027, 1, 17), ["port"]),
        (lv.LAST_DAY, LEAVE, ["last-day"]),
        (lv.AFTER, None, ["bill"]),
        (lv.ANY_TIME, None, ["proof"]),
    ]
    assert not any(s.late for g in groups for s in g.steps)


def test_too_little_time_moves_a_step_to_now_and_says_it_is_late() -> None:
    day_before = LEAVE - dt.timedelta(days=1)
    groups = lv.timeline(ITEMS, LEAVE, day_before)
    now = groups[0]
    assert now.kind == lv.NOW and [s.item.id for s in now.steps] == ["codes", "port", "letter"]
    assert all(s.late for s in now.steps)
    assert [g.kind for g in groups[1:]] == [lv.LAST_DAY, lv.AFTER, lv.ANY_TIME]


def test_a_leaving_day_in_the_past_gives_the_after_you_leave_view() -> None:
    groups = lv.timeline(ITEMS, LEAVE, LEAVE + dt.timedelta(days=5))
    assert groups[0].kind == lv.NOW and "last-day" in [s.item.id for s in groups[0].steps]
    assert groups[1].kind == lv.AFTER and groups[1].steps[0].day == dt.date(2027, 2, 19)


def test_this_week_lists_the_next_unticked_steps() -> None:
    today = LEAVE - dt.timedelta(days=12)  # 8 January
    groups = lv.timeline(ITEMS, LEAVE, today)
    assert [s.item.id for s in lv.this_week(groups, frozenset(), today)] == ["letter", "codes"]
    assert [s.item.id for s in lv.this_week(groups, frozenset({"letter"}), today)] == ["codes"]


def test_reminders_on_the_day_a_step_opens_or_is_due_never_for_a_ticked_or_late_one() -> None:
    today = LEAVE - dt.timedelta(days=20)  # 31 December: the codes' window (D-21) is open
    rows = lv.step_reminders(ITEMS, frozenset({"port"}), LEAVE, today)
    assert rows == [
        ("letter", dt.date(2027, 1, 10), dt.date(2027, 1, 10)),
        ("codes", dt.date(2027, 1, 13), dt.date(2027, 1, 13)),
        ("last-day", LEAVE, LEAVE),
        ("bill", dt.date(2027, 2, 10), dt.date(2027, 2, 19)),  # opens D+21, due D+30
    ]
    early = lv.step_reminders([CODES], frozenset(), LEAVE, LEAVE - dt.timedelta(days=40))
    assert early == [("codes", dt.date(2026, 12, 30), dt.date(2027, 1, 13))]  # when it opens
    late = lv.step_reminders(ITEMS, frozenset(), LEAVE, LEAVE - dt.timedelta(days=1))
    assert [row[0] for row in late] == ["last-day", "bill"]


def test_a_step_whose_day_falls_on_a_dst_change_is_reminded_at_ten_brussels_time() -> None:
    from bot.reminders.rules import on_day

    assert on_day(dt.date(2027, 3, 28), None) == dt.datetime(2027, 3, 28, 8, tzinfo=dt.UTC)  # CEST
    assert on_day(dt.date(2027, 10, 31), None) == dt.datetime(2027, 10, 31, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("20/1", dt.date(2027, 1, 20)),
        ("2027-01-20", dt.date(2027, 1, 20)),
        ("1月20日", dt.date(2027, 1, 20)),
        ("1月20号左右", dt.date(2027, 1, 20)),
        ("下个月20号", dt.date(2027, 1, 20)),
        ("20 januari", dt.date(2027, 1, 20)),
        ("2/12", dt.date(2026, 12, 2)),  # today
        ("3/12", dt.date(2026, 12, 3)),  # tomorrow
        ("1/12/2026", None),  # the past: "I've already left" is a button
        ("1/1/2029", None),  # over two years ahead
        ("31/11", None),
        ("next week", None),
    ],
)
def test_the_leaving_day_as_typed(text: str, want: dt.date | None) -> None:
    now = dt.datetime(2026, 12, 2, 12, tzinfo=dates.BRUSSELS)
    assert lv.parse_day(text, now) == want


def test_quick_picks() -> None:
    today = dt.date(2026, 12, 2)
    assert lv.picked_day("7", today) == dt.date(2026, 12, 9)
    assert lv.picked_day("30", today) == dt.date(2027, 1, 1)
    assert lv.picked_day(lv.LEFT, today) == dt.date(2026, 12, 1)
    assert lv.picked_day(lv.NOT_LEAVING, today) is None


def test_every_dated_plan_fits_telegram_in_every_language() -> None:
    """Each journey's plan in time order, three weeks and one day before leaving and after it,
    stays within Telegram's limits (characters, entities) on every page."""
    from bot.checks import visible_length
    from bot.content.loader import load_content
    from bot.i18n import LOCALES, translations
    from bot.journey import rules as j
    from bot.leaving import screens
    from bot.screen import MESSAGE_LIMIT, View
    from tests.conftest import ROOT

    content = load_content(ROOT / "conversations")
    for locale in LOCALES:
        view = View(content, translations(locale), locale)
        for combo in j.combinations(content):
            progress = j.Progress(j.PLAN, *combo)
            items = j.plan_for(progress, content)
            for days_left in (21, 1, -3):
                pages = screens.timeline_pages(
                    view, progress, items, LEAVE, LEAVE - dt.timedelta(days=days_left), "", ()
                )
                for page in pages:
                    assert visible_length(page.text) <= MESSAGE_LIMIT, (locale, combo)
                    opened = page.text.count("<") - page.text.count("</")
                    assert opened <= 100, (locale, combo, opened)  # Telegram refuses more


def test_the_calendar_is_offered_again_once_everything_before_leaving_is_ticked() -> None:
    from bot.content.loader import load_content
    from bot.i18n import translations
    from bot.journey import rules as j
    from bot.leaving import screens
    from bot.screen import View
    from tests.conftest import ROOT

    content = load_content(ROOT / "conversations")
    view = View(content, translations("en"), "en")
    combo = ("plan", "plan", "proximus", "end")
    items = j.plan_for(j.Progress(j.PLAN, *combo), content)
    today = LEAVE - dt.timedelta(days=3)
    before = {i.id for i in items if i.timing and LEAVE + dt.timedelta(days=i.timing.due) <= LEAVE}
    assert before and any(i.timing and i.timing.due > 0 for i in items)
    open_ = j.Progress(j.PLAN, *combo, ticks=frozenset(list(before)[1:]))
    done = j.Progress(j.PLAN, *combo, ticks=frozenset(before))
    text = "\n".join(
        p.text for p in screens.timeline_pages(view, open_, items, LEAVE, today, "", ())
    )
    assert "Everything before you leave is done" not in text
    text = "\n".join(
        p.text for p in screens.timeline_pages(view, done, items, LEAVE, today, "", ())
    )
    assert "Everything before you leave is done" in text
