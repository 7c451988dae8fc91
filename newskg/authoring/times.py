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
week after publication). A week is counted from Monday by some writers and from Sunday by others:
"last week" gets the bounds of both readings together.

Some words are dated from another date of the text, not from publication: "three years later"
and "the next day" from the last date of that precision in the same or the previous sentence,
"after the attack" from the date of the article's lead (its first dated sentence) up to
publication, "a few hours before ... on Wednesday" from that Wednesday. In a quotation,
"today" is the day the speaker spoke, which the article may not give. In the article's own voice
(not a quotation, not a clause after "said"), a sentence with no time expression of its own is
dated by its tense: the present says what holds at publication ("There are", "remain"), the
present perfect what happened by then ("have claimed") or, for a state reached, what holds then
("have become").
"""

from __future__ import annotations

import bisect
import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from .sentences import sentences

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


def find_times(text: str, published: date, start: int = 0, end: int | None = None,
               sentence_spans: list[tuple[int, int]] | None = None) -> list[TimeExpr]:
    """Every time expression in text[start:end], resolved. The spans do not overlap, except
    where a since-span holds the date something began ("since the war began in October")."""
    end = len(text) if end is None else end
    spans = sentence_spans if sentence_spans is not None else sentences(text)
    header = _header_end(text)
    found = [t for t in _lexical(text, published, start, end)
             if not (t.end <= header and t.not_before == t.not_after == published.isoformat())]
    found += [inner for t in found for inner in _since_began(text, published, t)]
    found.sort(key=lambda t: t.start)
    quoted = _quoted(text)
    lead = next((t for t in found if t.start >= header and t.unit == "day" and t.date
                 and not _inside(t.start, quoted)), None)
    found = [t for t in (_in_quote(t, text, published, lead, spans) if _inside(t.start, quoted) else t
                         for t in found) if t]
    found += _relative_to_dates(text, published, found, start, end, lead, spans)
    found += _tenses(text, published, max(start, header), end, found, quoted, spans)
    return sorted(found, key=lambda t: t.start)


def _lexical(text: str, published: date, start: int, end: int) -> list[TimeExpr]:
    """The expressions PATTERNS find, each resolved against the publication date."""
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
    return found


def _since_began(text: str, published: date, since: TimeExpr) -> list[TimeExpr]:
    """"since the war began in October" says, besides the span up to publication, when the war
    began: the date after the verb, read on its own (it overlaps the since-span)."""
    began = re.search(r" (?:began|started|erupted|broke out|took office|came to power) (?=(?:in|on) )", since.text)
    if not since.text.lower().startswith("since") or began is None:
        return []
    return _lexical(text, published, since.start + began.end(), since.end)


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


def _week(m: re.Match[str], pub: date, rel: str) -> TimeExpr:
    """Weeks begin on Monday for some writers and on Sunday for others (US news): the bounds are
    those of both readings together, so that they hold whichever the writer meant."""
    monday = pub - timedelta(days=pub.weekday())
    sunday = pub - timedelta(days=(pub.weekday() + 1) % 7)
    if rel == "past":
        first, last = pub - timedelta(days=7), pub
        return _expr(m, pub, first, last, None, f"the seven days before publication, {first.isoformat()} "
                     f"to {last.isoformat()}", exact=False)
    shift = {"last": -7, "next": 7}.get(rel, 0)
    first = min(monday, sunday) + timedelta(days=shift)
    last = max(monday, sunday) + timedelta(days=shift + 6)
    which = {"last": "the week before publication", "next": "the week after publication"}.get(
        rel, "the week of publication, up to publication")
    if shift == 0:
        last = pub
    return _expr(m, pub, first, last, None, f"{which}: {first.isoformat()} to {last.isoformat()} (weeks counted "
                 f"from Monday ({(monday + timedelta(days=shift)).isoformat()}) or from Sunday "
                 f"({(sunday + timedelta(days=shift)).isoformat()}))", exact=False)


def _relative_unit(m: re.Match[str], pub: date, groups: dict) -> TimeExpr:
    rel, unit = groups["rel"].lower(), groups["unit"]
    if unit == "week":
        return _week(m, pub, rel)
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


# --- quotations, dates told relative to other dates, and tenses ------------------------------

# Nouns for the kind of event a news article's lead reports ("after the attack", "following the vote").
EVENT_NOUNS = ("attack", "attacks", "strike", "strikes", "airstrike", "air strike", "raid", "bombing", "blast",
               "explosion", "shooting", "crash", "vote", "killing", "assassination", "election", "ambush",
               "incident", "assault", "offensive", "invasion", "coup", "massacre", "shelling", "announcement")
_EVENT_NOUN = "|".join(sorted(EVENT_NOUNS, key=len, reverse=True))
_COUNT = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)"
ANCHORED: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(rx, re.I)) for name, rx in [
    ("later", rf"\b{_COUNT} (?P<unit>day|week|month|year)s? (?P<dir>later|earlier|before|after)\b"
              r"(?! (?:the|a|an|his|her|its|their)\b)"),
    ("next_day", r"\b(?:the )?(?P<dir>next|following|previous|preceding) (?P<unit>day|morning|evening|night)\b"
                 r"|\b(?:the )?day (?P<dir2>before|after)\b(?! (?:the|a|an|his|her|its|their|\w+day)\b)"),
    ("after_event", rf"\b(?P<dir>after|following|since) the "
                    rf"(?:(?:deadly|fatal|latest|recent|initial|first) )?(?:{_EVENT_NOUN})\b"),
    ("follows", rf"\bthe (?:(?:military|latest|deadly|air) )?(?:{_EVENT_NOUN}) (?:follows|followed|came after)\b"),
    ("hours", r"\b(?:(?:a few|several|two|three|four|five|six|some|\d+) )?hours (?P<dir>before|after)\b"),
]]
_QUOTE = re.compile(r'"[^"\n]*"|“[^”\n]*”')
_DAY_DEIXIS = re.compile(r"\b(?P<word>today|tonight|yesterday|last night|tomorrow|this (?:morning|afternoon|evening))"
                         r"(?P<poss>['’]s (?P<noun>\w+))?", re.I)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTE.finditer(text)]


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < at < e for s, e in spans)


def _sentence_of(spans: list[tuple[int, int]], at: int) -> tuple[int, int]:
    """The sentence (from the sentence splitter) that holds offset `at`."""
    index = bisect.bisect_right(spans, (at, math.inf)) - 1
    if index >= 0 and spans[index][0] <= at < spans[index][1]:
        return spans[index]
    return at, at + 1


def _with(t: TimeExpr, pub: date, day_from: date | None, day_to: date | None, unit: str | None,
          how: str, start: int | None = None, end: int | None = None, text: str | None = None) -> TimeExpr:
    """A TimeExpr for words told relative to another date; its resolution says which."""
    start = t.start if start is None else start
    end = t.end if end is None else end
    words = t.text if text is None else text[start:end]
    value = None
    if unit == "day" and day_from == day_to:
        value = day_from.isoformat()
    elif unit == "year" and day_from and day_to and day_from.year == day_to.year:
        value = f"{day_from.year:04d}"
    return TimeExpr(start, end, words, value, unit if value else None,
                    day_from.isoformat() if day_from else None, day_to.isoformat() if day_to else None,
                    f"\"{words}\" in an article published on {long_date(pub)}: {how}. "
                    "(Proposed by kg draft; check it.)")


def _in_quote(t: TimeExpr, text: str, pub: date, lead: TimeExpr | None,
              spans: list[tuple[int, int]]) -> TimeExpr | None:
    """"today", "yesterday" inside a quotation are the speaker's, and the speaker may have spoken
    before the day of publication: they are not resolved against it. "today's vote" names the day
    of a vote: when the article's lead dates one (its first dated sentence speaks of a vote), it is
    that day."""
    deixis = _DAY_DEIXIS.match(text, t.start) or _DAY_DEIXIS.search(text, t.start, t.end)
    if deixis is None:
        return t
    noun = (deixis.group("noun") or "").lower()
    if deixis.group("word").lower() == "today" and noun and lead is not None:
        lead_start, lead_end = _sentence_of(spans, lead.start)
        lead_words = text[lead_start:lead_end].lower()
        if len(noun) >= 4 and re.search(rf"\b{re.escape(noun[:4])}", lead_words):
            day = date.fromisoformat(lead.date)
            return _with(t, pub, day, day, "day",
                         f"in a quotation, the day the speaker spoke, which is the day of the {noun}; the "
                         f"article's lead dates it \"{lead.text}\", {long_date(day)}", end=deixis.end(), text=text)
    if deixis.group("word").lower() in ("today", "tonight") or deixis.group("word").lower().startswith("this"):
        return _with(t, pub, None, pub, None, "in a quotation: the day the speaker spoke, which the article "
                     "does not give; no later than publication")
    return None


def _relative_to_dates(text: str, pub: date, found: list[TimeExpr], start: int, end: int,
                       lead: TimeExpr | None, spans: list[tuple[int, int]]) -> list[TimeExpr]:
    """Words that date something from another date of the text, not from publication: "three
    years later" (after "in 2011"), "the next day" (after "on 3 January"), "after the attack" (the
    event of the article's lead, up to publication), "the strike follows rocket attacks" (no later
    than the lead's event), "a few hours before ... on Wednesday"."""
    taken = [(t.start, t.end) for t in found]
    out: list[TimeExpr] = []
    for name, pattern in ANCHORED:
        for m in pattern.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            expr = _anchored(name, m, text, pub, found, lead, spans)
            if expr is not None:
                taken.append((expr.start, expr.end))
                out.append(expr)
    return out


def _previous_date(text: str, at: int, found: list[TimeExpr], units: tuple[str, ...],
                   spans: list[tuple[int, int]]) -> TimeExpr | None:
    """The last date of the given precision before `at`, in the same sentence or the one before:
    further back, the story may have moved on to another event."""
    sentence = bisect.bisect_right(spans, (at, math.inf)) - 1
    since = spans[max(sentence - 1, 0)][0] if sentence >= 0 else 0
    before = [t for t in found if since <= t.start < at and t.unit in units and t.date]
    return before[-1] if before else None


def _anchored(name: str, m: re.Match[str], text: str, pub: date, found: list[TimeExpr],
              lead: TimeExpr | None, spans: list[tuple[int, int]]) -> TimeExpr | None:
    groups = m.groupdict()
    base = TimeExpr(m.start(), m.end(), m.group(0), None, None, None, None, "")
    if name == "later":
        count = int(groups["n"]) if groups["n"].isdigit() else NUMBER_WORDS.get(groups["n"].lower())
        unit, later = groups["unit"].lower(), groups["dir"].lower() in ("later", "after")
        if not count or unit == "week" or unit == "month":
            return None
        ref = _previous_date(text, m.start(), found, ("day",) if unit == "day" else ("day", "month", "year"), spans)
        if ref is None:
            return None
        sign = 1 if later else -1
        if unit == "year":
            year = int(ref.date[:4]) + sign * count
            return _with(base, pub, date(year, 1, 1), date(year, 12, 31), "year",
                         f"{count} year(s) {'after' if later else 'before'} \"{ref.text}\" ({ref.date[:4]}): {year}")
        day = date.fromisoformat(ref.date) + timedelta(days=sign * count)
        return _with(base, pub, day, day, "day",
                     f"{count} day(s) {'after' if later else 'before'} \"{ref.text}\": {long_date(day)}")
    if name == "next_day":
        ref = _previous_date(text, m.start(), found, ("day",), spans)
        if ref is None:
            return None
        after = (groups.get("dir") or groups.get("dir2") or "").lower() in ("next", "following", "after")
        day = date.fromisoformat(ref.date) + timedelta(days=1 if after else -1)
        return _with(base, pub, day, day, "day",
                     f"the day {'after' if after else 'before'} \"{ref.text}\": {long_date(day)}")
    if name == "after_event":
        if lead is None or lead.start > m.start() or lead.not_before is None:
            return None
        first = date.fromisoformat(lead.not_before)
        if first > pub:
            return None
        return _with(base, pub, first, pub, None,
                     f"after the event of the article's lead (\"{lead.text}\", {long_date(first)}), taken to be "
                     "the one meant, and no later than publication")
    if name == "follows":
        if lead is None or lead.start > m.start() or lead.not_after is None:
            return None
        last = date.fromisoformat(lead.not_after)
        return _with(base, pub, None, last, None,
                     f"what the event of the article's lead (\"{lead.text}\", taken to be the one meant) "
                     f"follows came before it: no later than {long_date(last)}")
    if name == "hours":
        sentence_end = _sentence_of(spans, m.start())[1]
        day = next((t for t in found if m.end() <= t.start < sentence_end and t.unit == "day" and t.date), None)
        if day is None:
            return None
        ref = date.fromisoformat(day.date)
        before = groups["dir"].lower() == "before"
        first, last = (ref - timedelta(days=1), ref) if before else (ref, ref + timedelta(days=1))
        return _with(base, pub, first, min(last, pub), None,
                     f"hours {'before' if before else 'after'} \"{day.text}\" ({long_date(ref)}): "
                     f"{first.isoformat()} or {last.isoformat()}")
    return None


# The present tense of the article's own voice (not a quotation) says what holds when it was
# published; the present perfect says what happened by then, or, for a change of state, what
# holds then ("have become the targets"). Only where the sentence has no time expression of its own.
_PARTICIPLE = (r"(?:\w+ed|been|become|begun|brought|built|come|done|drawn|fallen|fought|given|gone|grown|held|"
               r"kept|known|led|left|lost|made|met|paid|put|risen|run|said|seen|sent|set|shot|shown|sought|"
               r"spent|struck|taken|told|won|written)")
_ADVERB = r"(?: (?:not|n[o']t|never|since|also|already|now|long|recently|reportedly|repeatedly|still|yet|largely))*"
TENSES = [(name, re.compile(rx)) for name, rx in [
    ("now", r"\b(?<!\bfor )(?<!\buntil )(?<!\bfrom )[Nn]ow\b(?!,? that\b)"),
    ("perfect", rf"\b(?:has|have){_ADVERB} (?P<verb>{_PARTICIPLE})\b"),
    ("present", rf"\b(?:[Tt]here (?:is|are)|(?<!\bto )(?<!\bwill )(?<!\bwould )(?<!\bcan )(?<!\bmay )"
                rf"(?:is|are|remains?|continues?|suffers?){_ADVERB})\b(?! (?:to be|expected|set|due|scheduled|"
                rf"likely|going|about) )"),
]]
# Verbs whose present perfect names a state reached and still holding at publication.
# A clause after one of these is someone's report or claim, not the article's own voice.
REPORTED = re.compile(r"\b(?:said|says|say|told|tells|claimed|claims|claim|stated|states|added|argued|argues|"
                      r"believes?|believed|alleged|alleges|insisted|insists|warned|warns|denied|denies|"
                      r"according to|reported|reports)\b", re.I)
STATE_REACHED = {"become", "remained", "increased", "grown", "risen", "fallen", "intensified", "escalated",
                 "expanded", "dropped", "declined", "worsened", "improved", "stayed"}


def _tenses(text: str, pub: date, start: int, end: int, found: list[TimeExpr],
            quoted: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    dated = [_sentence_of(spans, t.start) for t in found]
    for name, pattern in TENSES:
        for m in pattern.finditer(text, start, end):
            if _inside(m.start(), quoted) or any(s <= m.start() < e for s, e in dated):
                continue
            if REPORTED.search(text, _sentence_of(spans, m.start())[0], m.start()):
                continue
            if any(t.start < m.end() and m.start() < t.end for t in out):
                continue
            if name != "now" and any(t.text.lower() == "now" and s <= m.start() < e
                                     for t in out for s, e in [_sentence_of(spans, t.start)]):
                continue
            base = TimeExpr(m.start(), m.end(), m.group(0), None, None, None, None, "")
            if name == "now":
                expr = _with(base, pub, pub, pub, "day", f"\"now\" in the article's own voice: at publication, "
                             f"{long_date(pub)}")
                expr.anchor = "ongoingAt"
                out.append(expr)
            elif name == "perfect" and m.group("verb").lower() not in STATE_REACHED:
                out.append(_with(base, pub, None, pub, None, "the present perfect: by publication; not dated further"))
            else:
                passive = name == "present" and re.match(rf" {_PARTICIPLE}\b", text[m.end():m.end() + 30])
                what = ("a state reached by" if name == "perfect" else "the present tense: at" if passive
                        else "the present tense: the state at")
                expr = _with(base, pub, pub, pub, "day", f"{what} publication, {long_date(pub)}")
                expr.anchor = None if passive else "ongoingAt"
                out.append(expr)
    return out
