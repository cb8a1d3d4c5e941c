"""The on-disk index: passages, FAISS vectors and BM25 arrays in one directory.

Layout (format version ``FORMAT_VERSION``)::

    manifest.json      ``Manifest``: format, config (model and windows included), counts,
                       fingerprint of everything the vectors depend on, file checksums, library versions
    passages.jsonl     one Passage per line (``Passage.to_json``)
    dense.faiss        FAISS index of window vectors, then sub-item vectors (``index.compose``);
                       dense_owner.npy maps each to its passage
    sentences.faiss    FAISS index of sentence vectors; sentences_owner.npy maps them to passages,
                       sentence_spans.npy (int32, [n, 2]) to their character span in the passage text
    bm25_*.npy/.json   BM25 postings (see ``index.bm25``)
    lexicon*.npy/.json the BM25 terms with a word vector each (see ``index.lexicon``)
    words.npy/.json    common words' query vectors, the bridge's table (``index.word_table``); absent
                       from an index built without one (``IndexConfig.word_table`` empty, an older build).
                       Usually hard links to the machine's shared table (``index.word_tables``).

A build writes into a temporary sibling directory and renames it into place,
so an interrupted build leaves the previous index untouched. ``Store.load``
checks every file against the manifest and refuses what it cannot trust, except
the word table: a missing or damaged one is left out (a warning), since a search
without it ranks the same (``tests/qa/test_word_table_search.py``), only slower.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import shutil
import tempfile
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from index import arabic, bm25, dense, lexicon, word_table, word_tables
from index.common import IndexFileError, SanadError, parse_enum, replace_directory, sha256_file
from index.encoders.config import EncoderConfig
from index.compose import SectionText, embedding_text, item_texts, search_text, with_section
from index.passage import Passage
from index.sentences import fragments, split_sentences

log = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 2: the lexicon files; 3: the manifest as ``Manifest`` (config with the encoder's windows)
# Bump when parsing or normalization changes what an index holds for the same inputs (both are in the
# fingerprint, so every index rebuilds by itself). The parser's history:
# 3: two-engine line repair (index.repair)
# 4: index.ingest (PDF, DOCX, symbol ids, languages)
# 5: rotations of repaired lines (index.repair.lines.choose)
# 6: seams and paragraph edges (index.repair.seams)
# 7: hidden breaks inside glued words (index.repair.atoms)
# 8: sentence openers and evident cuts decide rotations (index.repair.rotation)
# 9: a line both engines read as printed keeps its order unless the search gains FILE_ORDER (index.repair.lines)
# 10: a reading that glues pieces of several raw tokens into an unknown word is charged and yields to an unglued
#     one (index.repair.glue)
# 11: the beam ranks partial readings with the costs they still owe, hands on every rotation of its best
#     reading, and a proclitic on a number is no longer free (index.repair.search, words)
# 12: the ranking bounds a lone proclitic by its price on a number, that price at its measured rate, a hidden
#     break leaving one letter alone dearer (index.repair.search, words, atoms)
# 13: heading lines (markers.roles): rotations that add no run break, no stop asked at the end but no word that
#     never closes a clause; a document word in swapped halves inside a glued token is cut out
#     (atoms._swapped_halves); 'ها', 'نا' alone are fragments (words.BOUND_ENCLITICS)
# 14: 12 and 13 together
# 15: a word ending in a bound enclitic priced by the stem it completes; the beam runs with two rankings (a
#     surely-whole word at its own cost, or every edge word at half its best join) and the cheaper readings win
#     (index.repair.words, search)
PARSER_VERSION = "report-15"
NORMALIZER_VERSION = "arabic-2"  # 2: Latin-script words stemmed in their document's language (en, fr, es)
MANIFEST = "manifest.json"
_FORMAT_NAME = "sanad-index"
PASSAGES = "passages.jsonl"
SENTENCE_SPANS = "sentence_spans.npy"


@dataclass(frozen=True)
class IndexConfig:
    """What a build depends on besides its input files; saved in the manifest.

    ``encoder.model`` ``None`` means ``$SANAD_MODEL`` or the bundled default (``resolved``).
    """

    encoder: EncoderConfig = field(default_factory=EncoderConfig)
    dense_kind: str = dense.DenseKind.FLAT.value
    stemming: str = arabic.Stemming.SNOWBALL.value
    bm25: bm25.BM25Params = field(default_factory=bm25.BM25Params)
    # Which headings join the text BM25 indexes, the windows and sub-items the encoder embeds, and
    # the sentences it embeds (``index.compose.SectionText``). Chosen on report_dev (hybrid MRR@10;
    # eval/results/retrieval.md): the whole path in BM25 +0.005, the innermost heading embedded
    # +0.047 (the chapter alone +0.012, the whole path +0.030); a heading on the sentences -0.028.
    bm25_section: str = SectionText.PATH.value
    embedded_section: str = SectionText.INNERMOST.value
    sentence_section: str = SectionText.NONE.value
    # Each innermost sub-item (139 (د) ‘٣’) embedded on its own behind its paragraph's lead-in, as
    # one more piece of its paragraph (``index.compose.item_texts``): report_dev +0.011, English +0.023.
    item_vectors: bool = True
    # ``(language, n)``: the ``n`` most frequent words of each language embedded at build time, so
    # the bridge looks them up instead of embedding them per query (``index.word_table``).
    word_table: tuple[tuple[str, int], ...] = word_table.DEFAULT_SIZES

    def __post_init__(self):
        parse_enum(dense.DenseKind, self.dense_kind, "dense index kind")
        parse_enum(arabic.Stemming, self.stemming, "stemming")
        for name in ("bm25_section", "embedded_section", "sentence_section"):
            parse_enum(SectionText, getattr(self, name), name.replace("_", " "))

    @classmethod
    def for_model(cls, model: str | None, **options) -> IndexConfig:
        """The default config with another model (``None``: ``$SANAD_MODEL`` or the bundled default)."""
        return cls(encoder=EncoderConfig(model=model), **options)

    def resolved(self) -> IndexConfig:
        """This config with a concrete model name."""
        return replace(self, encoder=self.encoder.resolved())

    @classmethod
    def from_json(cls, data: dict) -> IndexConfig:
        return cls(
            encoder=EncoderConfig(**data["encoder"]),
            dense_kind=data["dense_kind"],
            stemming=data["stemming"],
            bm25=bm25.BM25Params(**data["bm25"]),
            bm25_section=data["bm25_section"],
            embedded_section=data["embedded_section"],
            sentence_section=data["sentence_section"],
            item_vectors=bool(data["item_vectors"]),
            # Absent from manifests written before the table: those indexes have none.
            word_table=tuple((str(language), int(n)) for language, n in data.get("word_table", ())),
        )


@dataclass(frozen=True)
class Source:
    """An input file: where it was, the document id it became, its sha256."""

    path: str
    doc: str
    sha256: str


@dataclass(frozen=True)
class Checksum:
    """A saved file's size and sha256, which ``Store.load`` checks before trusting it."""

    bytes: int
    sha256: str


@dataclass(frozen=True)
class Counts:
    """What the index holds; ``passages`` is checked against passages.jsonl on load."""

    passages: int
    documents: int
    windows: int
    sentences: int
    terms: int
    lexicon_terms: int
    item_vectors: int = 0  # of ``windows``: the sub-item rows after the window rows (``index.compose``)


@dataclass(frozen=True)
class Manifest:
    """``manifest.json``: what an index holds and what it was built from.

    ``Store.build`` creates it, ``Store.save`` adds the file checksums (a new
    ``Manifest``, never an edit), ``Store.read_manifest`` reads it back; nothing
    else writes one. ``config.encoder.model`` is the model as requested (a name or
    a path), the one ``Encoder.load`` takes.
    """

    config: IndexConfig
    fingerprint: str
    dimension: int
    sources: tuple[Source, ...]
    counts: Counts
    created: str
    libraries: dict[str, str | None]
    files: dict[str, Checksum] = field(default_factory=dict)
    format_version: int = FORMAT_VERSION
    parser_version: str = PARSER_VERSION
    normalizer_version: str = NORMALIZER_VERSION

    @property
    def model(self) -> str:
        return self.config.encoder.model

    def to_json(self) -> dict:
        return {"format": _FORMAT_NAME, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        """The manifest in ``data``; ``KeyError``, ``TypeError`` or ``ValueError`` for a garbled one."""
        return cls(
            config=IndexConfig.from_json(data["config"]),
            fingerprint=str(data["fingerprint"]),
            dimension=int(data["dimension"]),
            sources=tuple(Source(**source) for source in data["sources"]),
            counts=Counts(**data["counts"]),
            created=str(data["created"]),
            libraries=dict(data["libraries"]),
            files={name: Checksum(**checksum) for name, checksum in data["files"].items()},
            format_version=data["format_version"],
            parser_version=data["parser_version"],
            normalizer_version=data["normalizer_version"],
        )



def fingerprint(sources: list[Source] | tuple[Source, ...], config: IndexConfig) -> str:
    """One hash of everything an index's content depends on, so a change to any of it rebuilds.

    The inputs' bytes; the parser (the report parser with its line repair, ``PARSER_VERSION``),
    the normalizer and the format; the model and its windows (``EncoderConfig.vector_fields``);
    the dense kind, stemming and BM25 parameters. Not the word table: it holds no passage's data, so
    an index without one (or with another) gains one in place (``Store.with_word_table``), and a
    library's documents are not embedded again for it.
    """
    fields = asdict(config)
    del fields["word_table"]
    payload = {
        "format": FORMAT_VERSION,
        "parser": PARSER_VERSION,
        "normalizer": NORMALIZER_VERSION,
        "sources": [(s.doc, s.sha256) for s in sources],
        "encoder": config.encoder.vector_fields(),
        "config": {**fields, "encoder": None},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _library_versions() -> dict:
    versions = {}
    for name in ("sanad", "faiss-cpu", "rank-bm25", "sentence-transformers", "torch", "numpy"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def piece_vectors(passages: list[Passage], encoder, config: IndexConfig, show_progress: bool = False):
    """The dense index's rows, ``(vectors, owner, windows)``: every passage's windows (the first
    ``windows`` rows), then, with ``config.item_vectors``, the pieces of its sub-items."""
    section = SectionText(config.embedded_section)
    vectors, owner = encoder.encode_passages([embedding_text(with_section(p.text, p, section)) for p in passages], show_progress=show_progress)
    owner = np.asarray(owner)
    items = [(row, text) for row, p in enumerate(passages) for text in item_texts(p, section)] if config.item_vectors else []
    if not items:
        return vectors, owner, len(owner)
    item_vectors, item_owner = encoder.encode_passages([embedding_text(text) for _, text in items], show_progress=show_progress)
    rows = np.array([row for row, _ in items], dtype=owner.dtype)[np.asarray(item_owner)]
    return np.concatenate([vectors, item_vectors]), np.concatenate([owner, rows]), len(owner)


def lexical_texts(passages: list[Passage], config: IndexConfig) -> list[str]:
    """What BM25 and the lexicon read of each passage (its text with its headings, ``config.bm25_section``)."""
    return [search_text(p, SectionText(config.bm25_section)) for p in passages]


def bm25_index(texts: list[str], config: IndexConfig, languages: list[str]) -> bm25.BM25:
    """The BM25 index of ``lexical_texts``, each stemmed in its document's language: one rule for a build
    and for an assembled library (``index.pieces``)."""
    stemming = arabic.Stemming(config.stemming)
    return bm25.BM25.index([arabic.tokenize(t, stemming, lang) for t, lang in zip(texts, languages)], config.bm25)


def sentence_vectors(passages: list[Passage], encoder, config: IndexConfig, show_progress: bool = False):
    """The sentence index's rows, ``(vectors, owner, spans)``: one vector per window of each sentence,
    the passage row it belongs to and its ``[start, end)`` in that passage's text."""
    spans = [(row, a, b) for row, p in enumerate(passages) for a, b in split_sentences(p.text)]
    vectors, rows = encoder.encode_passages(
        [embedding_text(with_section(passages[row].text[a:b], passages[row], SectionText(config.sentence_section))) for row, a, b in spans],
        show_progress=show_progress,
    )
    rows = np.asarray(rows)
    owner = np.array([spans[i][0] for i in rows], dtype=np.int32)
    return vectors, owner, np.array([spans[i][1:] for i in rows], dtype=np.int32).reshape(-1, 2)


def new_manifest(config: IndexConfig, sources: tuple[Source, ...], dimension: int, counts: Counts) -> Manifest:
    """The manifest of an index built now from ``sources`` with ``config`` (no file checksums yet)."""
    return Manifest(
        config=config,
        fingerprint=fingerprint(sources, config),
        dimension=dimension,
        sources=sources,
        counts=counts,
        created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        libraries=_library_versions(),
    )


class Store:
    """Passages with their BM25 and dense indexes, as built or loaded from a directory."""

    def __init__(
        self,
        passages: list[Passage],
        bm25_index: bm25.BM25,
        dense_index: dense.DenseIndex,
        manifest: Manifest,
        sentences: dense.DenseIndex,
        sentence_spans: np.ndarray,
        term_lexicon: lexicon.Lexicon,
        words: word_table.WordTable | None = None,
    ):
        self.passages = passages
        self.lexicon = term_lexicon
        self.word_table = words if words is not None else word_table.WordTable.empty()
        self.bm25 = bm25_index
        self.dense = dense_index
        self.sentences = sentences
        self.sentence_spans = np.asarray(sentence_spans, dtype=np.int32).reshape(-1, 2)
        if len(self.sentence_spans) != sentences.faiss_index.ntotal:
            # Without one span per vector the fragment mask cannot be built, and a store that silently
            # left fragments unmuted would rank differently from the same index loaded from disk.
            raise ValueError(f"{len(self.sentence_spans)} sentence spans for {sentences.faiss_index.ntotal} sentence vectors")
        sentences.muted = fragments(self.sentence_spans)
        self.manifest = manifest
        self.by_id = {p.id: i for i, p in enumerate(passages)}

    @property
    def model_name(self) -> str:
        return self.manifest.model

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages of the indexed documents (ISO 639-1), sorted: the query is tokenized for each."""
        return tuple(sorted({p.doc.language for p in self.passages}))

    @property
    def stemming(self) -> arabic.Stemming:
        return arabic.Stemming(self.manifest.config.stemming)

    @classmethod
    def build(
        cls, passages: list[Passage], encoder, config: IndexConfig = IndexConfig(), sources: tuple[Source, ...] = (), show_progress: bool = False,
        words: word_table.WordTable | None = None,
    ) -> "Store":
        """Embed and index ``passages`` in memory; ``save`` writes them.

        ``words``: the word table of ``config.word_table`` by this encoder, when one is at hand;
        else the machine's shared one (``index.word_tables.for_encoder``: embedded once per machine).

        ``config.encoder.model`` ``None`` takes ``encoder.name``. An encoder with an
        ``EncoderConfig`` must embed as ``config.encoder`` says, or the fingerprint would lie.
        """
        if not passages:
            raise IndexFileError("nothing to index: no passages")
        config = replace(config, encoder=replace(config.encoder, model=config.encoder.model or encoder.name))
        own = getattr(encoder, "config", None)
        if isinstance(own, EncoderConfig) and own.vector_fields() != config.encoder.vector_fields():
            raise SanadError(f"the encoder embeds with {own.vector_fields()}, the index config says {config.encoder.vector_fields()}")
        stemming = arabic.Stemming(config.stemming)
        texts = lexical_texts(passages, config)
        languages = [p.doc.language for p in passages]  # each document's stemming (index.ingest.language)
        lexical = bm25_index(texts, config, languages)
        term_lexicon = lexicon.Lexicon.build(texts, stemming, encoder, languages)
        if words is None:
            words = word_tables.for_encoder(encoder, config.word_table)
        kind = dense.DenseKind(config.dense_kind)
        vectors, owner, window_rows = piece_vectors(passages, encoder, config, show_progress)
        dense_index = dense.DenseIndex.build(vectors, owner, len(passages), kind)
        # Sentences get vectors of their own: a question often matches one sentence of a long paragraph.
        sentence_rows, sentence_owner, sentence_spans = sentence_vectors(passages, encoder, config, show_progress)
        sentence_index = dense.DenseIndex.build(sentence_rows, sentence_owner, len(passages), kind)
        sources = tuple(sources)
        counts = Counts(
            passages=len(passages),
            documents=len({p.doc.id for p in passages}),
            windows=int(len(owner)),  # every dense row: windows, then sub-items
            item_vectors=int(len(owner) - window_rows),
            sentences=len({(int(o), int(a), int(b)) for o, (a, b) in zip(sentence_owner, sentence_spans)}),
            terms=len(lexical.vocab),
            lexicon_terms=len(term_lexicon),
        )
        manifest = new_manifest(config, sources, int(vectors.shape[1]), counts)
        return cls(passages, lexical, dense_index, manifest, sentence_index, sentence_spans, term_lexicon, words)

    @classmethod
    def reusable_word_table(cls, directory: Path, config: IndexConfig) -> word_table.WordTable | None:
        """The word table of the index in ``directory`` if a build with ``config`` would embed the same
        one (same words, same encoder fields), checked like ``load`` checks it; else ``None``. Embedding
        it takes longer than the report's whole index (28,353 words 166 s, the index 74 s, load 4.5)."""
        try:
            manifest = cls.read_manifest(directory)
        except IndexFileError:
            return None
        old = manifest.config
        if old.word_table != config.word_table or old.encoder.resolved().vector_fields() != config.encoder.resolved().vector_fields():
            return None
        return _load_word_table(Path(directory), manifest)

    def lacks_word_table(self, config: IndexConfig) -> bool:
        """Whether ``config`` asks for a word table this store does not hold (an older build, or a
        table file that was missing or damaged at load)."""
        return bool(config.word_table) and (self.manifest.config.word_table != config.word_table or not len(self.word_table))

    def with_word_table(self, words: word_table.WordTable, sizes: tuple[tuple[str, int], ...]) -> Store:
        """This store with ``words``, the word table of ``sizes`` (``IndexConfig.word_table``)."""
        manifest = replace(self.manifest, config=replace(self.manifest.config, word_table=tuple(sizes)))
        return Store(self.passages, self.bm25, self.dense, manifest, self.sentences, self.sentence_spans, self.lexicon, words)

    def save(self, directory: Path) -> Path:
        """Write to a temporary sibling, then rename into place (the old index survives a crash)."""
        directory = Path(directory)
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.building-", dir=directory.parent))
        try:
            with open(staging / PASSAGES, "w", encoding="utf-8") as handle:
                for passage in self.passages:
                    handle.write(json.dumps(passage.to_json(), ensure_ascii=False) + "\n")
            self.bm25.save(staging)
            self.dense.save(staging, "dense")
            self.sentences.save(staging, "sentences")
            np.save(staging / SENTENCE_SPANS, self.sentence_spans, allow_pickle=False)
            self.lexicon.save(staging)
            names = [PASSAGES, *bm25.FILES, *self.dense.file_names("dense"), *self.sentences.file_names("sentences"), SENTENCE_SPANS, *self.lexicon.file_names()]
            if len(self.word_table):
                self.word_table.save(staging)
                names += word_table.FILES
            files = {name: Checksum((staging / name).stat().st_size, sha256_file(staging / name)) for name in names}
            manifest = replace(self.manifest, files=files)
            if not len(self.word_table):  # built without one (a library, a streamed build): say so
                manifest = replace(manifest, config=replace(manifest.config, word_table=()))
            (staging / MANIFEST).write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
            self.manifest = manifest
            replace_directory(staging, directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return directory

    @classmethod
    def read_manifest(cls, directory: Path) -> Manifest:
        """The manifest of the index in ``directory``; an ``IndexFileError`` names what is wrong and the fix."""
        directory = Path(directory)
        path = directory / MANIFEST
        fix = f"run `sanad index --index-dir {directory}` to rebuild it"
        if not path.exists():
            raise IndexFileError(f"no index in {directory} (no {MANIFEST}); {fix}")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IndexFileError(f"{path} is unreadable or corrupted ({exc.__class__.__name__}); {fix}") from None
        if not isinstance(manifest, dict) or manifest.get("format") != _FORMAT_NAME:
            raise IndexFileError(f"{path} is not a Sanad index manifest; {fix}")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexFileError(f"{path}: index format {manifest.get('format_version')} is not {FORMAT_VERSION}; {fix}")
        try:
            return Manifest.from_json(manifest)
        except (KeyError, TypeError, ValueError, SanadError) as exc:
            raise IndexFileError(f"{path} lacks or garbles {exc}; {fix}") from None

    @classmethod
    def load(cls, directory: Path) -> "Store":
        """Load and verify an index directory; every problem names the file and the fix."""
        directory = Path(directory)
        fix = f"run `sanad index --index-dir {directory}` to rebuild it"
        manifest = cls.read_manifest(directory)
        count = manifest.counts.passages
        kind = dense.DenseKind(manifest.config.dense_kind)
        bm25_params = asdict(manifest.config.bm25)
        for name, expected in manifest.files.items():
            path = directory / name
            if name in word_table.FILES:
                continue  # checked by ``_load_word_table``
            if not path.exists():
                raise IndexFileError(f"{path} is missing; {fix}")
            if path.stat().st_size != expected.bytes or sha256_file(path) != expected.sha256:
                raise IndexFileError(f"{path} is corrupted or truncated (checksum mismatch); {fix}")
        current = PASSAGES
        try:
            with open(directory / PASSAGES, encoding="utf-8") as handle:
                passages = [Passage.from_json(json.loads(line)) for line in handle]
            if len(passages) != count:
                raise ValueError(f"{len(passages)} passages, manifest says {count}")
            current = "bm25_*"
            bm25_index = bm25.BM25.load(directory, bm25_params)
            current = "dense.faiss"
            dense_index = dense.DenseIndex.load(directory, len(passages), kind, "dense")
            current = "sentences.faiss"
            sentence_index = dense.DenseIndex.load(directory, len(passages), kind, "sentences")
            current = SENTENCE_SPANS
            spans = np.load(directory / SENTENCE_SPANS, allow_pickle=False)
            if spans.shape != (sentence_index.faiss_index.ntotal, 2):
                raise ValueError(f"shape {spans.shape} does not match {sentence_index.faiss_index.ntotal} sentence vectors")
            current = f"{lexicon.TERMS} or {lexicon.VECTORS}"
            term_lexicon = lexicon.Lexicon.load(directory)
        except Exception as exc:  # any failure to decode a checked file means it cannot be trusted
            raise IndexFileError(f"{directory / current} cannot be read ({exc}); {fix}") from None
        if len(bm25_index) != len(passages):
            raise IndexFileError(f"{directory}/bm25_doc_len.npy does not match the passages; {fix}")
        words = _load_word_table(directory, manifest)
        return cls(passages, bm25_index, dense_index, manifest, sentence_index, spans, term_lexicon, words)


def _load_word_table(directory: Path, manifest: Manifest) -> word_table.WordTable | None:
    """The index's word table, checked against the manifest; ``None`` (and a warning) when it has
    none or it is missing or damaged: the search then embeds those words with the query instead."""
    listed = [name for name in word_table.FILES if name in manifest.files]
    if not listed:
        return None
    try:
        if len(listed) != len(word_table.FILES):
            raise ValueError(f"the manifest lists {listed} only")
        checksums = {}
        for name in word_table.FILES:
            path, expected = directory / name, manifest.files[name]
            if not path.exists():
                raise ValueError(f"{name} is missing")
            checksums[name] = sha256_file(path)
            if path.stat().st_size != expected.bytes or checksums[name] != expected.sha256:
                raise ValueError(f"{name} is corrupted or truncated (checksum mismatch)")
        words = word_table.WordTable.load(directory)
        if words.dimension != manifest.dimension:
            raise ValueError(f"word vectors of dimension {words.dimension}, manifest says {manifest.dimension}")
    except (OSError, ValueError) as exc:
        log.warning("%s: the word table is left out (%s); searches embed its words instead, same rankings, slower", directory, exc)
        return None
    return words.linked_to(directory, checksums)


def describe_sources(paths: list[Path]) -> tuple[Source, ...]:
    from index.documents import doc_id_for

    return tuple(Source(str(Path(p).resolve()), doc_id_for(Path(p)), sha256_file(Path(p))) for p in paths)


def directory_size(directory: Path) -> int:
    return sum(f.stat().st_size for f in Path(directory).iterdir() if f.is_file())


__all__ = ["Store", "IndexConfig", "Manifest", "FORMAT_VERSION", "search_text", "describe_sources"]
