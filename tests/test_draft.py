"""`kg draft`: time resolution, quote and speaker patterns, quantities, and the command from
text to a draft that loads, validates with its unreviewed parts listed, and answers `kg who`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_cli import cli
from newskg.authoring.draft import draft_text
from newskg.authoring.lexicon import load
from newskg.authoring.mentions import KnownName
from newskg.authoring.quantities import find_quantities
from newskg.authoring.times import resolve_phrase

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared" / "data"
TUE = date(2023, 12, 26)  # Tuesday
FRI = date(2020, 1, 3)  # Friday
APR = date(2021, 4, 15)  # Thursday

ARTICLE = """Northland strikes militia bases

On Thursday, Northland forces struck three bases of Kataib Hezbollah in Iraq, Defense Minister Omar Vale said. The strikes likely killed at least 20 Kataib Hezbollah fighters.

"We will not allow attacks on our troops," Vale added. According to Reuters, around 2,500 soldiers remain in Iraq since October.
"""


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


# --- times: expressions x publication dates -----------------------------------------------------

TIMES = [
    ("Thursday", TUE, "2023-12-21", "2023-12-21", "2023-12-21"),
    ("on Thursday", FRI, "2020-01-02", "2020-01-02", "2020-01-02"),
    ("on Thursday", APR, "2021-04-15", "2021-04-15", "2021-04-15"),
    ("last Thursday", APR, "2021-04-08", "2021-04-08", "2021-04-08"),
    ("yesterday", TUE, "2023-12-25", "2023-12-25", "2023-12-25"),
    ("yesterday", date(2024, 3, 1), "2024-02-29", "2024-02-29", "2024-02-29"),
    ("last April", TUE, "2023-04", "2023-04-01", "2023-04-30"),
    ("last April", APR, "2020-04", "2020-04-01", "2020-04-30"),
    ("earlier in December", TUE, "2023-12", "2023-12-01", "2023-12-26"),
    ("earlier in December", FRI, "2019-12", "2019-12-01", "2019-12-31"),
    ("since October", TUE, None, "2023-10-01", "2023-12-26"),
    ("since October", APR, None, "2020-10-01", "2021-04-15"),
    ("In 2009", TUE, "2009", "2009-01-01", "2009-12-31"),
    ("on December 31", FRI, "2019-12-31", "2019-12-31", "2019-12-31"),
    ("January 3, 2020", TUE, "2020-01-03", "2020-01-03", "2020-01-03"),
    ("three days ago", TUE, "2023-12-23", "2023-12-23", "2023-12-23"),
    ("last week", TUE, None, "2023-12-18", "2023-12-24"),
    ("mid-November", TUE, "2023-11", "2023-11-10", "2023-11-20"),
    ("so far", TUE, "2023-12-26", "2023-12-26", "2023-12-26"),
    ("in early October", TUE, "2023-10", "2023-10-01", "2023-10-31"),
    ("late December", TUE, "2023-12", "2023-12-01", "2023-12-26"),
    ("for the last five years", TUE, None, "2018-01-01", "2023-12-26"),
    ("over the past three months", TUE, None, "2023-09-01", "2023-12-26"),
    ("since the war began in October", TUE, None, "2023-10-01", "2023-12-26"),
    ("since the attack on October 7", TUE, None, "2023-10-07", "2023-12-26"),
]


@pytest.mark.parametrize("words, published, value, not_before, not_after", TIMES)
def test_time_resolution(words, published, value, not_before, not_after):
    found = resolve_phrase(words, published)
    assert found is not None, words
    assert (found.date, found.not_before, found.not_after) == (value, not_before, not_after)
    assert f'"{found.text}"' in found.resolution and str(published.year) in found.resolution


def test_time_unbounded_below_and_dateline():
    several = resolve_phrase("over the last several months", TUE)
    assert (several.not_before, several.not_after) == (None, "2023-12-26")
    from newskg.authoring.times import find_times
    text = "Strikes hit bases\n\nTuesday, December 26, 2023\n\nOn Tuesday, jets struck three bases.\n"
    assert [t.text for t in find_times(text, TUE)] == ["On Tuesday"]


def test_time_precision_and_anchor():
    assert resolve_phrase("last April", TUE).unit == "month"
    assert resolve_phrase("Thursday", TUE).unit == "day"
    assert resolve_phrase("since October", TUE).unit is None
    assert resolve_phrase("so far", TUE).anchor == "ongoingAt"


# --- quotes, speakers, quantities ---------------------------------------------------------------

KNOWN = [KnownName("Reuters", "https://w3id.org/newskg/entity/reuters", "Reuters", "NewsOrganisation"),
         KnownName("Lloyd Austin", "https://w3id.org/newskg/entity/lloyd-austin", "Lloyd Austin", "Person")]


def statements(text: str):
    draft = draft_text(text, TUE, "t", KNOWN)
    return [(s.mode, s.speaker.entity.label, s.quote(text), s.office) for s in draft.statements]


@pytest.mark.parametrize("text, expected", [
    ('Defense Secretary Lloyd Austin said, "We struck three sites tonight."',
     ("verbatim", "Lloyd Austin", "We struck three sites tonight.", "Defense Secretary")),
    ('"We will always protect our forces," Lloyd Austin said.',
     ("verbatim", "Lloyd Austin", "We will always protect our forces", None)),
    ('"We will always protect our forces," said General Ann Hale.',
     ("verbatim", "Ann Hale", "We will always protect our forces", None)),
    ("The militia fired four rockets at the base, Lloyd Austin said.",
     ("reported", "Lloyd Austin", "The militia fired four rockets at the base", None)),
    ("Lloyd Austin said that the militia fired four rockets at the base.",
     ("reported", "Lloyd Austin", "the militia fired four rockets at the base", None)),
    ("According to Reuters, the militia fired four rockets at the base.",
     ("reported", "Reuters", "the militia fired four rockets at the base", None)),
    ("The militia fired four rockets at the base, according to Reuters.",
     ("reported", "Reuters", "The militia fired four rockets at the base", None)),
    ("In a statement, Ahmed al-Assadi, a spokesman for the PMF, blamed Israel for the attack.",
     ("reported", "Ahmed al-Assadi", "blamed Israel for the attack", "spokesman for the PMF")),
    ('Lloyd Austin posted a message blaming the militia, saying "the strikes were necessary."',
     ("verbatim", "Lloyd Austin", "the strikes were necessary.", None)),
    ("In his statement, Lloyd Austin found the strikes necessary and proportionate.",
     ("reported", "Lloyd Austin", "found the strikes necessary and proportionate", None)),
    ("Lloyd Austin called the strikes a necessary response.",
     ("reported", "Lloyd Austin", "the strikes a necessary response", None)),
])
def test_quote_and_speaker_patterns(text, expected):
    mode, speaker, quote, office = expected
    found = statements(text)
    assert len(found) == 1, found
    assert found[0][:3] == (mode, speaker, quote)
    if office:
        assert found[0][3] == office


def test_a_quote_that_ends_its_sentence_is_not_the_next_sentences_speakers():
    text = 'Reuters quoted a witness: "The base was hit twice." Lloyd Austin said the strikes would continue.'
    assert ("Lloyd Austin", "the strikes would continue") in {(s[1], s[2]) for s in statements(text)}
    assert "The base was hit twice." not in {s[2] for s in statements(text) if s[1] == "Lloyd Austin"}


def test_pronoun_speaker_is_the_previous_speaker():
    text = 'Lloyd Austin said, "These strikes were necessary." "We will always protect our forces," he added.'
    assert [s[1] for s in statements(text)] == ["Lloyd Austin", "Lloyd Austin"]


@pytest.mark.parametrize("text, value, qualifier, counts", [
    ("at least 20 people were killed", 20, "atLeast", "people"),
    ("dozens of rockets hit the city", None, "several", "rockets"),
    ("there are around 2,500 US soldiers in Iraq", 2500, "approximately", "soldiers"),
    ("three rockets were launched", 3, "exactly", "rockets"),
    ("less than a week after the attack", 1, "lessThan", "week"),
    ("two thousand five hundred troops", 2500, "exactly", "troops"),
])
def test_quantities(text, value, qualifier, counts):
    found = find_quantities(text)
    assert [(q.value, q.qualifier, q.counts) for q in found] == [(value, qualifier, counts)]


def test_events_have_a_cameo_code_plover_category_agent_and_target():
    known = [KnownName("Kataib Hezbollah", "https://w3id.org/newskg/entity/kataib-hezbollah", "Kataib Hezbollah",
                       "NonStateArmedGroup")]
    draft = draft_text("Northland Army struck Kataib Hezbollah in Baghdad on Monday.", TUE, "t", known)
    event = draft.events[0]
    assert (event.trigger, event.code, event.plover) == ("struck", "190", "ASSAULT")
    assert (event.agent.text, event.target.text, event.place.text) == ("Northland Army", "Kataib Hezbollah", "Baghdad")
    assert event.agent.entity.cls == "ArmedForces" and event.place.entity.cls == "City"


def test_mentions_known_and_new_typed_from_context():
    draft = draft_text(ARTICLE, TUE, "t", [KnownName("Kataib Hezbollah", "https://w3id.org/newskg/entity/kataib-hezbollah",
                                                     "Kataib Hezbollah", "NonStateArmedGroup")])
    found = {(m.text, m.entity.iri is not None, m.entity.cls) for m in draft.mentions}
    assert ("Kataib Hezbollah", True, "NonStateArmedGroup") in found
    assert ("Omar Vale", False, "Person") in found
    assert ("Vale", False, "Person") in found  # the surname is the same person
    assert ("Iraq", False, "State") in found


NATIONS = [KnownName(name, "https://w3id.org/newskg/entity/" + key, label, cls) for name, key, label, cls in [
    ("Iran", "iran", "Iran", "State"), ("Iraq", "iraq", "Iraq", "Country"), ("Baghdad", "baghdad", "Baghdad", "City"),
    ("United States", "united-states", "United States", "State"), ("U.S.", "united-states", "United States", "State"),
    ("US", "united-states", "United States", "State"),
    ("US military", "us-military", "US military", "ArmedForces"), ("US troops", "us-military", "US military", "ArmedForces"),
    ("Government of Iraq", "iraqi-government", "Government of Iraq", "GovernmentBody"),
    ("Baghdad International Airport", "baghdad-airport", "Baghdad International Airport", "Facility")]]


@pytest.mark.parametrize("text, expected", [
    ("An Iranian general spoke.", ("Iranian", "Iran")),
    ("The Iranian President spoke.", ("Iranian", "Iran")),
    ("About 5000 U.S. troops remain.", ("U.S. troops", "US military")),
    ("United States military forces struck.", ("United States military forces", "US military")),
    ("The protesters oppose the government of Iraq.", ("government of Iraq", "Government of Iraq")),
    ("The plane left Baghdad International Airport.", ("Baghdad", "Baghdad")),
])
def test_mentions_of_nations_their_forces_and_names_inside_names(text, expected):
    draft = draft_text(text, TUE, "t", NATIONS)
    assert expected in {(m.text, m.entity.label) for m in draft.mentions}


def test_the_lexicon_ships_with_the_package():
    lexicon = load()
    assert lexicon.verbs["struck"] == ["strike", "190"]
    assert lexicon.plover_of("1831") == "ASSAULT"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is absent")
def test_the_lexicon_is_derived_from_the_shared_tables():
    from newskg.authoring.lexicon.derive import read_plover

    assert read_plover(SHARED / "cameo" / "CAMEO2PLOVER-2021.txt") == load().plover


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def drafted(data_root: Path, tmp_path: Path) -> Path:
    source = tmp_path / "raid.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = invoke("--root", str(data_root), "draft", str(source), "--published", "2023-12-26", "--id", "raid")
    assert result.exit_code == 0, result.output
    assert "Drafted graph/articles/raid.ttl" in result.output
    return data_root


def test_draft_writes_quotes_not_offsets_beside_the_text(drafted: Path):
    articles = drafted / "graph" / "articles"
    assert (articles / "raid.txt").read_text(encoding="utf-8") == ARTICLE
    turtle = (articles / "raid.ttl").read_text(encoding="utf-8")
    assert "kg:start" not in turtle and "kg:draft true" in turtle
    assert 'this:omar-vale a kg:Person ; rdfs:label "Omar Vale"' in turtle
    assert 'kg:date "2023-12-21"^^xsd:date' in turtle  # Thursday
    assert 'kg:notBefore "2023-10-01"^^xsd:date ; kg:notAfter "2023-12-26"^^xsd:date' in turtle  # since October
    assert 'kg:quote "We will not allow attacks on our troops"' in turtle
    assert "kg:speaker this:omar-vale ; kg:mode kg:verbatim" in turtle
    assert 'kg:office "Defense Minister"' in turtle
    assert "kg:value 20 ;\n    kg:qualifier kg:atLeast" in turtle
    assert 'kg:cameoCode "190" ; kg:ploverCategory "ASSAULT"' in turtle
    assert 'kg:factuality kg:likely ; kg:factualityCue "likely"' in turtle
    assert "[ kg:exact " in turtle  # a recurring word got its prefix


def test_draft_loads_and_validates_with_its_unreviewed_parts_listed(drafted: Path):
    result = invoke("--root", str(drafted), "validate", "raid")
    assert result.exit_code == 0, result.output
    assert "Unreviewed (kg draft):" in result.output
    assert "this:omar-vale" not in result.output  # shown with its full id
    assert "#omar-vale  “Omar Vale”" in result.output
    assert "drafted part(s) still unreviewed." in result.output
    report = json.loads(invoke("--root", str(drafted), "validate", "raid", "--format", "json").output)
    assert report["conforms"] is True
    assert {v["constraint"] for v in report["violations"]} == {"kgsh:Unreviewed"}


def test_drafted_article_answers_kg_who(drafted: Path):
    result = invoke("--root", str(drafted), "who", "Kataib Hezbollah", "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)["events"]
    assert any(row["article"].endswith("raid") and row["type"] == "military strike" for row in events)


def test_reviewed_parts_leave_the_list(drafted: Path):
    path = drafted / "graph" / "articles" / "raid.ttl"
    turtle = path.read_text(encoding="utf-8")
    path.write_text(turtle.replace('rdfs:label "Omar Vale" ; kg:unreviewed true ;', 'rdfs:label "Omar Vale" ;'),
                    encoding="utf-8")
    result = invoke("--root", str(drafted), "validate", "raid")
    assert result.exit_code == 0 and "#omar-vale  “" not in result.output


def test_draft_of_a_real_article_validates(data_root: Path):
    text = data_root / "graph" / "articles" / "000_4751dd8fe703f37b.txt"
    out = invoke("--root", str(data_root), "draft", str(text), "--published", "2023-12-26", "--id", "copy-000")
    assert out.exit_code == 0, out.output
    turtle = (data_root / "graph" / "articles" / "copy-000.ttl").read_text(encoding="utf-8")
    for expected in ("ent:kataib-hezbollah kg:unreviewed true", "kg:speaker ent:lloyd-austin ; kg:mode kg:reported",
                     'kg:quote "We will always protect our forces"', "kg:speaker ent:reuters",
                     'kg:value 2500 ;\n    kg:qualifier kg:approximately', '"earlier in December"'):
        assert expected in turtle, expected
    result = invoke("--root", str(data_root), "validate", "copy-000")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args, message", [
    (["nowhere.txt", "--published", "2023-12-26"], "nowhere.txt: no such file"),
    (["ARTICLE", "--published", "26/12/2023"], "is not a date; give it as YYYY-MM-DD"),
    (["ARTICLE", "--published", "2023-12-26", "--id", "000_4751dd8fe703f37b"], "an encoding is already there; give --force"),
    (["ARTICLE", "--published", "2023-12-26", "--id", "bad id"], "an article id has letters"),
])
def test_bad_input_exits_2_with_a_clear_message(data_root: Path, tmp_path: Path, args, message):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    args = [str(source) if a == "ARTICLE" else str(tmp_path / a) if a == "nowhere.txt" else a for a in args]
    result = invoke("--root", str(data_root), "draft", *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("text, expected", [
    ("Four Malian troops were killed.", ("Malian troops", "ArmedForces")),  # no leading number
    ("Chadian ground forces withdrew.", ("Chadian ground forces", "ArmedForces")),
    ("Fighting resumed in Deir ez-Zor overnight.", ("Deir ez-Zor", "City")),  # a particle inside a name
    ("A Mi-35 helicopter was shot down.", ("Mi-35", "Other")),  # digits after a hyphen
    ("The Tigray People's Liberation Front attacked.", ("Tigray People's Liberation Front", "NonStateArmedGroup")),
    ("Rebels entered the Tigray Region of Ethiopia.", ("Tigray Region", "Region")),
    ("Rebels entered the Tigray Region of Ethiopia.", ("Ethiopia", "State")),
    ("Shelling hit houses in the Bandipore district.", ("Bandipore district", "Region")),
    ("Protests are not reported in Mosul, in northern Iraq.", ("northern Iraq", "Region")),
    ("NATO Secretary General Jens Stoltenberg spoke.", ("NATO", "Organisation")),
    ("NATO Secretary General Jens Stoltenberg spoke.", ("Secretary General", "Office")),
    ("NATO Secretary General Jens Stoltenberg spoke.", ("Jens Stoltenberg", "Person")),
    ("U.S. President Joe Biden spoke.", ("U.S. President", "Office")),
    ("U.S. president Joe Biden spoke.", ("U.S. president", "Office")),
    ("ECOWAS demands the release of the president.", ("ECOWAS", "Other")),  # an acronym first in a sentence
    ("Rebels reached the Democratic Republic of the Congo.", ("Democratic Republic of the Congo", "State")),
    ("A Russian Su-25 was shot down.", ("Su-25", "Other")),  # a model number after a nation's adjective
    ("The talks were held in Doha, Qatar on Monday.", ("Doha, Qatar", "City")),
    ("The talks were held in Doha, Qatar on Monday.", ("Qatar", "State")),
    ("A General for the Rapid Support Forces spoke.", ("Rapid Support Forces", "ArmedForces")),
    ("The Minister of the Armed Forces Florence Parly spoke.", ("Florence Parly", "Person")),
    ("The call came from then-Vice President Mike Pence.", ("Vice President", "Office")),
    ("Pro-government and anti-Taliban fighters met.", ("Taliban", "NonStateArmedGroup")),
    ("The town is a stronghold of Field Marshal Khalifa Haftar.", ("Field Marshal", "Office")),
    ("The attack was carried out by the Islamist Boko Haram group.", ("Boko Haram", "NonStateArmedGroup")),
    ("He called the acting Defense Secretary on Monday.", ("Defense Secretary", "Office")),
    ("A suspected ISIS-K suicide bomber was killed.", ("ISIS-K", "Other")),  # not the known "ISIS"
    ("Clashes erupted near the Burkina Faso–Mali border.", ("Burkina Faso–Mali border", "Region")),
    ("The National Resistance Front of Afghanistan fought on.", ("National Resistance Front of Afghanistan",
                                                                "NonStateArmedGroup")),
    ("The government was set up after a U.S.-led coalition ousted him.", ("U.S.-led coalition", "Actor")),
    ("Protests continue through the southern part of Iraq.", ("southern part of Iraq", "Region")),
    ("Iraq expelled the Iranian ambassador.", ("Iranian", "State")),
    ("Militants ambushed the convoy of the Government of National Accord.", ("Government of National Accord",
                                                                            "GovernmentBody")),
])
def test_mention_boundaries_follow_how_news_writes_names(text, expected):
    draft = draft_text(text, TUE, "t", NATIONS)
    assert expected in {(m.text, m.entity.cls) for m in draft.mentions}


@pytest.mark.parametrize("text, absent", [
    ("Four Malian troops were killed.", "Four Malian troops"),
    ("Mr. John Smith spoke.", "Mr."),  # an honorific is no office
    ("The United States says it is concerned.", "The United States"),  # "the" is not part of the name
    ("Explosions were heard in the capital.", "Explosions"),  # a capitalised first word, nothing known of it
    ("The USS Nimitz and the USS Ronald Reagan sailed.", "USS Nimitz and the USS Ronald Reagan"),
    ("Rebels reached the Democratic Republic of the Congo.", "Democratic Republic"),
    ("Fighting reached Ghazni, Kandahar and Herat.", "Ghazni, Kandahar"),  # a list, not a town in a region
    ("He praised the Islamic Republic today.", "Islamic Republic Person"),  # a state's name is not a person's
])
def test_mention_boundaries_leave_out_what_is_not_the_name(text, absent):
    draft = draft_text(text, TUE, "t", NATIONS)
    assert absent not in {m.text for m in draft.mentions} | {f"{m.text} {m.entity.cls}" for m in draft.mentions}


def test_an_office_is_typed_other_and_kept_as_the_speakers_office():
    draft = draft_text('"We will respond," Ethiopian Prime Minister Abiy Ahmed said.', TUE, "t", NATIONS)
    offices = [m for m in draft.mentions if m.entity.cls == "Office"]
    assert [(m.text, m.entity.kind) for m in offices] == [("Ethiopian Prime Minister", "other")]
    person = next(m for m in draft.mentions if m.text == "Abiy Ahmed")
    assert person.title == "Ethiopian Prime Minister"


def test_a_known_nations_name_and_n_is_its_adjective():
    known = [KnownName("Saudi Arabia", "https://w3id.org/newskg/entity/saudi-arabia", "Saudi Arabia", "State")]
    draft = draft_text("A plot to kill the Saudi Arabian ambassador failed.", TUE, "t", known)
    assert ("Saudi Arabian", "Saudi Arabia") in {(m.text, m.entity.label) for m in draft.mentions}
