"""Question centring: a cross-language question's vector minus the mean vector of generic questions in its language.

An English question over Arabic paragraphs comes close, by the encoder, to the paragraphs that lie
near *any* English question (hubs: report_dev's paragraph 55 ranked first for four English questions
it does not answer). Subtracting the mean vector of a few dozen questions about nothing in the
library (``GENERIC``) takes that shared direction off: the score becomes ``q·p - g·p``, so a
paragraph that every question reaches loses what it owes to being generic. This is query centring
against hubness (Radovanović et al., JMLR 2010; Zelnik-Manor & Perona's local scaling), with the
centre estimated from text written for it, not from the questions measured.

Measured (hybrid MRR@10, ``FusionConfig.centring_weight``): report_dev English 0.753 → 0.764 and
XQuAD en→ar 0.886 → 0.893 at weight 0.5; weight 1 (plain centring) gains more on report_dev
(0.793) but loses on XQuAD (0.875). Questions in the documents' language are not centred.
"""

from __future__ import annotations

import threading

import numpy as np

# Everyday questions a user might type, none about any report's subject; only the language matters.
GENERIC: dict[str, tuple[str, ...]] = {
    "en": (
        "How long should I boil an egg?",
        "What is the weather going to be like tomorrow?",
        "Who scored the winning goal in the final?",
        "How do I reset my phone to factory settings?",
        "Which planet is the largest in the solar system?",
        "What is the best way to learn to play the guitar?",
        "How many calories are in a banana?",
        "Where can I buy cheap flights to Paris?",
        "What time does the supermarket close on Sunday?",
        "How do I change a flat tyre on my car?",
        "Who painted the Mona Lisa?",
        "What is the tallest mountain in the world?",
        "How do I make my houseplants grow faster?",
        "Which programming language should I learn first?",
        "What are the symptoms of the common cold?",
        "How much does a new laptop cost?",
        "When was the first moon landing?",
        "How do cats communicate with each other?",
        "What is a good recipe for chocolate cake?",
        "Which films won the most Oscars?",
        "How does a rainbow form?",
        "What is the capital city of Australia?",
        "How can I sleep better at night?",
        "Who wrote the novel Pride and Prejudice?",
        "How do I fix a slow internet connection?",
        "What is the difference between a virus and a bacterium?",
        "Which team won the basketball championship last year?",
        "How many legs does a spider have?",
        "What should I pack for a beach holiday?",
        "How is cheese made?",
        "What is the speed of light?",
        "How do I train my dog to sit?",
        "Why is the sky blue?",
        "What are the rules of chess?",
        "How do I save money on my electricity bill?",
        "Which bird can fly the fastest?",
        "What is the population of Tokyo?",
        "How do volcanoes erupt?",
        "What music is popular this summer?",
        "How do I grow tomatoes in a garden?",
    ),
}


class Centres:
    """The mean vector of ``GENERIC`` questions per language, embedded once per encoder (lazily: only a
    cross-language question needs it)."""

    def __init__(self, encoder):
        self.encoder = encoder
        self._lock = threading.Lock()
        self._by_language: dict[str, np.ndarray] = {}

    def centre(self, language: str) -> np.ndarray | None:
        """The centre of ``language``'s generic questions, or ``None`` for a language without them."""
        questions = GENERIC.get(language)
        if not questions:
            return None
        with self._lock:
            found = self._by_language.get(language)
            if found is None:
                found = np.asarray(self.encoder.encode_queries(list(questions)), dtype=np.float32).mean(axis=0)
                self._by_language[language] = found
        return found


def centred(query_vector: np.ndarray, centre: np.ndarray, weight: float) -> np.ndarray:
    """``query_vector - weight * centre`` (float32; not renormalized: ranking by ``q·p - w g·p`` is the point)."""
    return (np.asarray(query_vector, dtype=np.float32) - np.float32(weight) * centre).astype(np.float32)
