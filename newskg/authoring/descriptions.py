"""Mentions that are not names: descriptions built on a name, references back, and the words
that stand for a speaker.

- A **description** of a new thing built on a name: "Kataib Hezbollah's facilities", "a Ukrainian
  passenger jet", "representatives from Iran", "the largest processing plant at Abqaiq". Its head
  noun says what it is (facilities a facility, an official a person, representatives a group); a
  description with no name in it ("several facilities") is not proposed. Two descriptions with
  the same head built on the same name ("Ukrainian jet", "a Ukrainian passenger jet") are one thing.
- A **reference back**, "the X", to exactly one thing named earlier: "the agency" after "Saudi
  Press Agency" (the name holds the words), "the group" or "the country" when exactly one group
  or country is named in that sentence or the one before. Where two fit, none is proposed.
- A **speaker's words** the quotes part already credited: the pronoun in "…," he said /
  "according to him", and a described speaker ("a spokesperson", "state media").

Nothing here changes who did what: these mentions are added after events and statements are
found, as more evidence for the things the draft proposes.
"""

from __future__ import annotations

import bisect
import re

from .lexicon import Lexicon
from .mentions import Entity, Mention, slug
from .quotes import Statement

# Head nouns of descriptions, and the class of what they name. A craft is written as a place
# (kg:Location), as the hand encodings do: where what happened to it happened.
DESCRIBED: dict[str, str] = {
    **dict.fromkeys("facility facilities plant plants refinery refineries base bases site sites installation "
                    "installations compound compounds camp camps depot depots warehouse warehouses embassy "
                    "consulate headquarters airbase airbases airfield airfields pipeline pipelines "
                    "terminal terminals".split(), "Facility"),
    **dict.fromkeys("jet jets aircraft airliner airliners plane planes helicopter helicopters ship ships tanker "
                    "tankers vessel vessels".split(), "Location"),
    **dict.fromkeys("official ambassador envoy commander spokesperson spokesman spokeswoman representative "
                    "adviser advisor diplomat".split(), "Person"),
    **dict.fromkeys("officials representatives sympathizers sympathisers supporters members diplomats envoys "
                    "commanders delegation".split(), "Organisation"),
    "government": "GovernmentBody",
}
HEADS = re.compile(r"(?<![\w-])(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in sorted(DESCRIBED, key=len, reverse=True))
                   + r")(?![\w-])")
# Words that may stand between a name and the head ("Iraqi military bases", "a Ukrainian passenger jet",
# "Boeing 737-800 jet"): common noun modifiers, hyphenated adjectives ("state-owned") and model numbers.
# A closed list: a verb or preposition here would make the description wrong ("retake two military camps").
MODIFIERS = frozenset("""military air naval army navy police security intelligence defence defense nuclear oil gas
fuel power energy processing passenger cargo commercial civilian civil fighter transport attack combat
reconnaissance surveillance tanker container merchant fishing refugee religious construction border
government state regional local provincial federal municipal senior top high-ranking former deputy chief
foreign diplomatic consular press media medical health aid humanitarian research training storage weapons
ammunition missile rocket drone radar airport port coalition allied main largest key major main new old
underground secret cruise ballistic anti-missile anti-aircraft anti-tank surface-to-air""".split())
MODEL = re.compile(r"[0-9][\w-]*|[A-Za-z]+-[0-9][\w-]*")
FUNCTION_WORDS = frozenset("""a an the and or but of in on at to from for with by as into onto upon against
about after before during near over under between among amid including via than that which who where when
while if is are was were be been being has have had some several many all both other these those""".split())
NUMBER_WORDS = frozenset("two three four five six seven eight nine ten several dozens".split())
DETERMINER = re.compile(r"(?:^|(?<=\s))(?:[Aa]n?|[Tt]he|[Ss]ome|[Ss]everal) $")
# "the country", "the group": a word naming a class, and the classes it may refer to.
# Not "the country": news often means the country where things happen, not the one named last
# ("American troops have withdrawn from the country").
CLASS_NOUNS: dict[str, frozenset[str]] = {
    "group": frozenset({"NonStateArmedGroup"}),
    "militia": frozenset({"NonStateArmedGroup"}), "city": frozenset({"City"}),
    "province": frozenset({"Region"}), "region": frozenset({"Region"}),
}
DEFINITE = re.compile(r"(?<![\w-])[Tt]he ((?:[a-z][a-z-]* ){0,2}[a-z][a-z-]*)\b")
PRONOUN = {"Person": re.compile(r"\b(?:[Hh]e|[Ss]he|him|her)\b"),
           "group": re.compile(r"\b(?:[Ii]t|[Tt]hey|them)\b")}


SAID_BY = re.compile(r"\w+ (?:said|says|added|adds|continued|stated|told|wrote)\b")
SAID_BEFORE = re.compile(r"\b(?:said|added|continued)\s$")


def find_descriptions(text: str, sentences: list[tuple[int, int]], mentions: list[Mention],
                      statements: list[Statement], lex: Lexicon) -> list[Mention]:
    """The mentions this module adds to `mentions` (which it does not change), in text order."""
    found = _speakers(text, mentions, statements)
    found += _described(text, mentions + found, lex)
    found += _references(text, sentences, mentions + found)
    found += _named_things(text, mentions + found, lex)
    found += _unnamed_groups(text, mentions + found)
    return sorted(found, key=lambda m: (m.start, -m.end))


# --- groups the text names by what they are -------------------------------------------------------

# "Police fire tear gas", "militants ambushed a convoy": an actor the text does not name, one per
# article and noun, typed by the noun; never where a name or a nation's adjective comes first
# ("Iraqi police" is the names part's).
UNNAMED_GROUPS: dict[str, str] = {
    **dict.fromkeys(("police", "riot police", "authorities"), "GovernmentBody"),
    **dict.fromkeys(("troops", "soldiers", "security forces"), "ArmedForces"),
    **dict.fromkeys(("militants", "rebels", "rebel fighters", "insurgents", "gunmen", "bandits", "militiamen",
                     "jihadists", "armed men"), "NonStateArmedGroup"),
    **dict.fromkeys(("protesters", "protestors", "demonstrators", "civilians"), "Organisation"),
}
UNNAMED = re.compile(r"(?<![\w-])(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}"
                                                for w in sorted(UNNAMED_GROUPS, key=len, reverse=True)) + r")(?![\w-])")


def _unnamed_groups(text: str, mentions: list[Mention]) -> list[Mention]:
    covered = bytearray(len(text))
    for m in mentions:
        covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    groups: dict[str, Entity] = {}
    found: list[Mention] = []
    for hit in UNNAMED.finditer(text):
        s, e = hit.span()
        before = re.search(r"(\S+)\s$", text[max(0, s - 40):s])
        word = before.group(1) if before else ""
        after_name = s >= 2 and covered[s - 2] and text[s - 1] == " "
        if any(covered[s:e]) or after_name or word[:1].isdigit() or word.lower() in NUMBER_WORDS | {"dozens", "hundreds"} \
                or word.endswith(("'s", "’s", "'", "-led", "-backed")) \
                or word.lower() in ("our", "their", "its", "his", "her", "my", "your"):
            continue  # inside a mention, after a name, a count or a possessive ("our troops": the speaker's)
        words = hit.group(0).lower()
        entity = groups.setdefault(words, Entity(key=slug(words), label=words, cls=UNNAMED_GROUPS[words]))
        found.append(Mention(s, e, hit.group(0), entity))
    return found


# --- things named by a name and a noun, and the parts of a national office ---------------------

# A name and one of these nouns name an event, a weapon or a group the reviewer may want as a
# thing of its own ("Srebrenica massacre", "Katyusha rockets", "Panjshir resistance", "FARC
# dissidents"): proposed untyped (kind other), listed in the draft's "other names".
NAMED_BY_NOUN = frozenset("""massacre massacres offensive invasion withdrawal pandemic protests uprising coup
resistance insurgency crisis war genocide bombing bombings kidnappings kidnapping occupation siege riots
revolution ceasefire rocket rockets missile missiles batteries militants dissidents fighters rebels settlers
refugees insurgents separatists jihadists loyalists corridor camp""".split())


def _named_things(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    from .mentions import PERSON_TITLES

    spans = {(m.start, m.end) for m in mentions}
    names = [m for m in mentions if m.text[:1].isupper() or m.text[:1].isdigit()]
    found: list[Mention] = []
    for name in names:
        words_after = re.findall(r"[a-z][a-z-]*|\S", text[name.end + 1:name.end + 60])[:3] \
            if text[name.end:name.end + 1] == " " else []
        for size in (2, 1):  # "Patriot missile batteries", then "Katyusha rockets"
            if len(words_after) < size or not all(w[0].islower() for w in words_after[:size]):
                continue
            head, modifiers = words_after[size - 1], words_after[:size - 1]
            following = words_after[size] if len(words_after) > size else ""
            if head not in NAMED_BY_NOUN or any(w not in MODIFIERS for w in modifiers) or \
                    (following[:1].islower() and following not in FUNCTION_WORDS and following not in lex.verbs):
                continue  # "British war crimes": the noun is a modifier itself
            end = name.end + 1 + len(" ".join(words_after[:size]))
            if text[name.end + 1:end] == " ".join(words_after[:size]) and (name.start, end) not in spans:
                spans.add((name.start, end))
                words = text[name.start:end]
                found.append(Mention(name.start, end, words, Entity(key=slug(words), label=words, cls="Other")))
            break
        if name.entity.cls == "NewsOrganisation" and text[max(0, name.start - 4):name.start] == "The " \
                and (name.start - 4, name.end) not in spans:  # "The New York Times": the masthead's "The"
            spans.add((name.start - 4, name.end))
            found.append(Mention(name.start - 4, name.end, text[name.start - 4:name.end], name.entity))
        if name.entity.cls == "Office":  # "Ethiopian Prime Minister": also the office, and the nation's adjective
            for title in sorted(PERSON_TITLES, key=len, reverse=True):
                at = name.text.find(" " + title)
                if at > 0 and name.text.endswith(title) or (at > 0 and name.text[at + 1:].startswith(title + " ")):
                    who = name.text[:at]
                    s = name.start + at + 1
                    if (s, name.end) not in spans:
                        spans.add((s, name.end))
                        found.append(Mention(s, name.end, text[s:name.end], name.entity))
                    if who in lex.demonyms and (name.start, name.start + len(who)) not in spans:
                        spans.add((name.start, name.start + len(who)))
                        found.append(Mention(name.start, name.start + len(who), who,
                                             Entity(key=slug(who), label=who, cls="Other")))
                    break
    found += _name_parts(text, mentions + found, spans, lex)
    return found


JOINED_CLASSES = frozenset({"GovernmentBody", "ArmedForces", "MilitaryUnit", "Organisation", "Facility",
                            "NonStateArmedGroup", "NewsOrganisation", "Office"})


def _name_parts(text: str, mentions: list[Mention], spans: set, lex: Lexicon) -> list[Mention]:
    """Names news writes two ways: a nation's name before an institution's ("U.S." "Department of
    Defense": also "U.S. Department of Defense"), a place "of" another place or a nation ("Char Asiab
    District of the Kabul Province": also each part; not "Department of State"), a nation's
    adjective before a body ("Turkish Ministry of National Defense": also "Ministry of National
    Defense")."""
    from .mentions import HEAD_WORDS

    PLACE_HEADS = {h.rstrip("s") for cls, heads in HEAD_WORDS if cls in ("Facility", "Region", "City") for h in heads}
    found: list[Mention] = []

    def add(s: int, e: int, entity: Entity | None) -> None:
        if s < e and (s, e) not in spans and text[s:e][:1].isupper():
            spans.add((s, e))
            words = text[s:e]
            found.append(Mention(s, e, words, entity or Entity(key=slug(words), label=words, cls="Other")))

    starts: dict[int, list[Mention]] = {}
    for m in mentions:
        starts.setdefault(m.start, []).append(m)
    for m in mentions:
        nation = m.entity.cls in ("State", "Country") or m.text in lex.demonyms or m.text == "White House"
        if nation:
            for after in starts.get(m.end + 1, []):
                if text[m.end] == " " and after.entity.cls in JOINED_CLASSES:
                    add(m.start, after.end, after.entity)
        parts = re.fullmatch(r"(?P<a>[A-Z][^,]*?) of (?:the )?(?P<b>[A-Z][^,]*)", m.text)
        b_start = m.start + parts.start("b") if parts else None
        if parts and " of " not in parts.group("b") and (
                parts.group("a").split()[-1].rstrip("s") in PLACE_HEADS or
                any(o.start == b_start and o.end == m.end and o.entity.kind == "place" or
                    o.entity.cls in ("State", "Country") for o in starts.get(b_start, []))):
            add(m.start, m.start + len(parts.group("a")), None)
            add(m.start + parts.start("b"), m.end, None)
        first = m.text.split(" ", 1)
        if len(first) == 2 and first[0] in lex.demonyms and m.entity.cls in JOINED_CLASSES and first[1][:1].isupper():
            add(m.start + len(first[0]) + 1, m.end, m.entity if m.entity.cls == "Office" else None)
    return found


# --- speakers ---------------------------------------------------------------------------------


def _speakers(text: str, mentions: list[Mention], statements: list[Statement]) -> list[Mention]:
    spans = {(m.start, m.end) for m in mentions}
    quoted = [(st.quote_start, st.quote_end) for st in statements]
    found: list[Mention] = []
    for st in statements:
        speaker = st.speaker
        if speaker.entity.kind == "other" or speaker.entity.cls == "Actor":
            continue
        named_here = st.start <= speaker.start and speaker.end <= st.end
        if named_here and (speaker.start, speaker.end) not in spans and \
                speaker.text.split(" ", 1)[0] not in FUNCTION_WORDS - {"a", "an", "the", "some", "several", "other"} and \
                not any(m.start in (speaker.end + 1, speaker.end + 2) for m in mentions):  # "a spokesperson", not "spokesperson Yahya Sarea"
            spans.add((speaker.start, speaker.end))
            found.append(Mention(speaker.start, speaker.end, speaker.text, speaker.entity))
        # The pronoun that stands for the speaker in the words reporting this statement: any, when the
        # speaker was credited from an earlier sentence; after the name, with a verb of saying, when named.
        pattern = PRONOUN["Person" if speaker.entity.cls == "Person" else "group"]
        begin = speaker.end if named_here else st.start
        for hit in pattern.finditer(text, begin, st.end):
            if any(q0 <= hit.start() < q1 for q0, q1 in quoted) or hit.span() in spans:
                continue
            if named_here and not SAID_BY.match(text, hit.start()) and not SAID_BEFORE.search(text, 0, hit.start()):
                continue
            spans.add(hit.span())
            found.append(Mention(hit.start(), hit.end(), hit.group(0), speaker.entity))
            break
    return found


# --- descriptions built on a name -------------------------------------------------------------


def _described(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    names = [m for m in mentions if m.entity.kind != "other" or m.text[:1].isupper()]
    ends = {}
    for m in names:  # the longest name ending at each position
        if m.end not in ends or m.end - m.start > ends[m.end].end - ends[m.end].start:
            ends[m.end] = m
    starts = {}
    for m in names:
        if m.start not in starts or m.end - m.start > starts[m.start].end - starts[m.start].start:
            starts[m.start] = m
    entities: dict[tuple, Entity] = {}
    found: list[Mention] = []
    people = [m for m in mentions if m.entity.cls == "Person"]
    for hit in HEADS.finditer(text):
        head = hit.group(0)
        begin, end = hit.start(), hit.end()
        if any(m.start <= begin and end <= m.end for m in mentions):
            continue  # the head is inside a name ("US base in Erbil", "Government of Iraq")
        # Modifiers to the left: lower-case words that are not verbs or function words.
        mods = 0
        while mods < 3:
            word = re.search(r"(\S+) $", text[max(0, begin - 40):begin])
            token = word.group(1) if word else ""
            if not (token.lower() in MODIFIERS or MODEL.fullmatch(token) or
                    re.fullmatch(r"[a-z]+-(?:owned|run|backed|led|based|made|controlled|held)", token)):
                break
            begin -= len(token) + 1
            mods += 1
        count = re.search(r"(?:^|(?<=\s))([0-9][0-9,]*|[a-z]+) $", text[max(0, begin - 12):begin])
        counted = bool(count and (count.group(1) in NUMBER_WORDS or count.group(1)[0].isdigit()))
        if counted:
            begin -= len(count.group(1)) + 1  # "three sites", "84 facilities": the count is part of it
        left = _name_before(text, begin, ends)
        start = begin
        if left is not None and re.search(r"\bof $", text[max(0, left.start - 4):left.start]):
            left = None  # "the governor of Kunduz's compound": the compound is the governor's
        if left is not None:
            start = left.start
            left_possessive = text[left.end:begin].strip() in ("'s", "’s")
            before_name = re.search(r"(\S+) $", text[max(0, start - 30):start])
            if not left_possessive and mods == 0 and left.entity.kind == "actor" and \
                    not DETERMINER.search(text[max(0, start - 8):start]) and not _demonym(left, lex) and \
                    not (before_name and before_name.group(1).lower() in MODIFIERS):
                continue  # "Iran bases its claim": a name before a bare noun may be its subject
        right = None
        link = re.match(r" (?:of|from|in|at|belonging to|(?:used|operated|run|owned|controlled|held) by) (?:the )?",
                        text[end:end + 24])
        if DESCRIBED[head.lower()] in ("Person", "Organisation"):  # "the ambassador to X", not "planes to X"
            link = link or re.match(r" to (?:the )?", text[end:end + 8])
        if link and end + link.end() in starts:
            right = starts[end + link.end()]
            after = re.match(r"(?:'s|’s) (?:[a-z][a-z-]* ){0,2}", text[right.end:right.end + 40])
            if after and right.end + after.end() in starts:  # "Saudi Arabia's state-owned Saudi Aramco"
                right = starts[right.end + after.end()]
        if left is None and right is None:
            continue
        before = re.search(r"(?:^|\s)([a-z]+) $", text[max(0, begin - 20):begin])
        if left is None and not counted and before and before.group(1) not in FUNCTION_WORDS:
            continue  # "service members in Iraq" or "attack facilities in Iraq": where it begins is not clear
        stop = right.end if right is not None else end
        det = DETERMINER.search(text[max(0, start - 8):start])
        evidence_start = start - len(det.group(0)) if det else start
        label = text[start:stop]
        if any(m.start <= evidence_start and stop <= m.end or (m.start, m.end) == (start, stop) for m in mentions):
            continue  # a name ("Ain al-Asad Air Base") or the names part has it
        if left is not None and left.end == stop:
            continue
        cls = DESCRIBED[head.lower()]
        if cls == "Person" and re.search(r"\b(?:is|was|are|were|became|becomes|as|named|appointed)\s$",
                                         text[max(0, evidence_start - 12):evidence_start]):
            continue  # "al-Muhandis was the deputy commander of …": what the subject is, not another person
        if cls == "Person" and any(m.start in (stop + 1, stop + 2) or
                                   (m.end < evidence_start and re.fullmatch(r",\s+(?:[\w-]+\s+){0,4}", text[m.end:evidence_start]))
                                   for m in people):
            continue  # a title or an apposition of a named person ("spokesperson Yahya Sarea", "X, the deputy …")
        key = (head.lower().rstrip("s"), id((left or right).entity))
        entity = entities.get(key)
        same_head = {id(v): v for k, v in entities.items() if k[0] == key[0]}
        if entity is None and det is not None and det.group(0).lower() == "the " and left is not None and \
                left.entity.kind == "other" and right is None and len(same_head) == 1:
            entity = next(iter(same_head.values()))  # "a Ukrainian passenger jet" ... "the Boeing 737-800 jet"
        if entity is None:
            entity = entities[key] = Entity(key=slug(label), label=label, cls=cls)
        elif len(label) > len(entity.label):
            entity.label, entity.key = label, slug(label)
        found.append(Mention(evidence_start, stop, text[evidence_start:stop], entity))
    return found


def _name_before(text: str, at: int, ends: dict[int, Mention]) -> Mention | None:
    """The name just before `at` ("Kataib Hezbollah " or "Kataib Hezbollah's ")."""
    for gap in (1, 3):
        name = ends.get(at - gap)
        if name is not None and text[name.end:at] in (" ", "'s ", "’s "):
            return name
    return None


def _demonym(mention: Mention, lex: Lexicon) -> bool:
    return mention.text in lex.demonyms


# --- references back ----------------------------------------------------------------------------


def _references(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Mention]:
    taken = bytearray(len(text))
    for m in mentions:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    names = _Heads(sentences, [m for m in mentions if m.entity.kind != "other"])
    found: list[Mention] = []
    for m in mentions:  # "the Parliament", "the Embassy" written as a name: the one named before, if one
        if m.entity.iri is None and m.entity.kind != "other" and m.entity.label.removeprefix("the ").isalpha() \
                and m.entity.label[:1].isupper():
            fits = names.named([m.entity.label], m.start, besides=m.entity)
            if len(fits) == 1:
                m.entity = fits[0]
    for hit in DEFINITE.finditer(text):
        s = hit.start()
        words = hit.group(1).split()
        for n in range(len(words), 0, -1):  # "the oil field is": "oil field", not "oil field is"
            e = hit.start(1) + len(" ".join(words[:n]))
            pick = _referent(text, names, words[:n], s, e)
            if pick is not None and not any(taken[s:e]):
                found.append(Mention(s, e, text[s:e], pick))
                taken[s:e] = b"\x01" * (e - s)
                break
    return found


class _Heads:
    """The mentions by the last word of their name's head, and in text order: what a reference
    back may point to is found without reading every earlier mention (a long text has thousands)."""

    def __init__(self, sentences: list[tuple[int, int]], mentions: list[Mention]) -> None:
        self.sentence_starts = [s for s, _ in sentences]
        self.by_start = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.by_start]
        self.by_head: dict[str, list[tuple[Mention, list[str]]]] = {}
        for m in mentions:
            for name in {m.entity.label, m.text}:
                words = _head(name)
                if words:
                    self.by_head.setdefault(words[-1], []).append((m, words))

    def named(self, words: list[str], before: int, besides: Entity | None = None) -> list[Entity]:
        """The things named before `before` whose name's head ends in `words`."""
        wanted = " ".join(words).lower().split()
        fits = {id(m.entity): m.entity for m, name in self.by_head.get(wanted[-1], ())
                if m.end <= before and m.entity is not besides and name[-len(wanted):] == wanted}
        return list(fits.values())

    def of_class(self, classes: frozenset[str], at: int) -> list[Entity]:
        """The things of these classes named in the sentence at `at` or the one before, before it."""
        count = bisect.bisect_right(self.sentence_starts, at)
        window = self.sentence_starts[count - 2] if count >= 2 else 0
        first = bisect.bisect_left(self.starts, window)
        fits = {id(m.entity): m.entity for m in self.by_start[first:bisect.bisect_left(self.starts, at)]
                if m.end <= at and m.entity.cls in classes}
        return list(fits.values())


def _referent(text: str, names: _Heads, words: list[str], s: int, e: int) -> Entity | None:
    """The one thing "the WORDS" at s..e refers back to, or None."""
    if re.match(r"(?:'s|’s)? ?[A-Z(]|,? (?:(?:of|from|in|at|to|near|belonging to) (?:the )?[A-Z]|who |which |that )",
                text[e:e + 30]):
        return None  # "the group Hezbollah", "the government of X", "the base that …": not a reference back
    head = words[-1]
    if head in CLASS_NOUNS:
        fits = names.of_class(CLASS_NOUNS[head], s) if len(words) == 1 else []
    else:
        fits = names.named(words, s)
    return fits[0] if len(fits) == 1 else None


def _head(name: str) -> list[str]:
    """The words of a name's head, lower-case: all of it, or what comes before "of", "in"…
    ("United States Embassy in Iraq": united states embassy). A reference back names a thing when
    its words end the head: "Saudi Press Agency" the agency, "Khurais oil field" the oil field,
    "Ministry of Defence" the ministry."""
    return re.split(r" (?:of|in|at|for|on|to) ", name.lower())[0].split()
