"""Plain-text views of hits and answers for the terminal."""

from __future__ import annotations

from qa import wording
from qa.results import Answer, Hit, citation_label


def _snippet(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def hits_as_text(hits: list[Hit]) -> str:
    lines = []
    for hit in hits:
        p = hit.passage
        scores = ", ".join(f"{name} {value:.3f}" for name, value in hit.scores.items())
        lines.append(f"{hit.rank}. {citation_label(p.number)} [{p.id}]  score {hit.score:.3f} ({scores})")
        if p.section:
            lines.append("   " + " › ".join(p.section))
        lines.append("   " + _snippet(p.text))
        lines.append("")
    return "\n".join(lines).rstrip()


def answer_as_text(answer: Answer) -> str:
    lines = [answer.text, ""]
    if answer.citations:
        lines.append("Sources:")
        for citation in answer.citations:
            lines.append(f"  {citation.label()} [{citation.id}] chars {citation.start}-{citation.end}")
    elif answer.closest:  # input with nothing to look for has none
        lines.append(wording.WORDS[wording.Language.ENGLISH].closest)
        for hit in answer.closest:
            lines.append(f"  {citation_label(hit.passage.number)} [{hit.passage.id}]")
    return "\n".join(lines)
