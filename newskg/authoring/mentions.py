"""Mentions of actors and places: the graph's known names first, then names not yet known.

Known entities are matched by their labels and aliases (longest name first, case as written).
Every other capitalised word sequence is a candidate, split off any title before it
("Defense Secretary Lloyd Austin" -> the office, and the person) and typed from its own words
("... Ministry" a government body, "... Airport" a facility, "... Forces" armed forces or an
armed group), from the lexicon (countries, cities, armed groups and organisations of the
PETRARCH2 dictionaries, cities of GeoNames, states and provinces of ISO 3166-2 from pycountry)
and from its context (a title before it, "in" before a place, "X said"). A later surname or
acronym ("Soleimani", "PMF") is the same entity as the full name the article gave first.
Spans follow how news writes names: an office "of" something before its holder is the office
and the person ("Minister of Transport Katumba Wamala"), a town with its province is one name
("Oakland, California"), "and" joins a country's or a body's name ("Bosnia and Herzegovina",
"Oil and Gas Corporation"), a people noun after a group's name is the group ("Taliban fighters").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import pycountry

from .lexicon import Lexicon

PLACE_CLASSES = frozenset({"Location", "Country", "City", "Facility", "Region"})
ACTOR_CLASSES = frozenset({"Actor", "Person", "Organisation", "State", "GovernmentBody", "ArmedForces",
                           "MilitaryUnit", "NonStateArmedGroup", "NewsOrganisation"})
# Titles before a name: the office is kept for the speaker's position.
PERSON_TITLES = (
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Foreign Minister",
    "Defense Minister", "Defence Minister", "Interior Minister", "Minister", "Secretary of State",
    "Defense Secretary", "Defence Secretary", "Secretary", "Secretary-General", "Secretary General",
    "General", "Gen.", "Lt.", "Lieutenant", "Colonel", "Col.", "Major", "Maj.", "Captain", "Capt.",
    "Commander", "Admiral", "Brigadier General", "Major General", "Lieutenant General",
    "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr", "King", "Queen", "Prince", "Crown Prince",
    "Sheikh", "Ayatollah", "Supreme Leader", "Senator", "Sen.", "Rep.", "Representative",
    "Governor", "Gov.", "Mayor", "Chief", "Speaker", "Ambassador", "Spokesman", "Spokeswoman",
    "Spokesperson", "Chancellor", "Emir", "Sultan", "Pope", "Patriarch", "Cleric", "Imam",
    "Judge", "Justice", "Prosecutor", "Director", "Chairman", "Chairwoman", "Leader",
    "Field Marshal", "Marshal", "Chief Prosecutor", "Chief Executive", "Majority Leader", "Minority Leader",
    "Senate Majority Leader", "Senate Minority Leader", "House Speaker", "Foreign Secretary", "Home Secretary",
    "Home Minister", "Finance Minister", "Army Chief", "Chief of Staff", "Attorney General", "Reps.", "Reps",
    "Representatives",
    "Mullah", "Maulana", "Mawlawi", "Rear Admiral", "Vice Admiral", "Sergeant", "Sgt.", "Special Envoy", "Envoy",
    "State Counsellor", "Special Representative", "High Representative", "High Commissioner", "Commissioner",
    "Coordinator", "Adm.", "RDML", "RADM", "VADM", "LTG", "Brig. Gen.", "Maj. Gen.", "Lt. Gen.", "Press Secretary",
)
HONORIFICS = frozenset({"Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Dr.", "Dr"})
TITLE_RE = re.compile(r"^(?:(?:" + "|".join(re.escape(t) for t in sorted(PERSON_TITLES, key=len, reverse=True))
                      + r")\s+)+")
NOT_NAMES = frozenset("""
The A An In On At Of For From By With To And But Or As If When While After Before Since Until During
Last Next Early Late However Meanwhile Notably Thus Also Still Yet Then There This That These Those It Its He She They We I
You His Her Their Our My Your Who What Where Why How Which According Although Though Despite Earlier Later
Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct
Nov Dec Mr Mrs Ms Dr Some Many Several Other Others Both Each All No Not Why Details Other Officials
Following Local Reports Sources Witnesses Police Residents Security Government Military Officials Troops
Forces Soldiers Militants Rebels Protesters Protestors Authorities Meanwhile Additionally Furthermore
Moreover Instead Here Over Under About Around Near Between Among Including Amid Against Via Per
One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Thirteen Fourteen Fifteen Sixteen Seventeen
Eighteen Nineteen Twenty Thirty Forty Fifty Dozens Hundreds Thousands Scores Suspected Alleged Senior Former
Incumbent Acting Unidentified Unknown Armed Gunmen Explosions
""".split())
CONNECTORS = ("of the", "of", "for the", "for", "al", "bin", "ibn", "de", "du", "da", "dos", "das", "do", "es",
              "la", "von", "van", "der", "el", "del", "di", "e")
# A word of a name: capitalised, its hyphenated parts capitalised or digits ("Mi-35", "COVID-19"), or joined by
# a particle ("Deir ez-Zor", "Mazar-i-Sharif", "Jaish-e-Mohammed", "Romans-sur-Isère").
PARTICLE = r"(?:al|el|ad|as|ash|ar|an|at|ez|es|e|i|ul|ud|ur|sur|sous|en|de|du|la|le|les|lès|au|aux)"
# Capitals beyond ASCII start names too ("Évariste Ndayishimiye", "İzmir", "Łódź").
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
NAME_TOKEN = (rf"(?:(?:[{UPPER}][\w'’.]*|(?:{PARTICLE}-)[{UPPER}][\w'’]*)"
              rf"(?:[-–](?:{PARTICLE}-)?[{UPPER}0-9][\w'’.]*)*"
              rf"(?: (?:{PARTICLE})-[{UPPER}][\w'’]*)?)")
CAND = re.compile(
    rf"(?<![\w'’]){NAME_TOKEN}(?:(?: (?:{'|'.join(CONNECTORS)}))? {NAME_TOKEN})*"
)
# The last word names the kind of thing: checked in this order, most telling first.
HEAD_WORDS: list[tuple[str, frozenset[str]]] = [
    ("NewsOrganisation", frozenset("""News Times Post Telegraph Insider Reuters Journal Herald Guardian
        Tribune Gazette Press TV Television Radio Broadcasting Observer Monitor Chronicle Jazeera BBC
        CNN AFP IRNA Tasnim Fars Xinhua Wikinews Independent Economist Bloomberg""".split())),
    ("Facility", frozenset("""Airport Base Embassy Consulate Hospital Camp Port Station Refinery Plant
        Field Prison Palace Mosque Church Synagogue Temple School University College Bridge Dam Facility
        Compound Complex Headquarters Building Tower Square Hotel Stadium Market Mall Checkpoint Crossing
        Reactor Airbase Airfield Terminal Pipeline""".split())),
    ("Region", frozenset("""Province Governorate Region District County Strip Valley Mountains Peninsula
        Bank Sea Gulf Oblast Territory Territories Desert Coast Island Islands Basin Plateau Canal River
        Highlands Corridor Heights""".split())),
    ("City", frozenset("City Town Village".split())),
    ("MilitaryUnit", frozenset("Brigade Division Battalion Regiment Command Squadron Fleet Corps Unit".split())),
    ("ArmedForces", frozenset("Army Navy Forces Force Guard Guards Military Marines Gendarmerie".split())),
    ("NonStateArmedGroup", frozenset("""Brigades Militia Militias Front Movement Mobilization Mobilisation
        Hezbollah Hizballah Taliban Qaeda Houthis Ansarallah Shabaab Jihad Mujahideen Rebels Insurgents
        Battalions Legion Haram ISIS ISIL Daesh""".split())),
    ("GovernmentBody", frozenset("""Ministry Department Parliament Senate Congress Council Cabinet
        Government Assembly Agency Office Court Police Administration Commission Presidency Kremlin
        Pentagon Directorate Authority Bureau Service Services Secretariat Majlis Knesset Duma""".split())),
    ("Organisation", frozenset("""Organization Organisation Union Association Company Corporation Corp
        Party Foundation Bank Fund Nations Cross Crescent Committee Institute Group Alliance League
        Coalition Federation Society Airlines Airways Inc Ltd NATO""".split())),
]
PLACE_HEADS = frozenset().union(*(heads for cls, heads in HEAD_WORDS if cls in ("Facility", "Region", "City")))
ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|(?:Gen|Lt|Col|Maj|Capt|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|St|Jr|Sr)\.")
TRAILING_CONNECTOR = re.compile(r"(?: (?:of the|of|for the|for|and the|al|bin|de))+$")
HEAD_SET = frozenset(word for cls, heads in HEAD_WORDS if cls != "NonStateArmedGroup" for word in heads)
STATE_AFTER = re.compile(r"^ (?:forces|troops|army|military|government|officials|authorities|soldiers|"
                         r"warplanes|jets|navy|president|prime minister|ministry|embassy)\b")
# Possessives that belong to a name ("Tigray People's Liberation Front", "Workers' Party").
COMMON_POSSESSORS = frozenset({"People", "Peoples", "Workers", "Women", "Children", "Martyrs", "Veterans", "Farmers",
                               "Mujahideen", "God"})
PLACE_CUES = frozenset("in at near from outside across into towards toward to around inside of".split())
SPEECH_AFTER = re.compile(r"^,? (?:said|says|told|added|stated|announced|claimed|reported|warned|"
                          r"noted|wrote|tweeted|confirmed|denied)\b")


@dataclass
class Entity:
    """A thing mentioned: known (an ent: IRI) or new (a local id to propose)."""

    key: str
    label: str
    cls: str
    iri: str | None = None
    aliases: set[str] = field(default_factory=set)
    code: str | None = None  # a CAMEO country or actor code when the lexicon knows one

    @property
    def kind(self) -> str:
        if self.cls in PLACE_CLASSES:
            return "place"
        if self.cls in ACTOR_CLASSES:
            return "actor"
        return "other"


@dataclass
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    title: str | None = None  # an office or rank written before the name
    title_start: int | None = None


@dataclass(frozen=True)
class KnownName:
    name: str
    iri: str
    label: str
    cls: str


def slug(words: str) -> str:
    plain = re.sub(r"[^a-z0-9]+", "-", words.lower().replace("'s", "")).strip("-")
    return plain[:48].rstrip("-") or "x"


class NameIndex:
    """The known names, as one regular expression (longest first) and a name -> entity map."""

    def __init__(self, names: list[KnownName]) -> None:
        self.entities: dict[str, Entity] = {}
        self.by_name: dict[str, Entity] = {}
        for known in sorted(names, key=lambda n: (n.iri, n.name)):
            entity = self.entities.setdefault(known.iri, Entity(
                key=known.iri, label=known.label, cls=known.cls, iri=known.iri))
            entity.aliases.add(known.name)
            for form in {known.name, known.name[:1].upper() + known.name[1:]}:
                self.by_name.setdefault(form, entity)
        # "the United States" is matched as "United States": the article's "the" is not part of the name
        ordered = sorted((n for n in self.by_name if not (n.startswith(("the ", "The "))
                                                           and self.by_name.get(n[4:]) is self.by_name[n])),
                         key=len, reverse=True)
        self.pattern = (re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w]|[-–][A-Z0-9])")
                        if ordered else None)


def find_mentions(text: str, sentences: list[tuple[int, int]], index: NameIndex, lex: Lexicon) -> list[Mention]:
    """Every mention in the text, in order; spans do not overlap."""
    mentions: list[Mention] = []
    taken = bytearray(len(text))
    if index.pattern is not None:
        for match in index.pattern.finditer(text):
            s, e = match.span()
            name, entity = match.group(0), index.by_name[match.group(0)]
            if _inside_another_name(text, s, e, name, entity):
                continue
            mentions.append(Mention(s, e, name, entity))
            taken[s:e] = b"\x01" * (e - s)
    new: dict[str, Entity] = {}
    surnames: dict[str, Entity] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        _remember_surname(mention.entity, surnames)
    # A capitalised first word of a sentence is a name when the text writes it capitalised elsewhere too,
    # or gives it a possessive ("Artsakh's Defence Ministry").
    first_words = {s for s, _ in sentences}
    elsewhere = {w.group(0) for w in re.finditer(rf"(?<![\w'’-])[{UPPER}][\w-]+", text)
                 if w.start() not in first_words}
    sentence_starts = {s for s in first_words if not re.match(r"[\w-]+['’]s\b", text[s:s + 40])
                       and (m := re.match(r"[\w-]+", text[s:s + 40])) and m.group(0) not in elsewhere}
    for match in JOINED.finditer(text):
        s, e = match.span()
        words, first = match.group(0), match.group("first")
        while first.split(" ", 1)[0] in NOT_NAMES and " " in first:  # "The Iraq and Syria ..."
            cut = first.index(" ") + 1
            s, words, first = s + cut, words[cut:], first[cut:]
        if words.endswith(".") and not ABBREVIATION.fullmatch(words.rsplit(" ", 1)[-1]):
            e, words = e - 1, words[:-1]
        if any(taken[s:e]) and not all(m.entity.kind != "other" and (m.start, m.end) != (s, e)
                                       for m in mentions if s <= m.start and m.end <= e):
            continue
        if not _one_name(words, first, index, lex):
            continue
        mention = _candidate(text, s, e, words, index, lex, new, surnames, s in sentence_starts)
        if mention is None or mention.entity is OFFICE:
            continue
        mentions[:] = [m for m in mentions if not (s <= m.start and m.end <= e)]  # its parts, known ones found again
        mentions.append(mention)
        taken[s:e] = b"\x01" * (e - s)
    for match in CAND.finditer(text):
        for s, e, words in _pieces(text, match.start(), match.end()):
            inner = [m for m in mentions if s <= m.start and m.end <= e and (m.start, m.end) != (s, e)]
            if inner and " " in words and set(words.split()[1:]) & HEAD_SET and words not in index.by_name \
                    and not any(m.end == e for m in inner):
                for m in inner:
                    mentions.remove(m)
                    taken[m.start:m.end] = b"\x00" * (m.end - m.start)
            stretches = _untaken(text, s, e, taken) if any(taken[s:e]) else [(s, e, words)]
            for s, e, words in stretches:
                while (lead := _descriptor_first(words, index, lex)):  # "Sunni | Arab", "Kurdish | PKK"
                    mention = _candidate(text, s, s + lead, words[:lead], index, lex, new, surnames,
                                         s in sentence_starts)
                    if mention is not None:
                        mentions.append(mention)
                        taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
                    s, words = s + lead + 1, words[lead + 1:]
                of, rest = _two_names(words, index, lex)
                office = None
                if of:  # "Tigray Region of Ethiopia": the region, and the country it is in
                    if OFFICE_OF.match(words[:of]) and rest == of + 1:
                        office = (s, words[:of])  # "President of Russia Vladimir Putin": the office, then its holder
                    if not (office and OFFICE_OF.match(words[:of]).group("what").split()[-1] in PORTFOLIO_ENDS):
                        mention = _candidate(text, s, s + of, words[:of], index, lex, new, surnames,
                                             s in sentence_starts)
                        if mention is not None:
                            mentions.append(mention)
                            taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
                            _remember_surname(mention.entity, surnames)
                    s, words = s + rest, words[rest:]
                    e = s + len(words)
                mention = _candidate(text, s, e, words, index, lex, new, surnames, s in sentence_starts)
                if mention is None:
                    continue
                if office and mention.entity.cls == "Person" and mention.title is None:
                    mention.title_start, mention.title = office
                mentions.append(mention)
                taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
                _remember_surname(mention.entity, surnames)
    _attach_titles(text, mentions)
    mentions.extend(_offices(text, mentions, lex))
    mentions.extend(_nested(text, mentions, index))
    mentions.extend(_demonyms(text, mentions, index, lex))
    mentions.extend(_forces_of(text, mentions, index, lex))
    mentions.extend(_with_common_head(text, mentions))
    mentions.extend(_place_in_place(text, mentions))
    mentions.extend(_dated_events(text))
    offices = [(m.start, m.end) for m in mentions if m.entity is OFFICE]
    unique = {(m.start, m.end, m.entity.key): m for m in reversed(mentions)
              if not (m.entity is OFFICE and any(s <= m.start and m.end <= e and e - s > m.end - m.start
                                                 for s, e in offices))}  # "President" in "President of Iran"
    return sorted(unique.values(), key=lambda m: (m.start, -m.end))


# Two capitalised runs joined by "and": one name when the whole is a known country or province ("Bosnia and
# Herzegovina", "Jammu and Kashmir") or a body named by its last word ("Oil and Gas Corporation", "Ministry of
# Foreign Affairs and Emigrants").
JOINED = re.compile(rf"(?<![\w'’-])(?P<first>{NAME_TOKEN}(?:(?: (?:of the|of|for))? {NAME_TOKEN})*) and "
                    rf"(?P<second>{NAME_TOKEN}(?: {NAME_TOKEN})*)(?![\w'’-])")
BODY_HEADS = frozenset().union(*(heads for cls, heads in HEAD_WORDS if cls in ("GovernmentBody", "Organisation"))) \
    | {"Centre", "Center"}


def _one_name(words: str, first: str, index: NameIndex, lex: Lexicon) -> bool:
    """Whether "A and B" is one name (see JOINED), not two names in a row."""
    if words in lex.countries or folded(words) in subdivisions() or words in index.by_name \
            or words in lex.organisations or words in lex.armed_groups:
        return True
    first_words = first.split()
    if first in lex.countries or first in lex.cities or first in index.by_name or first in lex.demonyms \
            or first in lex.armed_groups or first in lex.organisations or first_words[-1] in ALL_HEADS:
        return False
    last = words.split()[-1]
    body_of = re.match(r"(?:Ministry|Department|Office|Minister|Secretary) (?:of|for) ", first)
    second = words[len(first) + 5:]
    return last in BODY_HEADS and " of " not in f" {second} " or bool(body_of) and len(second.split()) <= 2 \
        and second not in index.by_name and second not in lex.countries and second not in lex.demonyms


# Honorifics that stand before a known one-word name without making another name ("Shahid
# Soleymani": the martyr Soleimani), but are not titles the drafter splits off (Shahid is a given
# name too).
HONORIFICS_BEFORE = frozenset({"Shahid", "Shaheed", "Sayyid", "Sayed", "Seyed", "Haji", "Hajji", "Mullah", "Maulana",
                               "Hojatoleslam", "Martyr"})
NEXT_NAME = re.compile(r" (?:[A-Z]\. ?)*[A-Z][a-z]")  # "Austin S. Miller", "Austin Miller"
PREVIOUS_WORD = re.compile(r"([A-Z][\w'’.-]*) $")


def _inside_another_name(text: str, s: int, e: int, name: str, entity: Entity) -> bool:
    """A known person's one-word name ("Austin" for Lloyd Austin) that is a part of another
    person's name: "General Austin S. Miller", "John Austin". A title or a word that is no name
    before it keeps it ("Secretary Austin", "Later Austin"); a missed mention is better than a
    wrong one."""
    if entity.cls != "Person" or " " in name or name == entity.label:
        return False
    if NEXT_NAME.match(text, e):
        return True
    before = PREVIOUS_WORD.search(text, 0, s) if s else None
    if before is None:
        return False
    word = before.group(1)
    return word not in PERSON_TITLES and word not in HONORIFICS_BEFORE and word.rstrip(".") not in NOT_NAMES \
        and not TITLE_RE.match(word + " ")


def outermost(mentions: list[Mention]) -> list[Mention]:
    """The mentions not inside a longer one (what speakers and event roles are chosen from)."""
    return [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end
                                            and o.end - o.start > m.end - m.start for o in mentions)]


NATION_CLASSES = frozenset({"State", "Country"})
FORCES_AFTER = re.compile(r"^(?: \([A-Z.]{2,6}\))? (?:military(?: forces| personnel)?|troops|soldiers|forces|armed forces|army|"
                          r"service members|servicemen|personnel)\b")
GROUP_AFTER = re.compile(r"^ (?:(?:ground|special|security|coalition|riot|armed|government|border|federal|state|"
                         r"regular|military|police) )?(?P<noun>officials|authorities|leaders|diplomats|lawmakers|"
                         r"personnel|military|troops|soldiers?|forces|governments?|police|army|citizens|nationals|"
                         r"civilians|mercenaries|fighters|militants|people|servicemen|officers?|navy|air force|"
                         r"rebels|insurgents|guerrillas|militiam[ae]n|militias?|gunmen|jihadists|separatists|"
                         r"protesters|demonstrators|settlers|refugees|dissidents|migrants|intelligence|groups|"
                         r"members|supporters|loyalists|herders|herdsmen|tribesmen|clans?)\b")
# Who a people noun after a name can belong to besides a nation: an armed group or an organisation
# ("Taliban fighters", "Red Cross officials"). Not yet an unknown name ("Rohingya refugees"): as a new actor it
# gives an earlier event an agent, and the PLOVER held-out category fell by one item when it did.
GROUP_HEADS = frozenset({"NonStateArmedGroup", "Organisation"})
FIGHTERS = frozenset({"ArmedForces", "NonStateArmedGroup"})
FIGHTER_NOUNS = frozenset({"fighters", "militants", "personnel", "officers", "members"})
GROUP_CLASSES = {"authorities": "GovernmentBody", "government": "GovernmentBody", "governments": "GovernmentBody",
                 "police": "GovernmentBody", "military": "ArmedForces", "troops": "ArmedForces",
                 "soldiers": "ArmedForces", "forces": "ArmedForces", "army": "ArmedForces", "navy": "ArmedForces",
                 "air force": "ArmedForces", "servicemen": "ArmedForces", "soldier": "Person", "officer": "Person",
                 **dict.fromkeys(("rebels", "insurgents", "guerrillas", "militiamen", "militiaman", "militia", "militias",
                                  "gunmen", "jihadists", "separatists"), "NonStateArmedGroup")}
GOVERNMENT_AFTER = re.compile(r"^(?: \([A-Z.]{2,6}\))? government\b")
GOVERNMENT_BEFORE = re.compile(r"\b[Gg]overnment of (?:the )?$")
DEMONYM_TOKEN = re.compile(r"(?<![\w-])(?=([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?![\w]))")


def _nations(index: NameIndex, lex: Lexicon) -> dict[str, Entity]:
    """ISO3 code -> the known state or country, from the lexicon's names of its labels and aliases."""
    cached = getattr(index, "_nations", None)
    if cached is None:
        cached = {}
        for name, entity in sorted(index.by_name.items()):
            code = lex.countries.get(name.removeprefix("the "))
            if entity.cls in NATION_CLASSES and code:
                cached.setdefault(code, entity)
        index._nations = cached  # type: ignore[attr-defined]
    return cached


def _bodies_of(index: NameIndex, lex: Lexicon) -> dict[tuple[str, str], Entity]:
    """(nation IRI, noun) -> the known armed forces or government of that nation, read from their
    names ("US military", "American soldiers", "Government of Iraq", "Iraqi government")."""
    cached = getattr(index, "_bodies", None)
    if cached is None:
        cached = {}
        nations = _nations(index, lex)
        for name, entity in sorted(index.by_name.items()):
            kind = "forces" if entity.cls == "ArmedForces" else "government" if entity.cls == "GovernmentBody" else None
            if kind is None:
                continue
            found = re.fullmatch(r"(?:[Gg]overnment of (?:the )?(?P<of>.+))|(?P<who>.+?) (?P<what>[a-z]+)", name)
            if not found:
                continue
            who = found.group("of") or found.group("who")
            noun = found.group("what") or "government"
            if (noun == "government") != (kind == "government"):
                continue
            nation = index.by_name.get(who)
            if nation is None or nation.cls not in NATION_CLASSES:
                code = lex.demonyms.get(who) or lex.countries.get(who)
                nation = nations.get(code) if code else None
            if nation is not None and nation.cls in NATION_CLASSES:
                cached.setdefault((nation.iri, noun), entity)
        index._bodies = cached  # type: ignore[attr-defined]
    return cached


def _nested(text: str, mentions: list[Mention], index: NameIndex) -> list[Mention]:
    """Known names inside a longer mention ("Baghdad" in "Baghdad International Airport", "Iran" in
    "Iran's Revolutionary Guards")."""
    found = []
    longest = max((len(name.split()) for name in index.by_name), default=1)  # no known name is longer
    for outer in mentions:
        if " " not in outer.text and "–" not in outer.text:
            continue
        words = [(outer.start + w.start(), outer.start + w.end()) for w in re.finditer(r"[^\s,()–]+", outer.text)]
        for i, (s, _) in enumerate(words):
            for _, e in words[i:i + longest]:
                name = text[s:e]
                if name.endswith(("'s", "’s")):
                    name, e = name[:-2], e - 2
                entity = index.by_name.get(name)
                if entity is not None and (s, e) != (outer.start, outer.end) and entity is not outer.entity \
                        and entity.kind != "other" and not _inside_another_name(text, s, e, name, entity):
                    found.append(Mention(s, e, name, entity))
    return found


def _demonyms(text: str, mentions: list[Mention], index: NameIndex, lex: Lexicon) -> list[Mention]:
    """A nation's adjective or people ("Iranian", "Israeli Prime Minister", "the Saudis") not inside
    another mention: a mention of the nation, when the graph knows it."""
    nations = _nations(index, lex)
    covered = bytearray(len(text))
    for m in mentions:
        if m.entity is not OFFICE:  # "the Iranian President": the office, and Iran
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    found = []
    for match in DEMONYM_TOKEN.finditer(text):
        for s, words in ((match.start(), match.group(1)), (match.start(), match.group(1).split(" ")[0])):
            code = lex.demonyms.get(words) or (lex.demonyms.get(words[:-1]) if words.endswith("s") else None)
            nation = nations.get(code) if code else None
            if nation is not None and not any(covered[s:s + len(words)]):
                found.append(Mention(s, s + len(words), words, nation))
                break
    return found


def _forces_of(text: str, mentions: list[Mention], index: NameIndex, lex: Lexicon) -> list[Mention]:
    """"U.S. troops", "Iraqi government", "the government of Iraq": the nation's known armed forces or
    government, spanning the nation's name and the noun; else "Saudi officials", "Iraqi military":
    a new group of the nation's people."""
    bodies = _bodies_of(index, lex)
    found = []
    groups: dict[str, Entity] = {}
    for m in mentions:
        nation = m.entity.cls in NATION_CLASSES or (m.entity.kind == "other" and m.text in lex.demonyms)
        if not nation and m.entity.cls not in GROUP_HEADS:
            continue  # a nation, or the adjective of one the graph does not know ("Malian troops")
        after = text[m.end:m.end + 40]
        forces = FORCES_AFTER.match(after)
        government = GOVERNMENT_AFTER.match(after)
        noun = next(w for w in forces.group(0).split() if not w.startswith("(")) if forces else None
        if forces and (m.entity.iri, noun) in bodies:
            found.append(Mention(m.start, m.end + forces.end(), text[m.start:m.end + forces.end()],
                                 bodies[(m.entity.iri, noun)]))
        elif government and (m.entity.iri, "government") in bodies:
            found.append(Mention(m.start, m.end + government.end(), text[m.start:m.end + government.end()],
                                 bodies[(m.entity.iri, "government")]))
        elif group := GROUP_AFTER.match(after):
            words = text[m.start:m.end + group.end()].removeprefix("the ").removeprefix("The ")
            cls = GROUP_CLASSES.get(group.group("noun"), "Actor")
            if not nation:  # the people of a group or a people: not a state's body ("Taliban forces")
                if m.entity.cls != "NonStateArmedGroup" and cls in ("ArmedForces", "GovernmentBody"):
                    continue  # "Haftar forces", "Kurdish forces": whose forces the words alone do not say
                if m.entity.cls == "NonStateArmedGroup" and (cls in FIGHTERS or group.group("noun") in FIGHTER_NOUNS):
                    found.append(Mention(m.start, m.end + group.end(), text[m.start:m.end + group.end()], m.entity))
                    continue  # "Houthi fighters": the Houthis
                cls = cls if cls == "NonStateArmedGroup" else "Actor"
            entity = groups.setdefault(words, Entity(key=slug(words), label=words, cls=cls,
                                                     code=m.entity.code or lex.demonyms.get(m.text)))
            found.append(Mention(m.end + group.end() - len(words), m.end + group.end(), words, entity))
        before = GOVERNMENT_BEFORE.search(text[max(0, m.start - 30):m.start])
        if before and (m.entity.iri, "government") in bodies:
            start = m.start - (len(text[max(0, m.start - 30):m.start]) - before.start())
            found.append(Mention(start, m.end, text[start:m.end], bodies[(m.entity.iri, "government")]))
    return found


def _remember_surname(entity: Entity, surnames: dict[str, Entity]) -> None:
    if entity.cls == "Person":
        parts = entity.label.split()
        if len(parts) >= 2:
            surnames.setdefault(parts[-1], entity)
            surnames.setdefault(parts[-1].removeprefix("al-").capitalize() if parts[-1].startswith("al-") else "", entity)


def _pieces(text: str, start: int, end: int):
    """A capitalised run split at possessives ("Iran's Quds Force" -> "Iran", "Quds Force"; not
    "Tigray People's Liberation Front"), at hyphens before lower case ("Iranian-backed"), at a sentence's
    end after an abbreviation ("D.C. The"), before an office inside the run ("NATO | Secretary General
    Jens Stoltenberg"), without leading function words or numbers ("Four Malian troops")."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    tokens = list(re.finditer(r"[^ ]+", text[start:end]))
    for n, word in enumerate(tokens):
        ws, we = start + word.start(), start + word.end()
        token = text[ws:we]
        hyphen = re.search(r"-(?![a-z]+-[A-Z0-9])[a-z]", token)
        following = tokens[n + 1].group(0) if n + 1 < len(tokens) else ""
        if (token.endswith(("'s", "’s")) and token[:-2] not in COMMON_POSSESSORS) or hyphen:
            cut = ws + hyphen.start() if hyphen else we - 2
            pieces.append((piece_start, cut))
            piece_start = we + 1
        elif token.endswith(".") and (not ABBREVIATION.fullmatch(token) or following in NOT_NAMES):
            pieces.append((piece_start, we if ABBREVIATION.fullmatch(token) else we - 1))
            piece_start = we + 1
    if piece_start < end:
        pieces.append((piece_start, end))
    for s, e in pieces:
        for s, e in _at_inner_office(text, s, e):
            chunk = text[s:e]
            while chunk:
                first = chunk.split(" ", 1)[0]
                if (first.rstrip(".,") not in NOT_NAMES or _name_of(chunk)) and first not in CONNECTORS:
                    break
                if " " not in chunk:
                    chunk = ""
                    break
                s += len(first) + 1
                chunk = chunk[len(first) + 1:]
            chunk = TRAILING_CONNECTOR.sub("", chunk)
            if chunk.endswith(".") and not ABBREVIATION.fullmatch(chunk.rsplit(" ", 1)[-1]):
                chunk = chunk[:-1]
            if chunk:
                yield s, s + len(chunk), chunk


def _name_of(chunk: str) -> bool:
    """"Government of National Accord": a head word, "of", a name: the head is part of the name."""
    return bool(re.match(r"(?:Government|Forces|Police|Security) of (?:the )?[A-Z]", chunk))


INNER_OFFICE = re.compile(r"(?<![^ ])(?:" + "|".join(re.escape(t) for t in sorted(PERSON_TITLES, key=len, reverse=True))
                          + r") (?=[" + UPPER + "])")


def _at_inner_office(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """An office inside a run, after an organisation or place and before a person's name
    ("United States Army General Austin S. Miller"), starts a new piece; a demonym or a nation
    before the office stays with it ("Turkish President ...")."""
    chunk = text[s:e]
    for found in INNER_OFFICE.finditer(chunk):
        if found.start() == 0:
            continue  # an office first: _candidate splits it off
        before, after = chunk[:found.start()].rstrip(), chunk[found.end():]
        names = after.split()
        if len(names) < 2 or names[-1] in HEAD_SET or " of " in f" {after} " or before.split()[-1] in CONNECTORS:
            continue
        if len(before.split()) == 1 and before.rstrip(".") in NOT_NAMES:
            continue
        return [(s, s + len(before)), (s + found.start(), e)]
    return [(s, e)]


def _untaken(text: str, s: int, e: int, taken: bytearray) -> list[tuple[int, int, str]]:
    """The stretches of whole words in s..e that no known name took ("President of | Iran | Omid Farzan"),
    without function words at their ends."""
    found = []
    run_start = None
    words_in = list(re.finditer(r"\S+", text[s:e]))
    for n, word in enumerate(words_in):
        a, b = s + word.start(), s + word.end()
        if not any(taken[a:b]):
            run_start = a if run_start is None else run_start
        if run_start is not None and (any(taken[a:b]) or n == len(words_in) - 1):
            found.append((run_start, a - 1 if any(taken[a:b]) else b))
            run_start = None
    stretches = []
    for s, e in found:
        words = text[s:e]
        while words and words.split(" ", 1)[0] in NOT_NAMES | set(CONNECTORS):
            cut = words.find(" ")
            s, words = (s + cut + 1, words[cut + 1:]) if cut >= 0 else (s, "")
        words = TRAILING_CONNECTOR.sub("", words)
        if words.endswith(".") and not ABBREVIATION.fullmatch(words.rsplit(" ", 1)[-1]):
            words = words[:-1]
        if words:
            stretches.append((s, s + len(words), words))
    return stretches


def _candidate(text: str, s: int, e: int, words: str, index: NameIndex, lex: Lexicon,
               new: dict[str, Entity], surnames: dict[str, Entity], sentence_start: bool) -> Mention | None:
    title = None
    title_start = None
    lead = words.split(" ", 1)[0]
    skip = len(lead) + 1 if (lead in lex.demonyms or lead in lex.countries) and " " in words else 0
    found = TITLE_RE.match(words[skip:] + " ")
    if found and words.rsplit(" ", 1)[-1] in PLACE_HEADS:
        found = None  # "King Khalid Air Base", "President Hotel": a place named after someone
    if found and skip + found.end() >= len(words) + 1:
        if words in HONORIFICS or sentence_start and " " not in words:
            return None
        return Mention(s, e, words, OFFICE)  # an office alone ("the acting Defense Secretary"): not an actor
    if found:
        title, title_start = words[:skip + found.end()].strip(), s
        s += skip + found.end()
        words = words[skip + found.end():]
        office_of = re.match(r"(?:of|for) (?:the )?", words)
        if office_of and words.rsplit(" ", 1)[-1] in PORTFOLIO_ENDS:  # "High Commissioner for Human Rights"
            return Mention(title_start, e, text[title_start:e], OFFICE)
        if office_of:  # "Prime Minister of Iraq": an office, and the place or body it is of
            s += office_of.end()
            words = words[office_of.end():]
            title = None
    if not words or (words in NOT_NAMES):
        return None
    if words in index.by_name:
        return Mention(s, e, words, index.by_name[words], title, title_start)
    if words in surnames and " " not in words:
        return Mention(s, e, words, surnames[words], title, title_start)
    acronym = new.get("acronym:" + words)
    if acronym is not None:
        return Mention(s, e, words, acronym, title, title_start)
    if words in new:
        entity = new[words]
        if entity.cls == "Other" or entity.iri is None and " " not in words and STATE_AFTER.match(text[e:e + 30]) \
                and entity.cls not in NATION_CLASSES:  # first met where nothing typed it, or less surely
            cls, code = _type(text, s, e, words, lex, title)  # ("Northland strikes ...", then "Northland forces")
            if cls is not None:
                entity.cls, entity.code = cls, entity.code or code
        return Mention(s, e, words, entity, title, title_start)
    code = lex.demonyms.get(words) or (lex.demonyms.get(words[:-1]) if words.endswith("s") and " " not in words
                                       else None)
    nation = index.by_name.get(words[:-1]) if words.endswith("an") and not title else None
    if nation is not None and nation.cls in NATION_CLASSES:
        return Mention(s, e, words, nation)  # "Saudi Arabian": Saudi Arabia's adjective
    if code and not title and code in _nations(index, lex):
        return Mention(s, e, words, _nations(index, lex)[code])  # "Iranian", "the Saudis": the nation
    cls, code = _type(text, s, e, words, lex, title)
    if cls is None:
        if sentence_start and " " not in words and not (words in lex.demonyms
                                                         or re.fullmatch(r"[A-Z]{2,}(?:[-–][A-Z0-9]+)*", words)
                                                         or IDEOLOGY.fullmatch(words)):
            return None  # a capitalised first word of a sentence, nothing else known of it
        cls = "Other"
    entity = Entity(key=slug(words), label=words, cls=cls, code=code)
    new[words] = entity
    short = re.match(r" \(([A-Z][A-Za-z.]{1,9})\)", text[e:e + 14])
    if short:
        new["acronym:" + short.group(1)] = entity
        entity.aliases.add(short.group(1))
    return Mention(s, e, words, entity, title, title_start)


def _type(text: str, s: int, e: int, words: str, lex: Lexicon, title: str | None) -> tuple[str | None, str | None]:
    parts = words.split()
    last = parts[-1]
    first_code = lex.demonyms.get(parts[0]) or lex.countries.get(parts[0])
    if title:
        return "Person", first_code
    of_head = parts[0] if len(parts) > 2 and parts[1] == "of" else None
    for cls, heads in HEAD_WORDS:
        if last in heads or of_head in heads or (
                cls in ("NewsOrganisation", "NonStateArmedGroup") and heads & set(parts)):
            if cls == "ArmedForces" and not first_code and ({"Popular", "Mobilization", "Liberation",
                                                             "Democratic", "Islamic", "Revolutionary"} & set(parts)):
                cls = "NonStateArmedGroup"
            return cls, first_code
    if words in lex.armed_groups:
        return "NonStateArmedGroup", lex.armed_groups[words]
    if "–" in words and all(side in lex.countries or side in lex.cities for side in words.split("–")):
        return None, None  # "Burkina Faso–Mali": two places named together, neither one alone
    if len(parts) > 1 and COMPASS.match(parts[0]) and " ".join(parts[1:]) in lex.countries:
        return "Region", lex.countries[" ".join(parts[1:])]  # "Eastern Ukraine"
    if words in lex.countries:
        return "State", lex.countries[words]
    if words in lex.organisations:
        return "Organisation", lex.organisations[words]
    before = text[max(0, s - 12):s].split()
    cue = before[-1].lower() if before else ""
    if words in lex.cities:
        return "City", None
    if folded(words) in subdivisions() and words not in lex.demonyms and (len(words) > 4 or " " in words) \
            and not GROUP_AFTER.match(text[e:e + 40]) and not (len(parts) == 1 and STATE_AFTER.match(text[e:e + 30])):
        return "Region", None  # "Nova Scotia", "Zamfara"; not a people's name ("Kachin rebels")
    if cue in PLACE_CUES and cue not in ("of", "to") and len(parts) <= 3:
        return "City", None
    after = text[e:e + 30]
    if len(parts) == 1 and STATE_AFTER.match(after):
        return "State", None  # "Northland forces", "Ruritanian officials"
    if len(parts) in (2, 3, 4) and all(p[:1].isupper() or p.startswith(("al-", "bin", "el-")) for p in parts) \
            and not re.search(r"\d", words) \
            and not (set(parts) & set(lex.demonyms)) and not set(parts) & NAME_OF_STATE:
        if set(parts) & BODY_WORDS:
            return "Actor", None  # "Intelligence Community", "Muslim Brotherhood": a body, not a person
        if not set(parts) & NOT_IN_PERSONS:
            return "Person", None
    if SPEECH_AFTER.match(after) or re.match(r"^, (?:a|an|the) \w*\s?(?:spokes|official|minister|leader|commander|chief)", after):
        return ("Person" if len(parts) >= 2 else "Organisation"), None
    if words in lex.demonyms:
        return None, lex.demonyms[words]
    return None, None


def _attach_titles(text: str, mentions: list[Mention]) -> None:
    """An office written before a known person's name ("US President Joe Biden"), or at the start
    of a known name ("President Donald Trump": the person is "Donald Trump")."""
    for mention in mentions:
        if mention.title or mention.entity.cls != "Person":
            continue
        inside = TITLE_RE.match(mention.text)
        if inside and inside.end() < len(mention.text):
            mention.title, mention.title_start = mention.text[:inside.end()].strip(), mention.start
            mention.start += inside.end()
            mention.text = mention.text[inside.end():]
        before = text[max(0, mention.start - 60):mention.start]
        found = re.search(r"((?:[A-Z][\w.'’-]*\s)*?(?:" + "|".join(re.escape(t) for t in PERSON_TITLES)
                          + r"|[Ss]pokes(?:man|woman|person))\s)$", before)
        if not found:  # "President of Iran Omid Farzan": an office of a known name before the person's
            found = OFFICE_OF_BEFORE.search(before)
        if found:
            title = found.group(1)
            while title.split(" ", 1)[0] in LEADING_WORDS:  # "At U.S. President Joe Biden's direction"
                title = title.split(" ", 1)[1]
            mention.title = title.strip()
            mention.title_start = mention.start - len(title)


LEADING_WORDS = frozenset("""The A An In On At Of For From By With To And But Or As If When While After Before Since
    Until During Under Over Meanwhile Also Then""".split())
OFFICE_OF_BEFORE = re.compile(r"(?<![\w.])((?:" + "|".join(re.escape(t) for t in PERSON_TITLES)
                              + rf") (?:of|for|to) (?:the )?[{UPPER}][\w.'’-]*(?: [{UPPER}][\w.'’-]*)?\s)$")
OFFICE = Entity(key="office", label="office", cls="Office")  # kind "other": a position, not an actor
LOWER_OFFICE = re.compile(r"(?:(?:acting|interim|former|then-|vice[ -])?(?:president|prime minister|foreign minister|"
                          r"defen[cs]e minister|defen[cs]e secretary|secretary of state|foreign secretary|"
                          r"interior minister|ambassador|spokes(?:man|woman|person)|envoy|army chief)) $")


def _offices(text: str, mentions: list[Mention], lex: Lexicon) -> list[Mention]:
    """The office before a person's name as a mention of its own ("U.S. President", "Ethiopian Prime
    Minister", "NATO Secretary General" -> "Secretary General"), typed "other": a nation's name or
    adjective right before it belongs to it. Also a lower-case office after a nation ("U.S. president
    Joe Biden"). Honorifics ("Mr.") are not offices."""
    found = []
    by_end = {m.end: m for m in mentions}
    for mention in mentions:
        if mention.entity.cls != "Person" or mention.start - (mention.title_start or mention.start) > 60:
            continue
        if mention.title and mention.title_start is not None:
            start, end = mention.title_start, mention.title_start + len(mention.title)
        else:
            lower = LOWER_OFFICE.search(text[max(0, mention.start - 30):mention.start])
            if lower is None:
                continue
            start, end = mention.start - (len(text[max(0, mention.start - 30):mention.start]) - lower.start()), \
                mention.start - 1
            nation = by_end.get(start - 1)
            if nation is None or nation.entity.cls not in NATION_CLASSES and nation.text not in lex.demonyms:
                continue
        words = text[start:end]
        if words in HONORIFICS or not words or text[end:end + 1] != " ":
            continue
        nation = by_end.get(start - 1)
        if nation is not None and text[start - 1] == " " and (nation.entity.cls in NATION_CLASSES
                                                             or nation.text in lex.demonyms):
            start = nation.start
        if mention.title and mention.title_start is not None:
            mention.title, mention.title_start = text[start:end], start
        found.append(Mention(start, end, text[start:end], OFFICE))
    return found


REGION_HEADS = frozenset(heads for cls, heads in HEAD_WORDS if cls in ("Region", "City"))
REGION_HEADS = frozenset().union(*REGION_HEADS)


BODY_WORDS = frozenset("""Community Mission Brotherhood Council Union Services Relations Exchange Forces Liberation
    Resistance House""".split())
RELIGIONS = frozenset("""Sunni Shia Shiite Shi'ite Muslim Muslims Christian Christians Jewish Hindu Buddhist
    Catholic Orthodox Protestant Coptic Druze Alawite Yazidi Arab Arabs""".split())


def _is_descriptor(word: str, lex: Lexicon) -> bool:
    return word in lex.demonyms or word in RELIGIONS or bool(IDEOLOGY.fullmatch(word))


def _descriptor_first(words: str, index: NameIndex, lex: Lexicon) -> int:
    """The length of a nation's, a faith's or a creed's adjective that starts a run of two names
    ("Sunni Arab", "Pakistani Muslim", "Kurdish PKK", "Algerian Islamist Abu Obaida"); 0 if none."""
    parts = words.split(" ", 2)
    if len(parts) < 2 or not _is_descriptor(parts[0], lex):
        return 0
    pair = f"{parts[0]} {parts[1]}"
    if pair in lex.demonyms or pair in lex.countries or pair in index.by_name or pair[:-1] in index.by_name:
        return 0  # "Saudi Arabian": one adjective
    return len(parts[0]) if _is_descriptor(parts[1], lex) or re.fullmatch(r"[A-Z]{2,}", parts[1]) else 0


def _two_names(words: str, index: NameIndex, lex: Lexicon) -> tuple[int, int]:
    """Where a run holds two names: the end of the first and the start of the second, or (0, 0).
    "Russian Su-25": a nation's adjective before a model number; "X of Y": see _of_place."""
    parts = words.split(" ", 2)
    if len(parts) > 1 and parts[0] in lex.demonyms and re.search(r"\d", parts[1]):
        return len(parts[0]), len(parts[0]) + 1
    rest = words[len(parts[0]) + 1:]
    if len(parts) > 1 and IDEOLOGY.fullmatch(parts[0]) and (rest in lex.armed_groups or rest in index.by_name):
        return len(parts[0]), len(parts[0]) + 1  # "Islamist Boko Haram": a description, then the name
    of = _of_place(words, index, lex)
    if of:
        return of, of + re.match(r" of (?:the )?", words[of:]).end()
    person = _person_after_name(words, index, lex)
    return (person - 1, person) if person else (0, 0)


def _person_after_name(words: str, index: NameIndex, lex: Lexicon) -> int:
    """Where a person's name starts after a body's or a nation's name in one run ("Minister of the Armed
    Forces Florence Parly", "President of Russia Vladimir Putin"): after a head word or a country, two
    or three capitalised words that name nothing else end the run; 0 if none."""
    parts = words.split(" ")
    for loose in (False, True):
        for i in range(1, len(parts) - 1):
            before, person = " ".join(parts[:i]), parts[i:]
            office = OFFICE_OF.match(before)
            if loose:  # "Governor of Balkh Atta Muhammad Nur": an office of one word the drafter does not know
                if not office or " " in office.group("what"):
                    continue
            elif not (parts[i - 1] in HEAD_SET or before in lex.countries
                      or (index.by_name.get(before) is not None and index.by_name[before].cls in NATION_CLASSES)
                      or office and _office_object(office.group("what"), index, lex)):
                continue
            if _personal_name(person, index, lex):
                return len(before) + 1
    return 0


def _personal_name(person: list[str], index: NameIndex, lex: Lexicon) -> bool:
    return (2 <= len(person) <= 3 and all(re.fullmatch(rf"[{UPPER}][a-zà-ÿ'’-]+|[A-Z]\.", w) for w in person)
            and not set(person) & (HEAD_SET | NAME_OF_STATE | NOT_NAMES | set(CONNECTORS) | set(PERSON_TITLES))
            and not any(w in lex.demonyms or w in lex.countries for w in person)
            and " ".join(person) not in index.by_name)


# An office "of" or "for" something, before the holder's name: "Minister of Transport", "President of Russia".
OFFICE_OF = re.compile(r"^(?:.* )?(?:" + "|".join(re.escape(t) for t in sorted(PERSON_TITLES, key=len, reverse=True))
                       + r") (?:of|for|to) (?:the )?(?P<what>.+)$")
# What ministers and officers are "of": portfolios, and bodies named by their last word.
PORTFOLIO_ENDS = frozenset("""Affairs Interior Defence Defense Transport Transportation Finance Justice Health Education
    Energy Economy Agriculture Information Trade Commerce Development Security Policy Staff Communications Labour
    Labor Planning Culture Tourism Industry Environment Immigration Intelligence Mines Oil Petroleum Water Rights
    Relief Operations Peacekeeping""".split())
# Words of bodies and things, never of a person's name ("Intelligence Community", "Support Mission").
NOT_IN_PERSONS = PORTFOLIO_ENDS | frozenset("""House Community Exchange Mission Relations Brotherhood National
    International Islamic Democratic Republican Popular Revolutionary Federal Central United Support Human Stock
    Public Services Islamist Liberation Resistance Defense Defence Forces Council Union""".split())


def _office_object(what: str, index: NameIndex, lex: Lexicon) -> bool:
    """Whether the words after an office's "of" are a name or portfolio the drafter knows."""
    known = index.by_name.get(what)
    return (what in lex.countries or what in lex.organisations or (known is not None and known.kind != "other")
            or what.split()[-1] in HEAD_SET | PORTFOLIO_ENDS)


ALL_HEADS = frozenset().union(*(heads for _, heads in HEAD_WORDS))
IDEOLOGY = re.compile(r"[A-Z][a-z]+ists?")  # "Islamist", "Jihadist", "Maoist"
NAME_OF_STATE = frozenset("Republic Kingdom State States Emirates Union Islands Federation Sultanate".split())


def _of_place(words: str, index: NameIndex, lex: Lexicon) -> int:
    """Where "X of Y" splits into two names: X a region ("Tigray Region", "Kabul Province") or a
    person ("Ellen Johnson Sirleaf"), Y a country or a known place; 0 if it does not (nor when the
    whole is a name: "Democratic Republic of the Congo")."""
    found = re.search(r" of (?:the )?(?P<place>.+)$", words)
    if not found or words in lex.countries or words in index.by_name or words in lex.organisations \
            or words in lex.armed_groups:
        return 0
    head, place = words[:found.start()], found.group("place")
    parts = head.split()
    if len(parts) < 2 or " of " in f" {place} ":
        return 0
    known = index.by_name.get(place)
    if not (place in lex.countries or (known is not None and (known.kind == "place" or known.cls in NATION_CLASSES))):
        return 0
    person_like = 2 <= len(parts) <= 4 and not set(parts) & (ALL_HEADS | NAME_OF_STATE) \
        and not set(parts) & set(lex.demonyms) \
        and head not in lex.countries and head not in index.by_name
    return found.start() if parts[-1] in REGION_HEADS or person_like else 0


COMMON_HEAD = re.compile(r"^ (?:(?P<place>border|borders|region|district|province|governorate|corridor|camp|airport|"
                         r"embassy|consulate|air base|base)|(?P<government>administration|government))\b")
LED = re.compile(r"^-led (?:coalition|forces|alliance|military coalition)\b")


def lex_demonyms(mention: Mention) -> frozenset[str]:
    """The mention's words when they are a nation's adjective the drafter recognised ("Saudi")."""
    return frozenset({mention.text}) if mention.entity.code and mention.entity.kind == "other" else frozenset()


COMPASS = re.compile(r"(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est)(?:ern|-?[Ee]astern|-?[Ww]estern)?$|[Cc]entral$")


def _with_common_head(text: str, mentions: list[Mention]) -> list[Mention]:
    """A name and a common noun that makes a new place or body of it: "Bandipore district",
    "Kabul airport", "Myanmar–Thailand border", "U.S. embassy", "Biden administration" (of a person);
    a compass point before a place: "northern Iraq", "Eastern Ukraine"."""
    found = []
    made: dict[str, Entity] = {}
    ends = {m.end: m for m in sorted(mentions, key=lambda m: m.end - m.start)}
    for m in sorted(mentions, key=lambda m: m.start):
        head = COMMON_HEAD.match(text[m.end:m.end + 16])
        start = m.start
        before = ends.get(m.start - 1)
        if before is not None and text[m.start - 1] in "–-" and before.entity.kind == "place" == m.entity.kind:
            start = before.start  # "Myanmar–Thailand border"
        placed = m.entity.kind == "place" or m.entity.cls in NATION_CLASSES
        placed = placed or bool(head and head.group("place") in ("district", "province", "governorate", "region")
                                and m.entity.kind == "other" and m.entity.cls != "Office")
        placed = placed or bool(head and head.group("place") in ("border", "borders") and "–" in m.text)
        if head and (head.group("place") and placed or head.group("government") and head.group(0).strip() ==
                     "administration" and (m.entity.cls == "Person" or m.entity.kind == "other" and " " not in m.text)):
            words = text[start:m.end + head.end()]
            cls = "GovernmentBody" if head.group("government") else \
                "Facility" if head.group("place") in ("camp", "airport", "embassy", "consulate", "air base", "base") \
                else "Region"
            if cls == "GovernmentBody":
                words = m.entity.label.split()[-1] + " administration"
            entity = made.setdefault(words, Entity(key=slug(words), label=words, cls=cls))
            found.append(Mention(start, m.end + head.end(), text[start:m.end + head.end()], entity))
        led = LED.match(text[m.end:m.end + 24])
        if led and (m.entity.cls in NATION_CLASSES or m.text in lex_demonyms(m)):
            words = text[m.start:m.end + led.end()]
            entity = made.setdefault(words, Entity(key=slug(words), label=words, cls="Actor"))
            found.append(Mention(m.start, m.end + led.end(), words, entity))  # "U.S.-led coalition"
        part = re.search(r"(?:^|(?<=[\s(]))(\S+) part of (?:the )?$", text[max(0, m.start - 30):m.start])
        if part and COMPASS.match(part.group(1)) and placed and m.entity.cls != "Region":
            start = m.start - len(part.group(0))
            words = text[start:m.end]
            entity = made.setdefault(words.lower(), Entity(key=slug(words), label=words, cls="Region"))
            found.append(Mention(start, m.end, words, entity))  # "the southern part of Iraq"
        compass = re.search(r"(?:^|(?<=[\s(]))(\S+) $", text[max(0, m.start - 16):m.start])
        if compass and COMPASS.match(compass.group(1)) and placed and m.entity.cls != "Region" and \
                not any(o.start < m.start < o.end for o in mentions if o.entity.kind != "other"):
            start = m.start - len(compass.group(1)) - 1
            words = text[start:m.end]
            entity = made.setdefault(words.lower(), Entity(key=slug(words), label=words, cls="Region"))
            found.append(Mention(start, m.end, words, entity))
    return found


def _place_in_place(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Doha, Qatar", "Tikrit, Salahuddin Province", "Oakland, California": a town named with the
    country or region it is in, one name of the town (the two names stay mentions of their own);
    not two places of a list ("Ghazni, Kandahar, Herat and Balkh")."""
    found = []
    starts = {m.start: m for m in mentions if m.entity.cls in NATION_CLASSES or m.entity.cls == "Region"
              or m.entity.kind == "place" and folded(m.text) in subdivisions()}  # "London, Ontario"
    any_start = {m.start: m for m in mentions}
    for m in mentions:
        if m.entity.cls not in ("City", "Location"):
            continue
        where = starts.get(m.end + 2)
        if where is None or text[m.end:m.end + 2] != ", " or re.match(r",? (?:and|or) ", text[where.end:where.end + 6]):
            continue
        after = any_start.get(where.end + 2) if text[where.end:where.end + 2] == ", " else None
        if after is not None and after.entity.cls not in NATION_CLASSES:
            continue  # a list goes on after the second name
        found.append(Mention(m.start, where.end, text[m.start:where.end], m.entity))
    return found


DATED_EVENT = re.compile(r"\b(?:[Tt]he|[Aa]n?) (?P<name>(?:January|February|March|April|May|June|July|August|September|"
                         r"October|November|December) \d{1,2} (?:attacks?|bombings?|riots?|coup|massacre|uprising|"
                         r"revolution|agreement|accord|deal|ceasefire|truce|deadline|withdrawal|elections?|protests?|"
                         r"invasion|offensive|raid|strike|shooting))\b")


def _dated_events(text: str) -> list[Mention]:
    """An event named by its date, "the September 11 attacks", "a May 1 deadline": the name of
    something that happened or was set, typed other (not an actor nor a place)."""
    return [Mention(m.start("name"), m.end(), m.group("name"), Entity(key=slug(m.group("name")), label=m.group("name"),
                                                                      cls="Other")) for m in DATED_EVENT.finditer(text)]


GENERIC_PLACE_WORDS = frozenset("""North South East West Northern Southern Eastern Western Central Centre Center
    Capital Coast Littoral Far Upper Lower Middle Islands Island Saint Sainte San Santa Mountain Lakes
    Valley""".split())


def folded(name: str) -> str:
    """A name without its accents ("Jammu and Kashmīr" -> "Jammu and Kashmir")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def subdivisions() -> frozenset[str]:
    """The names of countries' first-level divisions (ISO 3166-2: states, provinces, governorates,
    regions), accents folded; not those made of generic words alone ("Central", "Far North")."""
    return frozenset(folded(s.name) for s in pycountry.subdivisions if s.parent_code is None
                     and not set(s.name.replace("-", " ").split()) <= GENERIC_PLACE_WORDS | {"and", "of", "the"}
                     and "," not in s.name)
