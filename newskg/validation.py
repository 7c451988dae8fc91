"""`kg validate`: the SHACL shapes and the evidence check, article by article, reported in terms a
person can act on.

One engine: the files are read into the on-disk Oxigraph store (see store) and, for each check,
into a small in-memory Oxigraph store that pySHACL runs on (see shacl).

- The shared graph (ontology and graph/entities.ttl) is checked once.
- Each article is checked with what it depends on: the ontology (SHACL finds instances of
  subclasses through rdfs:subClassOf), the shared entities, its text, and the description of any
  node of another article it refers to. Only results about the article's own nodes are its
  own; what the shared graph's check reports already is not repeated for every article.
- Results are cached in the store folder (validation.json) under a digest of every input: the
  shapes, the ontology, the entities, the article's Turtle and text (the store's manifest holds
  their SHA-256), what it imports, and the versions of this check and of pySHACL. After one
  article changes, only it is checked again; a change to the shapes, ontology or entities
  checks every article again.
- Articles to check are shared among processes (one per core, at most 2 by default).
- What no article can be checked for alone runs as SPARQL over the store (see crossrules).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import crossrules
from . import namespaces as ns
from .authoring import compile_article, compile_standalone
from .errors import InputError
from .evidence import span_problems
from .layout import Layout
from .sources import KG_TEXT, RDF_TYPE, decode_text, parse_turtle, read_bytes

CACHE = "validation.json"
DEFINED_SOMEWHERE = "kgsh:DefinedSomewhere"
DATA_NAMESPACES = (ns.ENT, ns.ART)
UNREVIEWED = "kgsh:Unreviewed"
CHECK_VERSION = 2  # bump when what a check reports changes: every cached result is dropped
SOURCED = ("kgsh:source", "kgsh:evidence")  # shared entities: left to crossrules.unsourced
Progress = Callable[[Iterable, int, str], Iterator]  # (items, count, label) -> the items


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    constraint: str
    file: str | None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int
    articles: int = 0  # articles the report covers
    checked: int = 0  # of which checked now; the others' results came from the cache
    shared_checked: bool = False  # whether the ontology and entities were checked now

    @property
    def cached(self) -> int:
        return self.articles - self.checked

    def constraints(self) -> set[str]:
        return {violation.constraint for violation in self.violations}


def _finish(violations: list[Violation], triples: int, **counts: object) -> Report:
    notes = [v for v in violations if v.constraint == UNREVIEWED]  # kept in the text's order
    violations = sorted((v for v in violations if v.constraint != UNREVIEWED),
                        key=lambda v: (v.file or "", v.focus, v.constraint, v.path or "", v.value or ""))
    violations += sorted(notes, key=lambda v: v.file or "")
    conforms = not any(v.severity == "Violation" for v in violations)
    return Report(conforms, violations, triples, **counts)


# --- showing nodes ----------------------------------------------------------------------------


def show(term: object, store: ox.Store) -> str:
    """A node as people read it: a prefixed name, a literal's text, or for a blank node the path
    from the named node that owns it (`this:x / kg:time`)."""
    if isinstance(term, ox.NamedNode):
        return ns.qname(term.value)
    if isinstance(term, ox.BlankNode):
        return _describe_blank(term, store)
    return getattr(term, "value", str(term))


def _describe_blank(node: ox.BlankNode, store: ox.Store, depth: int = 0) -> str:
    quad = next(store.quads_for_pattern(None, None, node), None)
    if quad is None or depth > 6:
        return "[blank node]"
    owner = quad.subject
    shown = (_describe_blank(owner, store, depth + 1) if isinstance(owner, ox.BlankNode)
             else ns.qname(owner.value))
    return f"{shown} / {ns.qname(quad.predicate.value)}"


# --- one check: a small store, the shapes and the span check ---------------------------------


@dataclass(frozen=True)
class Check:
    """What one article's check reads: its files (with the SHA-256 the store recorded) and
    the description of other articles' nodes it refers to, as N-Triples."""

    article_id: str
    graph: str
    turtle: Path
    shown: str
    text: Path
    text_shown: str
    sha: str | None = None
    text_sha: str | None = None
    imports: str = ""


@dataclass
class Checker:
    """What every check shares: the shapes, and the ontology and entities parsed once."""

    shapes: object  # rdflib Graph
    ontology: list[ox.Quad]
    entities: list[ox.Quad]
    shown: dict[str, str]  # ontology and entities graph -> the file shown for it
    shared_keys: set[tuple] = field(default_factory=set)  # results the shared check reports

    def __post_init__(self) -> None:
        self.ontology_subjects = {q.subject for q in self.ontology}
        self.entity_subjects = {q.subject for q in self.entities}
        self.shared_subjects = self.ontology_subjects | self.entity_subjects

    def _store(self, *parts: Iterable[ox.Quad]) -> ox.Store:
        store = ox.Store()
        store.extend(self.ontology)
        store.extend(self.entities)
        for part in parts:
            store.extend(part)
        return store

    def _violations(self, store: ox.Store) -> Iterator[tuple[object, Violation, str]]:
        """(focus, violation without its file, SHACL component) for every result."""
        from .shacl import run_shapes

        for result in run_shapes(store, self.shapes):
            yield result.focus, Violation(
                focus=show(result.focus, store), path=result.path,
                value=None if result.value is None else show(result.value, store),
                message=result.message or f"Fails {result.constraint}.",
                severity=result.severity, constraint=result.constraint, file=None,
            ), result.component
        for problem in span_problems(store):
            yield problem.owner, Violation(
                focus=show(problem.owner, store), path=ns.qname(problem.prop), value=problem.value,
                message=problem.message, severity="Violation", constraint=problem.constraint,
                file=None,
            ), ""

    def check_shared(self, imports: str = "") -> list[Violation]:
        """The ontology and the shared entities, with any article node they refer to."""
        imported = _parse_imports(imports)
        store = self._store(imported)
        foreign = {q.subject for q in imported} - self.shared_subjects
        found = []
        for focus, violation, component in self._violations(store):
            if focus in foreign or (violation.constraint in SOURCED and component == "MinCount"):
                continue
            home = ns.ONTOLOGY_GRAPH if focus in self.ontology_subjects and focus not in \
                self.entity_subjects else ns.ENTITIES_GRAPH
            found.append(_in_file(violation, self.shown[home]))
        return found

    def check_article(self, check: Check) -> tuple[str, list[Violation]]:
        """One article with the shared graph: (the digest of its Turtle and text, violations)."""
        data = read_bytes(check.turtle, check.shown)
        raw = read_bytes(check.text, check.text_shown, missing=(
            "the article's text file is missing; put its verbatim text beside the encoding with "
            "the same name and a .txt ending."))
        digests = (_sha(data), _sha(raw))
        if check.sha is not None and digests != (check.sha, check.text_sha):
            raise InputError(f"{check.shown}: changed while kg validate was running; run it again.")
        text = decode_text(raw, check.text_shown)
        own = compile_article(parse_turtle(check.turtle, check.shown, data), check.graph, text, check.shown,
                     check.text_shown, data)
        iri = ox.NamedNode(check.graph)
        own.append(ox.Quad(iri, KG_TEXT, ox.Literal(text)))
        imported = _parse_imports(check.imports)
        store = self._store(own, imported)
        mine = {q.subject for q in own}
        elsewhere = self.shared_subjects | {q.subject for q in imported}
        found = [_in_file(v, check.shown) for v in undefined(own, store) + unreviewed(own)]
        for focus, violation, component in self._violations(store):
            if focus not in mine and focus in elsewhere:
                continue  # the shared graph's or another article's node: checked there
            if focus in self.entity_subjects and (
                    (violation.constraint in SOURCED and component == "MinCount")
                    or _key(violation) in self.shared_keys):
                continue
            found.append(_in_file(violation, check.shown))
        return "/".join(digests), found


def undefined(own: list[ox.Quad], store: ox.Store) -> list[Violation]:
    """kgsh:DefinedSomewhere: the ent: and art: nodes an article uses (as subject or value) that
    have no rdf:type in `store`, which holds the article, the shared graph and the description
    of every other article's node the article refers to (crossrules.imports): so no file types
    them. A typo in an id, or an actor never added to graph/entities.ttl."""
    typed = {quad.subject for quad in store.quads_for_pattern(None, RDF_TYPE, None)}
    used: dict[ox.NamedNode, str] = {}
    for quad in own:
        for node in (quad.object, quad.subject):
            if isinstance(node, ox.NamedNode) and node.value.startswith(DATA_NAMESPACES) \
                    and node not in typed:
                used.setdefault(node, quad.predicate.value)
    return [Violation(
        focus=ns.qname(node.value), path=ns.qname(how), value=None,
        message=f"{ns.qname(node.value)} is used here but defined nowhere: no file gives it an "
                "rdf:type. Add it to graph/entities.ttl (a shared actor or place) or to this "
                "article, or fix the id.",
        severity="Violation", constraint=DEFINED_SOMEWHERE, file=None) for node, how in used.items()]


def unreviewed(own: list[ox.Quad]) -> list[Violation]:
    """kgsh:Unreviewed, as information (the graph still conforms): the nodes a draft proposed
    that no one has checked yet (`kg:unreviewed true`, see `kg draft`), in the order of their
    words in the text, each with its first quote (a statement's kg:quote)."""
    marker = ox.NamedNode(ns.KG + "unreviewed")
    nodes = {q.subject for q in own if q.predicate == marker and getattr(q.object, "value", "") == "true"}
    if not nodes:
        return []
    evidence, quote = ox.NamedNode(ns.KG + "evidence"), ox.NamedNode(ns.KG + "quote")
    start, exact = ox.NamedNode(ns.KG + "start"), ox.NamedNode(ns.KG + "exact")
    spans: dict[object, dict] = {}
    for q in own:
        if q.predicate in (start, exact):
            spans.setdefault(q.subject, {})[q.predicate] = q.object.value
    first: dict[object, tuple[int, str]] = {}
    quotes: dict[object, str] = {}
    for q in own:
        if q.subject in nodes and q.predicate == evidence and q.object in spans:
            span = spans[q.object]
            place = (int(span.get(start, 0)), span.get(exact, ""))
            if q.subject not in first or place < first[q.subject]:
                first[q.subject] = place
        elif q.subject in nodes and q.predicate == quote:
            quotes[q.subject] = q.object.value
    ordered = sorted(nodes, key=lambda n: (first.get(n, (1 << 62, ""))[0], str(n)))
    return [Violation(
        focus=show(node, ox.Store()), path=None,
        value=quotes.get(node) or first.get(node, (0, ""))[1] or None,
        message="Proposed by kg draft and not reviewed yet: check it against the text, fix or delete "
                "it, then delete its kg:unreviewed true.",
        severity="Info", constraint=UNREVIEWED, file=None) for node in ordered]


def _in_file(violation: Violation, shown: str | None) -> Violation:
    return Violation(**{**violation.as_dict(), "file": shown})


def _key(violation: Violation) -> tuple:
    return (violation.focus, violation.path, violation.value, violation.constraint)


def _parse_imports(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)) if text else []


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the whole run ----------------------------------------------------------------------------

_CHECKER: Checker | None = None  # set before the worker processes are forked


def _check_in_worker(check: Check) -> tuple[str, str, list[dict]]:
    assert _CHECKER is not None
    digest, found = _CHECKER.check_article(check)
    return check.article_id, digest, [v.as_dict() for v in found]


def _digest(*parts: str) -> str:
    return _sha("\0".join(parts).encode("utf-8"))


def _engine_version() -> str:
    from importlib.metadata import version

    return f"{CHECK_VERSION}:pyshacl {version('pyshacl')}:pyoxigraph {ox.__version__}"


def check_shapes(shapes: list[ox.Quad], shown: str) -> None:
    """A shapes file without any shape is refused, since every graph would "conform"."""
    kinds = {ox.NamedNode(ns.SH + "NodeShape"), ox.NamedNode(ns.SH + "PropertyShape")}
    if not any(q.predicate == RDF_TYPE and q.object in kinds for q in shapes):
        raise InputError(
            f"{shown}: holds no SHACL shapes (no sh:NodeShape or sh:PropertyShape), so nothing "
            "would be checked; restore the shapes file."
        )


def _sourcing(shapes: list[ox.Quad]) -> dict[str, tuple[list[str], str]]:
    """For kgsh:source and kgsh:evidence: the classes whose instances they are asked of
    (sh:targetClass of the node shapes that use them) and their message."""
    store = ox.Store()
    store.extend(shapes)
    found = {}
    for constraint in SOURCED:
        shape = f"<{ns.KGSH}{constraint.removeprefix('kgsh:')}>"
        rows = store.query(f"""SELECT DISTINCT ?class WHERE {{ ?node <{ns.SH}property> {shape} ;
                                 <{ns.SH}targetClass> ?class }}""")
        message = next(store.query(f"SELECT ?m WHERE {{ {shape} <{ns.SH}message> ?m }}"), None)
        found[constraint] = (sorted(row["class"].value for row in rows),
                             message["m"].value if message else "")
    return found


class Cache:
    """validation.json in the store folder: per article id (and "" for the shared graph), the
    digest of its inputs and its violations. Derived data: deleting it only costs time."""

    def __init__(self, folder: Path, engine: str) -> None:
        self.path = folder / CACHE
        self.engine = engine
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        ok = isinstance(data, dict) and data.get("engine") == engine and isinstance(data.get("checks"), dict)
        self.checks: dict[str, dict] = data["checks"] if ok else {}

    def get(self, key: str, digest: str) -> list[Violation] | None:
        entry = self.checks.get(key)
        if not isinstance(entry, dict) or entry.get("digest") != digest:
            return None
        try:
            return [Violation(**v) for v in entry["violations"]]
        except (KeyError, TypeError):
            return None

    def put(self, key: str, digest: str, violations: list[Violation]) -> None:
        self.checks[key] = {"digest": digest, "violations": [v.as_dict() for v in violations]}

    def save(self, keep: set[str]) -> None:
        """Atomically, without entries for articles that are gone; a folder one cannot write
        only loses the cache."""
        checks = {key: entry for key, entry in self.checks.items() if key in keep}
        temporary = self.path.with_name(f".{CACHE}.{os.getpid()}")
        try:
            temporary.write_text(json.dumps({"engine": self.engine, "checks": checks}), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def _workers(jobs: int | None, count: int) -> int:
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs or 2, cores, count))


def _run_checks(checker: Checker, checks: list[Check], jobs: int | None,
                progress: Progress | None) -> Iterator[tuple[str, str, list[dict]]]:
    """Each check's (article id, digest, violations), in parallel when there are several."""
    global _CHECKER
    _CHECKER = checker
    workers = _workers(jobs, len(checks))
    try:
        if workers == 1:
            results: Iterable = map(_check_in_worker, checks)
            yield from (progress(results, len(checks), "Validating") if progress else results)
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.imap_unordered(_check_in_worker, checks, chunksize=2)
            yield from (progress(results, len(checks), "Validating") if progress else results)
    finally:
        _CHECKER = None


def find_article(layout: Layout, target: str) -> str:
    """The article id `target` names: an id, or the path of an article file under the root."""
    articles = {a.article_id for a in layout.articles()}
    if target in articles:
        return target
    path = Path(target)
    if path.suffix in (".ttl", ".txt") and path.resolve().parent == layout.articles_dir.resolve() \
            and path.stem in articles:
        return path.stem
    hint = "" if not articles else f" such as {min(articles)}"
    raise InputError(
        f"no article '{target}' in {layout.relative(layout.articles_dir)}/ ({len(articles)} "
        f"article{'s' if len(articles) != 1 else ''} there); give an article id{hint}, the path "
        "of its .ttl file, or of a Turtle file to check on its own, or run kg validate alone to "
        "check them all."
    )


def validate(layout: Layout, store_folder: str | None = None, article: str | None = None,
             jobs: int | None = None, progress: Progress | None = None) -> Report:
    """Validate the ontology, the shared entities and every article (or only `article`, an id:
    then only what is found in its file is reported)."""
    from .store import open_store

    articles = layout.articles()
    shown = {ns.ONTOLOGY_GRAPH: layout.relative(layout.ontology),
             ns.ENTITIES_GRAPH: layout.relative(layout.entities)}
    shown.update({ns.article_iri(a.article_id): layout.relative(a.encoding) for a in articles})
    listed = [a for a in articles if article is None or a.article_id == article]
    scope = ns.article_iri(article) if article else None
    shapes_shown = layout.relative(layout.shapes)
    shapes = parse_turtle(layout.shapes, shapes_shown, shapes_data := read_bytes(layout.shapes, shapes_shown))
    check_shapes(shapes, shapes_shown)

    store = open_store(layout, store_folder, check_text=False)
    try:
        manifest, folder = store.manifest.graphs, store.folder
        # what was checked: the article, or every graph but imported datasets (those are checked on import)
        triples = manifest[scope]["quads"] if scope else \
            sum(entry.get("quads", 0) for entry in manifest.values() if "import" not in entry)
        imports = crossrules.imports(store.raw, None if scope is None else [scope, ns.ENTITIES_GRAPH], shown)
        findings = crossrules.defined_twice(store.raw, shown, scope, shown)
        if scope is None:
            findings += crossrules.unsourced(store.raw, _sourcing(shapes), shown)
    finally:
        store.close()

    def sha(graph: str, file: str) -> str:
        return manifest[graph]["files"][file][2]

    engine = _engine_version()
    base = _digest(engine, _sha(shapes_data), sha(ns.ONTOLOGY_GRAPH, shown[ns.ONTOLOGY_GRAPH]),
                   sha(ns.ENTITIES_GRAPH, shown[ns.ENTITIES_GRAPH]))
    cache = Cache(folder, engine)
    checker: Checker | None = None

    def get_checker() -> Checker:
        nonlocal checker
        if checker is None:
            from .shacl import shapes_graph

            checker = Checker(shapes_graph(shapes), parse_turtle(layout.ontology, shown[ns.ONTOLOGY_GRAPH]),
                              parse_turtle(layout.entities, shown[ns.ENTITIES_GRAPH]), shown)
        return checker

    shared_imports = imports.get(ns.ENTITIES_GRAPH, "")
    shared_digest = _digest(base, shared_imports)
    shared = cache.get("", shared_digest)
    shared_checked = shared is None
    if shared is None:
        shared = get_checker().check_shared(shared_imports)
        cache.put("", shared_digest, shared)

    results: dict[str, list[Violation]] = {}
    todo: dict[str, Check] = {}
    for a in listed:
        graph = ns.article_iri(a.article_id)
        turtle, text = shown[graph], layout.relative(a.text)
        check = Check(a.article_id, graph, a.encoding, turtle, a.text, text, sha(graph, turtle),
                      sha(graph, text), imports.get(graph, ""))
        cached = cache.get(a.article_id, _digest(base, check.sha or "", check.text_sha or "", check.imports))
        if cached is None:
            todo[a.article_id] = check
        else:
            results[a.article_id] = cached
    if todo:
        checker = get_checker()
        checker.shared_keys = {_key(v) for v in shared}
        for article_id, digests, found in _run_checks(checker, list(todo.values()), jobs, progress):
            turtle_sha, text_sha = digests.split("/")
            results[article_id] = [Violation(**v) for v in found]
            cache.put(article_id, _digest(base, turtle_sha, text_sha, todo[article_id].imports),
                      results[article_id])
    cache.save({a.article_id for a in articles} | {""})

    violations = [v for found in results.values() for v in found]
    if scope is None:
        violations += shared
    violations += [Violation(f.focus, f.path, f.value, f.message, "Violation", f.constraint,
                             shown.get(f.graph, ns.qname(f.graph))) for f in findings]
    return _finish(violations, triples, articles=len(listed), checked=len(todo),
                   shared_checked=shared_checked)


def validate_file(path: Path, layout: Layout) -> Report:
    """Validate one standalone Turtle graph (it carries its own article text) with the ontology."""
    from .shacl import shapes_graph

    shapes_shown = layout.relative(layout.shapes)
    shapes = parse_turtle(layout.shapes, shapes_shown)
    check_shapes(shapes, shapes_shown)
    ontology = parse_turtle(layout.ontology, layout.relative(layout.ontology))
    checker = Checker(shapes_graph(shapes), ontology, [], {})
    data = read_bytes(path, str(path))
    store = checker._store(compile_standalone(parse_turtle(path, str(path), data), str(path), data))
    own = list(store)
    violations = [violation for _, violation, _ in checker._violations(store)] + unreviewed(own)
    return _finish(violations, len(store), articles=1, checked=1)
