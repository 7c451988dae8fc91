"""Every namespace the project uses, declared once.

Plain strings, so that modules on the fast lookup path can use them without importing rdflib.
"""

import functools

KG = "https://w3id.org/newskg/ontology#"
KGSH = "https://w3id.org/newskg/shapes#"
ENT = "https://w3id.org/newskg/entity/"
ART = "https://w3id.org/newskg/article/"

ONTOLOGY_GRAPH = "https://w3id.org/newskg/ontology"
SHAPES_GRAPH = "https://w3id.org/newskg/shapes"
ENTITIES_GRAPH = "https://w3id.org/newskg/entities"
CAMEO_GRAPH = "https://w3id.org/newskg/ontology/cameo"  # ontology/cameo.ttl, generated
CAMEO = "https://w3id.org/newskg/cameo/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
TIME = "http://www.w3.org/2006/time#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
PROV = "http://www.w3.org/ns/prov#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgsh": KGSH,
    "ent": ENT,
    "art": ART,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "sh": SH,
    "schema": SCHEMA,
    "time": TIME,
    "geo": GEO,
    "prov": PROV,
    "sem": SEM,
    "dcterms": DCTERMS,
    "cameo": CAMEO,
    "coded": "https://w3id.org/newskg/coded/",
    "gdelt": "https://w3id.org/newskg/gdelt/",
}


@functools.lru_cache(maxsize=65536)
def qname(iri: str) -> str:
    """Shorten an IRI with the project's prefixes, for people to read (cached: a page of
    answers repeats the same IRIs many times)."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def expand(name: str) -> str:
    """The inverse of qname: `ent:iran` or `<iri>` to the full IRI."""
    prefix, colon, local = name.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    return name.strip("<>")


def article_iri(article_id: str) -> str:
    return ART + article_id
