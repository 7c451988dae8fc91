"""kg link --suggest and --check: candidates for graph/links.tsv with their evidence, from GDELT
rows written here (and the shared sample, skipped without ../shared); the file is never
written, and a pasted suggestion puts the coded events under the curated entity in kg who."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newskg import provenance
from newskg.errors import InputError

from .test_import_gdelt import GDELT_DIR, invoke, row2, write

NO_TYPE = ("", "", "", "", "", "")
US_GOV = ("USAGOV", "UNITED STATES", "USA", "", "", "", "", "GOV", "", "")
US_BUSINESS = ("USABUS", "UNITED STATES", "USA", "", "", "", "", "BUS", "", "")
GOVERNMENT = ("GOV", "GOVERNMENT", "", "", "", "", "", "GOV", "", "")
IRAQ_GOV = ("IRQGOV", "IRAQ", "IRQ", "", "", "", "", "GOV", "", "")


@pytest.fixture
def imported(data_root: Path, tmp_path: Path) -> Path:
    rows = [row2(),  # UNITED STATES (USA) strikes KATAIB HEZBOLLAH (IRQREB)
            row2("913095780", actor1=US_GOV, actor2=GOVERNMENT),
            row2("913095781", actor1=US_BUSINESS, actor2=IRAQ_GOV)]
    result = invoke(data_root, "import", "gdelt", str(write(tmp_path / "e.csv", rows)))
    assert result.exit_code == 0, result.output
    return data_root


def suggestions(root: Path, *args: str) -> dict[tuple[str, str], dict]:
    result = invoke(root, "link", "--suggest", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {(s["key"], s["entity"]): s for s in json.loads(result.stdout)}


def test_a_country_code_is_a_safe_link_to_its_state(imported):
    found = suggestions(imported)
    usa = found[("USA", "ent:united-states")]
    assert usa["confidence"] == "safe" and usa["score"] == 1.0 and usa["to_paste"]
    assert usa["evidence"]["country"] == "USA is United States (ISO 3166 alpha-3)"
    assert usa["rows"] == 1 and usa["coded_actors"] == [{"name": "UNITED STATES", "rows": 1}]
    assert usa["already_linked_to"] == []
    # the code's line covers UNITED STATES: no second line for that one coded actor
    assert ("USA/UNITED STATES", "ent:united-states") not in found


def test_a_name_is_a_likely_link_for_one_coded_actor(imported):
    found = suggestions(imported)
    kh = found[("IRQREB/KATAIB HEZBOLLAH", "ent:kataib-hezbollah")]
    assert kh["confidence"] == "likely" and kh["to_paste"] and kh["line"] == "IRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah"
    assert kh["evidence"]["name"] == "'KATAIB HEZBOLLAH' is a name of the entity ('Kataib Hezbollah')"
    assert kh["evidence"]["type"] == "REB fits a kg:NonStateArmedGroup"
    gov = found[("USAGOV/UNITED STATES", "ent:united-states")]
    assert gov["confidence"] == "likely" and gov["evidence"]["type"] == "GOV fits a kg:State"


def test_a_type_against_the_class_is_only_possible_and_not_to_paste(imported):
    business = suggestions(imported)[("USABUS/UNITED STATES", "ent:united-states")]
    assert business["confidence"] == "possible" and not business["to_paste"]
    assert business["evidence"]["type"] == "BUS does not fit a kg:State"
    assert business["score"] == pytest.approx(0.6)


def test_words_in_common_are_weak_and_a_missing_country_counts_against(imported):
    found = suggestions(imported, "--min-score", "0")
    # GOVERNMENT (no country) shares a word with "Government of Iraq": weak, and against it
    weak = found[("GOV/GOVERNMENT", "ent:iraqi-government")]
    assert weak["confidence"] == "possible" and weak["score"] < 0.5
    assert weak["evidence"]["country"] == "no country code; the entity's names mention Iraq"
    assert ("GOV/GOVERNMENT", "ent:iraqi-government") not in suggestions(imported)
    # sharing only a country's name says nothing about one of that country's bodies
    assert ("USAGOV/UNITED STATES", "ent:pentagon") not in found
    # IRAQ is not a state of entities.ttl (ent:iraq is a place): nothing to link it to
    assert not [key for key in found if key[0].startswith("IRQGOV/")]


def test_tsv_is_ready_to_paste_and_kg_who_then_shows_the_coded_events(imported):
    links = imported / "graph" / "links.tsv"
    result = invoke(imported, "link", "--suggest", "--format", "tsv")
    assert result.exit_code == 0, result.output
    live = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    assert [line.split("\t")[:2] for line in live] == [
        ["USA", "ent:united-states"], ["IRQREB/KATAIB HEZBOLLAH", "ent:kataib-hezbollah"],
        ["USAGOV/UNITED STATES", "ent:united-states"]]
    assert all(line.split("\t")[2].startswith("# ") for line in live)
    assert "# USABUS/UNITED STATES\tent:united-states\t# possible" in result.stdout
    assert not links.exists()  # kg link never writes it
    links.write_text(result.stdout, encoding="utf-8")
    who = invoke(imported, "who", "Kataib Hezbollah", "--source", "gdelt", "--format", "json")
    assert who.exit_code == 0, who.output
    [row] = json.loads(who.stdout)["events"]
    assert row["as_coded"]["id"] == "coded:actor/IRQREB/kataib-hezbollah"
    assert row["provenance"]["record"] == "913095779"
    us = invoke(imported, "who", "United States", "--source", "gdelt", "--format", "json", "--all")
    records = sorted(r["provenance"]["record"] for r in json.loads(us.stdout)["events"])
    assert records == ["913095779", "913095780"]  # the business row (913095781) was not pasted


def test_a_link_already_made_is_marked_and_commented_out(imported):
    links = imported / "graph" / "links.tsv"
    links.write_text("# curated by hand\nUSA\tent:united-states\t# safe\n", encoding="utf-8")
    before = links.stat()
    usa = suggestions(imported)[("USA", "ent:united-states")]
    assert usa["already_linked_to"] == ["ent:united-states"] and not usa["to_paste"]
    result = invoke(imported, "link", "--suggest", "--format", "tsv")
    assert "# USA\tent:united-states\t# safe" in result.stdout
    assert "already in graph/links.tsv" in result.stdout
    after = links.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_a_coded_actor_linked_elsewhere_is_not_to_paste(imported):
    (imported / "graph" / "links.tsv").write_text("IRQREB/KATAIB HEZBOLLAH\tent:hamas\n", encoding="utf-8")
    kh = suggestions(imported)[("IRQREB/KATAIB HEZBOLLAH", "ent:kataib-hezbollah")]
    assert kh["already_linked_to"] == ["ent:hamas"] and not kh["to_paste"]
    result = invoke(imported, "link", "--suggest", "--format", "tsv")
    assert "graph/links.tsv links it to ent:hamas now" in result.stdout
    assert "\nIRQREB/" not in result.stdout and "\n# IRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah" in result.stdout


def test_text_output_shows_the_evidence_and_says_it_writes_nothing(imported):
    result = invoke(imported, "link", "--suggest")
    assert result.exit_code == 0, result.output
    assert "USA  ->  ent:united-states (United States, kg:State): safe, score 1.00, 1 row" in result.stdout
    assert "kg link never writes graph/links.tsv" in result.stdout
    help_text = invoke(imported, "link", "--help").stdout
    assert "never writes graph/links.tsv" in help_text


def test_no_coded_actor_is_exit_0_with_a_message(data_root):
    result = invoke(data_root, "link", "--suggest", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "No suggestion scores 0.5 or more" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("--suggest", "--min-score", "1.5"), "Invalid value for '--min-score'"),
    ((), "say what to do: kg link --suggest, or kg link --check."),
    (("--suggest", "--check"), "say what to do"),
])
def test_bad_usage_exits_2(data_root, args, message):
    result = invoke(data_root, "link", *args)
    assert result.exit_code == 2 and message in result.output


def test_a_bad_line_of_links_tsv_is_named_and_exits_2(imported):
    (imported / "graph" / "links.tsv").write_text("USA\tent:united-states\nUSA ent:iran\n", encoding="utf-8")
    result = invoke(imported, "link", "--suggest")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("Error: graph/links.tsv, line 2: write CODE or CODE/NAME, a tab, and "
                                     "the entity's id (ent:…).")
    assert "Traceback" not in result.output


def test_link_lines_take_comment_lines_and_comments_after_a_link(tmp_path):
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph" / "links.tsv").write_text(
        "# coded actor\tentity\n\nUSA\tent:united-states\t# safe, score 1.00; name: …\n"
        "  # indented comment\nIRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah # checked\n", encoding="utf-8")
    assert provenance.link_lines(tmp_path) == [
        (3, "USA", "https://w3id.org/newskg/entity/united-states"),
        (5, "IRQREB/KATAIB HEZBOLLAH", "https://w3id.org/newskg/entity/kataib-hezbollah")]
    (tmp_path / "graph" / "links.tsv").write_text("USA\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        provenance.link_lines(tmp_path)


def test_check_reports_lines_that_point_nowhere(imported):
    links = imported / "graph" / "links.tsv"
    links.write_text("USA\tent:united-states\nIRQGOV\tent:iraq\nUSAGOV/NOBODY\tent:united-states\n"
                     "USA\tent:nobody\n", encoding="utf-8")
    result = invoke(imported, "link", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "graph/links.tsv, line 2: IRQGOV -> ent:iraq: is a place; kg who shows coded events under actors "
        "only (a state, a group, a person)",
        "graph/links.tsv, line 3: USAGOV/NOBODY -> ent:united-states: no imported coded actor has the code "
        "USAGOV and the name 'NOBODY'",
        "graph/links.tsv, line 4: USA -> ent:nobody: is not an actor of graph/entities.ttl"]
    assert "3 problem(s) in 4 line(s) of graph/links.tsv" in result.stderr
    links.write_text("USA\tent:united-states\nIRQREB/KATAIB HEZBOLLAH\tent:kataib-hezbollah\n", encoding="utf-8")
    result = invoke(imported, "link", "--check")
    assert result.exit_code == 0 and "2 line(s), each pointing to a curated actor" in result.stdout


@pytest.mark.skipif(not GDELT_DIR.is_dir(), reason="../shared/data/gdelt is absent")
def test_shared_sample_suggests_states_by_code_and_pastes_nothing_weak(data_root):
    files = [str(GDELT_DIR / name) for name in ("events.csv", "events1.csv", "eventsT.csv")]
    assert invoke(data_root, "import", "gdelt", *files).exit_code == 0
    found = suggestions(data_root)
    safe = {key for key, s in found.items() if s["confidence"] == "safe"}
    assert ("USA", "ent:united-states") in safe and ("YEM", "ent:yemen") in safe
    assert all(s["confidence"] != "possible" for s in found.values() if s["to_paste"])
    assert all(s["score"] >= 0.5 for s in found.values())


def test_every_coded_actor_has_a_key_links_tsv_reads_back():
    """CODE/NAME where that names the node (coded:actor/-/NAME without a code: /NAME); else the
    node's id, as for a dataset's actor minted otherwise (SEM) or a name links.tsv cannot hold."""
    from newskg.linking import CodedActor, Evidence, Entity

    plain = CodedActor(provenance.coded_actor_iri("", "Kataib Hezbollah"), "Kataib Hezbollah", "", "", (), 3)
    assert plain.key == "/Kataib Hezbollah"
    assert provenance.coded_actor_iri(*plain.key.split("/", 1)) == plain.iri
    sem = CodedActor("https://w3id.org/newskg/coded/sem/dbpedia.org/resource/United_States", "United States",
                     "", "", (), 3)
    assert sem.key == "coded:sem/dbpedia.org/resource/United_States" and provenance.is_node_key(sem.key)
    hashed = CodedActor(provenance.coded_actor_iri("USA", "#1 FAN"), "#1 FAN", "USA", "USA", (), 1)
    assert hashed.key == "coded:actor/USA/1-fan"  # '#' would start a comment in links.tsv
    # an actor without any code is not held against a state for lacking a country code
    state = Entity("https://w3id.org/newskg/entity/united-states", "United States", "State",
                   ("united states", "us"))
    assert Evidence([state]).country(sem, state)[0] == 0
    gov = CodedActor(provenance.coded_actor_iri("GOV", "GOVERNMENT"), "GOVERNMENT", "GOV", "", ("GOV",), 1)
    assert Evidence([state]).country(gov, state)[0] == -1


def test_a_coded_actor_linked_by_its_id_shows_in_kg_who(imported):
    links = imported / "graph" / "links.tsv"
    links.write_text("coded:actor/IRQREB/kataib-hezbollah\tent:kataib-hezbollah\n", encoding="utf-8")
    who = invoke(imported, "who", "Kataib Hezbollah", "--source", "gdelt", "--format", "json")
    assert who.exit_code == 0, who.output
    assert [r["as_coded"]["id"] for r in json.loads(who.stdout)["events"]] == ["coded:actor/IRQREB/kataib-hezbollah"]
    kh = suggestions(imported)[("IRQREB/KATAIB HEZBOLLAH", "ent:kataib-hezbollah")]
    assert kh["already_linked_to"] == ["ent:kataib-hezbollah"]
    links.write_text("coded:actor/IRQREB/nobody\tent:kataib-hezbollah\n", encoding="utf-8")
    result = invoke(imported, "link", "--check")
    assert result.exit_code == 1 and "is not an imported coded actor" in result.stdout
