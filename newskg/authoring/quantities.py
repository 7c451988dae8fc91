"""Quantities ("at least 20 people", "dozens of rockets", "around 2,500 US soldiers", "three
rockets") and hedges ("likely", "reportedly") in an article's text.

A quantity is a number the article gives for things it counts, read the way the hand encodings
read it: the qualifier in front ("around" approximately, "at least"/"more than" at least, "up to"
at most, "less than" less than), a vague amount ("several", "a few", "multiple": kg:several, no
value), the plural of a number word as its lower bound ("hundreds of" at least 100, "dozens" at
least 12, "tens of thousands" at least 10,000), a fraction ("nearly half of", "a third of"), a
percentage or a sum of money, a duration ("three days of mourning"), and a range ("20 to 30
people": at least 20 and at most 30). What is counted is the noun phrase after the number; a
number whose noun is left out counts what the quantity it is coordinated with counts ("2,500
soldiers in Iraq and 900 in Syria", "thousands more", "one of them"), taking its qualifier when
that qualifier only widens the claim (around, at least, at most), or the toll it gives ("the death
toll rose to 46"), or "others"; with none of these it is not proposed.

Not quantities: years, dates and clock times ("in 2019", "December 31", "4:00 a.m."), ages ("25
years old", "over 65 years of age"), names and designations ("Flight 752", "Boeing 737-800", "COVID-19"), the referring
"the two", "one of the largest", and a unit conversion in brackets ("160 km (100 miles)").

Spelled-out numbers are read with text2num (its English `text2num`), which handles compounds
such as "two thousand five hundred"; digits with thousands separators are read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

QUALIFIERS = [
    (r"at least|more than|over|upwards of|in excess of|no fewer than|no less than|a minimum of", "atLeast"),
    (r"at most|up to|no more than|a maximum of|as many as|as much as", "atMost"),
    (r"less than|fewer than|under|just under|below", "lessThan"),
    (r"around|about|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|circa", "approximately"),
]
QUALIFIER_RE = "|".join(f"(?:{rx})" for rx, _ in QUALIFIERS)
PREPOSITIONS = {"over", "under", "about", "around", "some", "below", "estimated", "an estimated", "circa", "roughly"}
WIDENING = {"approximately", "atLeast", "atMost", "exactly"}  # true of a number if true of an exact one

SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
          "bn": 10**9, "dozen": 12}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_SMALL = (rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:{_UNITS}))?|ten|eleven|twelve|"
          rf"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|{_UNITS}")
_SCALE_WORD = "hundred|thousand|million|billion|trillion|dozen"
_AFTER_SCALE = "(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)) and "
SPELLED = (rf"(?:(?:{_SMALL})|an?(?= (?:{_SCALE_WORD})\b)|half(?= a dozen\b)(?: a)?)"
           rf"(?:(?: |-|{_AFTER_SCALE})(?:{_SMALL}|{_SCALE_WORD})\b)*")
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{DIGITS})(?:(?:\s+|-)(?:{_SCALE_WORD})\b)?|(?i:{SPELLED})\b|(?i:an?)(?=\s)"
CURRENCY = {"$": "dollars", "US$": "US dollars", "€": "euros", "£": "pounds"}

QUANTITY = re.compile(
    rf"(?<![\w\-/:.,$€£#])(?:(?P<qual>(?i:{QUALIFIER_RE}))\s+)?(?:(?P<between>(?i:between))\s+)?"
    rf"(?:(?P<cur>US\$|\$|€|£)\s?)?(?P<num>{NUMBER})(?(cur)(?:(?P<money_scale>bn|m)\b)?)"
    rf"(?:\s*(?:-|–|\bto\b|(?(between)\band\b|(?!)))\s*(?P<cur2>US\$|\$|€|£)?(?P<high>{NUMBER}))?")
FRACTION = re.compile(
    rf"\b(?:(?P<qual>(?i:{QUALIFIER_RE}))\s+)?(?P<frac>(?i:half|(?:a|one|two|three|four) "
    r"(?:third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)))\s+of\b")
VAGUE = re.compile(r"\b(?i:several|a few|multiple|numerous|many|a number of|a handful of|a couple of|countless)\s")
AT_LEAST_PLURAL = re.compile(
    r"\b(?P<words>(?i:(?:(?:tens|hundreds) of )?(?:dozens|scores|hundreds|thousands|millions|billions)))\b"
    r"(?P<of>\s+of\b)?")
IN_THE_PLURAL = re.compile(r"\b(?P<head>(?:[a-z]+ )?(?:toll|count|number|figure|casualties|deaths|dead))\b"
                           r"(?: [a-z]+){0,2}? (?:in|into|to) the $")

FUNCTION = frozenset("""a an the of in on at by for from with to into onto over under after before since until
during and or but nor so yet as than that which who whom whose what where when while if was were is are be been
being has have had will would shall should can could may might must do does did not no it its this these those
there here their they them he she his her him we us our you your i me my more most less least per each every all
both other another such very also just only still even again later ago earlier apart away back out up down off
about around across along among between through toward towards against within without via were said says
reportedly allegedly due old long apiece""".split())
MODIFIERS = frozenset("""more other additional further injured wounded armed unarmed civilian foreign local senior
top former young elderly innocent suspected alleged separate different new major small large key heavy""".split())
CASUALTIES = frozenset("killed dead wounded injured hurt missing detained arrested displaced captured abducted "
                       "kidnapped".split())
IRREGULAR_PLURALS = frozenset("people men women children police personnel staff troops".split())
TIME_UNITS = frozenset("""second seconds minute minutes hour hours day days week weeks month months year years
decade decades century centuries""".split())
CLOCK = frozenset("a.m. am p.m. pm o'clock gmt utc hrs".split())
MONTHS = frozenset("""january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec""".split())
PLAIN_CAPITALS = frozenset("""the a an and but or so all some about around nearly almost over only just another
these those its their his her our at in on for with by from of to as after before since than""".split())
TOLL = re.compile(r"\b((?:death|casualty|fatality|injury) toll|number of (?:dead|deaths|casualties|fatalities|victims))\b"
                  r"[^.!?\n]*$", re.I)
COORDINATED = re.compile(r"(?:\band|\bor|,|\banother|\bas well as)\s+(?:[a-z]+(?:ing|ed)\s+)?$")
SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s|\n")
WORD = re.compile(r"\s*((?:[A-Za-z]\.){2,}|[A-Za-z][\w'’-]*|%|\S)")


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: int | Decimal | None
    qualifier: str
    counts: str


@dataclass
class Hedge:
    start: int
    end: int
    cue: str
    kind: str  # likely, reportedly, notHappened, attribution


HEDGES = [
    (r"\blikely\b|\bprobably\b|\bpossibly\b|\bapparently\b|\bbelieved to\b|\bthought to\b|\bsuspected\b|\bpresumably\b|\bmay have\b|\bmight have\b", "likely"),
    (r"\breportedly\b|\ballegedly\b|\bunconfirmed\b|\bsaid to have\b|\breports? (?:say|said|suggest)\b|\bclaimed\b|\bpurportedly\b", "reportedly"),
    (r"\b(?:has|have|had|did|does|do) not\b|\bnever\b|\bno evidence\b|\bdenied\b", "notHappened"),
    (r"\baccording to\b|\bciting\b|\bsources said\b|\bquoted\b", "attribution"),
]
HEDGE_RE = [(re.compile(rx, re.I), kind) for rx, kind in HEDGES]


def number(words: str) -> int | Decimal | None:
    """The number written as digits ("2,500", "1.5 million") or words ("three", "a dozen")."""
    words = re.sub(r"\s+|(?<=\d)-(?=[a-z])", " ", words.strip().lower())
    scale = 1
    for name, factor in SCALES.items():
        if re.fullmatch(rf"(?:[\d,.]+|an?|half a|\w+(?= dozen)) {name}", words):
            words, scale = words[:-len(name) - 1], factor
            break
    if words in ("a", "an"):
        return scale
    if words == "half a":
        return _exact(Decimal("0.5") * scale)
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", words):
        return _exact(Decimal(words.replace(",", "")) * scale)
    from text_to_num import text2num

    try:
        return text2num(words.replace(" and ", " "), "en") * scale
    except ValueError:
        return None


def _exact(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value.normalize()


def _qualifier(words: str | None) -> str:
    if not words:
        return "exactly"
    words = re.sub(r"\s+", " ", words.lower())
    return next(kind for rx, kind in QUALIFIERS if re.fullmatch(rx, words))


def _words_after(text: str, pos: int, end: int, limit: int = 8) -> list[tuple[str, int, int]]:
    found = []
    while len(found) < limit:
        match = WORD.match(text, pos, end)
        if not match:
            break
        found.append((match.group(1), match.start(1), match.end(1)))
        pos = match.end()
    return found


def _word_before(text: str, pos: int) -> tuple[str, int]:
    match = re.search(r"([A-Za-z][\w'’.-]*)[^\S\n]+$", text[max(0, pos - 40):pos])
    return (match.group(1), pos - len(match.group(0))) if match else ("", pos)


def _sentence_initial(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or not before.strip() or bool(re.search(r"[.!?\"“”'(\n]\s*$", before))


def counted(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """What the number ending at `pos` counts and where its noun phrase ends; None if the noun
    is left out ("900 in Syria", "three were seen")."""
    if text.startswith("%", pos):
        return "percent", pos + 1
    compound = re.match(r"-(day|week|month|year|hour|minute)\b", text[pos:pos + 8])
    if compound:  # "a three-day ceasefire"
        return compound.group(1) + "s", pos + compound.end()
    words = _words_after(text, pos, end)
    lower = [w.lower() for w, _, _ in words]
    if lower[:1] == ["percent"] or lower[:2] == ["per", "cent"]:
        return "percent", words[0 if lower[0] == "percent" else 1][2]
    modifiers, head = [], []
    for n, (word, _, w_end) in enumerate(words):
        low = word.lower()
        following = words[n + 1][0] if n + 1 < len(words) else ""
        participle = low.endswith("ed") and re.fullmatch(r"[a-z]+", following) and following not in FUNCTION
        if not head and (low in MODIFIERS or participle or "-" in word[1:] or low.endswith(("'s", "’s")) or
                         (word[0].isupper() and low not in PLAIN_CAPITALS)):
            modifiers.append((word, w_end))
            if len(modifiers) > 5:
                return None
            continue
        if not head and low in ("and", "or") and modifiers:
            modifiers.append((word, w_end))
            continue
        if not re.fullmatch(r"[a-z][a-z-]*", word) or low in FUNCTION or low in CASUALTIES or word.endswith(("ed", "ly")):
            break
        if head and (_plural(head[-1][0]) or word.endswith("ing")):
            break
        head.append((word, w_end))
        if len(head) == 4:
            break
    if head:
        both = re.match(r"\s+(?:and|or)\s+([a-z]+s|children|women|men|people)\b", text[head[-1][1]:head[-1][1] + 30])
        if both and both.group(1) not in FUNCTION:  # "women and children"
            return " ".join(w for w, _ in head) + both.group(0).replace("\n", " ").rstrip(), head[-1][1] + both.end()
        return " ".join(w for w, _ in head), head[-1][1]
    while modifiers and modifiers[-1][0].lower() in ("and", "or"):
        modifiers.pop()
    last = modifiers[-1][0] if modifiers else ""
    if last[:1].isupper() and last.endswith("s") and not last.endswith(("'s", "’s")) and last.upper() != last:
        return last, modifiers[-1][1]  # "three Americans", "five Palestinians"
    if last.lower() in CASUALTIES:
        return last.lower(), modifiers[-1][1]  # "20 wounded"
    if not modifiers:
        said = re.match(r"\s+(?:(?:were|was|are|have been|had been|has been|been)\s+)?(\w+)", text[pos:pos + 30])
        if said and said.group(1).lower() in CASUALTIES:
            return said.group(1).lower(), pos + said.end()  # "20 killed", "at least 20 were killed"
    return None


def _plural(counts: str) -> bool:
    last = counts.split()[-1]
    return last.endswith("s") or last in IRREGULAR_PLURALS


def _not_a_count(text: str, match: re.Match, high_end: int) -> bool:
    """Years, dates, clock times, designations and the like around the number of `match`."""
    num_start = match.start("num")
    raw = match.group("num")
    after = text[high_end:high_end + 16]
    if re.match(r"[:/.]?\d|[A-Za-z]", after):
        return True  # "4:00", "5G", "31st"
    if after.startswith("-") and not re.match(r"-(?:day|week|month|year|hour|minute)\b(?!-old)", after):
        return True  # "F-16", "a 25-year-old", not "a three-day truce"
    before, at = _word_before(text, match.start())
    if text[max(0, num_start - 1):num_start] in "-/:#" and num_start > 0:
        return True
    if (before[:1].isupper() and before.lower() not in PLAIN_CAPITALS and not before.endswith(".")
            and not _sentence_initial(text, at) and not match.group("qual")) or \
            before.lower() in ("no.", "aged", "number", "page"):
        return True
    if before.lower() in MONTHS and not match.group("qual"):
        return True
    following = [w.lower() for w, _, _ in _words_after(text, high_end, len(text), 1)]
    if following and (following[0] in CLOCK or following[0] in MONTHS and raw.isdigit()):
        return True
    if re.match(r"\s+years?\s+(?:of\s+age|old)\b", text[high_end:high_end + 20]):
        return True  # an age
    if re.fullmatch(r"\d{4}", raw) and 1800 <= int(raw) <= 2100 and not match.group("qual"):
        return True
    if raw.lower() == "two" and before.lower() in ("the", "these", "those"):
        return True  # "the two countries": the pair just named
    if raw.lower() == "one" and before.lower() in ("no", "any", "every", "each", "the", "this", "that", "at", "which"):
        return True
    return False


def find_quantities(text: str, start: int = 0, end: int | None = None,
                    skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """The quantities in text[start:end], leaving out those inside `skip` spans (dates), but
    for durations ("for the last five years")."""
    end = len(text) if end is None else end
    candidates = [(m.start(), kind, m) for kind, rx in (("figure", QUANTITY), ("fraction", FRACTION),
                                                          ("vague", VAGUE), ("plural", AT_LEAST_PLURAL))
                  for m in rx.finditer(text, start, end)]
    found: list[Quantity] = []
    taken_until = start
    for at, kind, match in sorted(candidates, key=lambda c: (c[0], -c[2].end())):
        if at < taken_until:
            continue
        read = getattr(_Reader(text, end, found), kind)(match)
        for quantity in read:
            if any(a <= quantity.start < b or a < quantity.end <= b for a, b in skip) and \
                    quantity.counts.split()[-1].lower() not in TIME_UNITS:
                read = []
                break
        if read:
            found.extend(read)
            taken_until = max(q.end for q in read)
    return found


class _Reader:
    """Turns one match into the quantities it gives (none, one, or two for a range)."""

    def __init__(self, text: str, end: int, found: list[Quantity]) -> None:
        self.text, self.end, self.found = text, end, found

    def make(self, start: int, end: int, value, qualifier: str, counts: str) -> Quantity:
        return Quantity(start, end, self.text[start:end], value, qualifier, counts)

    def antecedent(self, pos: int) -> Quantity | None:
        """The quantity before `pos` in the same sentence, if any."""
        if not self.found or SENTENCE_END.search(self.text, self.found[-1].end, pos):
            return None
        return self.found[-1]

    def left_out(self, start: int, pos: int, value, qual: str | None) -> list[Quantity]:
        """A number whose noun is left out, ending at `pos`: "... and 900 in Syria" and "three of
        them" count what the quantity before counts; "the death toll rose to 46" counts the toll;
        "four others", "two more" count others."""
        text = self.text
        tail = re.match(r"\s+(?:(more|others)\b|of\s+(them|those|these|whom)\b)", text[pos:pos + 20])
        end = pos + (tail.end() if tail else 0)
        coordinated = bool(tail) or bool(COORDINATED.search(text, max(0, start - 30), start))
        before = self.antecedent(start)
        if before is not None and coordinated:
            qualifier = _qualifier(qual) if qual else before.qualifier if before.qualifier in WIDENING else "exactly"
            return [self.make(start, end, value, qualifier, before.counts)]
        toll = TOLL.search(text[max(0, start - 120):start])
        if toll:
            return [self.make(start, end, value, _qualifier(qual), toll.group(1).lower())]
        if tail:
            return [self.make(start, end, value, _qualifier(qual), tail.group(1) or "of " + tail.group(2))]
        return []

    def figure(self, match: re.Match) -> list[Quantity]:
        text = self.text
        high_end = match.end("high") if match.group("high") else match.end()
        if _not_a_count(text, match, high_end):
            return []
        raw, qual = match.group("num"), match.group("qual")
        if raw.lower() in ("a", "an") and (not qual or qual.lower() in PREPOSITIONS):
            return []  # "less than a week", not "under a bridge"
        value = number(raw)
        if value is None:
            return []
        if match.group("money_scale"):
            value = _exact(Decimal(value) * SCALES.get(match.group("money_scale"), 10**6))
        high = number(match.group("high")) if match.group("high") else None
        if match.group("high") and (high is None or high <= value or qual or
                                    _word_before(text, match.start())[0].lower() == "from"):
            return []  # "from 4,500 to 2,500": a change, not a range
        qualifier = _qualifier(qual)
        if self._conversion(match.start()):
            return []
        cur = match.group("cur") or match.group("cur2")
        if cur:
            counts, span_end = CURRENCY[cur], high_end
        else:
            found = counted(text, high_end, self.end)
            of_the = re.match(r"\s+of\s+(?:the|his|her|its|their|our|these|those)\s+", text[high_end:high_end + 20])
            if of_the and not re.match(r"\s+of\s+th(?:ose|ese)\s+(?:who|killed|injured|wounded)\b", text[high_end:]):
                found = counted(text, high_end + of_the.end(), self.end)
                if found is None or re.match(r"\w+est\b|(?:most|few|first|last|only)\b", found[0]):
                    return []  # "one of the deadliest", "one of the first"
            if found is None or match.group("high") and found[0] in ("more", "others"):
                return [] if match.group("high") else self.left_out(match.start(), high_end, value, qual)
            counts, span_end = found
        if match.group("high"):
            if not _plural(counts):
                return []  # "a 737-800 jet" names a model; a range counts plurals
            return [self.make(match.start(), span_end, value, "atLeast", counts),
                    self.make(match.start(), span_end, high, "atMost", counts)]
        return [self.make(match.start(), span_end, value, qualifier, counts)]

    def _conversion(self, start: int) -> bool:
        """A number in brackets right after another quantity gives it in other units."""
        before = self.text[max(0, start - 2):start]
        return bool(self.found) and before.endswith("(") and \
            not self.text[self.found[-1].end:start].strip(" (")

    def fraction(self, match: re.Match) -> list[Quantity]:
        words = match.group("frac").lower().split()
        before = _word_before(self.text, match.start("frac"))[0].lower()
        if before in ("first", "second", "latter", "other", "last", "next", "the"):
            return []
        det = re.match(r"\s*(?:(?:the|its|their|his|her|our|this|that|these|those|an?)\s+)?", self.text[match.end():])
        found = counted(self.text, match.end() + det.end(), self.end)
        if found is None:
            return []
        end = found[1]
        of = "of " + self.text[match.end():end].strip()
        if words == ["half"]:
            value, counts = Decimal("0.5"), of
        else:
            value, counts = number(words[0]), f"{words[1]} {of}"
        return [self.make(match.start(), end, value, _qualifier(match.group("qual")), counts)]

    def vague(self, match: re.Match) -> list[Quantity]:
        before = _word_before(self.text, match.start())[0].lower()
        if match.group(0).strip().lower() == "many" and before in ("how", "so", "too", "as"):
            return []
        found = counted(self.text, match.end() - 1, self.end)
        if found is None:  # "wounding several more"
            more = re.match(r"\s+(?:more|others)\b", self.text[match.end() - 1:])
            return [replace(q, value=None, qualifier="several") for q in
                    self.left_out(match.start(), match.end() - 1, None, None)] if more else []
        if not _plural(found[0]) or found[0].endswith("launchers"):
            return []  # "a multiple rocket launcher" names a weapon; vague words count plurals
        return [self.make(match.start(), found[1], None, "several", found[0])]

    def plural(self, match: re.Match) -> list[Quantity]:
        words = match.group("words").lower().split()
        value = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 10**3, "millions": 10**6,
                 "billions": 10**9}[words[-1]]
        if len(words) == 3:
            value *= 10 if words[0] == "tens" else 100
        text = self.text
        in_the = IN_THE_PLURAL.search(text[max(0, match.start() - 60):match.start()])
        if in_the:  # "the death count in the hundreds"
            start = match.start() - len(in_the.group(0))
            return [self.make(start, match.end("words"), value, "atLeast", in_the.group("head"))]
        found = counted(text, match.end(), self.end) if match.group("of") or not \
            re.match(r"\s+(?:more|others)\b", text[match.end():]) else None
        if found is None:
            return [replace(q, qualifier="atLeast") for q in self.left_out(match.start(), match.end("words"), value, None)]
        return [self.make(match.start(), found[1], value, "atLeast", found[0])]


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[Hedge]:
    end = len(text) if end is None else end
    found = []
    for pattern, kind in HEDGE_RE:
        for match in pattern.finditer(text, start, end):
            found.append(Hedge(match.start(), match.end(), match.group(0), kind))
    return sorted(found, key=lambda h: h.start)
