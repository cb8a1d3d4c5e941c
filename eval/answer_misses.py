"""Where answers miss: each answerable question whose answer lacks its gold span, put in one class.

``python -m eval.answer_misses report_dev`` asks every question of a report set as
``sanad eval`` does (``Assistant.ask`` with its history), prints the counts per class
and language, and with ``--list`` each miss. The classes, in the order they are tested:

* ``text``: the gold span is in none of the gold paragraphs as parsed (a PDF glitch;
  no answer can quote it);
* ``retrieval``: none of the paragraphs the composer reads has it;
* ``abstained``: one of them has it, but the composer abstained;
* ``lost``: the quoted sentences have it, the answer's text does not;
* ``sentence``: a stored sentence of a paragraph read has it, another one was quoted;
* ``other``: the span runs across two sentences.
"""

from __future__ import annotations

import argparse
import enum
from collections import Counter
from collections.abc import Sequence

from eval import metrics


class Miss(enum.Enum):
    TEXT = "text"
    RETRIEVAL = "retrieval"
    ABSTAINED = "abstained"
    LOST = "lost"
    SENTENCE = "sentence"
    OTHER = "other"


def classify(question, answer, store, read: int) -> Miss | None:
    """``None`` for a hit or a question without a gold span; else why ``answer`` misses.

    ``read`` is how many of the answer's hits the composer reads (``AnswerConfig.hits_considered``).
    """
    if not (question.answerable and metrics.answer_tokens(question.answer)):
        return None
    if not answer.abstained and metrics.answer_contains(answer.text, question.answer):
        return None

    def has(text: str) -> bool:
        return metrics.answer_contains(text, question.answer)

    if not any(p.number in question.gold and p.doc.id == question.doc and has(p.text) for p in store.passages):
        return Miss.TEXT
    holding = [h.passage for h in answer.hits[:read] if has(h.passage.text)]
    if not holding:
        return Miss.RETRIEVAL
    if answer.abstained:
        return Miss.ABSTAINED
    if has(" ".join(c.quote for c in answer.citations)):
        return Miss.LOST
    for passage in holding:
        spans = store.sentence_spans[store.sentences.owner == store.by_id[passage.id]]
        if any(has(passage.text[a:b]) for a, b in spans):
            return Miss.SENTENCE
    return Miss.OTHER


def main(argv: Sequence[str] | None = None) -> int:
    from eval.datasets import DATASET_HELP, resolve
    from qa import Assistant

    parser = argparse.ArgumentParser(prog="python -m eval.answer_misses", description=__doc__.split("\n")[0])
    parser.add_argument("dataset", help=DATASET_HELP)
    parser.add_argument("--list", action="store_true", help="print every miss: question, gold span, answer")
    args = parser.parse_args(argv)
    dataset = resolve(args.dataset)
    assistant = Assistant.load()
    read = assistant.answer_config.hits_considered
    counts: Counter = Counter()
    for question in dataset.questions:
        answer = assistant.ask(question.question, history=question.turns())
        miss = classify(question, answer, assistant.store, read)
        if question.answerable and metrics.answer_tokens(question.answer):
            counts[("hit" if miss is None else miss.value, question.lang)] += 1
        if miss is not None and args.list:
            print(f"[{miss.value}] {question.id} ({question.lang}) {question.question}\n  gold: {question.answer}\n  answer: {answer.text}\n")
    for name in ["hit"] + [m.value for m in Miss]:
        by_lang = {lang: n for (kind, lang), n in counts.items() if kind == name}
        print(f"{name:10} {sum(by_lang.values()):4d}  " + "  ".join(f"{lang} {n}" for lang, n in sorted(by_lang.items(), key=str)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
