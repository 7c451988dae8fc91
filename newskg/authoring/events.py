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


def _side_matches(slots: list[str], words: list[str], lex: Lexicon, window: int = 8) -> bool:
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
        i = 0
        while i < len(toks):
            event = _trigger(toks, words, i, lex)
            if event is None:
                i += 1
                continue
            trigger_tokens, code = event
            first, last = toks[i], toks[i + trigger_tokens - 1]
            passive = i > 0 and words[i - 1] in ("was", "were", "been", "being", "is", "are") and \
                words[i].endswith(("ed", "en", "wn")) or (i + trigger_tokens < len(words) and words[i + trigger_tokens] == "by")
            ev = Event(first.start, last.end, text[first.start:last.end], code, lex.plover_of(code), (s, e),
                       passive=passive, noun=words[i] not in lex.verbs or trigger_tokens > 1
                       or (i > 0 and words[i - 1] in NOUN_BEFORE))
            _roles(ev, text, toks, i, i + trigger_tokens, inside)
            found.append(ev)
            i += trigger_tokens
    return found


def _trigger(toks: list[Token], words: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    word = words[i]
    pair = f"{word} {words[i + 1]}" if i + 1 < len(words) else None
    if pair and pair in lex.nouns:
        return 2, lex.nouns[pair]
    verb = lex.verbs.get(word)
    previous = words[i - 1] if i else ""
    if verb and (previous in NOUN_BEFORE or (previous.endswith("'s") and not word.endswith("ed"))):
        verb = None  # "the attack", "its forces", "to leave": a noun or an intention, not a deed
    if verb and toks[i].text[:1].islower():
        lemma, default = verb
        if lemma not in SKIP_LEMMAS:
            code = code_of(lemma, default, words[max(0, i - 6):i], words[i + 1:i + 10], lex)
            if code != "---" and not code.startswith(SPEECH_CODES) and code.isdigit():
                return 1, code
    if word in lex.nouns and toks[i].text[:1].islower():
        return 1, lex.nouns[word]
    return None


def _roles(ev: Event, text: str, toks: list[Token], i: int, j: int, inside: list[Mention]) -> None:
    clause_start = ev.sentence[0]
    for t in reversed(toks[:i]):
        if t.text in STOP or (t.text == "," and False):
            clause_start = t.end
            break
    before = [m for m in inside if clause_start <= m.start and m.end <= ev.start and m.entity.kind == "actor"]
    after = [m for m in inside if m.start >= ev.end]
    by = next((m for m in after if text[ev.end:m.start].strip().startswith("by")
               and len(text[ev.end:m.start]) < 40 and m.entity.kind == "actor"), None)
    objects = [m for m in after if m.entity.kind in ("actor", "place")
               and not re.search(r"[.;]", text[ev.end:m.start]) and len(text[ev.end:m.start]) < 60]
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


def _prep_before(text: str, mention: Mention) -> str:
    words = text[max(0, mention.start - 12):mention.start].split()
    return words[-1].lower() if words else ""
