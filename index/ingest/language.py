"""A document's language (ISO 639-1), from its text, offline.

py3langid (the maintained fork of langid.py: a 4.5 MB model inside the wheel, no
download) restricted to the six official UN languages; lingua-language-detector
was the other candidate, as exact on document-length text but 96 MB installed.
Only Arabic, English, French and Spanish get their own stemming and stop words
(:mod:`index.arabic`); a document in Russian or Chinese is still indexed, with
the default (English) rules for Latin-script words.
"""

from __future__ import annotations

import functools
import re

UN_LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")
DEFAULT = "ar"
# Enough text to decide: the first few thousand letters of a document say its language.
_SAMPLE = 4000
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_DIGITS_AND_MARKS = re.compile(r"[\d\u0660-\u0669\u064b-\u0652\u0640]+")


@functools.lru_cache(maxsize=1)
def _identifier():
    try:
        from py3langid.langid import _load_identifier
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ImportError("language detection needs py3langid: pip install py3langid") from exc
    return _load_identifier(langs=list(UN_LANGUAGES))


def detect_language(text: str, default: str = DEFAULT) -> str:
    """The ISO 639-1 code of ``text``'s language among the UN's six, ``default`` when there is no text.

    >>> detect_language("Le Secrétaire général a l'honneur de transmettre le rapport sur la traite des personnes.")
    'fr'
    """
    sample = _DIGITS_AND_MARKS.sub(" ", text[:_SAMPLE])
    letters = len(re.findall(r"[^\W\d_]", sample))
    if not letters:
        return default
    if len(_ARABIC_LETTER.findall(sample)) * 2 > letters:
        return "ar"  # Arabic script is Arabic among the six; no need to load the model (about 2 s)
    language, _ = _identifier().classify(sample)
    return language
