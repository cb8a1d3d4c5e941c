"""Cut one raw line into atoms: the smallest pieces the search may reorder.

An atom is a number, a Latin run, a bracket, a punctuation mark at a run start,
an Arabic word, or part of a word that the extraction glued to another one. The
boundary after each atom says what cutting there (a run break) and keeping the
file's order across it cost:

- a change of script (Arabic to digits or Latin) is always a run break, so reading
  across it in file order costs ``KEEP_SCRIPT``;
- a gap of two or more spaces is a likely break, but justification also widens
  gaps inside a run (``KEEP_GAP`` is small);
- a single space is an unlikely break (``CUT_SPACE``);
- inside a word that neither the document nor the outside word list knows, the cuts
  of its cheapest splits into words are candidate hidden breaks (``CUT_GLUE``);
- a bracket touching a letter may end a run: brackets are bidi neutrals.
Kashida fragments (a token that starts or ends with tatweel) must join the word
they were cut from; the flags ``joins_left`` / ``joins_right`` record that.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from index.arabic import ARTICLE, is_proclitic
from index.repair.typography import BRACKET_TOUCH
from index.repair.words import LETTER, TATWEEL, WordModel, impossible

_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_NUMBER = rf"[{_DIGIT}]+(?:[/,.\-][{_DIGIT}]+)*(?: [{_DIGIT}]{{3}}(?![{_DIGIT}]))*"
# A Latin run goes on over spaces to the next Latin word, and to a number only over a single space:
# bidi keeps 'Windows 10' in one left-to-right run, but a wide gap before a number is where justification
# put a run break ('Panthers   6'; simulation, seed 0: 10 lines had a number or Latin atom across two runs).
_LATIN = r"[A-Za-z#@][A-Za-z0-9_#@&'’.:,/\-]*(?:(?:[ ]|[ ]{2,}(?=[A-Za-z]))[A-Za-z0-9][A-Za-z0-9_#@&'’.:,/\-]*)*"
_RUN = re.compile(rf"(?P<num>{_NUMBER})|(?P<lat>{_LATIN})")
_AN_RANGE = re.compile("^([\u0660-\u0669]+)-([\u0660-\u0669]+)$")
_DIACRITIC = re.compile("[\u064b-\u065f\u0670]")

# Costs, natural-log units of the word model (a common word costs about 6-9).
CUT_SPACE = 3.0  # chosen on the tuning half (2-4 within one line of each other); measured: 228 of 975 single spaces between Arabic words are run breaks
CUT_GLUE = 2.0  # a hidden break inside an unknown token: the token is already evidence of a break
# ... more where it leaves one letter alone at the token's start or end: the report's gold lines cut such a
# gap 47 times in 4,180, against 96 in 5,258 gaps inside words (eval.glitch_rates: inner_cut_edge 0.009,
# inner_cut 0.0192; ln(0.0192 / 0.009) = 0.76). At CUT_GLUE, peeling the 'و' off the line's last token
# 'واستع' was cheaper than starting the run at its space (report line 168, ¶11).
CUT_GLUE_EDGE = CUT_GLUE + 0.76
CUT_BRACKET = 3.0  # a bracket touching a letter ends a run
CUT_PUNCT = 2.0  # a stop glued to a word starts the next run
KEEP_SCRIPT = 6.0  # reading across a change of script in file order: runs are never in file order there
KEEP_GAP = 3.5  # measured: 40 of 41 wide gaps between Arabic words are run breaks
CUT_GAP = 0.0
KEEP_COMMA = 3.0  # reading into a run that starts with '،' in file order
_MAX_GLUED = 16  # longer unknown tokens are URLs or names, not two glued words
# Cuts proposed inside an unknown token: those of every split into words that costs at most this much
# more than the cheapest split. Measured before the fragment cuts joined them (see _hidden_breaks):
# tuning half 70 of 114 at 0 and at 3; at 0 gold line 328 (wrong either way) also cuts a whole word
# ('استشيرت' read 'تشيرت … اس').
SPLIT_SLACK = 3.0
# ... and only when that split beats the token as one unknown word by this much, about one common word.
# Tuning half 70 of 114 at 0 and at 8 (90 with the right words in any order). With the cheapest
# splits' cuts alone, the simulation's articles 7-12 (unknown names cut and rotated): 71 of 223 exact
# at 0, 72 at 4, 73 at 8, 74 before.
SPLIT_GAIN = 8.0
# A word whose halves a glued token holds in swapped order (see _swapped_halves) must be seen this often
# in the document outside the line: a word of the document, not a web fragment or a one-off glitch.
SWAP_SEEN = 2


class Atom(NamedTuple):
    text: str
    kind: str  # "a" Arabic/other text, "d" number, "l" Latin, "b" bracket
    joins_left: bool = False  # a kashida fragment: its word started in another run
    joins_right: bool = False  # a kashida fragment: its word goes on in another run


class Boundary(NamedTuple):
    """What lies between two atoms in the file, and what each reading of it costs."""

    space: bool  # the file had whitespace here
    cut: float  # cost when a run break is placed here
    keep: float  # cost when the two atoms are read in file order


def atomize(text: str, words: WordModel, hidden: bool = True) -> tuple[list[Atom], list[Boundary]]:
    """Atoms of a line (marker already removed) and the boundaries between them.

    ``hidden`` cuts unknown tokens at the cuts of their cheapest splits into words too
    (:func:`_glued_parts`); without it, only where both halves are (parts of) words.
    """
    chunks = script_chunks(text)
    atoms: list[Atom] = []
    bounds: list[Boundary] = []
    gap = ""  # whitespace seen since the last atom
    prev_kind = None
    for chunk, kind in chunks:
        if kind != "o":
            if atoms:
                bounds.append(Boundary(bool(gap), 0.0, KEEP_SCRIPT))
            atoms.append(Atom(swap_range(chunk) if kind == "d" else chunk, kind))
            gap, prev_kind = "", kind
            continue
        for piece in re.split(r"(\s+)", chunk):
            if not piece:
                continue
            if piece.isspace():
                gap += piece
                continue
            for i, (atom, inner) in enumerate(_split_token(piece, words, hidden)):
                if atoms:
                    if i > 0:
                        bounds.append(inner)
                    elif prev_kind in ("d", "l"):
                        bounds.append(Boundary(bool(gap), 0.0, KEEP_SCRIPT))
                    elif atom.text[0] in "،؛":
                        bounds.append(Boundary(bool(gap), 0.0, KEEP_COMMA))
                    elif atom.joins_left or atoms[-1].joins_right:
                        bounds.append(Boundary(bool(gap), 0.0, KEEP_GAP))
                    elif len(gap) >= 2:
                        bounds.append(Boundary(True, CUT_GAP, KEEP_GAP))
                    elif gap:
                        bounds.append(Boundary(True, CUT_SPACE, 0.0))
                    else:
                        bounds.append(Boundary(False, CUT_GLUE, 0.0))
                atoms.append(atom)
                gap, prev_kind = "", "o"
    return atoms, bounds


def script_chunks(text: str) -> list[tuple[str, str]]:
    """Split into numbers ("d"), Latin runs ("l"), brackets around them ("b") and the rest ("o")."""
    chunks: list[tuple[str, str]] = []
    pos = 0
    for match in _RUN.finditer(text):
        if match.start() > pos:
            chunks.append((text[pos:match.start()], "o"))
        chunks.append((match.group(), "d" if match.group("num") else "l"))
        pos = match.end()
    if pos < len(text):
        chunks.append((text[pos:], "o"))
    return _detach_brackets(_enclose_runs(chunks))


def _enclose_runs(chunks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A number or Latin run with '(' glued before and ')' after keeps them: written in logical order."""
    out = list(chunks)
    for i in range(len(out) - 2, 0, -1):
        (before, kb), (run, kind), (after, ka) = out[i - 1], out[i], out[i + 1]
        if kind != "o" and kb == ka == "o" and before.endswith("(") and after.startswith(")"):
            out[i - 1 : i + 2] = [(before[:-1], "o"), ("(" + run + ")", kind), (after[1:], "o")]
    return [(c, k) for c, k in out if c]


def _detach_brackets(chunks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A bracket touching a number or Latin run is a run of its own (a bidi neutral)."""
    out: list[tuple[str, str]] = []
    for i, (chunk, kind) in enumerate(chunks):
        if kind != "o" or len(chunk) < 2:
            out.append((chunk, kind))
            continue
        head = tail = ""
        if i > 0 and chunk[0] in "()":
            head, chunk = chunk[0], chunk[1:]
        if i + 1 < len(chunks) and chunk[-1] in "()" and len(chunk) > 1:
            chunk, tail = chunk[:-1], chunk[-1]
        out.extend((c, "b") for c in (head,) if c)
        out.append((chunk, kind))
        out.extend((c, "b") for c in (tail,) if c)
    return out


def swap_range(number: str) -> str:
    """'٢٠١٦-٢٠٠٧' -> '٢٠٠٧-٢٠١٦': a hyphen between Arabic-Indic numbers is a bidi neutral."""
    return _AN_RANGE.sub(r"\2-\1", number)


def _split_token(token: str, words: WordModel, hidden: bool = True) -> list[tuple[Atom, Boundary | None]]:
    """A space-free token as atoms, each with the boundary before it (None for the first)."""
    # A mark written on the stretched letter ('ضــُ') still leaves the word open.
    bare = _DIACRITIC.sub("", token)
    joins_left = bare.startswith(TATWEEL)
    joins_right = bare.endswith(TATWEEL) and len(bare.strip(TATWEEL)) > 0
    text = token.replace(TATWEEL, "")
    if not text:
        return []
    parts: list[tuple[str, Boundary | None]] = []
    # A comma glued to the next word ('،وتضمنت') starts a run; a bracket touching a letter may end one.
    for k, piece in enumerate(p for p in re.split(rf"(?<=[،؛.:])(?=[\u0621-\u064a])|{BRACKET_TOUCH}", text) if p):
        if k == 0:
            boundary = None
        elif piece[0] in "()" or parts[-1][0][-1] in "()":
            boundary = Boundary(False, CUT_BRACKET, 0.0)
        else:
            boundary = Boundary(False, 0.0, KEEP_COMMA)
        stop = re.search(r"[.،؛:]+$", piece) if len(piece) > 1 and LETTER.match(piece[0]) else None
        word_part = piece[: stop.start()] if stop else piece
        pieces = _glued_parts(word_part, words) if hidden else _plausible_parts(word_part, words)
        for j, word in enumerate(pieces):
            edge = (j == 1 and _one_letter(pieces[0])) or (j == len(pieces) - 1 and _one_letter(word))
            parts.append((word, boundary if j == 0 else Boundary(False, CUT_GLUE_EDGE if edge else CUT_GLUE, 0.0)))
        if stop:
            # A stop glued to a word may start the next run ('مما. و' is 'مما' + '. و').
            parts.append((stop.group(), Boundary(False, CUT_PUNCT, 0.0)))
    atoms = []
    for i, (part, boundary) in enumerate(parts):
        atom = Atom(part, "a", joins_left=joins_left and i == 0, joins_right=joins_right and i == len(parts) - 1)
        atoms.append((atom, boundary))
    return atoms


def _one_letter(piece: str) -> bool:
    return len(_DIACRITIC.sub("", piece)) == 1 and LETTER.match(piece) is not None


def _glued_parts(piece: str, words: WordModel) -> list[str]:
    """Cut an unknown word where its cheapest splits into words cut it.

    A stretch of letters that no word list knows (or that a letter written only at a
    word's end shows to be two words, 'اًبلد') is split into words at least cost
    (``WordModel.segments``); every cut of a split within ``SPLIT_SLACK`` of the
    cheapest is a candidate hidden break, and so is every edge between letters and
    other signs ('ا-('). The search decides which cuts are real; keeping the file's
    order across a candidate costs nothing, so a word the models do not know
    survives intact unless a better reading needs its pieces elsewhere.
    """
    core = piece.strip("،؛.:!؟\"'«»")
    if len(core) < 3 or len(core) > _MAX_GLUED or not LETTER.match(core[0]):
        return [piece]
    offset = piece.index(core)
    cuts = []
    for stretch in _LETTERS.finditer(core):
        start, end = stretch.span()
        cuts += [c for c in (start, end) if 0 < c < len(core)]
        cuts += [start + c for c in _hidden_breaks(stretch.group(), words)]
    if not cuts:
        return [piece]
    bounds = [0] + sorted({offset + c for c in cuts}) + [len(piece)]
    return [piece[a:b] for a, b in zip(bounds, bounds[1:])]


def _plausible_parts(piece: str, words: WordModel) -> list[str]:
    """Cut an unknown word only where both sides could be (parts of) words (see :func:`_plausible`)."""
    core = piece.strip("،؛.:!؟\"'«»")
    if len(core) < 3 or len(core) > _MAX_GLUED or not LETTER.match(core[0]) or words.known(core) or words.spelt(core):
        return [piece]
    offset = piece.index(core)
    cuts = [
        i for i in range(1, len(core))
        if LETTER.match(core[i - 1]) and not _DIACRITIC.match(core[i]) and _plausible(core[:i], core[i:], words)
    ]
    bounds = [0] + [offset + c for c in cuts] + [len(piece)]
    return [piece[a:b] for a, b in zip(bounds, bounds[1:])]


_LETTERS = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3][\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670\u0671-\u06d3]*")


def _hidden_breaks(word: str, words: WordModel) -> list[int]:
    """Candidate hidden breaks inside a stretch of letters (see ``_glued_parts``)."""
    two_words = impossible(word)
    if len(word) < 3 or not two_words and (words.known(word) or words.spelt(word)):
        return []
    ahead, behind = words.segments(word)
    best = ahead[-1]
    cuts = []
    if two_words or best + SPLIT_GAIN <= words.piece(word):
        cuts = [i for i in range(1, len(word)) if not _DIACRITIC.match(word[i]) and ahead[i] + behind[i] <= best + SPLIT_SLACK]
    # And every place where both sides are words, or one side is a word and the other a letter or two: a
    # fragment of the neighbouring word ('فيد|و|تست', 'رشاد|ا|لعمل'), and a place where a run may start
    # (search.run_starts). With the cheapest splits' cuts alone the tuning half keeps 70 of 114 but 130
    # whole-report lines change (15 of the 65 read first for the worse, e.g. 'وتستفيد', 'وأشارت');
    # with both, 66 lines change.
    cuts += [i for i in range(1, len(word)) if not _DIACRITIC.match(word[i]) and _plausible(word[:i], word[i:], words)]
    return cuts + _swapped_halves(word, words)


def _swapped_halves(word: str, words: WordModel) -> list[int]:
    """Cuts around a document word whose two halves the token holds in swapped order.

    A word cut at a run break whose two runs come out reversed and touching reads as its tail
    then its head ('ل' + 'الأو' of 'الأول' in 'لالأووفي', report line 391; 'استخ|دام' in 'داماستخ'),
    the same glitch as a line's halves swapped at its ends ('عضاء … الأ'). Neither half is a word
    the cheapest split would cut out ('لالأو' prices as 'ل' + the web fragment 'الأو'), so the cuts are
    proposed here: the swapped word at the token's start or end, the rest of the token (if any) a
    surely-word, the word seen ``SWAP_SEEN`` times in the document, and its head more than clitics
    (a token 'X' + 'الY' would otherwise offer 'الX'). The search decides whether to use them.
    """
    n, cuts = len(word), []
    spans = {(0, j) for j in range(4, n + 1)} | {(i, n) for i in range(1, n - 3)}
    for i, j in spans:
        rest = word[:i] + word[j:]
        if rest and not (len(rest) >= 2 and words.solid(rest)):
            continue
        swapped = word[i:j]
        for k in range(1, len(swapped) - 1):
            tail, head = swapped[:k], swapped[k:]
            if is_proclitic(head) or (head.endswith(ARTICLE) and (head == ARTICLE or is_proclitic(head[:-len(ARTICLE)]))):
                continue
            if any(_DIACRITIC.match(word[c:c + 1]) for c in (i, i + k, j)):  # a mark never leaves its letter
                continue
            if words.count(head + tail) >= SWAP_SEEN:
                cuts += [c for c in (i, i + k, j) if 0 < c < n]
    return cuts


def _plausible(left: str, right: str, words: WordModel) -> bool:
    """Both halves are words, or one is a word and the other a short fragment of one."""
    left_ok, right_ok = words.known(left), words.known(right)
    return (left_ok and right_ok) or (left_ok and len(right) <= 2) or (right_ok and len(left) <= 2)
