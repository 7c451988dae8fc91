"""Candidate events: the verbs and nouns that signal them, coded with the CAMEO verb dictionary
of PETRARCH2 (through the derived lexicon), their PLOVER category, agent and target.

A verb form found in the lexicon gives its block's code; a pattern of that verb whose words
follow (or precede) it in the sentence gives a more specific one ("fire * &WEAPON" 194). An
event noun ("airstrike", "clashes") gives its own. The agent is the actor mentioned last before
the trigger in its clause, the target the first actor or place after it ("US forces struck
Kataib Hezbollah"); in the passive ("was killed by X") they swap. Speech verbs make statements
(see quotes), not events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .mentions import Mention
from .sentences import Token, tokens

SPEECH_CODES = ("010", "011", "012", "013", "014", "015", "016", "017", "018", "019", "01")
SKIP_LEMMAS = frozenset("""say tell add report state note write claim be have do make take give get go come cite
    head place force plan face seek call arrive include serve need""".split())
NOUN_BEFORE = frozenset("""the a an its their his her our my your this that these those of for with
    to no any every each another such some many several more most other own""".split())
PLACE_PREPS = frozenset("in at near outside inside across on".split())
STOP = frozenset("; : — –".split())


@dataclass
class Event:
    start: int  # the trigger
    end: int
    trigger: str
    code: str
    plover: str | None
    sentence: tuple[int, int]
    agent: Mention | None = None
    target: Mention | None = None
    place: Mention | None = None
    passive: bool = False
    noun: bool = False  # signalled by a noun ("the strikes"), not a verb

    @property
    def participants(self) -> list[tuple[str, Mention]]:
        return [(role, m) for role, m in (("agent", self.agent), ("target", self.target)) if m is not None]


def _slot_matches(slot: str, words: list[str], at: int, lex: Lexicon) -> int:
    """How many words a pattern slot covers at words[at], 0 if it does not match."""
    options = lex.synsets.get(slot, ()) if slot.startswith("&") else (slot,)
    for option in options:
        parts = option.split(" ")
        if words[at:at + len(parts)] == parts:
            return len(parts)
    return 0


def _side_matches(slots: list[str], words: list[str], lex: Lexicon, window: int = 4) -> bool:
    at = 0
    for slot in slots:
        for position in range(at, min(len(words), at + window)):
            width = _slot_matches(slot, words, position, lex)
            if width:
                at = position + width
                break
        else:
            return False
    return True


def code_of(lemma: str, default: str, before: list[str], after: list[str], lex: Lexicon) -> str:
    """The most specific code of a verb: the longest pattern that matches, else its own."""
    best, best_size = default, 0
    for pre, post, code in lex.patterns.get(lemma, ()):
        size = len(pre) + len(post)
        if size <= best_size:
            continue
        if _side_matches(post, after, lex) and _side_matches(list(reversed(pre)), list(reversed(before)), lex):
            best, best_size = code, size
    return best


def find_events(text: str, sentences: list[tuple[int, int]], mentions: list[Mention], lex: Lexicon) -> list[Event]:
    found: list[Event] = []
    for s, e in sentences:
        toks = tokens(text, s, e)
        words = [t.lower for t in toks]
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        here: list[Event] = []
        i = 0
        while i < len(toks):
            event = _trigger(toks, words, i, lex)
            if event is None:
                i += 1
                continue
            width, code = event
            noun = words[i] not in lex.verbs or width > 1 or (i > 0 and words[i - 1] in NOUN_BEFORE - {"to"}) \
                or (words[i] in lex.nouns and _light_verb(words, i, lex) is not None)
            ev = _event(text, toks, words, i, width, code, noun, here, inside, lex)
            if ev is not None:
                here.append(ev)
            i += width
        found.extend(here)
    return found


def _event(text: str, toks: list[Token], words: list[str], i: int, width: int, code: str, noun: bool,
           here: list[Event], inside: list[Mention], lex: Lexicon) -> Event | None:
    """The event a trigger signals once its mood is read: None when the sentence does not say it
    happened ("did not attack", "could strike"); a governing verb's event absorbs its complement
    ("agreed to meet" is one intent to meet, "threatened to strike" one threat)."""
    first, last, head = toks[i], toks[i + width - 1], i
    sentence = (toks[0].start, toks[-1].end)
    if noun:
        if _modifies_noun(words, i + width, lex):
            return None  # "war games", "aid workers", "attack helicopters": the next noun heads the phrase
        if _wanted(toks, words, i):
            return None  # "called for a ceasefire", "demanded an end to the strikes": asked for, not done
        light = _light_verb(words, i, lex)
        if light is not None:
            governing = next((ev for ev in here if ev.start == toks[light].start), None)
            if governing is not None and governing.code != lex.verbs.get(words[light], ["", ""])[1]:
                code = governing.code  # the verb's pattern with this object ("lodge * PROTEST" 110) says more
            here[:] = [ev for ev in here if ev.start != toks[light].start]
            first, head = toks[light], light
        plover = lex.plover_of(code)
        ev = Event(first.start, last.end, text[first.start:last.end], code, plover, sentence, noun=light is None)
        _roles(ev, text, toks, head, i + width, inside)
        if light is None:
            ev.agent = ev.agent if ev.agent is not None and _modifies(text, ev.agent, first.start) else _by(text, ev, inside)
        return ev
    mood, governor = _mood(words, i, lex)
    code = _composed(code, mood)
    if code is not None and _lemma(words[i], lex) in INTENT and words[i + width:i + width + 1] == ["to"]:
        code = code if code.startswith("03") else "030"  # "agreed to ...": a commitment, CAMEO 03
    if mood == "demanded":
        return None  # the demand verb's own event says it; the deed is not said to be done
    if code is None:
        return None
    if governor is not None:
        governing = next((ev for ev in here if ev.start == toks[governor].start), None)
        if governing is not None:
            governing.code, governing.plover = _governed(governing.code, code, mood), None
            governing.plover = lex.plover_of(governing.code)
            return None
        first = toks[governor]  # "refused to meet": the governing verb has no code of its own
    passive = i > 0 and words[i - 1] in ("was", "were", "be", "been", "being", "is", "are") and \
        words[i].endswith(("ed", "en", "wn")) or (i + width < len(words) and words[i + width] == "by")
    if passive and words[i + width:i + width + 1] == ["to"] and (words[i] in INTENT or _lemma(words[i], lex) in INTENT):
        passive = False  # "is prepared to", "is committed to": an adjective of intent, not a passive
    reduced = _reduced_relative(words, i, width, lex)
    ev = Event(first.start, last.end, text[first.start:last.end], code, lex.plover_of(code), sentence,
               passive=passive or reduced)
    _roles(ev, text, toks, i, i + width, inside)
    if reduced:  # "prisoners seized by Southia": the noun just before is what was done to
        if ev.agent is None:
            return None  # "a curfew imposed in 1990", "men armed with knives": background, no doer named
        ev.target = next((m for m in inside if m.end <= ev.start and not text[m.end:ev.start].strip()), None)
    if passive and ev.agent is None and mood in ("intent", "threat"):
        return None  # "X will be attacked": a forecast, nobody's stated intention
    _drop_earlier_objects(text, ev, here)
    j, _ = _back(words, i)
    ev.code = _harm_code(ev.code, _lemma(words[i], lex), ev.agent, words[j] if j >= 0 and not passive else "")
    ev.plover = lex.plover_of(ev.code)
    if mood == "obliged":
        speech = _speech_before(words, i, lex)
        if speech is None:
            return None
        obliged = ev.agent
        ev.agent = _actor_before(toks[speech].start, sentence[0], inside)
        ev.target = obliged
        ev.code, ev.plover = "100", lex.plover_of("100")
    return ev


# Verbs and adjectives that make the infinitive after them an intention, a refusal or a threat.
INTENT = frozenset("""agree offer promise pledge vow plan decide intend undertake willing ready prepared eager
    commit committed determine determined poised""".split())
REFUSE = frozenset("refuse decline".split())
THREAT = frozenset("threaten".split())
FUTURE = frozenset("will would shall 'll".split())
OBLIGED = frozenset("must should".split())
POSSIBLE = frozenset("could may might can".split())
NEGATION = frozenset("not never n't no".split())
ADVERBS = frozenset("also again still further then soon now even only just jointly finally formally "
                    "officially already once longer later earlier".split()) | NEGATION
# "tried to assassinate": CAMEO codes the attempt on a life itself (185); other attempts are not
# said to have happened.
ATTEMPT = frozenset("attempt attempts attempted attempting try tries tried trying".split())
ATTEMPTED = {"186": "185"}
# A past participle right after a noun and before one of these, once the clause has its verb, is
# a reduced relative clause ("opened its borders to refugees ordered out of Southia", "a curfew
# imposed in 1990"): a passive whose doer is only a by-phrase, not the clause's subject.
PARTICIPLE_NEXT = frozenset("by with in out from against on at during after for into under over near since".split())
FINITE = frozenset("is are was were has have had".split())


def _reduced_relative(words: list[str], i: int, width: int, lex: Lexicon) -> bool:
    word, (j, _) = words[i], _back(words, i)
    previous = words[j] if j >= 0 and j < i - 1 and words[j] in AUXILIARIES | FINITE else words[i - 1] if i else ""
    if width != 1 or not word.endswith(("ed", "en", "wn")) or words[i + 1:i + 2] == [] \
            or words[i + 1] not in PARTICIPLE_NEXT:
        return False
    if not re.fullmatch(r"[a-z][a-z-]*|[a-z]+['’]s", previous) or previous in AUXILIARIES | ADVERBS | STOP_WORDS \
            or previous in FINITE or previous in ("to", "who", "which", "that", "not", "also") or previous in lex.verbs:
        return False
    for k in range(i - 2, -1, -1):
        if words[k] in STOP or words[k] in CLAUSE_OPENERS or _lemma(words[k], lex) in SPEECH_LEMMAS:
            return False  # "said its troops attacked in", "and seized in": a clause of its own
        inflected = words[k].endswith("ed") or (words[k] in lex.verbs and words[k] != lex.verbs[words[k]][0]
                                                 and not words[k].endswith("ing"))
        if words[k] in FINITE or (inflected
                                  and (k == 0 or words[k - 1] not in NOUN_BEFORE)
                                  and words[k + 1] not in PARTICIPLE_NEXT | {"to"}):  # not one more participle
            return True
    return False


CLAUSE_OPENERS = frozenset("that and but or when while as after before because if since where who which".split())
SPEECH_LEMMAS = frozenset("say tell report state add claim announce".split())


# The intention, refusal or threat a deed's CAMEO root becomes (CAMEO 03, 12 and 13).
INTENT_OF = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
REFUSAL_OF = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
THREAT_OF = {"14": "133", "15": "138", "16": "132", "17": "137", "18": "138", "19": "138", "20": "138"}
# Verbs whose object noun is the event ("held talks", "launched an offensive", "lodged a protest").
LIGHT = frozenset("hold launch mount stage carry conduct lodge issue make wage start resume begin continue "
                  "file unleash impose levy announce declare".split())
COERCIVE_LIGHT = frozenset("impose levy".split())  # a deed by themselves ("imposed a curfew": CAMEO 17)
LIGHT_FORMS = {"held": "hold", "began": "begin", "begun": "begin", "made": "make", "waged": "wage"}


# Verbs an event noun is the subject of that the CAMEO dictionary lacks ("an explosion occurs").
HAPPEN = frozenset("occur happen erupt rage escalate intensify subside persist unfold recur".split())


# Words whose object noun is asked for, offered or only possible, not done ("calls for a truce",
# "urged talks", "proposed a ceasefire", "a possible attack").
WANTED = frozenset("""call calls called calling demand demands demanded demanding urge urges urged urging
    appeal appeals appealed appealing push pushes pushed pushing plea pleas seek seeks sought seeking
    propose proposes proposed proposing suggest suggests suggested suggesting possible potential""".split())


def _wanted(toks: list[Token], words: list[str], i: int) -> bool:
    """Whether the event noun at i is the object of a word of WANTED, past a few lowercase words
    ("for", "an immediate end to the")."""
    for k in range(i - 1, max(-1, i - 7), -1):
        if words[k] in WANTED:
            return True
        if words[k] in ("for", "to", "of") and k > 0 and words[k - 1] not in WANTED | {"end", "halt"}:
            return False  # "self-attribution for the attack": the noun belongs to another phrase
        if not re.fullmatch(r"[a-z][a-z-]*", toks[k].text) or words[k] in CLAUSE_OPENERS - {"that"} \
                or words[k] in AUXILIARIES | FINITE:
            return False
    return False


def _modifies_noun(words: list[str], after: int, lex: Lexicon) -> bool:
    """Whether an event noun ends before a plural common noun that heads its phrase: a lowercase
    word in -s that is no verb form ("games", "workers"; not "kills", "continues")."""
    head = words[after] if after < len(words) else ""
    return (re.fullmatch(r"[a-z]{3,}s", head) is not None and not words[after - 1].endswith("s")
            and head not in lex.verbs and head not in lex.nouns and head[:-1] not in HAPPEN
            and head not in STOP_WORDS | NOUN_BEFORE | PLACE_PREPS | AUXILIARIES | FINITE | ADVERBS
            and head not in ("was", "has", "as", "this", "thus", "across", "towards", "plus", "versus"))


def _back(words: list[str], i: int) -> tuple[int, bool]:
    """The index of the word before i past adverbs and negations, and whether one negated."""
    j, negated = i - 1, False
    while j >= 0 and (words[j] in ADVERBS or words[j].endswith(("ly", "n't"))):
        negated = negated or words[j] in NEGATION or words[j].endswith("n't")
        j -= 1
    if j >= 0 and words[j].endswith("n't"):
        negated = True
    return j, negated


def _lemma(word: str, lex: Lexicon) -> str:
    verb = lex.verbs.get(word)
    return LIGHT_FORMS.get(word) or (verb[0] if verb else word)


def _mood(words: list[str], i: int, lex: Lexicon) -> tuple[str | None, int | None]:
    """How the sentence holds the deed at i: done (None), intended, refused, threatened,
    obliged ("must"), possible ("could"), or negated; and the governing verb's index."""
    j, negated = _back(words, i)
    k = j
    while k > 0 and words[k] in ("be", "been", "being", "have"):  # "to be released", "could have been"
        k, aux_negated = _back(words, k)
        negated = negated or aux_negated
    if k >= 0 and k != j and (words[k] == "to" or words[k] in FUTURE | OBLIGED | POSSIBLE):
        j = k
    before = words[j] if j >= 0 else ""
    demand = _demand_before(words, i)
    if demand is not None:
        return "demanded", demand
    if before == "to":
        k, governor_negated = _back(words, j)
        lemma = _lemma(words[k], lex) if k >= 0 else ""
        if lemma in INTENT:
            return ("refusal" if governor_negated or negated else "intent"), k
        if lemma in REFUSE:
            return "refusal", k
        if lemma in THREAT:
            return "threat", k
        if words[k] in ATTEMPT:
            return "attempt", k
        return "purpose", None  # "aimed to end", "urged them to leave": not said to be done
    elif before in FUTURE or before.endswith("'ll"):
        return ("refusal" if negated else "intent"), None
    elif before in OBLIGED:
        return ("negated" if negated else "obliged"), None
    elif before in POSSIBLE:
        return "possible", None
    return ("negated" if negated else None), None


# Verbs (and nouns) whose that-clause is a demand: "demanded that Southia free the prisoners" does
# not say the prisoners were freed (CAMEO 10: demands are verbal acts).
DEMANDS = frozenset("""demand demands demanded demanding insist insists insisted insisting urge urges urged
    urging ask asks asked asking request requests requested requesting""".split())


def _demand_before(words: list[str], i: int) -> int | None:
    """The index of a demand verb whose that-clause holds the word at i, within its clause."""
    for k in range(i - 1, max(-1, i - 12), -1):
        if words[k] in STOP or words[k] in (".", ",") or words[k] in ("which", "who", "but", "while"):
            return None
        if words[k] == "that":
            j, _ = _back(words, k)
            return j if j >= 0 and words[j] in DEMANDS else None
    return None


def _composed(code: str, mood: str | None) -> str | None:
    """The code of a deed in its mood, None when the sentence does not say it happened."""
    root = code[:2]
    if mood is None or mood == "obliged":
        return code
    if mood == "intent":
        return INTENT_OF.get(root) or THREAT_OF.get(root) or code
    if mood == "threat":
        return THREAT_OF.get(root, "130")
    if mood == "refusal":
        return REFUSAL_OF.get(root)
    if mood == "attempt":
        return ATTEMPTED.get(code)
    return None  # negated ("has not released"), possible ("could strike"): not said to have happened


def _governed(governing: str, composed: str, mood: str) -> str:
    """A governing verb's code once its complement is read ("agreed" + "to meet" -> 036)."""
    if mood == "threat":
        return composed if composed.startswith("13") else governing
    if mood == "refusal":
        return composed if composed.startswith("12") else governing
    return composed if composed.startswith(("03", "13")) else governing


# Harm done to people: CAMEO calls killing and wounding by a group or person that is no state's
# force unconventional violence, an assault (18); with no agent named, the dictionary's code
# stands. A beating or stabbing is a physical assault (182) whoever does it.
HARM = {"kill": "180", "murder": "180", "slay": "180", "behead": "180", "strangle": "180",
        "wound": "182", "injure": "182"}
ASSAULT = {"beat": "182", "stab": "182"}
STATE_FORCES = frozenset({"ArmedForces", "MilitaryUnit", "State", "Country", "GovernmentBody"})
AUXILIARIES = frozenset("is are was were be been am 're".split())


# Nouns that name an armed group or person that is no state's force ("Kurdish rebels", "gunmen").
NON_STATE = frozenset("""rebel rebels guerrilla guerrillas militant militants gunman gunmen insurgent
    insurgents militiaman militiamen militia militias terrorist terrorists jihadist jihadists extremist
    extremists attacker attackers assailant assailants bomber bombers kidnapper kidnappers separatists""".split())


def _harm_code(code: str, lemma: str, agent: Mention | None, subject: str = "") -> str:
    """`subject` is the word just before the verb (past adverbs): the head of its subject."""
    if code.startswith("19") and lemma in ASSAULT:
        return ASSAULT[lemma]
    if code.startswith("19") and lemma in HARM and (subject in NON_STATE or (
            agent is not None and agent.entity.cls not in STATE_FORCES)):
        return HARM[lemma]
    return code


def _light_verb(words: list[str], i: int, lex: Lexicon) -> int | None:
    """The index of a light verb whose object is the noun at i, past articles and adjectives."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if _lemma(words[k], lex) in LIGHT and words[k] not in NOUN_BEFORE:
            return k
        if not re.fullmatch(r"[a-z][a-z-]*", words[k]) or words[k] in STOP_WORDS or words[k] in lex.nouns:
            return None
    return None


STOP_WORDS = frozenset("and or but which who that after before while when as by in on at of for".split())


def _speech_before(words: list[str], i: int, lex: Lexicon) -> int | None:
    for k in range(i - 1, -1, -1):
        verb = lex.verbs.get(words[k])
        if verb and (verb[0] in ("say", "tell", "state", "announce", "insist", "declare", "add")
                     or verb[1].startswith("01")):
            return k
    return None


def _actor_before(at: int, start: int, inside: list[Mention]) -> Mention | None:
    before = [m for m in inside if start <= m.start and m.end <= at and m.entity.kind == "actor"]
    return before[-1] if before else None


# What may stand between a subject and its verb: auxiliaries, adverbs, days, relative pronouns.
SUBJECT_GAP = re.compile(r"[\s,]*(?:(?:has|have|had|was|were|is|are|be|been|being|will|would|also|then|again|"
                         r"who|which|that|on|today|yesterday|[a-z]+ly|\w+day)[\s,]+)*", re.I)


def _drop_earlier_objects(text: str, ev: Event, here: list[Event]) -> None:
    """A mention after an earlier trigger of the sentence is that trigger's object, not this
    verb's subject, unless it stands right before the verb ("demanded the removal of X at
    talks aimed at": X did not aim)."""
    role = "target" if ev.passive else "agent"
    mention = getattr(ev, role)
    if mention is None or not any(other.end <= mention.start for other in here):
        return
    if SUBJECT_GAP.fullmatch(text[mention.end:ev.start]) is None:
        setattr(ev, role, None)


def _modifies(text: str, mention: Mention, at: int) -> bool:
    """Whether a mention modifies the event noun at `at` ("Israeli airstrikes", "Iran's deadly
    attack", "US-led strikes"): at most two adjectives or nouns between, no article or verb."""
    found = re.fullmatch(r"(?:['’]s)?(?:-[A-Za-z]+)*((?:\s+[a-z][a-z-]*){0,2})\s*", text[mention.end:at])
    return found is not None and not (set(found.group(1).split()) & (NOUN_BEFORE | STOP_WORDS))


def _by(text: str, ev: Event, inside: list[Mention]) -> Mention | None:
    return next((m for m in inside if m.start >= ev.end and text[ev.end:m.start].strip().startswith("by")
                 and len(text[ev.end:m.start]) < 40 and m.entity.kind == "actor"), None)


def _trigger(toks: list[Token], words: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    word = words[i]
    pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else None
    if pair and pair in lex.nouns:
        return 2, lex.nouns[pair]
    if word == "according":
        return None  # "according to X" credits a source; it is no deed
    verb = lex.verbs.get(word)
    previous = words[i - 1] if i else ""
    if verb and ((previous in NOUN_BEFORE and previous != "to") or (previous.endswith("'s") and not word.endswith("ed"))):
        verb = None  # "the attack", "its forces": a noun, not a deed ("to leave": see _mood)
    if verb and _after_indefinite_name(toks, words, i):
        verb = None  # "a key U.S. ally", "an Israeli strike": a noun phrase, not a deed
    if verb and _noun_by_position(toks, words, i, verb[0], lex):
        verb = None  # "a press release", "as shells continued": a noun where a verb cannot stand
    if verb and word.endswith("ing") and word in lex.nouns and previous not in AUXILIARIES:
        verb = None  # "a roadside bombing", "the shelling": the noun, not a progressive verb
    if verb and toks[i].text[:1].islower():
        lemma, default = verb
        if lemma not in SKIP_LEMMAS:
            code = code_of(lemma, default, words[max(0, i - 6):i], words[i + 1:i + 10], lex)
            if lemma in LIGHT - COERCIVE_LIGHT and code == default:
                code = "---"  # "issued a statement", "conducted a survey": a light verb alone is no deed
            if code != "---" and not code.startswith(SPEECH_CODES) and code.isdigit():
                return 1, code
    if word in lex.nouns and toks[i].text[:1].islower():
        return 1, lex.nouns[word]
    return None


# Nouns that take a plural verb without an -s ("the police arrest").
COLLECTIVE = frozenset("police people military personnel staff clergy youth public".split())


def _noun_by_position(toks: list[Token], words: list[str], i: int, lemma: str, lex: Lexicon) -> bool:
    """Whether the verb form at i is a noun by where it stands: the base form after an article
    and a singular common noun ("a press release": a singular subject would take "releases"), or
    an -s form between a determiner or clause opener and a past-tense verb ("as shells continued")."""
    word, previous = words[i], toks[i - 1].text if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word == lemma and i >= 2 and words[i - 2] in ("a", "an", "the") and re.fullmatch(r"[a-z]{3,}", previous) \
            and not re.search(r"(?<!s)s$|ly$|ed$|ing$", previous) and previous not in COLLECTIVE | NOUN_BEFORE | ADVERBS \
            and (after in PARTICIPLE_NEXT | STOP_WORDS | FINITE | {"", ",", ".", ";", ":", "said", "says"}
                 or after.endswith("ed")):  # not "a car open fire": a verb before its object
        return True
    return word.endswith("s") and word != lemma and after.endswith("ed") and after in lex.verbs \
        and previous.lower() in CLAUSE_OPENERS | NOUN_BEFORE


# ", a key ally of X," or ", the acting Prime Minister of Iraq,": an aside about the subject.
APPOSITION = re.compile(r",\s+(?:a|an|the)\s[^,;]*,", re.I)


def _after_indefinite_name(toks: list[Token], words: list[str], i: int) -> bool:
    """Whether the word at i closes "a/an [adjective] Name ...": after an indefinite article and
    a capitalised name, the next word is the head noun of that phrase."""
    if i >= 3 and toks[i - 1].text == "." and toks[i - 1].start == toks[i - 2].end:
        i -= 1  # "a key U.S. ally": the abbreviation's last dot is a token of its own
    if i < 2 or not toks[i - 1].text[:1].isupper():
        return False
    for k in range(i - 2, max(-1, i - 5), -1):
        if words[k] in ("a", "an"):
            return True
        if not (toks[k].text[:1].isupper() or re.fullmatch(r"[a-z]+", words[k])) or words[k] in STOP_WORDS:
            return False
    return False


def _roles(ev: Event, text: str, toks: list[Token], i: int, j: int, inside: list[Mention]) -> None:
    clause_start = ev.sentence[0]
    for t in reversed(toks[:i]):
        if t.text in STOP or (t.text == "," and False):
            clause_start = t.end
            break
    asides = [a.span() for a in APPOSITION.finditer(text, clause_start, ev.start)]
    before = [m for m in inside if clause_start <= m.start and m.end <= ev.start and m.entity.kind == "actor"
              and not _credited(text, m) and not any(s <= m.start and m.end <= e for s, e in asides)]
    after = [m for m in inside if m.start >= ev.end]
    by = next((m for m in after if text[ev.end:m.start].strip().startswith("by")
               and len(text[ev.end:m.start]) < 40 and m.entity.kind == "actor"), None)
    objects = [m for m in after if m.entity.kind in ("actor", "place") and not _credited(text, m)
               and not re.search(r"[.;,\"“”]", text[ev.end:m.start]) and len(text[ev.end:m.start]) < 60]
    if ev.passive or by is not None:
        ev.agent = by
        ev.target = before[-1] if before else None
    else:
        ev.agent = before[-1] if before else None
        target = next((m for m in objects if not _prep_before(text, m) in PLACE_PREPS or m.entity.kind == "actor"), None)
        ev.target = target
    place = next((m for m in after if m.entity.kind == "place" and _prep_before(text, m) in PLACE_PREPS
                  and m is not ev.target and len(text[ev.end:m.start]) < 120), None)
    ev.place = place
    if ev.agent is not None and ev.target is not None and ev.agent.entity is ev.target.entity:
        ev.target = None


def _credited(text: str, mention: Mention) -> bool:
    """Whether the mention is a source credited ("according to Reuters"), not a doer."""
    return text[max(0, mention.start - 16):mention.start].lower().rstrip().endswith("according to")


def _prep_before(text: str, mention: Mention) -> str:
    words = text[max(0, mention.start - 12):mention.start].split()
    return words[-1].lower() if words else ""
