"""Quotes and reported speech, with their speaker and, where the article gives it, the
speaker's office.

Verbatim: words in quotation marks introduced or followed by a speech verb ("X said, \"…\"",
"\"…,\" X said", "\"…,\" he added", "\"…,\" said X", "\"…,\" he said, \"…\"", "\"…\" read the
statement"), after a stance verb ("X posted a message, saying \"…\""), after a colon in a
sentence that says it reports a message ("In his message, he praised him: \"…\""), or a bare
quoted sentence right after one credited to a speaker (the same speaker goes on).
Reported: "…, X said.", "…, said X.", "X said (that) …", "Speaking on TV, X said …", "X, a
spokesman, said …", "which X said were …", "X did A, but said …", "According to X, …", "…,
according to X.", "In a statement, X …", "X released a statement saying …", "X expressed …";
"X, citing Y, reported …" credits Y as well.

The speaker is a mention the mentions part found (a person named inside a longer subject is
preferred: "BBC's Jonathan Marcus"), a descriptive group or person written as the article
words it ("a spokesperson", "Saudi officials", "state media", "representatives from Iran"), a
definite description of an actor just named ("the agency" after "the Saudi Press Agency"), or a
pronoun: "he"/"she" the latest person who spoke or was a sentence's subject, "it"/"they" the
latest organisation that spoke. Crediting words to the wrong speaker is the worst error here,
so when the subject is none of these the statement is left out; so are negated ones ("had not
announced"), unnamed sources, and a verb whose object is no clause ("denied the accusation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .mentions import ACTOR_CLASSES, Entity, Mention, slug

SPEAKER_CLASSES = ACTOR_CLASSES - {"Actor"}
SPEECH = (r"said|says|say|told|tells|added|adds|stated|states|announced|announces|claimed|claims|"
          r"reported|reports|warned|warns|noted|notes|wrote|writes|tweeted|declared|declares|confirmed|confirms|"
          r"denied|denies|insisted|insists|stressed|explained|argued|asserted|alleged|acknowledged|acknowledges|"
          r"admitted|admits|indicated|indicates|suggested|revealed|conceded|cautioned|estimated")
# "released a statement saying": a statement the subject issued, whose content follows.
ISSUED = (r"(?:released|issued|put out|published|posted) (?:a|an) (?:[\w-]+ )?(?:statement|communiqu[eé]|message|"
          r"video|post)(?: on [\w-]+)?,? (?:saying|stating)")
EXPRESSED = r"expressed|expresses"  # "X expressed concern and …": the whole predicate is what was said
DENIAL = r"denied|denies|rejected|rejects"  # the denial, not the content, is the statement
VERB = re.compile(rf"(?<![\w-])(?:{ISSUED}|{SPEECH}|{EXPRESSED}|rejected|rejects)(?![\w-])")
# "…, saying (there was) \"…\"": the quote is the subject's, a few words into what the verb reports.
STANCE = re.compile(r"\b(?:(?:saying|writing|adding|declaring|warning|insisting|stating)(?: that)?(?: [\w'’]+){0,3}|"
                    r"calling (?:it|them|him|her|the \w+)|describing (?:it|them|the \w+) as|"
                    r"characteri[sz]ed [\w ]{2,40} as|called [\w ]{2,40})[,:]? ?$")
MESSAGE_LEAD = re.compile(r"^In (?:a|an|his|her|its|their) (?:[\w-]+ )?(?:statement|message|speech|address|"
                          r"interview|post|tweet|letter|video)\b[^,]{0,60}, ")
LEAD_IN = re.compile(r"^(?:(?:On|In|At|After|Before|Following|During|Speaking|Writing|Responding|Meanwhile|However|"
                     r"Later|Earlier|Yesterday|Today|Separately|Since|Last|Also|Asked|Addressing)\b[^,\"“]{0,80}, )+")
# Words that end a subject's description: a verb, or a word that starts a clause.
VERBISH = re.compile(r"(?<![\w-])(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|"
                     r"might|must|should|spoke|took|made|gave|found|struck|hit|went|came|began|left|met|sent|put|"
                     r"ordered|called|blamed|" + SPEECH + r")(?![\w-])")
# In a noun phrase, "-ed" words that describe rather than tell what someone did.
NP_VERB = re.compile(r"(?!(?:armed|unnamed|alleged|detained|wounded|injured|displaced|concerned|united|related|"
                     r"retired|elected|self-styled|so-called)\b)" + VERBISH.pattern)
FINITE = re.compile(r"(?<![\w-])(?:is|are|was|were|be|been|has|have|had|will|would|can|could|did|does|do|may|might|"
                    r"must|should|shall|remain|remains|continue|continues|struck|hit|took|made|came|went|began|"
                    r"left|fell|rose|shot|saw|gave|got|led|met|sent|won|lost|held|kept|ran|brought|fought|knew|"
                    r"found|became|killed|(?<!\bthe )(?<!\ba )(?<!\ban )[a-z]{3,}ed)(?![\w-])")
CLAUSE_END = re.compile(r", (?:which|who|whom|whose|but|and|while|as|after|before|because|though|although)\b|[;:]| [\"“]|"
                        r" (?:after|before|because|when|while|following|amid|despite|since|until|as)\b")
PREPOSITION = re.compile(r"(?!at (?:least|most)\b)(?:before|after|in|on|at|for|from|with|by|against|to|during|into)\b")
ADVERB = r"(?:(?:also|later|subsequently|earlier|previously|then|has|have|had|reportedly|separately) )?"
NEGATION = re.compile(r"(?<![\w-])(?:not|never|no longer|n't|cannot)(?![\w-])|n't\b")
ADVERBS = re.compile(r"(?:\s+(?:also|subsequently|later|earlier|previously|again|further|then|separately|repeatedly|"
                     r"publicly|officially|recently|reportedly|has|have|had|would|will|not|never|n't|did|does|do|"
                     r"first|initially|quickly|immediately|had earlier|once))*\s*$")
PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person",
            "they": "group", "them": "group", "it": "group"}
QUOTE_PAIRS = re.compile(r"\"([^\"\n]{2,})\"|“([^”\n]{2,})”")
# Descriptive speakers: the head noun, and the class of actor it names.
HEADS: dict[str, str] = {
    **dict.fromkeys("spokesman spokeswoman spokesperson official representative diplomat commander officer "
                    "minister lawmaker analyst expert witness resident envoy negotiator adviser advisor aide".split(),
                    "Person"),
    **dict.fromkeys("officials representatives diplomats lawmakers analysts experts witnesses residents protesters "
                    "protestors activists leaders organizers organisers campaigners observers monitors investigators "
                    "prosecutors medics doctors rescuers workers villagers survivors relatives groups".split(),
                    "Organisation"),
    **dict.fromkeys("media broadcaster newspaper".split(), "NewsOrganisation"),
    **dict.fromkeys("authorities police ministry administration".split(), "GovernmentBody"),
    **dict.fromkeys("military army troops soldiers".split(), "ArmedForces"),
    **dict.fromkeys("militants fighters rebels insurgents militiamen".split(), "NonStateArmedGroup"),
}
ARMED_MODIFIERS = re.compile(r"\b(?:paramilitary|militant|armed|rebel|militia|jihadist|insurgent)\b")
UNNAMED = re.compile(r"\b(?:anonymous|unnamed|unidentified|some|a source|sources)\b", re.I)
DESCRIPTIVE = re.compile(
    r"(?:(?:[Aa]n?|[Tt]he|[Ss]ome|[Ss]everal|[Mm]any|[Oo]ther|[Tt]wo|[Tt]hree)\s+)?"
    r"(?P<mods>(?:(?!(?:that|which|who|and|but|said|was|were|has|had|have|from|of|for|at|in|with|by|to)\b)"
    r"[\w.'’-]+\s+){0,5}?)"
    rf"(?P<head>(?i:{'|'.join(sorted(HEADS, key=len, reverse=True))}))"
    r"(?P<of>\s+(?:from|of|for|at|in|with)\s+(?:the\s+|its\s+|their\s+)?[\w.'’-]+(?:\s+[\w.'’-]+){0,4})?")
# "the agency", "the ministry": an actor the article just named, by the last word of its name.
DEFINITE = re.compile(r"(?:[Tt]he|[Ii]ts|[Tt]heir) (?P<noun>agency|ministry|department|group|movement|militia|army|"
                      r"government|company|organi[sz]ation|council|committee|coalition|alliance|office|force|forces|"
                      r"guard|guards|corps|command|party|network|broadcaster|newspaper|channel|president|minister|"
                      r"spokesman|spokeswoman|spokesperson)")
# Lower-case words a subject's noun phrase may hold ("the acting prime minister of Iraq").
NP_WORDS = frozenset("""the a an of for and de al bin ibn el van von der la du le its their his her former acting
    interim deputy chief senior top prime president minister leader secretary general director head commander
    foreign defense defence interior justice health finance state military security government national federal
    local regional provincial district city country's group's he she they it agency department movement
    militia army company organisation organization council committee coalition alliance office force forces guard
    guards corps command party network channel""".split()) | frozenset(HEADS)
MESSAGE_NOUNS = re.compile(r"\b(?:statement|message|communiqu[eé]|post|tweet|letter|video)\b")


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
    speaker_class: str | None = None  # the class to write for a new speaker the mentions part did not type

    def quote(self, text: str) -> str:
        return text[self.quote_start:self.quote_end]


def find_statements(text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Statement]:
    """Every statement the text reports, in order, each with a speaker the text names or describes."""
    return _Finder(text, sentences, mentions).run()


class _Finder:
    """Reads the text sentence by sentence, remembering who spoke last (for pronouns, "the
    statement" and quotes that go on in the next sentence)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], mentions: list[Mention]) -> None:
        self.text = text
        self.sentences = sentences
        self.mentions = [m for m in mentions if m.entity.kind == "actor"]
        self.found: list[Statement] = []
        self.described: dict[str, Entity] = {}
        self.issuer: Mention | None = None  # who last issued a statement or message
        self.pairs = [(m.start(1 if m.group(1) is not None else 2), m.end(1 if m.group(1) is not None else 2))
                      for m in QUOTE_PAIRS.finditer(text)]

    # --- the walk ---------------------------------------------------------------------------

    def run(self) -> list[Statement]:
        previous_end: int | None = None
        previous: Statement | None = None  # the verbatim statement that ended the unit before
        for start, end in self._units():
            before = len(self.found)
            for s, e in self.sentences:
                if start <= s and e <= end:
                    self._reported(s, e)
            same_paragraph = previous_end is not None and "\n" not in self.text[previous_end:start]
            self._verbatim(start, end, previous if same_paragraph else None)
            new = sorted(self.found[before:], key=lambda st: st.quote_start)
            self.found[before:] = new
            previous = new[-1] if new and new[-1].mode == "verbatim" and new[-1].end >= end - 2 else None
            previous_end = end
        return self.found

    def _units(self) -> list[tuple[int, int]]:
        """Sentences, joined where a quotation runs across their boundary."""
        units: list[list[int]] = []
        for s, e in self.sentences:
            if units and any(units[-1][0] <= a - 1 < units[-1][1] and b >= s for a, b in self.pairs):
                units[-1][1] = e
            else:
                units.append([s, e])
        return [(s, e) for s, e in units]

    def _add(self, statement: Statement | None) -> bool:
        if statement is None:
            return False
        if any(st.quote_start < statement.quote_end and statement.quote_start < st.quote_end
               and st.speaker.entity is statement.speaker.entity for st in self.found):
            return False
        if statement.speaker.entity.cls not in SPEAKER_CLASSES and statement.speaker_class is None:
            return False
        self.found.append(statement)
        if MESSAGE_NOUNS.search(self.text[statement.start:statement.end]) and \
                not re.search(r"read the statement|the statement (?:read|said)", self.text[statement.start:statement.end]):
            self.issuer = statement.speaker
        return True

    def _statement(self, ev: tuple[int, int], quote: tuple[int, int], speaker: Mention, mode: str) -> Statement | None:
        qs, qe = quote
        while qe > qs and self.text[qe - 1] in ",;: ":
            qe -= 1
        while qs < qe and self.text[qs] in " ,":
            qs += 1
        if qe - qs < 2 or (mode == "reported" and self.text[qs] in "\"“"):
            return None
        office, office_start = _office(self.text, speaker)
        start = min(ev[0], speaker.start) if speaker.start >= self._sentence_start(ev[0]) else ev[0]
        return Statement(start, max(ev[1], qe), qs, qe, speaker, mode, office, office_start,
                         _speaker_class(speaker.entity))

    # --- verbatim ---------------------------------------------------------------------------

    def _verbatim(self, start: int, end: int, previous: Statement | None) -> None:
        text = self.text
        pairs = [(a, b) for a, b in self.pairs if start <= a - 1 and b < end + 1]
        last_end = None
        last: tuple[Mention | None, int] = (None, -1)  # the previous quote's speaker and where its attribution ends
        for qs, qe in pairs:
            if len(text[qs:qe].split()) < 3:
                last_end = qe + 1
                continue
            sent_start = self._sentence_start(qs - 1)
            # a quote that opens a new sentence the splitter did not end ("… 7:45 p.m. \"No …")
            opened = [m.end() for m in re.finditer(r"[.!?][\"”]? (?=[\"“])", text[sent_start:qs - 1])]
            if opened:
                sent_start += opened[-1]
            pre_start = max(sent_start, last_end or sent_start)
            pre = text[pre_start:qs - 1]
            sent_end = self._sentence_end(qe)
            post_start = qe + 1
            speaker = None
            if last[0] is not None and last[1] >= pre_start and not text[last[1]:qs - 1].strip(" ,;:"):
                speaker = last[0]  # "\"…,\" he said, \"…\"": the second half of a quote
            # "X said, \"…\""
            intro = re.search(rf"(?P<verb>{SPEECH})(?: (?:reporters|journalists|the press|[A-Z][\w.]*(?: [A-Z][\w.]*)*))?"
                              r"(?: on \w+| in a statement| in an interview)?[,:]? ?$", pre)
            if intro and speaker is None:
                speaker = self._subject(pre_start, pre_start + intro.start("verb"))
            if speaker is None and STANCE.search(pre):
                speaker = self._sentence_subject(sent_start, qs)
            if speaker is None and pre.rstrip().endswith(":") and MESSAGE_LEAD.match(text[sent_start:qs]):
                lead = MESSAGE_LEAD.match(text[sent_start:qs])
                speaker = self._sentence_subject(sent_start + lead.end(), qs)
            tail_end = post_start
            if speaker is None and post_start < sent_end:
                speaker, tail_end = self._tail(post_start, sent_end, qs)
            if speaker is None and previous is not None and not pre.strip() and \
                    not text[post_start:sent_end].strip(" .\"”") and previous.speaker is not None:
                speaker = previous.speaker  # a bare quoted sentence: the speaker of the one before goes on
            last_end = qe + 1
            last = (speaker, tail_end)
            if speaker is None:
                continue
            self._add(self._statement((min(sent_start, qs - 1), max(tail_end, qe + 1)), (qs, qe), speaker, "verbatim"))

    def _said_by(self, found: re.Match, start: int, end: int) -> bool:
        """A reported statement of the sentence at `start`..`end`: its speaker is the match's
        `who`, its words the match's `q`; False when `who` names nobody."""
        who = self._np(start + found.start("who"), start + found.end("who"), start)
        if who is None:
            return False
        self._add(self._statement((start, end), (start + found.start("q"), start + found.end("q")), who, "reported"))
        return True

    def _tail(self, start: int, end: int, quote_at: int) -> tuple[Mention | None, int]:
        """The speaker after a quote: "\"…,\" X said", "\"…,\" said X", "\"…\" read the statement"."""
        after = self.text[start:end]
        if re.match(r"^[.!?]?\s*$", after) or not re.match(r"^[,.!?;]? ", after):
            return None, start
        body = re.match(r"^[,.!?;]? ", after).end()
        rest = after[body:]
        found = re.match(r"^(?:read|reads|said|says) the (?:statement|message)|^the (?:statement|message) "
                         r"(?:read|reads|said|says|added)", rest)
        if found:
            return self.issuer, start + body + found.end()
        found = re.match(rf"^(?P<who>[^,.;\"“]{{1,80}}?) {ADVERB}(?:{SPEECH})\b", rest)
        if found and not NEGATION.search(found.group("who")):
            who = self._np(start + body, start + body + found.end("who"), quote_at)
            if who is not None:
                return who, start + body + found.end()
        found = re.match(rf"^(?:{SPEECH}) (?P<who>[^,.;\"“]{{2,80}}?)(?=[,.;]|$)", rest)
        if found:
            who = self._np(start + body + found.start("who"), start + body + found.end("who"), quote_at)
            if who is not None:
                return who, start + body + found.end()
        return None, start

    # --- reported ---------------------------------------------------------------------------

    def _reported(self, start: int, end: int) -> None:
        text = self.text
        sentence = text[start:end]
        stop = end - 1 if sentence.endswith((".", "!", "?")) else end
        # "According to X, …" / "…, according to X."
        found = re.match(r"^(?:[^,]{0,60}, )?[Aa]ccording to (?P<who>[^,]{2,90})(?:, (?:which|who)[^,]{0,80})?, "
                         r"(?P<q>.{12,})$", sentence)
        if found:
            who = self._np(start + found.start("who"), start + found.end("who"), start)
            if who is not None:
                self._add(self._statement((start, end), (start + found.start("q"), stop), who, "reported"))
                return
        found = re.match(r"^(?P<q>.{12,}?),? according to (?P<who>[^,]{2,90}?)[.!]?$", sentence)
        if found:
            if self._said_by(found, start, end):
                return
        # "…, X said." / "…, X told reporters on Monday." / "…, said X."
        found = re.match(rf"^(?P<q>.{{12,}}?), (?P<who>[^,\"“]{{2,90}}?) {ADVERB}(?:{SPEECH})\b(?P<rest>[^,\"“]{{0,40}})[.!]?$",
                         sentence)
        if found and not FINITE.search(found.group("rest")) and not NEGATION.search(found.group("who")):
            if self._said_by(found, start, end):
                return
        found = re.match(rf"^(?P<q>.{{12,}}?), (?:{SPEECH}) (?P<who>[^,\"“]{{2,90}}?)[.!]?$", sentence)
        if found and not re.match(r"^(?:that|to|it|on|in)\b", found.group("who")):
            if self._said_by(found, start, end):
                return
        # "In a statement, X blamed …", "In his statement, X found …"
        lead = MESSAGE_LEAD.match(sentence)
        if lead:
            subject = self._sentence_subject(start + lead.end(), end)
            verb = VERBISH.search(text, start + lead.end(), end)
            if subject is not None and verb is not None and subject.end <= verb.start() and \
                    not NEGATION.search(text[subject.end:verb.start()]):
                if not re.search(r": ?[\"“]", text[verb.start():stop]):  # else the quote after the colon says it
                    if self._add(self._statement((start, end), (verb.start(), stop), subject, "reported")):
                        return
        # "X called the crisis the worst …" (not "called for", "called on")
        found = re.match(r"^(?P<who>[^,]{2,90}?) called (?!for\b|on\b|off\b|up\b|in\b)(?P<q>.{12,}?)[.!]?$", sentence)
        if found:
            if self._said_by(found, start, end):
                return
        # "X said (that) …", "X, citing Y, reported …", "which X said were …", "…, but said …"
        done = start  # "X said …, but Y said …": each speaker's part
        for verb in VERB.finditer(text, start, stop):
            if verb.start() < done or any(a <= verb.start() < b for a, b in self.pairs):
                continue
            made = self._forward(start, end, stop, verb)
            if made is not None:
                done = made.quote_end

    def _forward(self, start: int, end: int, stop: int, verb: re.Match) -> Statement | None:
        text = self.text
        word = verb.group(0)
        speaker = self._subject(start, verb.start())
        if speaker is None:
            return None
        after = verb.end()
        told = re.match(r" (?:reporters|journalists|the press|the media|lawmakers|parliament|him|her|them|us|"
                        r"(?:the )?[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*)(?=[ ,])", text[after:stop]) \
            if word in ("told", "tells") else None
        if re.fullmatch(r"warn(?:ed|s)|told|tells|assured|assures|informed|informs|reminded|reminds", word):
            told = re.match(r" [^,;:\"“]{1,60}?(?= that\b)", text[after:stop]) or told  # "warned the UK that …"
        if told:
            after += told.end()
        adverbial = re.match(r"(?: (?:on|in|at|during|late|early|earlier|later|last) [^,\"“]{1,30}?)?(?=,? that\b|,)",
                             text[after:stop])
        if adverbial:
            after += adverbial.end()
        lead = re.match(r",? (?:that )?|: ", text[after:stop + 1])
        if lead is None:
            return None
        q_start = after + lead.end()
        boundary = CLAUSE_END.search(text, q_start, stop)
        q_end = boundary.start() if boundary and text[boundary.start():boundary.start() + 2] in (": ", ";", ":") else stop
        opened = re.search(r"(?<=[.!?]) [\"“]", text[q_start:q_end])  # the next, quoted, sentence is not part of it
        if opened:
            q_end = q_start + opened.start()
        for other in re.finditer(r", (?:but|while|whereas|and) ", text[q_start:q_end]):
            if VERB.search(text, q_start + other.end(), q_end):  # "…, but Japan said …": another speaker's part
                q_end = q_start + other.start()
                break
        if boundary and text[boundary.start():boundary.start() + 2] == " \"" and text[boundary.start() - 1] in ":,":
            q_end = boundary.start()
        clause = text[q_start:boundary.start() if boundary else stop]
        if re.fullmatch(EXPRESSED, word) or re.fullmatch(DENIAL, word):
            q_start = verb.start()  # "expressed concern …", "denied that …": the act is what was said
        elif not FINITE.search(clause) or text[q_start:q_start + 1] in "\"“" or \
                (PREPOSITION.match(text, q_start) and not lead.group(0).strip(", ")):
            return None  # no clause: "claimed responsibility", "declared before the court"
        statement = self._statement((start, q_end + 1 if q_end < stop else end), (q_start, q_end), speaker, "reported")
        if statement is None or not self._add(statement):
            return None
        citing = re.search(r", citing (?P<who>[^,]{2,80}),\s*$", text[start:verb.start()])
        if citing:
            cited = self._np(start + citing.start("who"), start + citing.end("who"), start)
            if cited is not None:
                self._add(self._statement((start, end), (statement.quote_start, statement.quote_end), cited, "reported"))
        return statement

    # --- speakers ---------------------------------------------------------------------------

    def _subject(self, start: int, verb_at: int) -> Mention | None:
        """The speaker written before a speech verb at `verb_at`: the subject, after any lead-in
        ("Speaking on TV, "), with any apposition ("X, a spokesman for Y,"), or the subject of
        the sentence for a second verb ("…, but said")."""
        text = self.text
        sentence_start = self._sentence_start(start)
        start += max((m.end() for m in re.finditer(r"[\"”]", text[start:verb_at])), default=0)
        while start < verb_at and text[start] in ",.;:!? ":
            start += 1
        before = text[start:verb_at]
        trail = ADVERBS.search(before)
        if NEGATION.search(before[trail.start():]):
            return None
        core = before[:trail.start()]
        if core.endswith(","):
            body = core[:-1]
            cut = _last_break(body)
            if cut < 0:
                return None
            appos_start, appos_end = start + cut + 2, start + len(body)
            seg_start, seg_end = start + _last_break(body[:cut]) + 2, start + cut
            if _last_break(body[:cut]) < 0:
                seg_start = start
            if NEGATION.search(text[seg_start:seg_end]):
                return None
            subject = self._np(seg_start, seg_end, verb_at)
            if re.match(r"(?:citing|which|who|whose|quoting|according)\b", text[appos_start:appos_end]):
                return subject
            other = self._np(appos_start, appos_end, verb_at)
            named = other is not None and other.entity.cls == "Person" and other in self.mentions
            if subject is None or (named and (subject.entity.cls != "Person" or subject not in self.mentions)):
                return other
            return subject
        cut = _last_break(core)
        seg_start = start + cut + 2 if cut >= 0 else start
        seg = text[seg_start:start + len(core)].strip()
        if seg in ("but", "and"):
            return self._sentence_subject(sentence_start, verb_at)
        if not seg:
            return None
        relative = re.match(r"(?:which|that|who|but|and|while|whereas) ", text[seg_start:])
        if relative:
            seg_start += relative.end()
        if NEGATION.search(text[seg_start:start + len(core)]) or text[seg_start:seg_start + 3] in ("No ", "no "):
            return None
        return self._np(seg_start, start + len(core), verb_at)

    def _np(self, start: int, end: int, at: int) -> Mention | None:
        """The actor a noun phrase names, describes or refers back to; None when it is none of these."""
        text = self.text
        while start < end and text[start] in " ,\"“":
            start += 1
        while end > start and text[end - 1] in " ,":
            end -= 1
        acronym = re.search(r"\s*\([A-Z][A-Za-z.]{1,8}\)$", text[start:end])
        if acronym and acronym.start() > 0:
            end = start + acronym.start()  # "the Iranian Revolutionary Guard Corps (IRGC)"
        source = re.match(r"(?:[Aa]n? |[Tt]he |[Ii]ts |[Tt]heir )?(?:[\w-]+ )?(?:statement|report|communiqu[eé]|message|"
                          r"document|post|tweet|letter|video) (?:from|by|of) ", text[start:end])
        if source:
            start += source.end()  # "a statement from the Ministry of Defense": the ministry
        words = text[start:end]
        if not words or len(words.split()) > 14:
            return None
        if words.lower() in PRONOUNS:
            return self._pronoun(words.lower(), start)
        if NP_VERB.search(re.sub(r"\([^)]*\)", "", words)):
            return None  # a clause, not a noun phrase
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if any(re.search(r"\band\b", text[a.end:b.start]) for a, b in zip(inside, inside[1:])):
            return None  # "X and Y announce": more than one speaker
        people = [m for m in inside if m.entity.cls == "Person" and m.end == end and not re.search(
            r"\b(?:for|of|to|with|by|from|about|against|on|at)\b", text[start:m.start].rsplit(",", 1)[-1])]
        if people:
            return people[-1]  # the person the phrase ends with, not one in "a spokesman for X"
        definite = DEFINITE.fullmatch(words)
        if definite:
            return self._antecedent(definite.group("noun"), start)
        described = DESCRIPTIVE.fullmatch(words)
        if described and not UNNAMED.search(words):
            ending = [m for m in inside if m.end == end and m.entity.cls in SPEAKER_CLASSES]
            if ending and (described.group("of") or "").strip() == "":
                return ending[-1]
            same = [m for m in inside if (m.start, m.end) == (start + described.start("mods"), end)
                    or m.end == end and m.entity.cls == "Actor"]
            if same:
                return same[-1]
            return self._describe(start + (described.start("mods") if described.group("mods") else
                                           described.start("head")), end)
        if inside:
            last = inside[-1]
            if last.end == end:
                lead = text[start:last.start]
                if not re.search(r"(?<![\w'’-])[a-z]{3,}", re.sub(r"\b(?:the|The|a|an|of|'s|’s)\b", "", lead)) \
                        or re.fullmatch(r"(?:[Tt]he )?[\w-]+-(?:based|backed|led|run|owned) ", lead):
                    return last
            return None
        return None

    def _describe(self, start: int, end: int) -> Mention:
        words = self.text[start:end]
        label = words[:1].lower() + words[1:] if words.split()[0].lower() in HEADS or \
            words.split()[0][:1].isupper() and words.split()[0].lower() in {"state", "local", "senior", "military",
                                                                               "security", "government"} else words
        entity = self.described.get(label.lower())
        if entity is None:
            head = DESCRIPTIVE.fullmatch(words).group("head").lower()
            cls = HEADS[head]
            if head == "groups" and ARMED_MODIFIERS.search(words):
                cls = "NonStateArmedGroup"
            entity = self.described.setdefault(label.lower(), Entity(key=slug(label), label=label, cls=cls))
        return Mention(start, end, words, entity)

    def _pronoun(self, word: str, at: int) -> Mention | None:
        """"he"/"she": the latest person who spoke or was a sentence's subject, within three
        sentences; "it"/"they": the latest speaker, when an organisation."""
        window = self._sentence_start_back(at, 3)
        if PRONOUNS[word] == "group":
            spoken = [st.speaker for st in self.found if st.start >= window and st.start < at]
            return spoken[-1] if spoken and spoken[-1].entity.cls != "Person" else None
        candidates = [st.speaker for st in self.found if st.speaker.entity.cls == "Person" and window <= st.start < at]
        for s, e in self.sentences:
            if window <= s < at:
                subject = self._first_person(s, min(e, at))
                if subject is not None:
                    candidates.append(subject)
        candidates = [m for m in candidates if m.start < at]
        return max(candidates, key=lambda m: m.start) if candidates else None

    def _subject_end(self, begin: int, limit: int) -> int | None:
        """Where the noun phrase at `begin` (names, titles, "the", "of", appositions) ends: at the
        first word that is none of these, the verb; None when no such word comes before `limit`."""
        for token in re.finditer(r"\S+", self.text[begin:limit]):
            word = token.group(0).rstrip(",")
            if word[:1].isupper() or word[:1].isdigit() or word[:1] in "(\"“'’" or word.lower() in NP_WORDS or \
                    word.lower().removesuffix("'s").removesuffix("’s") in NP_WORDS or \
                    re.fullmatch(r"[a-z]+-[A-Z][\w-]*|[A-Z][\w.-]*-[a-z]+", word):
                continue
            return begin + token.start()
        return None

    def _first_person(self, start: int, end: int) -> Mention | None:
        lead = LEAD_IN.match(self.text[start:end]) or MESSAGE_LEAD.match(self.text[start:end])
        begin = start + (lead.end() if lead else 0)
        limit = self._subject_end(begin, end) or end
        people = [m for m in self.mentions if begin <= m.start < limit and m.entity.cls == "Person"
                  and not re.search(r"\b(?:for|of|to|with|by|from|about|against|on|at)\b",
                                    self.text[begin:m.start].rsplit(",", 1)[-1])]
        return people[0] if people else None

    def _sentence_subject(self, start: int, limit: int) -> Mention | None:
        """The subject at the start of a sentence (after a lead-in), up to its first verb."""
        text = self.text
        lead = LEAD_IN.match(text[start:limit]) or MESSAGE_LEAD.match(text[start:limit])
        begin = start + (lead.end() if lead else 0)
        end = self._subject_end(begin, limit)
        if end is None:
            return None
        region = text[begin:end]
        trail = ADVERBS.search(region)
        first = region.split(" ", 1)[0].lower()
        if first in PRONOUNS:
            return self._pronoun(first, begin)
        core = region[:trail.start()]
        if "," not in core:
            return self._np(begin, begin + len(core), begin)
        head = core.find(",")
        subject = self._np(begin, begin + head, begin)
        appos = re.match(r", ([^,]+),", core[head:])  # "X, the acting Prime Minister of Iraq,"
        other = self._np(begin + head + 2, begin + head + 1 + len(appos.group(1)), begin) if appos else None
        if other is not None and other.entity.cls == "Person" and other in self.mentions and \
                (subject is None or subject.entity.cls != "Person" or subject not in self.mentions):
            return other
        return subject

    def _antecedent(self, noun: str, at: int) -> Mention | None:
        window = self._sentence_start_back(at, 4)
        if noun in ("president", "minister", "spokesman", "spokeswoman", "spokesperson"):
            people = [m for m in self.mentions if window <= m.start < at and m.entity.cls == "Person"
                      and noun in (m.title or "").lower()]
            return people[-1] if len({m.entity.label for m in people}) == 1 else None
        named = [m for m in self.mentions if window <= m.start < at and m.entity.cls != "Person"
                 and m.entity.label.lower().rstrip(".").split()[-1] == noun]
        return named[-1] if len({id(m.entity) for m in named}) == 1 else None

    # --- positions ----------------------------------------------------------------------------

    def _sentence_start(self, at: int) -> int:
        for s, e in self.sentences:
            if s <= at < e:
                return s
        return at

    def _sentence_end(self, at: int) -> int:
        for s, e in self.sentences:
            if s <= at < e:
                return e
        return at

    def _sentence_start_back(self, at: int, count: int) -> int:
        starts = [s for s, _ in self.sentences if s <= at]
        return starts[-count] if len(starts) >= count else 0


def _last_break(words: str) -> int:
    """Where the last ", ", "; " or ": " is in `words` (-1 when there is none)."""
    return max(words.rfind(", "), words.rfind("; "), words.rfind(": "))


def _speaker_class(entity: Entity) -> str | None:
    """The class a new speaker is written with: its own, or for a group the mentions part left
    untyped ("Saudi officials"), the one its head noun names."""
    if entity.cls in SPEAKER_CLASSES:
        return None
    head = entity.label.split()[-1].lower()
    return HEADS.get(head) if head in HEADS else None


def _office(text: str, speaker: Mention) -> tuple[str | None, int | None]:
    if speaker.title:
        return speaker.title, speaker.title_start
    if speaker.entity.cls == "Person" and not speaker.entity.iri and speaker.entity.label.split()[-1].lower() in HEADS:
        head = speaker.entity.label.split()[-1]
        at = text.rfind(head, speaker.start, speaker.end)
        return head, at
    found = re.match(r", (?:the |a |an )?((?:[\w'’-]+ ){0,4}?(?:spokes(?:man|woman|person)|minister|official|"
                     r"commander|chief|head|leader|director|secretary|president|ambassador)(?: (?:of|for) (?:the )?"
                     r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)?),", text[speaker.end:speaker.end + 120])
    if found:
        return found.group(1), speaker.end + found.start(1)
    return None, None
