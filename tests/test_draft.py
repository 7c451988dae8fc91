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


# --- events: how a sentence holds a deed (one rule each) ---------------------------------------

MADE_UP = [KnownName(name, f"https://w3id.org/newskg/entity/{name.lower()}", name, "State")
           for name in ("Norland", "Southia", "Eastland")]


def events_of(text: str, known=MADE_UP):
    return [(ev.trigger, ev.code, ev.agent.text if ev.agent else None, ev.target.text if ev.target else None)
            for ev in draft_text(text, TUE, "t", known).events]


def test_events_a_future_deed_is_an_intention():
    assert events_of("Norland will send aid to Southia.")[0] == ("send", "033", "Norland", "Southia")


def test_events_a_refused_deed_is_one_rejection_not_the_deed():
    assert events_of("Norland refused to meet Southia.") == [("refused", "125", "Norland", "Southia")]
    assert [code for _, code, _, _ in events_of("Norland will not accept the proposal from Southia.")] == ["120"]


def test_events_agreeing_to_something_is_a_commitment():
    assert events_of("Norland agreed to a truce proposal.")[0] == ("agreed", "030", "Norland", None)
    assert events_of("Norland agreed to talks with Southia.")[0][:2] == ("agreed", "036")  # a PETRARCH2 pattern


def test_events_a_threatened_deed_is_one_threat():
    assert events_of("Norland threatened to attack Southia.") == [("threatened", "138", "Norland", "Southia")]


def test_events_a_denied_or_possible_deed_is_no_event():
    assert events_of("Norland did not attack Southia.") == []
    assert events_of("Norland could attack Southia.") == []


def test_events_said_must_is_a_demand_of_the_speaker_on_the_subject():
    assert events_of("Norland said Southia must withdraw its troops.") == [("withdraw", "100", "Norland", "Southia")]
    assert events_of("Southia must withdraw its troops.") == []


def test_events_a_light_verb_takes_its_event_noun():
    assert events_of("Norland held talks with Southia on Monday.") == [("held talks", "046", "Norland", "Southia")]
    assert events_of("Norland announced new sanctions on Southia.") == [
        ("announced new sanctions", "163", "Norland", "Southia")]


def test_events_a_noun_has_an_agent_only_from_its_modifier_or_by():
    [(_, _, agent, _)] = events_of("Norland welcomed an end to the fighting.")[-1:]
    assert agent is None
    assert events_of("Norland airstrikes hit Southia.")[0][:3] == ("airstrikes", "195", "Norland")


def test_events_an_earlier_object_is_not_a_later_subject():
    found = {trigger: agent for trigger, _, agent, _ in events_of("Norland accused Southia at talks aimed at peace.")}
    assert found["accused"] == "Norland" and found.get("aimed") is None


def test_events_killing_by_an_armed_group_is_an_assault_by_an_army_a_fight():
    group = [KnownName("Red Hand", "https://w3id.org/newskg/entity/red-hand", "Red Hand", "NonStateArmedGroup")]
    army = [KnownName("Norland Army", "https://w3id.org/newskg/entity/norland-army", "Norland Army", "ArmedForces")]
    assert events_of("Red Hand killed two teachers.", group)[0][:2] == ("killed", "180")
    assert events_of("Norland Army killed two fighters.", army)[0][:2] == ("killed", "190")
    assert events_of("Norland Army beat two prisoners.", army)[0][:2] == ("beat", "182")


def test_events_an_ing_noun_after_an_adjective_is_the_noun():
    assert events_of("A roadside bombing hit a convoy.")[0][:2] == ("bombing", "183")


def test_events_according_to_is_no_event():
    found = events_of("According to Norland, the troops will attack Eastland.")
    assert all(trigger != "according" and agent != "Norland" for trigger, _, agent, _ in found)


def test_events_a_target_is_not_past_a_comma_nor_a_credited_source():
    assert events_of("Norland shelled the convoy, Southia said.")[0][3] is None
    assert events_of("Norland shelled the town according to Southia.")[0][3] is None


def test_events_a_name_after_an_indefinite_article_heads_a_noun_phrase():
    assert events_of("Norland, a key Southia ally, refused to meet Eastland.") == [
        ("refused", "125", "Norland", "Eastland")]  # and the aside's name is not the agent
    assert events_of("An Eastland strike hit Southia.")[0][:2] == ("strike", "190")
