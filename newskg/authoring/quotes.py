"""Quotes and reported speech, with their speaker and, where the article gives it, the
speaker's office.

Verbatim: words in quotation marks introduced or followed by a speech verb ("X said, \"…\"",
"\"…,\" X said", "\"…,\" he added", "\"…,\" said X"). Reported: "…, X said.", "X said (that) …",
"According to X, …", "…, according to X.", "In a statement, X …". A pronoun speaker is the
previous statement's speaker, or else the last person named before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import Mention

SPEECH = (r"said|says|say|told|tells|added|adds|stated|states|announced|announces|claimed|claims|"
          r"reported|reports|warned|warns|noted|wrote|writes|tweeted|declared|confirmed|denied|insisted|"
          r"stressed|explained|argued|asserted|alleged|acknowledged|urged|vowed|posted")
SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b")
STANCE = re.compile(r"\b(?:saying|calling (?:it|them|him|her|the \w+)|describing (?:it|them|the \w+) as|"
                    r"characteri[sz]ed [\w ]{2,40} as|called [\w ]{2,40}|writing|adding|declaring|"
                    r"warning|insisting|stating)[,:]? ?$")
PRONOUNS = {"he", "she", "they", "it", "He", "She", "They", "It"}
QUOTE_PAIRS = re.compile(r"\"([^\"\n]{2,})\"|“([^”\n]{2,})”")


@dataclass
class Statement:
    start: int  # the evidence: the words that report the statement
    end: int
    quote_start: int
    quote_end: int
    speaker: Mention
    mode: str  # verbatim, reported
    office: str | None = None
    office_start: int | None = None

    def quote(self, text: str) -> str:
        return text[self.quote_start:self.quote_end]


def _speaker_in(mentions: list[Mention], start: int, end: int) -> Mention | None:
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.entity.kind == "actor"]
    people = [m for m in inside if m.entity.cls == "Person"]
    return (people or inside or [None])[-1] if inside else None


def _before(mentions: list[Mention], at: int) -> Mention | None:
    people = [m for m in mentions if m.end <= at and m.entity.cls == "Person"]
    return people[-1] if people else None


def _office(text: str, speaker: Mention, end: int) -> tuple[str | None, int | None]:
    if speaker.title:
        return speaker.title, speaker.title_start
    found = re.match(r", (?:the |a |an )?((?:[\w'’-]+ ){0,4}?(?:spokes(?:man|woman|person)|minister|official|"
                     r"commander|chief|head|leader|director|secretary|president|ambassador)(?: (?:of|for) (?:the )?"
                     r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)?),", text[speaker.end:end])
    if found:
        return found.group(1), speaker.end + found.start(1)
    return None, None


def find_statements(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Statement]:
    found: list[Statement] = []
    covered: list[tuple[int, int]] = []
    last_speaker: Mention | None = None

    def sentence_of(offset: int) -> tuple[int, int]:
        for s, e in sentences:
            if s <= offset < e:
                return s, e
        return offset, offset

    def resolve(pronoun_or_none: Mention | None, word: str | None, at: int) -> Mention | None:
        if pronoun_or_none is not None:
            return pronoun_or_none
        if word in PRONOUNS:
            return last_speaker or _before(mentions, at)
        return None

    events: list[tuple[int, Statement]] = []
    for match in QUOTE_PAIRS.finditer(text):
        group = 1 if match.group(1) is not None else 2
        qs, qe = match.start(group), match.end(group)
        words = text[qs:qe]
        if len(words.split()) < 3:
            continue
        sent_start, _ = sentence_of(match.start())
        before = text[sent_start:match.start()]
        after_sent = sentence_of(match.end() - 1)[1]
        after = text[match.end():max(after_sent, match.end() + 80)]
        speaker = None
        ev_start, ev_end = sent_start, match.end()
        intro = re.search(rf"(?:^|, )(?P<who>[^,\"“]{{0,120}}?)(?:,[^,]{{0,80}},)? (?:{SPEECH})(?: \w+)?[,:]? ?$", before)
        tail = re.match(rf"^[,.]? ?(?:(?P<pro>he|she|they|it) (?:{SPEECH})|(?:{SPEECH}) (?P<who>[^,.]{{2,80}})|"
                        rf"(?P<who2>[^,.\"“]{{2,80}}?) (?:{SPEECH}))\b[^.]*\.?", after)
        if intro:
            speaker = _speaker_in(mentions, sent_start + intro.start("who"), match.start())
            if speaker is None and intro.group("who").strip().split(" ")[-1:] and \
                    intro.group("who").strip().split(" ")[0] in PRONOUNS:
                speaker = resolve(None, intro.group("who").strip().split(" ")[0], match.start())
        if text[qe - 1:qe] in ".!?" and re.match(r"\s+[A-Z]", text[match.end():match.end() + 3]):
            tail = None  # the quote ends its sentence: what follows is the next one
        if speaker is None and STANCE.search(before):
            # "X posted a message, saying \"…\"", "X characterized the attack as \"…\"": the sentence's subject
            subject = [m for m in mentions if sent_start <= m.start and m.end <= match.start() and m.entity.kind == "actor"]
            people = [m for m in subject if m.entity.cls == "Person"]
            speaker = (people or subject or [None])[0]
        if speaker is None and tail:
            ev_end = match.end() + tail.end()
            if tail.group("pro"):
                speaker = resolve(None, tail.group("pro"), match.start())
            else:
                who_start = match.end() + (tail.start("who") if tail.group("who") else tail.start("who2"))
                who_end = match.end() + (tail.end("who") if tail.group("who") else tail.end("who2"))
                speaker = _speaker_in(mentions, who_start, who_end)
                if speaker is None and (tail.group("who2") or "").strip() in PRONOUNS:
                    speaker = resolve(None, tail.group("who2").strip(), match.start())
        if speaker is None:
            continue
        if qe > qs and text[qe - 1] == ",":
            qe -= 1
        office, office_start = _office(text, speaker, match.start())
        statement = Statement(min(ev_start, speaker.start), max(ev_end, match.end()), qs, qe, speaker,
                              "verbatim", office, office_start)
        events.append((match.start(), statement))
    quoted = [(s.start, s.end) for _, s in events]
    for s, e in sentences:
        if any(a < e and s < b for a, b in quoted):
            continue
        statement = _reported(text, s, e, mentions)
        if statement is not None:
            events.append((s, statement))
    for _, statement in sorted(events, key=lambda pair: pair[0]):
        if any(a <= statement.quote_start < b for a, b in covered):
            continue
        found.append(statement)
        covered.append((statement.quote_start, statement.quote_end))
        last_speaker = statement.speaker
    return found


REPORTED = [
    # "…, X said." / "…, X told reporters on Monday."
    re.compile(rf"^(?P<q>.{{12,}}?), (?P<who>[^,]{{2,90}}?) (?:{SPEECH})\b[^,]{{0,40}}\.$"),
    re.compile(rf"^(?P<q>.{{12,}}?), (?:{SPEECH}) (?P<who>[^,]{{2,90}}?)\.$"),
    # "According to X, …" / "…, according to X."
    re.compile(r"^(?:According|according) to (?P<who>[^,]{2,90}), (?P<q>.{12,}?)\.?$"),
    re.compile(r"^(?P<q>.{12,}?),? according to (?P<who>[^,]{2,90}?)\.$"),
    # "In a statement(, …), X said/blamed …"
    re.compile(r"^In (?:a|an|his|her|its|their) (?:statement|message|interview|speech|post|tweet)(?:[^,]{0,60})?, "
               r"(?P<who>[^,]{2,90}?(?:, [^,]{2,60},)?) (?P<q>(?!(?:of|for|and|in|to|on|at)\b)[a-z]\w+ .{8,}?)\.?$"),
    # "X called the crisis the worst …" (not "called for", "called on")
    re.compile(r"^(?P<who>[^,]{2,90}?) called (?!for\b|on\b|off\b|up\b|in\b)(?P<q>.{12,}?)\.?$"),
    # "X said (that) …"
    re.compile(rf"^(?P<who>[^,]{{2,90}}?(?:, [^,]{{2,60}},)?) (?:{SPEECH})(?: on \w+| in a statement| reporters| in an interview)?,? (?:that )?(?P<q>.{{12,}}?)\.?$"),
]


def _reported(text: str, start: int, end: int, mentions: list[Mention]) -> Statement | None:
    sentence = text[start:end]
    for pattern in REPORTED:
        match = pattern.match(sentence)
        if not match:
            continue
        speaker = _speaker_in(mentions, start + match.start("who"), start + match.end("who"))
        if speaker is None:
            continue
        qs, qe = start + match.start("q"), start + match.end("q")
        office, office_start = _office(text, speaker, qs)
        return Statement(start, end, qs, qe, speaker, "reported", office, office_start)
    return None
