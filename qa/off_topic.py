"""Is a question about the library at all? Its closest sentence against generic text in the library's language.

Every question has a closest sentence, and an off-topic one asked across languages comes as close
as an answerable one: "How do I bake bread?" reaches 0.79 against report_dev's answerable English
questions' 0.76-0.83, so no threshold on the cosine alone can turn it away. What tells them apart
is how close the same question comes to text that is about nothing in particular: a few dozen
short sentences naming everyday topics (cooking, weather, sport, phones, planets, ...), written in
the document's language (``BACKGROUND``). An answerable question comes closer to the report's best
sentence than to any of them; an off-topic one does not. Both cosines cross the same pair of
languages, so the cross-lingual offset that sinks a plain threshold cancels: the background
cosine is a per-question baseline, as a universal background model normalizes a score in
speaker verification.

Measured (``eval/results/answers.md``): best sentence read − best background sentence is -0.08 to
-0.001 for 52 off-topic questions (``eval/data/off_topic_probe.jsonl``: 12 written before the
background sentences, 40 after), +0.011 and above for every answerable question of report_dev and
the probe; XQuAD's answerable questions, over Wikipedia articles on the very topics of the
background, go down to -0.029, hence ``AnswerConfig.off_topic_margin`` = -0.03.

The sentences name topics, not the report's: they are the same for any library in that language.
A document language without a background set (any but Arabic for now) is never judged off-topic.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

# Short Arabic sentences, each naming an everyday topic a document assistant may be asked about
# by mistake; none is about any report's subject in particular.
BACKGROUND: dict[str, tuple[str, ...]] = {
    "ar": (
        "طريقة تحضير الخبز والكعك في المنزل باستخدام الدقيق والخميرة.",
        "وصفات الطبخ والأطباق الشهية والمطبخ العربي.",
        "حالة الطقس اليوم ودرجات الحرارة وهطول الأمطار.",
        "مباراة كرة القدم والدوري والبطولة والفريق الفائز.",
        "نتائج الألعاب الأولمبية والرياضيين والميداليات.",
        "تثبيت البرامج على الحاسوب ونظام التشغيل ولغات البرمجة.",
        "الهواتف الذكية والتطبيقات والإنترنت والشبكات الاجتماعية.",
        "عواصم الدول والجغرافيا والجبال والأنهار والمحيطات.",
        "عدد سكان المدن والمساحة والمناخ والتضاريس.",
        "الكواكب والنجوم والمجرات وعلم الفلك والفضاء.",
        "قوانين الفيزياء والضوء والطاقة والجاذبية.",
        "التفاعلات الكيميائية والعناصر والذرات والجزيئات.",
        "الخلايا والجينات وعلم الأحياء وتطور الكائنات الحية.",
        "الأمراض والأدوية واللقاحات والأطباء والمستشفيات.",
        "التغذية الصحية والرياضة وإنقاص الوزن والنوم.",
        "تاريخ الإمبراطوريات القديمة والحروب والملوك.",
        "الفن والرسم والموسيقى والرسامين المشهورين.",
        "الأفلام والممثلين والمسلسلات التلفزيونية والمشاهير.",
        "الروايات والشعر والأدب والكتّاب.",
        "السفر والسياحة والفنادق وتذاكر الطيران.",
        "شراء السيارات وصيانتها وأسعار الوقود.",
        "أسعار الأسهم والبورصة والعملات الرقمية والاستثمار.",
        "الرياضيات والمعادلات والهندسة والأعداد.",
        "تعلم اللغات والقواعد والمفردات والترجمة.",
        "الحيوانات الأليفة والقطط والكلاب والطيور.",
        "الزراعة والنباتات والحدائق والأشجار.",
        "الملابس والأزياء والموضة والتسوق.",
        "الألعاب الإلكترونية وأجهزة الألعاب.",
        "الدين والعبادات والأعياد والمناسبات الاجتماعية.",
        "الزواج والأسرة وتربية الأطفال والمدرسة.",
        "البحث عن عمل وكتابة السيرة الذاتية والمقابلات.",
        "العقارات والإيجار وشراء المنازل والأثاث.",
        "المناخ والاحتباس الحراري والبيئة والطاقة المتجددة.",
        "الديناصورات والحفريات وعصور ما قبل التاريخ.",
        "البراكين والزلازل والظواهر الطبيعية.",
        "الطائرات والقطارات ووسائل النقل.",
        "الذكاء الاصطناعي والروبوتات والتكنولوجيا الحديثة.",
        "الانتخابات والأحزاب السياسية والرؤساء.",
        "الاقتصاد والتضخم والبطالة والأسعار.",
        "المطاعم والقهوة والشاي والحلويات.",
    ),
}

_EMBEDDED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # encoder -> {language: vectors}
_LOCK = threading.Lock()


def vectors(encoder, language: str) -> np.ndarray | None:
    """``BACKGROUND[language]`` embedded as passages by ``encoder`` (as the index embeds sentences), once
    per encoder; ``None`` for a language without a background set."""
    texts = BACKGROUND.get(language)
    if not texts:
        return None
    with _LOCK:
        try:
            memo = _EMBEDDED.setdefault(encoder, {})
        except TypeError:  # an encoder that cannot be weakly referenced is embedded every time
            memo = {}
        if language not in memo:
            embedded, _ = encoder.encode_passages(list(texts))
            memo[language] = np.asarray(embedded, dtype=np.float32)
        return memo[language]


def cosine(encoder, query_vector: np.ndarray, hits) -> float | None:
    """The query's best cosine to the background sentences of its best hit's document language
    (``None`` without hits or without a background set for that language)."""
    if not hits:
        return None
    background = vectors(encoder, hits[0].passage.doc.language)
    if background is None:
        return None
    return float((background @ np.asarray(query_vector, dtype=np.float32)).max())
