"""Quantities ("at least 20 people", "dozens of rockets", "around 2,500 US soldiers", "three
rockets") and hedges ("likely", "reportedly") in an article's text.

Spelled-out numbers are read with text2num (its English `text2num`), which handles compounds
such as "two thousand five hundred"; digits with thousands separators are read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUALIFIERS = [
    (r"at least|more than|over|upwards of|in excess of|no fewer than|no less than", "atLeast"),
    (r"at most|up to|no more than|a maximum of", "atMost"),
    (r"less than|fewer than|under|nearly|almost|just under", "lessThan"),
    (r"around|about|approximately|roughly|some|an estimated|estimated|nearly|close to|circa|about", "approximately"),
]
VAGUE = r"(?:several|dozens of|scores of|hundreds of|thousands of|tens of thousands of|a number of|a few|many|numerous)"
UNITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (?:million|billion|thousand|hundred))?"
WORDS = (r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
         r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
         r"thousand|million|a dozen|dozen)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|"
         r"million|and))*)")
QUALIFIER_RE = "|".join(f"(?:{rx})" for rx, _ in QUALIFIERS)
NOUN = r"(?P<counts>(?:[A-Z][\w.]*\s|[a-z]+-[a-z]+\s|(?:more|other|additional|injured|wounded|unarmed|armed|American|civilian|foreign|local|Iraqi|Iranian|US|U\.S\.)\s){0,2}[a-z][a-z-]+)"
QUANTITY = re.compile(
    rf"\b(?:(?P<qual>(?i:{QUALIFIER_RE})) )?(?P<num>{UNITS}|(?i:{WORDS})|an?)(?: of (?:the|them|those))? {NOUN}\b")
VAGUE_QUANTITY = re.compile(rf"\b(?P<vague>(?i:{VAGUE})) {NOUN}\b")
NOT_COUNTED = frozenset("""percent per o'clock am pm of and or to the a an in on at by years year
months month days day weeks week hours hour minutes people's""".split()) - {"people"}
TIME_UNITS = frozenset("years year months month days day weeks week hours hour minutes minute".split())
HEDGES = [
    (r"\blikely\b|\bprobably\b|\bpossibly\b|\bapparently\b|\bbelieved to\b|\bthought to\b|\bsuspected\b|\bpresumably\b|\bmay have\b|\bmight have\b", "likely"),
    (r"\breportedly\b|\ballegedly\b|\bunconfirmed\b|\bsaid to have\b|\breports? (?:say|said|suggest)\b|\bclaimed\b|\bpurportedly\b", "reportedly"),
    (r"\b(?:has|have|had|did|does|do) not\b|\bnever\b|\bno evidence\b|\bdenied\b", "notHappened"),
    (r"\baccording to\b|\bciting\b|\bsources said\b|\bquoted\b", "attribution"),
]
HEDGE_RE = [(re.compile(rx, re.I), kind) for rx, kind in HEDGES]


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: float | int | None
    qualifier: str
    counts: str


@dataclass
class Hedge:
    start: int
    end: int
    cue: str
    kind: str  # likely, reportedly, notHappened, attribution


def number(words: str) -> float | int | None:
    """The number written as digits ("2,500", "1.5 million") or words ("three", "a dozen")."""
    words = words.strip().lower()
    scale = 1
    for name, factor in (("million", 10**6), ("billion", 10**9), ("thousand", 10**3), ("hundred", 100)):
        if re.fullmatch(rf"[\d.,]+ {name}", words):
            words, scale = words.rsplit(" ", 1)[0], factor
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", words):
        value = float(words.replace(",", "")) * scale
        return int(value) if value == int(value) else value
    if words in ("a", "an"):
        return 1
    if words in ("a dozen", "dozen"):
        return 12
    from text_to_num import text2num

    try:
        return text2num(words.replace(" and ", " "), "en")
    except ValueError:
        return None


def find_quantities(text: str, start: int = 0, end: int | None = None,
                    skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """The quantities in text[start:end], leaving out those inside `skip` spans (dates)."""
    end = len(text) if end is None else end
    found = []
    matches = [*QUANTITY.finditer(text, start, end), *VAGUE_QUANTITY.finditer(text, start, end)]
    for match in sorted(matches, key=lambda m: m.start()):
        s, e = match.span()
        if any(q.start <= s < q.end for q in found):
            continue
        if any(a <= s < b or a < e <= b for a, b in skip):
            continue
        counts = match.group("counts").split()[-1]
        if counts.lower() in NOT_COUNTED and not (counts.lower() in TIME_UNITS and match.groupdict().get("qual")):
            continue
        if "vague" in match.groupdict():
            found.append(Quantity(s, e, match.group(0), None, "several", counts))
            continue
        raw = match.group("num")
        if raw.lower() in ("a", "an") and not match.group("qual"):
            continue
        value = number(raw)
        if value is None or (isinstance(value, int) and 1900 <= value <= 2100 and raw.isdigit()):
            continue
        qualifier = "exactly"
        if match.group("qual"):
            qual = match.group("qual").lower()
            qualifier = next(kind for rx, kind in QUALIFIERS if re.fullmatch(rx, qual))
        found.append(Quantity(s, e, match.group(0), value, qualifier, counts))
    return found


def find_hedges(text: str, start: int = 0, end: int | None = None) -> list[Hedge]:
    end = len(text) if end is None else end
    found = []
    for pattern, kind in HEDGE_RE:
        for match in pattern.finditer(text, start, end):
            found.append(Hedge(match.start(), match.end(), match.group(0), kind))
    return sorted(found, key=lambda h: h.start)
