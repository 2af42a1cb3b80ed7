"""When a typed message says the user leaves (pure): "下个月15号回国", "I fly home on 20
January", "后天走", "leaving next Friday", "12/28 回台灣", "wo mingtian huiguo"… as a calendar
day, or None.

A day counts only in a message that speaks of leaving (`LEAVING`), so "合约1月15号到期" is no
leaving day; of several days, the one written nearest to a leaving word ("exams end on 18
Dec, my flight is on 22 Dec"). A day without a year is the occurrence nearest to today:
"1月15号" written in December is next January, "11月28号已经回国了" last November (people
also say when they already left). "周五"/"this Friday" is the coming one, "下周五"/"next
Friday" the one in the next calendar week (Monday first), "上周五"/"last Friday" the one
before. Numbers: "12/28" is month/day in a Chinese message, day/month otherwise, whichever
is a date. Pinyin is read too ("xia zhou wu", "12 yue 20 hao", "mingtian").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from bot.dates import MONTHS, add_months
from bot.text import HAS_CJK, fold
from bot.understand.matching import unmarked

LEAVING = re.compile(
    r"回国|回去|回家|离开|离境|走|飞|航班|机票|回台|返台|返港|回港|返香港|回香港|回大陆|出发|启程|"
    r"搬|\bleav|\bleft\b|\bfl(?:y|ies|ying|ight|ew)|\bdepart|\bgo(?:ing|es)? (?:back|home)|\bgone\b"
    r"|\bmov(?:e|ed|ing)\b|\brelocat|\btravel|\bhead(?:ing)? (?:back|home)|\bback to\b|\blast day\b"
    r"|\bhui ?guo\b|\bzou\b|\bfei\b|\bvertrek|\bpart(?:ir|s)\b"
)
# Pinyin date words, written as Chinese before reading (after folding, accents dropped).
_PINYIN = (
    (r"\bda ?hou ?tian\b", "大后天"),
    (r"\bhou ?tian\b", "后天"),
    (r"\bming ?tian\b", "明天"),
    (r"\bjin ?tian\b", "今天"),
    (r"\bzuo ?tian\b", "昨天"),
    (r"\bxia ?(?:ge ?)?yue\b", "下个月"),
    (r"\bxia ?(?:ge ?)?(?:zhou|xing ?qi|li ?bai) ?", "下周"),
    (r"\bshang ?(?:ge ?)?(?:zhou|xing ?qi|li ?bai) ?", "上周"),
    (r"周'?(yi|er|san|si|wu|liu|ri|tian)\b", "周{}"),
    (r"\b(?:zhou|xing ?qi|li ?bai) ?(yi|er|san|si|wu|liu|ri|tian)\b", "周{}"),
    (r"\b(\d{1,2}) ?yue ?(\d{1,2}) ?(?:hao|ri)\b", "{}月{}号"),
    (r"\b(\d{1,2}) ?hao\b", "{}号"),
)
_PINYIN_DIGITS = dict(
    zip(["yi", "er", "san", "si", "wu", "liu", "ri", "tian"], "一二三四五六日天", strict=True)
)
_WEEKDAYS_ZH = "一二三四五六日天"
_WEEKDAYS_EN = (
    ("monday", "mon"),
    ("tuesday", "tues", "tue"),
    ("wednesday", "wed"),
    ("thursday", "thurs", "thur", "thu"),
    ("friday", "fri"),
    ("saturday", "sat"),
    ("sunday", "sun"),
)
_EN_DAY_NAME = {name: i for i, names in enumerate(_WEEKDAYS_EN) for name in names}
_NUMBER = dict(zip("一两二三四五六七八九十", (1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))

_CJK_DAY = re.compile(
    r"(?:(\d{4}) ?年)?(\d{1,2}|下个?|上个?|这个?|今个|本) ?月(?:份)? ?(\d{1,2}) ?[日号]"
)
_BARE_DAY_ZH = re.compile(r"(?<![月\d])(?<!月 )(\d{1,2})[号]")  # not the day of "下个月 10号"
_ISO = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/])")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-zéû]{3,9})\b\.?(?: (\d{4}))?")
_MONTH_DAY = re.compile(r"\b([a-zéû]{3,9})\.? (?:the )?(\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4}))?")
_MONTH_NAME = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_ORDINAL = re.compile(rf"\b(?:the|on) (\d{{1,2}})(?:st|nd|rd|th)\b(?!(?: of)? (?:{_MONTH_NAME}))")
# Just before a day, these say it is not the leaving day: "contract ends on the 31st"
# ("exams end on 18 Dec"), or just after in Chinese ("合约1月15号到期").
_OTHER_BEFORE = re.compile(r"\b(?:ends?|expires?|exams?)\b[a-z ]{0,8}$")
_OTHER_AFTER = re.compile(r"^[\d月日号 ]{1,8}(?:到期|结束|截止|考试)")
_ZH_WEEKDAY = re.compile(rf"(下下|下个?|这个?|本|上个?)?(?:周|星期|礼拜)([{_WEEKDAYS_ZH}])")
_EN_WEEKDAY = re.compile(
    r"\b(?:(this|next|coming|last) )?("
    + "|".join(sorted(_EN_DAY_NAME, key=len, reverse=True))
    + r")\b(?: (next|this|last) week)?"
)
_IN_DAYS = re.compile(
    r"\bin (\d{1,3}|a|one|two|three) (day|week)s?\b"
    r"|\b(\d{1,3}|a|one|two|three) (day|week)s? (?:later|from now)\b"
    r"|(\d{1,3}|[一两二三四五六七八九十])(天|周|个星期)(?:以?后|之后)"
)
_RELATIVE = (
    ("大后天", 3),
    ("后天", 2),
    ("大后日", 3),
    ("后日", 2),
    ("明天", 1),
    ("听日", 1),
    ("明日", 1),
    ("今天", 0),
    ("今晚", 0),
    ("昨天", -1),
    ("琴日", -1),
    ("day after tomorrow", 2),
    ("tomorrow", 1),
    ("tmrw", 1),
    ("tmr", 1),
    ("tonight", 0),
    ("today", 0),
    ("yesterday", -1),
)
_HOLIDAYS: tuple[tuple[str, int, int], ...] = (
    *(("元旦", 1, 1), ("平安夜", 12, 24), ("christmas eve", 12, 24)),
    *(("圣诞节前一天", 12, 24), ("圣诞前一天", 12, 24), ("圣诞", 12, 25)),
    *(("new year's eve", 12, 31), ("new years eve", 12, 31), ("nye", 12, 31)),
    *(("christmas", 12, 25), ("new year's day", 1, 1), ("new year", 1, 1)),
)
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3}

Found = tuple[int, dt.date]  # where in the text, which day


def leaving_day(text: str, today: dt.date) -> dt.date | None:
    """The day the message says the user leaves, or None (see the module docstring)."""
    folded = _from_pinyin(unmarked(fold(text[:512])))
    leaving = [m.start() for m in LEAVING.finditer(folded)]
    if not leaving:
        return None
    found = [
        (at, day)
        for find in _FINDERS
        for at, day in find(folded, today)
        if not _OTHER_BEFORE.search(folded[max(0, at - 20) : at])
        and not _OTHER_AFTER.match(folded[at : at + 12])
    ]
    if not found:
        return None
    return min(found, key=lambda f: min(abs(f[0] - at) for at in leaving))[1]


def _from_pinyin(folded: str) -> str:
    for pattern, chinese in _PINYIN:

        def written(m: re.Match[str], chinese: str = chinese) -> str:
            return chinese.format(*(_PINYIN_DIGITS.get(g, g) for g in m.groups()))

        folded = re.sub(pattern, written, folded)
    return folded


def _date(year: int | None, month: int, day: int, today: dt.date) -> dt.date | None:
    """The day; without a year, its occurrence nearest to today."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        options = [dt.date(today.year + k, month, day) for k in (-1, 0, 1)]
    except ValueError:
        return None
    return min(options, key=lambda d: abs((d - today).days))


def _chinese(folded: str, today: dt.date) -> Iterator[Found]:
    """ "12月15号", "下个月3号", "2027年1月5日"."""
    for m in _CJK_DAY.finditer(folded):
        year = int(m.group(1)) if m.group(1) else None
        which = m.group(2)
        if which.isdigit():
            day = _date(year, int(which), int(m.group(3)), today)
        else:
            shift = 1 if which.startswith("下") else -1 if which.startswith("上") else 0
            first = add_months(today.replace(day=1), shift)[0]
            day = _date(first.year, first.month, int(m.group(3)), today)
        if day:
            yield m.start(), day


def _holidays(folded: str, today: dt.date) -> Iterator[Found]:
    for name, month, number in _HOLIDAYS:
        at = folded.find(name)
        before = folded[at + len(name) :].startswith(("节前", "前", "之前"))  # not a day
        if at >= 0 and not before and (day := _date(None, month, number, today)):
            yield at, day
            break


def _iso(folded: str, today: dt.date) -> Iterator[Found]:
    for m in _ISO.finditer(folded):
        if day := _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), today):
            yield m.start(), day


def _word_days(folded: str, today: dt.date) -> Iterator[Found]:
    """ "20 January", "the 9th of jan", "Dec 19", "January 6th, 2027"."""
    words = [(*m.group(1, 2, 3), m.start()) for m in _DAY_MONTH.finditer(folded)]
    words += [(*m.group(2, 1, 3), m.start()) for m in _MONTH_DAY.finditer(folded)]
    for number, name, year, at in words:
        month = next((n for key, n in MONTHS.items() if str(name).startswith(key)), None)
        written = int(year) if year else None
        if month is not None and (found := _date(written, month, int(number), today)):
            yield int(at), found


def _numeric(folded: str, today: dt.date) -> Iterator[Found]:
    chinese = bool(HAS_CJK.search(folded))
    for m in _NUMERIC.finditer(folded):
        first, second = int(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        if year is not None and year < 100:
            year += 2000
        orders = (
            ((first, second), (second, first)) if chinese else ((second, first), (first, second))
        )
        for month_, day_ in orders:  # month/day in Chinese, day/month otherwise
            if found := _date(year, month_, day_, today) if month_ <= 12 else None:
                yield m.start(), found
                break


def _nth(folded: str, today: dt.date) -> Iterator[Found]:
    """ "on the 23rd", "28号": this month's, or next month's once it is past."""
    for m in [*_ORDINAL.finditer(folded), *_BARE_DAY_ZH.finditer(folded)]:
        nth = int(m.group(1))
        first = today if nth >= today.day else add_months(today.replace(day=1), 1)[0]
        if found := _date(first.year, first.month, nth, today):
            yield m.start(), found


def _weekday(folded: str, today: dt.date) -> Iterator[Found]:
    monday = today - dt.timedelta(days=today.weekday())
    for m in _ZH_WEEKDAY.finditer(folded):
        prefix = m.group(1) or ""
        weeks = 2 if prefix == "下下" else 1 if prefix.startswith("下") else 0
        weeks = -1 if prefix.startswith("上") else weeks
        yield m.start(), _week_day(monday, today, min(_WEEKDAYS_ZH.index(m.group(2)), 6), weeks)
    for m in _EN_WEEKDAY.finditer(folded):
        said = m.group(1) or m.group(3)
        weeks = {"next": 1, "last": -1}.get(said or "", 0)
        yield m.start(), _week_day(monday, today, _EN_DAY_NAME[m.group(2)], weeks)


def _week_day(monday: dt.date, today: dt.date, weekday: int, weeks: int) -> dt.date:
    day = monday + dt.timedelta(days=7 * weeks + weekday)
    return day + dt.timedelta(days=7) if weeks == 0 and day < today else day


def _relative(folded: str, today: dt.date) -> Iterator[Found]:
    for word, days in _RELATIVE:
        if (at := folded.find(word)) >= 0:
            yield at, today + dt.timedelta(days=days)
            break
    for m in _IN_DAYS.finditer(folded):
        if m.group(1) or m.group(3):
            raw, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            number = _WORDS.get(raw) or int(raw)
        else:
            raw = m.group(5)
            number = int(raw) if raw.isdigit() else _NUMBER[raw]
            unit = "day" if m.group(6) == "天" else "week"
        yield m.start(), today + dt.timedelta(days=number * (7 if unit == "week" else 1))


_FINDERS = (_chinese, _holidays, _iso, _word_days, _numeric, _nth, _weekday, _relative)
