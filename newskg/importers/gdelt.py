"""GDELT event files (1.0: 57 or 58 columns; 2.0: 61 columns, English or translingual; plain or
zipped) and 2.0 mentions files, streamed as N-Triples for one named graph.

Each row becomes an event typed by its CAMEO code (cameo:CODE), with actor 1 as kg:agent and
actor 2 as kg:target (CAMEO's source and target), the action's place, the day (SQLDATE) and a
kg:SourceRecord: dataset, GLOBALEVENTID, SOURCEURL, DATEADDED and the record's figures
(GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone, IsRootEvent). Actors that give
the same code and the same normalised name share one node; places share one by feature id.

Nothing here holds more than one row (and a bounded set of the actors and places already
described) in memory: the text goes to the store's bulk loader as it is made.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from .. import namespaces as ns
from ..errors import InputError
from ..resolve import normalise

GDELT = "https://w3id.org/newskg/gdelt/"
CODED = "https://w3id.org/newskg/coded/"
KG, RDF_TYPE, LABEL = ns.KG, f"<{ns.RDF}type>", f"<{ns.RDFS}label>"
XSD_DATE, XSD_DATETIME, XSD_INT, XSD_DEC, XSD_BOOL = (
    f"^^<{ns.XSD}date>", f"^^<{ns.XSD}dateTime>", f"^^<{ns.XSD}integer>", f"^^<{ns.XSD}decimal>",
    f"^^<{ns.XSD}boolean>")
SEEN_LIMIT = 200_000  # actors and places described in this file, remembered to write each once
PRECISION = {"1": "countryPrecision", "2": "statePrecision", "5": "statePrecision",
             "3": "cityPrecision", "4": "cityPrecision"}
MENTION_COLUMNS = 16


@dataclass(frozen=True)
class Layout:
    """Where a GDELT version keeps its fields, by column (0-based)."""

    dataset: str
    geo_width: int  # 7 in 1.0, 8 in 2.0 (ADM2Code)
    date_added: int
    url: int | None

    @property
    def action_geo(self) -> int:
        return 35 + 2 * self.geo_width


LAYOUTS = {57: Layout("gdelt1", 7, 56, None), 58: Layout("gdelt1", 7, 56, 57), 61: Layout("gdelt2", 8, 59, 60)}


class BadRow(ValueError):
    """A row that cannot be imported: the message says what is wrong with it."""


def term(text: str) -> str:
    """An N-Triples string literal (JSON's escapes are N-Triples escapes)."""
    return json.dumps(text, ensure_ascii=False)


def part(text: str) -> str:
    """A value as one IRI path segment."""
    return quote(text, safe="") or "-"


def slug(name: str) -> str:
    return normalise(name).replace(" ", "-")


def _cameo_labels(root: Path) -> dict[str, str]:
    """CAMEO code -> label, from the generated ontology file."""
    labels: dict[str, str] = {}
    path = root / "ontology" / "cameo.ttl"
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        if quad.predicate.value == ns.RDFS + "label" and quad.subject.value.startswith(ns.CAMEO):
            labels[quad.subject.value[len(ns.CAMEO):]] = quad.object.value
    return labels


def _fips() -> dict[str, str]:
    """FIPS 10-4 country code -> ISO 3166 alpha-2 (the generated table beside this module)."""
    table = {}
    for line in (Path(__file__).with_name("fips_countries.tsv")).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fips, iso2, *_ = line.split("\t")
            table[fips] = iso2
    return table


def open_text(path: Path, shown: str) -> tuple[io.TextIOBase, Callable[[], int], int]:
    """The file's text (the first member of a zip), a function telling how many bytes of the
    file have been read so far, and the file's size: for a progress bar."""
    try:
        raw = open(path, "rb")
    except FileNotFoundError as error:
        raise InputError(f"{shown}: no such file.") from error
    except OSError as error:
        raise InputError(f"{shown}: cannot read the file ({error.strerror}).") from error
    size = path.stat().st_size
    if zipfile.is_zipfile(raw):
        raw.seek(0)
        archive = zipfile.ZipFile(raw)
        members = [m for m in archive.infolist() if not m.is_dir()]
        if not members:
            raise InputError(f"{shown}: an empty zip file.")
        inner = archive.open(members[0])
        return io.TextIOWrapper(inner, encoding="utf-8", errors="replace", newline="\n"), raw.tell, size
    if path.suffix.lower() == ".zip":
        raw.close()
        raise InputError(f"{shown}: not a zip archive, though its name ends in .zip; give the "
                         "GDELT file itself or the zip it came in.")
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n"), raw.tell, size


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadRow(f"{name} {value!r} is not a whole number") from None


def _float(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise BadRow(f"{name} {value!r} is not a number") from None


def _day(value: str, name: str) -> str:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date().isoformat()
    except ValueError:
        raise BadRow(f"{name} {value!r} is not a date (YYYYMMDD)") from None


def _added(value: str) -> str:
    """DATEADDED: YYYYMMDDHHMMSS in 2.0, YYYYMMDD in 1.0."""
    try:
        if len(value) == 14:
            return term(dt.datetime.strptime(value, "%Y%m%d%H%M%S").isoformat()) + XSD_DATETIME
        return term(_day(value, "DATEADDED")) + XSD_DATE
    except ValueError:
        raise BadRow(f"DATEADDED {value!r} is not a date and time (YYYYMMDDHHMMSS)") from None


DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _decimal(number: float, given: str = "") -> str:
    """An xsd:decimal, as the file writes it when that is a decimal's form (never 1e-05)."""
    given = given.strip()
    return term(given if DECIMAL.fullmatch(given) else f"{number:f}") + XSD_DEC


@dataclass
class Rows:
    """Turns GDELT rows into N-Triples, remembering (up to a bound) what it has described."""

    root: Path
    labels: dict[str, str] = field(default_factory=dict)
    fips: dict[str, str] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.labels = self.labels or _cameo_labels(self.root)
        self.fips = self.fips or _fips()

    def _once(self, iri: str) -> bool:
        """True the first time an actor or place is met (again after the memory is cleared)."""
        if iri in self.seen:
            return False
        if len(self.seen) >= SEEN_LIMIT:
            self.seen.clear()
        self.seen.add(iri)
        return True

    def event(self, cells: list[str]) -> str:
        """One event row as N-Triples; BadRow when a value cannot be read."""
        layout = LAYOUTS.get(len(cells))
        if layout is None:
            raise BadRow(f"{len(cells)} columns; a GDELT 1.0 row has 57 or 58, a 2.0 row 61"
                         + (" (this looks like a 2.0 mentions row: pass the file with --mentions)"
                            if len(cells) == MENTION_COLUMNS else ""))
        record_id = cells[0].strip()
        if not record_id.isdigit():
            raise BadRow(f"GLOBALEVENTID {record_id!r} is not a number")
        day = _day(cells[1], "SQLDATE")
        code = next((c for c in (cells[26], cells[27], cells[28]) if c in self.labels), None)
        if code is None:
            raise BadRow(f"EventCode {cells[26]!r} is not a CAMEO code")
        figures = (_float(cells[30], "GoldsteinScale"), _int(cells[31], "NumMentions"),
                   _int(cells[32], "NumSources"), _int(cells[33], "NumArticles"), _float(cells[34], "AvgTone"))
        added = _added(cells[layout.date_added])
        url = cells[layout.url].strip() if layout.url is not None else ""
        geo = cells[layout.action_geo:layout.action_geo + layout.geo_width]
        out: list[str] = []
        place = self._place(geo, layout, out) if geo[0] not in ("", "0") else None

        event = f"<{GDELT}{layout.dataset}/event/{record_id}>"
        base = event[:-1]
        actors = []
        for index, (start, role) in enumerate(((5, "agent"), (15, "target")), 1):
            actor = self._actor(cells[start:start + 10], out)
            if actor is not None:
                actors.append(cells[start + 1] or cells[start])
                out.append(f"{event} <{KG}participation> {base}#actor{index}> .\n"
                           f"{base}#actor{index}> <{KG}participant> {actor} .\n"
                           f"{base}#actor{index}> <{KG}role> <{KG}{role}> .\n")
        if not actors:
            raise BadRow("neither actor 1 nor actor 2 is given")
        label = self.labels[code]
        title = f"{actors[0]}: {label}" + (f" ({actors[1]})" if len(actors) > 1 else "")
        record = f"{base}#record>"
        out.append(
            f"{event} {RDF_TYPE} <{ns.CAMEO}{code}> .\n"
            f"{event} {LABEL} {term(title)} .\n"
            f"{event} <{KG}time> {base}#time> .\n"
            f"{base}#time> <{KG}date> \"{day}\"{XSD_DATE} .\n"
            f"{base}#time> <{ns.TIME}unitType> <{ns.TIME}unitDay> .\n"
            f"{base}#time> <{KG}notBefore> \"{day}\"{XSD_DATE} .\n"
            f"{base}#time> <{KG}notAfter> \"{day}\"{XSD_DATE} .\n"
            f"{event} <{KG}sourceRecord> {record} .\n"
            f"{record} {RDF_TYPE} <{KG}SourceRecord> .\n"
            f"{record} <{KG}dataset> <{KG}{layout.dataset}> .\n"
            f"{record} <{KG}recordId> {term(record_id)} .\n"
            f"{record} <{KG}dateAdded> {added} .\n"
            f"{record} <{KG}goldsteinScale> {_decimal(figures[0], cells[30])} .\n"
            f"{record} <{KG}numMentions> \"{figures[1]}\"{XSD_INT} .\n"
            f"{record} <{KG}numSources> \"{figures[2]}\"{XSD_INT} .\n"
            f"{record} <{KG}numArticles> \"{figures[3]}\"{XSD_INT} .\n"
            f"{record} <{KG}avgTone> {_decimal(figures[4], cells[34])} .\n"
            f"{record} <{KG}rootEvent> \"{'true' if cells[25] == '1' else 'false'}\"{XSD_BOOL} .\n")
        if url:
            out.append(f"{record} <{KG}sourceUrl> {term(url)} .\n")
        if place:
            out.append(f"{event} <{KG}place> {place} .\n")
        else:
            out.append(f"{event} <{KG}placeNotGiven> \"true\"{XSD_BOOL} .\n")
        return "".join(out)

    def _actor(self, fields: list[str], out: list[str]) -> str | None:
        """Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
        Type1Code, Type2Code, Type3Code: the node of the actor they name, described once."""
        code, name = fields[0].strip(), fields[1].strip()
        if not code and not name:
            return None
        key = slug(name) if name else "-"
        iri = f"<{CODED}actor/{part(code)}/{part(key)}>"
        if self._once(iri):
            out.append(f"{iri} {RDF_TYPE} <{KG}CodedActor> .\n"
                       f"{iri} {LABEL} {term(name or code)} .\n")
            if code:
                out.append(f"{iri} <{KG}actorCode> {term(code)} .\n"
                           f"{iri} <{KG}hasActorCode> <{CODED}code/{part(code)}> .\n")
            for value, prop in ((fields[2], "countryCode"), (fields[3], "knownGroupCode"),
                                (fields[4], "ethnicCode"), (fields[5], "religionCode"),
                                (fields[6], "religionCode"), (fields[7], "actorTypeCode"),
                                (fields[8], "actorTypeCode"), (fields[9], "actorTypeCode")):
                if value.strip():
                    out.append(f"{iri} <{KG}{prop}> {term(value.strip())} .\n")
        return iri

    def _place(self, geo: list[str], layout: Layout, out: list[str]) -> str:
        """Type, FullName, CountryCode (FIPS), ADM1Code, [ADM2Code,] Lat, Long, FeatureID."""
        kind, name, fips, adm1 = geo[0], geo[1].strip(), geo[2].strip(), geo[3].strip()
        adm2 = geo[4].strip() if layout.geo_width == 8 else ""
        lat, long, feature = geo[-3].strip(), geo[-2].strip(), geo[-1].strip()
        if kind not in PRECISION:
            raise BadRow(f"ActionGeo_Type {kind!r} is not a GDELT geo type (1 to 5)")
        iso = self.fips.get(fips, "")
        iri = f"<{CODED}place/{part(feature)}>" if feature else f"<{CODED}place/{part(iso or fips)}/{part(slug(name))}>"
        if self._once(iri):
            lines = [f"{iri} {RDF_TYPE} <{KG}CodedPlace> .\n", f"{iri} {LABEL} {term(name or fips or feature)} .\n",
                     f"{iri} <{KG}placePrecision> <{KG}{PRECISION[kind]}> .\n"]
            if iso:
                lines.append(f"{iri} <{KG}countryCode> {term(iso)} .\n")
            for value, prop in ((adm1, "adm1Code"), (adm2, "adm2Code"), (feature, "featureId")):
                if value:
                    lines.append(f"{iri} <{KG}{prop}> {term(value)} .\n")
            if lat and long:
                latitude, longitude = _float(lat, "ActionGeo_Lat"), _float(long, "ActionGeo_Long")
                if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                    raise BadRow(f"ActionGeo_Lat/Long {lat}, {long} are not coordinates")
                lines += [f"{iri} <{ns.GEO}lat> {_decimal(latitude, lat)} .\n",
                          f"{iri} <{ns.GEO}long> {_decimal(longitude, long)} .\n"]
            out.extend(lines)
        return iri

    def mention(self, cells: list[str], dataset: str = "gdelt2") -> tuple[str, str]:
        """One mentions row as (its record IRI, its N-Triples)."""
        if len(cells) != MENTION_COLUMNS:
            raise BadRow(f"{len(cells)} columns; a GDELT 2.0 mentions row has {MENTION_COLUMNS}")
        record_id = cells[0].strip()
        if not record_id.isdigit():
            raise BadRow(f"GLOBALEVENTID {record_id!r} is not a number")
        try:
            seen = dt.datetime.strptime(cells[2], "%Y%m%d%H%M%S").isoformat()
        except ValueError:
            raise BadRow(f"MentionTimeDate {cells[2]!r} is not a date and time (YYYYMMDDHHMMSS)") from None
        confidence, offset = _int(cells[11], "Confidence"), _int(cells[9], "ActionCharOffset")
        record = f"<{GDELT}{dataset}/event/{record_id}#record>"
        mention = f"<{GDELT}{dataset}/event/{record_id}#mention-{part(cells[2])}-{part(cells[5].strip())[:200]}>"
        text = (f"{record} <{KG}mention> {mention} .\n"
                f"{mention} {RDF_TYPE} <{KG}Mention> .\n"
                f"{mention} <{KG}mentionTime> \"{seen}\"{XSD_DATETIME} .\n"
                f"{mention} <{KG}mentionSource> {term(cells[4].strip())} .\n"
                f"{mention} <{KG}sourceUrl> {term(cells[5].strip())} .\n"
                f"{mention} <{KG}confidence> \"{confidence}\"{XSD_INT} .\n"
                f"{mention} <{KG}charOffset> \"{offset}\"{XSD_INT} .\n")
        return record, text


def lines(text: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-empty line, tab-separated, without its line ending."""
    for number, line in enumerate(text, 1):
        line = line.rstrip("\r\n")
        if line:
            yield number, line.split("\t")
