"""Read a question in its conversation: a follow-up ("وماذا عن اليابان؟", "and when was that?")
is searched together with the last user question; any other question stands alone.

A question is a follow-up only when it leans on the previous one, by one of:

* an opener ("what about", "and", "وماذا عن", "وكم") with little topic of its own;
* a pronoun standing for something said before ("it", "that" alone, "منه", "ذلك")
  with little topic of its own;
* nothing but a name or a year ("Japan?", "2018?").

"Little topic" is at most ``MAX_OWN_WORDS`` content words once stop words and
question words are dropped. A question that names a topic of its own stands
alone even when it opens with "and" or "و" (Arabic joins sentences with "و"
as a matter of course): asked second, it gets the answer it gets when asked
first. The bundled follow-ups (``eval/data/report_questions.jsonl``, kind
``followup``) are all read as follow-ups and its unrelated second questions
as standalone (``tests/qa/test_followup.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index import arabic
from qa import constraints

# Openers that mark a question as leaning on the previous one (matched on the normalized text).
_OPENERS = re.compile(
    r"^(?:and|also|so|then|what about|how about|and what about|what of|same for"
    r"|و?ماذا عن|و?ما ذا عن|وما|وهل|وكم|ومتى|واين|وفي|وعن|ومن|ولماذا|وكيف|وماذا|و?كذلك|و?ايضا)\b"
)
# Pronouns that stand for something said before. English demonstratives count only when
# they stand alone ("when was that?"), not before a noun ("this report").
# Pronouns that stand for something said before. Not possessives ("its first meeting" names
# its owner in the same question), not the Arabic copulas ("ما هي"); English demonstratives
# count only when they stand alone ("when was that?"), not before a noun ("this report").
_PRONOUNS = frozenset(
    "it they them him"
    " منه منها منهم عنه عنها عنهم فيه فيها فيهم عليه عليها عليهم به بها بهم له لها لهم اليه اليها ذلك تلك".split()
)
_DEMONSTRATIVES = frozenset("this that these those هذا هذه هؤلاء".split())
# Words that ask rather than name a topic: not counted as the question's own.
_QUESTION_WORDS = frozenset(
    "many much have has had so far too also any else either yet still now ever there one ones"
    " كم الان ايضا اي كذلك حتي ماذا وماذا وكم ومتي واين وهل وما ومن وكيف ولماذا".split()
)
_WORD = re.compile(r"[^\W_]+")
MAX_OWN_WORDS = 4


@dataclass(frozen=True)
class Reading:
    """How ``ask`` reads a question: ``previous`` is the user question a follow-up leans on."""

    question: str
    previous: str | None = None

    @property
    def is_follow_up(self) -> bool:
        return self.previous is not None

    @property
    def query(self) -> str:
        """The text to retrieve with: the previous question and the follow-up, or the question alone."""
        return f"{self.previous.strip()} {self.question.strip()}" if self.previous else self.question


def _turn(turn) -> tuple[str, str]:
    if isinstance(turn, dict):
        return str(turn.get("role", "")), str(turn.get("content", ""))
    role, content = turn
    return str(role), str(content)


def last_user_question(history: Sequence) -> str | None:
    for turn in reversed(list(history)):
        role, content = _turn(turn)
        if role == "user" and content.strip():
            return content
    return None


def own_words(question: str) -> list[str]:
    """The words that name the question's own topic: no stop words, no question words.

    >>> own_words("How many countries have adopted it so far?")
    ['countries', 'adopted']
    """
    return [w for w in arabic.tokenize(question, arabic.Stemming.NONE) if w not in _QUESTION_WORDS]


def _leans_on_a_pronoun(words: list[str]) -> bool:
    for i, word in enumerate(words):
        if word in _PRONOUNS:
            return True
        if word in _DEMONSTRATIVES and (i + 1 == len(words) or words[i + 1] in arabic.STOP_WORDS):
            return True
    return False


def _only_names(words: list[str], named: list[constraints.Constraint]) -> bool:
    """True if every word belongs to a country or year the question names."""
    name_words = {w for c in named for form in c.forms for w in form}
    return all(w in name_words or any(v in name_words for v in arabic.without_proclitics(w)) for w in words)


def is_follow_up(question: str) -> bool:
    """True if ``question`` leans on an earlier one (read in a conversation that has one).

    >>> is_follow_up("What about Fiji?"), is_follow_up("وماذا عن اليابان؟"), is_follow_up("and when was that?")
    (True, True, True)
    >>> is_follow_up("How many countries had legislation criminalizing trafficking in persons?")
    False
    >>> is_follow_up("وما هي الأولويات المواضيعية لصندوق الأمم المتحدة الاستئماني؟")
    False
    """
    normalized = arabic.normalize(question).strip()
    own = own_words(question)
    if own and len(own) <= 2 and _only_names(own, constraints.constraints(question)):
        return True
    leans = bool(_OPENERS.match(normalized)) or _leans_on_a_pronoun(_WORD.findall(normalized))
    return leans and len(own) <= MAX_OWN_WORDS


def read(question: str, history: Sequence = ()) -> Reading:
    """The question and, if it is a follow-up, the last user question of ``history`` it leans on."""
    previous = last_user_question(history)
    if previous is None or not is_follow_up(question):
        return Reading(question)
    return Reading(question, previous)


def resolve(question: str, history: Sequence = ()) -> str:
    """The text to retrieve with: the question, joined to the last user question when it is a follow-up.

    >>> resolve("وماذا عن اليابان؟", [{"role": "user", "content": "متى صدقت فيجي على البروتوكول؟"}])
    'متى صدقت فيجي على البروتوكول؟ وماذا عن اليابان؟'
    >>> resolve("When did Fiji ratify the protocol?", [{"role": "user", "content": "Hello"}])
    'When did Fiji ratify the protocol?'
    """
    return read(question, history).query
