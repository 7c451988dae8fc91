"""Time expressions in an article's text, resolved against its publication date.

Each expression becomes what a hand encoding writes in a `kg:TimeSpec`: a `kg:date` at the
precision the words give (a day, a month or a year), the bounds that always hold
(`kg:notBefore`, `kg:notAfter`), an anchor where the words say the event began or was under way,
and a `kg:resolution` sentence saying how the words were read ("\"Thursday\" in an article
published on Friday 3 January 2020: Thursday 2 January 2020.").

The rules are the newsroom's: a bare weekday or month is the latest one on or before
publication ("Monday" in Tuesday's paper is yesterday; "earlier in December" in a December
article is this December, up to publication); "last April" is the April before the current one;
"since October" runs from the first of that October to publication. Absolute dates ("December
27th", "3 January 2020") are read with python-dateutil's parser, the year taken from the
publication date when not written (the year before when that would put the day more than a
week after publication).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTH_ABBR = {m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = r"(?i:early|late|mid|earlier|later|the end of|the beginning of|the start of)"
_ORD = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": None}

# Most specific first: the first pattern to match a stretch of text wins it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx)) for name, rx in [
    ("since_clause", rf"\b(?P<since>[Ss]ince) (?:the |a |an )?[\w'’-]+(?: [\w'’-]+){{0,8}}? (?:began|started|erupted|broke out|"
                     rf"took office|came to power|happened|occurred)? ?(?:in|on) {_MONTH}(?: {_ORD}\b)?(?:,? {_YEAR})?\b"),
    ("iso", r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
    ("day_month_year", rf"\b{_ORD} {_MONTH},? {_YEAR}\b"),
    ("month_day_year", rf"\b{_MONTH} {_ORD},? {_YEAR}\b"),
    ("day_month", rf"\b(?:on )?(?:(?:the )?{_ORD} (?:of )?{_MONTH})\b"),
    ("month_day", rf"\b(?:on )?{_MONTH} {_ORD}\b(?!,? (?:19|20)\d\d)"),
    ("since_month_year", rf"\b(?P<since>since|from) {_MONTH},? {_YEAR}\b"),
    ("month_year", rf"\b(?:(?P<part>{_PART})(?:-| in | of | ))?(?:(?i:in) )?{_MONTH},? {_YEAR}\b"),
    ("since_month", rf"\b(?P<since>(?i:since|from)) (?:(?i:early|late|mid)[ -])?{_MONTH}\b"),
    ("last_month_name", rf"\b(?P<rel>(?i:last|this|next|this past)) {_MONTH}\b"),
    ("part_month", rf"\b(?P<part>{_PART})(?:-| in | of | ){_MONTH}\b"),
    ("in_month", rf"\b(?i:in|during|by|until|throughout) {_MONTH}\b"),
    ("since_year", rf"\b(?P<since>(?i:since|from)) {_YEAR}\b"),
    ("in_year", rf"\b(?i:in|during|by|until|throughout|of|early|late) {_YEAR}\b"),
    ("rel_weekday", rf"\b(?P<rel>(?i:last|this|next|this past|earlier on|late on|early on|on)) {_DAY}\b"),
    ("weekday", rf"\b{_DAY}\b"),
    ("for_the_last", r"\b(?i:for|over|in|during|throughout) the (?i:last|past) (?P<n>\d+|two|three|four|five|six|seven|"
                     r"eight|nine|ten|several|few) (?P<unit>day|week|month|year)s\b"),
    ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (?P<unit>day|week|month|year)s? ago\b"),
    ("yesterday", r"\b(?i:(?:late |early )?yesterday|last night)\b"),
    ("today", r"\b(?i:(?:earlier |later )?today|(?:this|earlier this) (?:morning|afternoon|evening)|tonight)\b"),
    ("last_unit", r"\b(?P<rel>(?i:last|this|earlier this|later this|next|past)) (?P<unit>week|month|year)\b"),
    ("so_far", r"\b(?i:so far|to date|as of now|currently)\b"),
]]


@dataclass
class TimeExpr:
    """A time expression and what it resolves to (bounds as ISO days)."""

    start: int
    end: int
    text: str
    date: str | None  # "2023-12-25", "2023-12" or "2023"
    unit: str | None  # "day", "month", "year"
    not_before: str | None
    not_after: str | None
    resolution: str
    anchor: str | None = None  # "eventStart", "ongoingAt"

    @property
    def value(self) -> tuple[str | None, str | None]:
        """The bounds, which is what a time expression is compared by."""
        return self.not_before, self.not_after


def long_date(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()
    for index, name in enumerate(MONTHS):
        if name.lower() == word:
            return index + 1
    return MONTH_ABBR[word[:4] if word.startswith("sept") else word[:3]]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_times(text: str, published: date, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """Every time expression in text[start:end], resolved; spans do not overlap."""
    end = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []
    for name, pattern in PATTERNS:
        for match in pattern.finditer(text, start, end):
            s, e = match.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            expr = _resolve(name, match, published)
            if expr is None:
                continue
            taken.append((s, e))
            found.append(expr)
    header = _header_end(text)
    found = [t for t in found if not (t.end <= header and t.not_before == t.not_after == published.isoformat())]
    return sorted(found, key=lambda t: t.start)


def _header_end(text: str) -> int:
    """Where the body begins: the first line that ends a sentence with a full stop. Before it, the
    headline, dateline and byline: a date there that is the publication day is the publication's."""
    for line in re.finditer(r"[^\n]*\n?", text):
        if line.group(0).rstrip().endswith((".", ".\"", ".”")):
            return line.start()
    return 0


def resolve_phrase(phrase: str, published: date) -> TimeExpr | None:
    """The first time expression in `phrase` (for tests and quick checks)."""
    found = find_times(phrase, published)
    return found[0] if found else None


def _expr(match: re.Match[str], published: date, day_from: date, day_to: date,
          unit: str | None, how: str, anchor: str | None = None, exact: bool = True) -> TimeExpr:
    """A TimeExpr whose kg:date is the unit that contains both bounds (when `exact`)."""
    value = None
    if exact and unit == "day":
        value = day_from.isoformat()
    elif exact and unit == "month":
        value = f"{day_from.year:04d}-{day_from.month:02d}"
    elif exact and unit == "year":
        value = f"{day_from.year:04d}"
    words = match.group(0)
    resolution = (f"\"{words}\" in an article published on {long_date(published)}: {how}. "
                  "(Proposed by kg draft; check it.)")
    return TimeExpr(match.start(), match.end(), words, value, unit if value else None,
                    day_from.isoformat(), day_to.isoformat(), resolution, anchor)


def _resolve(name: str, m: re.Match[str], pub: date) -> TimeExpr | None:  # noqa: C901 - a table of cases
    groups = m.groupdict()
    try:
        if name == "iso":
            day = date.fromisoformat(groups["iso"])
            return _expr(m, pub, day, day, "day", long_date(day))
        if name in ("day_month_year", "month_day_year", "day_month", "month_day"):
            return _absolute_day(m, pub, groups)
        if name == "for_the_last":
            return _for_the_last(m, pub, groups)
        if name in ("since_month_year", "since_month", "since_clause"):
            month = _month_number(groups["month"])
            year = int(groups["year"]) if groups.get("year") else (pub.year if month <= pub.month else pub.year - 1)
            first = date(year, month, int(groups["day"]) if groups.get("day") else 1)
            return _expr(m, pub, first, pub, None, f"from {first.day} {MONTHS[month - 1]} {year} to publication",
                         exact=False)
        if name == "month_year" or name in ("part_month", "in_month", "last_month_name"):
            return _month(name, m, pub, groups)
        if name == "since_year":
            year = int(groups["year"])
            return _expr(m, pub, date(year, 1, 1), pub, None, f"from {year} to publication", exact=False)
        if name == "in_year":
            year = int(groups["year"])
            return _expr(m, pub, date(year, 1, 1), date(year, 12, 31), "year", str(year))
        if name in ("rel_weekday", "weekday"):
            return _weekday(m, pub, groups)
        if name == "ago":
            count = NUMBER_WORDS.get(groups["n"], None) if not groups["n"].isdigit() else int(groups["n"])
            if count is None:
                return None
            unit = groups["unit"]
            day = pub - relativedelta(**{unit + "s": count})
            if unit == "day":
                return _expr(m, pub, day, day, "day", long_date(day))
            if unit == "week":
                return _expr(m, pub, day - timedelta(days=3), day + timedelta(days=3), None,
                             f"about {count} week(s) before publication, around {long_date(day)}", exact=False)
            if unit == "month":
                return _expr(m, pub, date(day.year, day.month, 1), _last_day(day.year, day.month), "month",
                             f"{MONTHS[day.month - 1]} {day.year}")
            return _expr(m, pub, date(day.year, 1, 1), date(day.year, 12, 31), "year", str(day.year))
        if name == "yesterday":
            day = pub - timedelta(days=1)
            return _expr(m, pub, day, day, "day", f"the day before publication, {long_date(day)}")
        if name == "today":
            return _expr(m, pub, pub, pub, "day", f"the day of publication, {long_date(pub)}")
        if name == "last_unit":
            return _relative_unit(m, pub, groups)
        if name == "so_far":
            return _expr(m, pub, pub, pub, "day", f"as of publication, {long_date(pub)}", anchor="ongoingAt")
    except (ValueError, KeyError):
        return None
    return None


def _absolute_day(m: re.Match[str], pub: date, groups: dict) -> TimeExpr | None:
    month = _month_number(groups["month"])
    day_number = int(groups["day"])
    if not 1 <= day_number <= 31:
        return None
    if groups.get("year"):
        year = int(groups["year"])
        how_year = ""
    else:
        year = pub.year
        how_year = f" (the year of publication)"
        if date(year, month, min(day_number, calendar.monthrange(year, month)[1])) > pub + timedelta(days=7):
            year -= 1
            how_year = " (the year before publication: that day had not yet come)"
    parsed = date_parser.parse(f"{day_number} {MONTHS[month - 1]} {year}", default=datetime(year, 1, 1)).date()
    return _expr(m, pub, parsed, parsed, "day", long_date(parsed) + how_year)


def _month(name: str, m: re.Match[str], pub: date, groups: dict) -> TimeExpr:
    month = _month_number(groups["month"])
    rel = (groups.get("rel") or "").lower()
    part = (groups.get("part") or "").lower()
    if groups.get("year"):
        year = int(groups["year"])
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    first, last = date(year, month, 1), _last_day(year, month)
    how = f"{MONTHS[month - 1]} {year}"
    if rel == "last":
        how = f"the last {MONTHS[month - 1]} before publication, {how}"
    if first <= pub <= last and part in ("earlier", ""):
        last = pub
        how = f"in {how}, up to publication ({pub.day} {MONTHS[month - 1]})"
    if part in ("early", "the beginning of", "the start of", "late", "the end of"):
        # Where "early" ends and "late" begins is the writer's: the bounds that always hold are the month's.
        last = min(last, pub) if first <= pub else last
        how = f"{part} {how}: within the month"
    elif part.startswith("mid"):
        first, last = date(year, month, 10), date(year, month, 20)
        how = f"mid-{how}: the 10th to the 20th"
    return _expr(m, pub, first, last, "month", how)


def _for_the_last(m: re.Match[str], pub: date, groups: dict) -> TimeExpr:
    """"for the last five years": from the start of the year (month, day) that many before publication
    to publication; "over the past several months": up to publication, with no lower bound."""
    count = NUMBER_WORDS.get(groups["n"].lower()) if not groups["n"].isdigit() else int(groups["n"])
    unit = groups["unit"].lower()
    if count is None:
        words = m.group(0)
        return TimeExpr(m.start(), m.end(), words, None, None, None, pub.isoformat(),
                        f"\"{words}\" in an article published on {long_date(pub)}: up to publication. "
                        "(Proposed by kg draft; check it.)")
    back = pub - relativedelta(**{unit + "s": count})
    first = {"year": date(back.year, 1, 1), "month": date(back.year, back.month, 1)}.get(unit, back)
    return _expr(m, pub, first, pub, None, f"from {first.isoformat()} to publication", exact=False)


def _weekday(m: re.Match[str], pub: date, groups: dict) -> TimeExpr:
    wanted = DAYS.index(groups["weekday"])
    rel = (groups.get("rel") or "").lower()
    if rel == "next":
        ahead = (wanted - pub.weekday()) % 7 or 7
        day = pub + timedelta(days=ahead)
        how = f"the next {DAYS[wanted]} after publication, {long_date(day)}"
    else:
        back = (pub.weekday() - wanted) % 7
        if rel == "last" and back == 0:
            back = 7
        day = pub - timedelta(days=back)
        how = long_date(day) if back else f"the day of publication, {long_date(day)}"
        if back:
            how = f"the {DAYS[wanted]} before publication, {how}"
    return _expr(m, pub, day, day, "day", how)


def _relative_unit(m: re.Match[str], pub: date, groups: dict) -> TimeExpr:
    rel, unit = groups["rel"].lower(), groups["unit"]
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        if rel in ("last", "past"):
            first, last = monday - timedelta(days=7), monday - timedelta(days=1)
            if rel == "past":
                first, last = pub - timedelta(days=7), pub
            return _expr(m, pub, first, last, None, f"{first.isoformat()} to {last.isoformat()}", exact=False)
        if rel == "next":
            first = monday + timedelta(days=7)
            return _expr(m, pub, first, first + timedelta(days=6), None,
                         f"the week after publication, {first.isoformat()} to "
                         f"{(first + timedelta(days=6)).isoformat()}", exact=False)
        return _expr(m, pub, monday, pub, None, f"the week of publication, {monday.isoformat()} to "
                     f"{pub.isoformat()}", exact=False)
    if unit == "month":
        shift = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
        day = pub + relativedelta(months=shift)
        first, last = date(day.year, day.month, 1), _last_day(day.year, day.month)
        if shift == 0:
            last = pub
        return _expr(m, pub, first, last, "month", f"{MONTHS[day.month - 1]} {day.year}")
    shift = {"last": -1, "past": -1, "next": 1}.get(rel, 0)
    year = pub.year + shift
    last = pub if shift == 0 else date(year, 12, 31)
    return _expr(m, pub, date(year, 1, 1), last, "year", str(year))
