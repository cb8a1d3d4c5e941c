"""Search text: one normalization and tokenizer for queries and passages alike.

Display text keeps the report's spelling; search text folds the variants a
user types differently (hamza forms, alef maqsura, taa marbuta, diacritics,
tatweel, Arabic-Indic digits) so that BM25 matches them.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from index.common import parse_enum

# Harakat, Quranic marks and superscript alef: they change pronunciation, not the word.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        "٫": ".",
        "٬": ",",
    }
)
# A token is a run of letters/digits; resolution numbers and decimals (72/195, 6,7) stay whole.
_TOKEN = re.compile(r"\d+(?:[/.,]\d+)+|[^\W_]+")

# Function words that carry no topic; stored already normalized.
_ARABIC_STOP_WORDS = """
في من الي علي عن مع او ام ثم بل لا لم لن ما ماذا لماذا كيف متي اين هل قد لقد كان كانت يكون تكون
هذا هذه ذلك تلك هؤلاء اولئك الذي التي الذين اللذان اللتان اللواتي اللاتي هو هي هم هن هما انت انتم نحن انا
ان انه انها اذا اذ حيث حتي كل بعض غير بين عند عندما لدي لدى منذ خلال ضمن نحو دون الا اي ايضا كما
و ف ب ل ك وفي ومن والي وعلي وعن ومع او فيها فيه منها منه اليها اليه عليها عليه عنها عنه بها به لها له
لهم بهم فيهم منهم عليهم تم يتم وقد كذلك التي وهو وهي وذلك ولا ولم وما بعد قبل فقط
""".split()
_ENGLISH_STOP_WORDS = """
a an the of in on at to for from by with and or but is are was were be been being do does did
what which who whom whose when where why how that this these those it its as about into than then
there their they them he she his her we our you your i not no can could should would will shall may
""".split()
STOP_WORDS = frozenset(_ARABIC_STOP_WORDS) | frozenset(_ENGLISH_STOP_WORDS)
# A French or Spanish document's function words, in place of the English ones (normalized: lower case).
_FRENCH_STOP_WORDS = """
le la les l un une des du de d au aux et ou mais donc ni car que qu qui quoi dont où ce cet cette ces
il elle ils elles on nous vous je tu se s leur leurs son sa ses mon ma mes ton ta tes notre nos votre vos
est sont été être a ont avait avaient sera seront fait en dans par pour sur sous avec sans entre vers chez
ne pas plus ainsi aussi comme si y lui eux même tous tout toute toutes autre autres quel quelle quels
""".split()
_SPANISH_STOP_WORDS = """
el la los las lo un una unos unas de del al a y e o u pero ni que quien quienes cual cuales cuyo donde
se su sus le les me te nos os mi mis tu tus nuestro nuestra nuestros nuestras es son fue fueron ser
ha han había habían está están estaba en por para con sin sobre entre hacia desde hasta ante como si
no más muy ya también este esta estos estas ese esa esos esas aquel otro otra otros otras todo toda todos todas
""".split()
# Latin-script words of a document are stemmed in its language (index.ingest.language); Arabic words
# always by the Arabic stemmer; a language without its own rules reads Latin words as English.
_LATIN_RULES = {
    "en": ("english", frozenset(_ENGLISH_STOP_WORDS)),
    "fr": ("french", frozenset(_FRENCH_STOP_WORDS)),
    "es": ("spanish", frozenset(_SPANISH_STOP_WORDS)),
}

_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


class Stemming(enum.Enum):
    """How tokens are reduced before BM25 sees them."""

    SNOWBALL = "snowball"
    NONE = "none"


def normalize(text: str) -> str:
    """Fold a text to search form.

    >>> normalize("الاتِّجار بالأشــخاص ١٥ في المائة")
    'الاتجار بالاشخاص 15 في المايه'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_FOLD).lower()


@functools.lru_cache(maxsize=8)
def _stemmer(language: str):
    try:
        import Stemmer  # PyStemmer
    except ImportError as exc:  # pragma: no cover - dependency of the package
        raise ImportError("Snowball stemming needs PyStemmer: pip install PyStemmer") from exc
    return Stemmer.Stemmer(language)


def latin_rules(language: str) -> str:
    """The name of the rules a document's Latin-script words get: ``english``, ``french`` or ``spanish``."""
    return _LATIN_RULES.get(language, _LATIN_RULES["en"])[0]


def tokenize(text: str, stemming: Stemming | str = Stemming.SNOWBALL, language: str = "ar") -> list[str]:
    """Search tokens of ``text``: normalized, stop words dropped, optionally stemmed.

    ``language`` (ISO 639-1) is the document's: it picks the stemmer and stop words of Latin-script words.

    >>> tokenize("The Victims of trafficking", stemming="none")
    ['victims', 'trafficking']
    >>> tokenize("la traite des personnes", language="fr")
    ['trait', 'person']
    """
    return [token for _, token in search_words(text, stemming, language)]


def tokenize_any(text: str, stemming: Stemming | str, languages) -> list[str]:
    """A query's tokens for a corpus of documents in ``languages``: its tokens under the first
    language's rules, then those that only another language's rules give (each once).

    An index of Arabic and English documents has one set of rules, so this is ``tokenize(text)``
    exactly, repeated tokens included.

    >>> tokenize_any("traite des personnes", "snowball", ["en", "fr"])
    ['trait', 'des', 'personn', 'person']
    """
    rules = list(dict.fromkeys(latin_rules(language) for language in languages)) or [latin_rules("ar")]
    by_rules = {latin_rules(language): language for language in languages}
    tokens = tokenize(text, stemming, by_rules.get(rules[0], "ar"))
    seen = set(tokens)
    for name in rules[1:]:
        for token in tokenize(text, stemming, by_rules[name]):
            if token not in seen:
                seen.add(token)
                tokens.append(token)
    return tokens


def search_words(text: str, stemming: Stemming | str = Stemming.SNOWBALL, language: str = "ar") -> list[tuple[str, str]]:
    """``(word, token)`` pairs: each normalized non-stop word of ``text`` and its search token.

    >>> search_words("The Victims")
    [('victims', 'victim')]
    """
    stemming = parse_enum(Stemming, stemming, "stemming")
    stop_words, tokens = _word_rules(language, stemming)
    out = []
    for word in _TOKEN.findall(normalize(text)):
        if word in stop_words:
            continue
        token = tokens.get(word)
        if token is None:
            if len(tokens) >= _MEMO_WORDS:
                tokens.clear()
            token = tokens.setdefault(word, _token(word, language, stemming))
        out.append((word, token))
    return out


_MEMO_WORDS = 500_000


@functools.lru_cache(maxsize=16)
def _word_rules(language: str, stemming: Stemming) -> tuple[frozenset[str], dict[str, str]]:
    """The stop words of ``language`` and a memo of word → token: a library's words repeat, and
    stemming them one call at a time was most of the tokenizing time of a large build. The memo
    holds at most ``_MEMO_WORDS`` words (tens of MB), then starts again."""
    return frozenset(_ARABIC_STOP_WORDS) | _LATIN_RULES.get(language, _LATIN_RULES["en"])[1], {}


def _token(word: str, language: str, stemming: Stemming) -> str:
    if stemming is Stemming.NONE or word.isdigit():
        return word
    if _ARABIC_LETTER.search(word):
        return _stemmer("arabic").stemWord(word)
    return _stemmer(latin_rules(language)).stemWord(word)


# The proclitics, the one place they are spelled: a conjunction (و، ف) and/or a preposition
# (ب، ك، ل) written onto the next word, as is the article.
CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
PROCLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)
ARTICLE = "ال"
# The prepositions written as words of their own. One governs the noun after it, so two never
# stand side by side (none in the 217 gold lines; 2 in XQuAD's 27,155 Arabic words).
PREPOSITION_WORDS = frozenset({"في", "من", "على", "عن", "إلى", "مع"})
_PROCLITIC = re.compile(f"[{CONJUNCTIONS}]?[{PREPOSITIONS}]?")
# What a word model strips to reach a known stem: one proclitic letter and the article (ل + ال is
# written لل), the article alone, or one proclitic letter.
_STEM_PREFIXES = (
    *("لل" if letter == "ل" else letter + ARTICLE for letter in CONJUNCTIONS + PREPOSITIONS),
    ARTICLE,
    *(CONJUNCTIONS + PREPOSITIONS),
)


def is_proclitic(prefix: str) -> bool:
    """True if ``prefix`` is Arabic proclitics only (و، ف، ب، ك، ل, or a conjunction then a preposition).

    >>> is_proclitic("و"), is_proclitic("وب"), is_proclitic("ال")
    (True, True, False)
    """
    return bool(prefix) and _PROCLITIC.fullmatch(prefix) is not None


def without_proclitics(word: str) -> set[str]:
    """The word and each reading of it without proclitics, keeping at least three letters;
    the article stays ("المالي" is not "مالي"), and ل + ال, written لل, gets its ال back.

    >>> sorted(without_proclitics("وللسودان"))
    ['السودان', 'لسودان', 'للسودان', 'وللسودان']
    """
    forms = {word}
    for cut in (1, 2):
        prefix, rest = word[:cut], word[cut:]
        if is_proclitic(prefix) and len(rest) >= 3:
            forms.add(rest)
            if prefix.endswith("ل") and rest.startswith("ل"):
                forms.add("ا" + rest)
    return forms


def stems(word: str, min_letters: int) -> list[str]:
    """What is left of ``word`` after one proclitic letter, the article, or both, keeping at least ``min_letters``.

    Unlike :func:`without_proclitics` the article goes too: a word model backs off
    from a word it does not know to one of these.

    >>> stems("والسودان", 3)
    ['سودان', 'السودان']
    """
    return [word[len(p):] for p in _STEM_PREFIXES if word.startswith(p) and len(word) - len(p) >= min_letters]


_LATIN_LETTER = re.compile("[A-Za-z]")
# The scripts a search token may be written in, by the letters that show it.
SCRIPTS = {"arabic": _ARABIC_LETTER, "latin": _LATIN_LETTER}
# A script with less than this share of a corpus's letters, and no document's language, appears there
# only in quoted fragments: 0.7% of the report's letters are Latin, 0.4% of XQuAD's Arabic contexts'.
FRAGMENT_SHARE = 0.1


# ``SCRIPTS``' letters as UTF-16 code ranges (both scripts lie in the Basic Multilingual Plane), for
# ``letter_shares``; tests check they are the same letters.
SCRIPT_CODES = {"arabic": ((0x621, 0x64A),), "latin": ((0x41, 0x5A), (0x61, 0x7A))}
_SHARE_CHUNK = 1 << 22  # characters counted at once (8 MiB of UTF-16)


def letter_shares(texts: Iterable[str]) -> dict[str, float]:
    """Each script's share of the letters of ``texts`` (all zero for texts without a letter).

    Counted on the texts' UTF-16 codes in chunks with numpy: a regex ``findall`` per text and script
    took 2.8 s of a 100k library's first question (its two language scopes read every passage), 19x longer.

    >>> letter_shares(["قرار", "UN"])
    {'arabic': 0.6666666666666666, 'latin': 0.3333333333333333}
    """
    import numpy as np

    counts = dict.fromkeys(SCRIPT_CODES, 0)

    def add(chunk: list[str]) -> None:
        codes = np.frombuffer("".join(chunk).encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
        for name, ranges in SCRIPT_CODES.items():
            counts[name] += sum(int(np.count_nonzero((codes >= lo) & (codes <= hi))) for lo, hi in ranges)

    chunk, size = [], 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= _SHARE_CHUNK:
            add(chunk)
            chunk, size = [], 0
    if chunk:
        add(chunk)
    total = sum(counts.values())
    return {name: count / total if total else 0.0 for name, count in counts.items()}


def foreign_to(languages, shares: Mapping[str, float] | None = None) -> Callable[[str], bool]:
    """Whether a search token is written in a script foreign to a corpus: none of its ``languages``
    is written in it and it has less than ``FRAGMENT_SHARE`` of the corpus's letters (``shares``,
    from ``letter_shares``; leave it out to go by the languages alone).

    Such a token occurs in the corpus only inside a quoted fragment (an English title in an
    Arabic report), so a query word matching it says little about which paragraph answers.

    >>> foreign = foreign_to(["ar"]); foreign("traffick"), foreign("اتجار"), foreign("2017")
    (True, False, False)
    >>> foreign_to(["ar", "en"])("traffick"), foreign_to(["ar"], {"arabic": 0.6, "latin": 0.4})("traffick")
    (False, False)
    """
    native = {"arabic" if language == "ar" else "latin" for language in languages} or {"arabic"}
    native |= {name for name, share in (shares or {}).items() if share >= FRAGMENT_SHARE}
    foreign = [letter for name, letter in SCRIPTS.items() if name not in native]
    return lambda token: any(letter.search(token) for letter in foreign)


def has_arabic(text: str) -> bool:
    """True if ``text`` contains an Arabic letter."""
    return bool(_ARABIC_LETTER.search(text))
