"""Every word the chat's interface says, in Arabic and in English, and how its language is chosen.

The answers' words come from ``qa`` (quotes of the report; ``qa.wording`` for
an abstention); these are the interface's own: labels, placeholders, notes and
errors. Both languages have the same keys and the same ``{placeholders}``
(``tests/ui/test_strings.py``).
"""

from __future__ import annotations

from qa.wording import Language, number, pick_language

AR, EN = Language.ARABIC, Language.ENGLISH

STRINGS: dict[Language, dict[str, str]] = {
    EN: {
        "app": "Sanad",
        "separator": " · ",
        "tagline": "Answers quoted from the report, each with the paragraph it stands on.",
        "kind.report-of-the-secretary-general": "Report of the Secretary-General",
        "session": "General Assembly, {ordinal} session ({year})",
        "agenda_item": "item {item}",
        "symbol": "Symbol {symbol}",
        "date": "dated {date}",
        "paragraphs": "{count} numbered paragraphs",
        "model": "model {model}",
        "api_docs": "API documentation",
        "language": "Language",
        "chat": "Chat",
        "chat_placeholder": "Ask about the report, in Arabic or English. Each answer quotes the report and cites its paragraphs.",
        "question_placeholder": "Type your question…",
        "ask": "Ask",
        "examples": "Examples from the report: one click asks",
        "settings": "Retrieval settings",
        "mode": "How paragraphs are found",
        "mode.hybrid": "hybrid: words and meaning together (recommended)",
        "mode.bm25": "bm25: the question's own words, as in the text (Arabic questions)",
        "mode.dense": "dense: meaning, across languages (English questions too)",
        "mode.rrf": "rrf: a simple fusion of the two rankings, for comparison",
        "k": "Paragraphs to consider (k)",
        "sources": "Sources",
        "closest": "Closest paragraphs",
        "sources_empty": "Ask a question to see the paragraphs an answer stands on.",
        "answer_sources": "The paragraphs of this answer ({count})",
        "details": "Details",
        "uncertain": "Part of this paragraph was hard to read back from the PDF; a few words may be out of order.",
        "rank": "rank {rank}",
        "score": "score {score}",
        "cited": "cited",
        "copy": "Copy",
        "copied": "Copied",
        "back": "Back to the answer",
        "counter": "{count} / {limit}",
        "too_long": "Your question has {count} characters; the limit is {limit}. Shorten it to send it: the text stays in the box.",
        "vote_up": "Thanks, your vote is saved. Anything to add? (optional)",
        "vote_down": "Thanks, your vote is saved. What was wrong? (optional)",
        "vote_withdrawn": "Your vote was withdrawn.",
        "comment_placeholder": "Your comment",
        "send_comment": "Send comment",
        "comment_saved": "Thanks, your comment is saved.",
        "error": "Something went wrong: {message}",
        "refused": "Your question was not asked: {message}.",
        "documents": "Ask within (none chosen: every document)",
        "upload": "Add a report: drop a PDF, Word (.docx), .txt or .md file here",
        "upload_adding": "Adding {name}…",
        "upload_added": "Added «{title}» ({count} passages): choose it above to ask within it.",
        "upload_type": "{name} was not added: only PDF, Word (.docx), .txt and .md files can be added.",
        "upload_size": "{name} was not added: it has {size} MB; the limit is {limit} MB.",
        "upload_failed": "{name} was not added: {message}",
    },
    AR: {
        "app": "سند",
        "separator": " | ",  # not "·": beside Arabic-Indic digits it reads as a zero (٠)
        "tagline": "إجابات مقتبسة من التقرير، مع الفقرة التي تستند إليها كل إجابة.",
        "kind.report-of-the-secretary-general": "تقرير الأمين العام",
        "session": "الجمعية العامة، الدورة {ordinal} ({year})",
        "agenda_item": "البند {item}",
        "symbol": "الرمز {symbol}",
        "date": "بتاريخ {date}",
        "paragraphs": "{count} فقرة مرقّمة",
        "model": "النموذج {model}",
        "api_docs": "توثيق الواجهة البرمجية",
        "language": "اللغة",
        "chat": "المحادثة",
        "chat_placeholder": "اسأل عن التقرير بالعربية أو بالإنجليزية. تقتبس كل إجابة من التقرير وتذكر فقراتها.",
        "question_placeholder": "اكتب سؤالك هنا…",
        "ask": "اسأل",
        "examples": "أمثلة من التقرير: نقرة واحدة تطرح السؤال",
        "settings": "إعدادات البحث",
        "mode": "طريقة إيجاد الفقرات",
        "mode.hybrid": "hybrid: الكلمات والمعنى معاً (موصى بها)",
        "mode.bm25": "bm25: كلمات السؤال نفسها كما في النص (للأسئلة العربية)",
        "mode.dense": "dense: المعنى، عبر اللغات (للأسئلة الإنجليزية أيضاً)",
        "mode.rrf": "rrf: دمج بسيط للترتيبين، للمقارنة",
        "k": "عدد الفقرات المدروسة (k)",
        "sources": "المصادر",
        "closest": "أقرب الفقرات",
        "sources_empty": "اطرح سؤالاً لترى الفقرات التي تستند إليها الإجابة.",
        "answer_sources": "فقرات هذه الإجابة ({count})",
        "details": "تفاصيل",
        "uncertain": "تعذّرت قراءة جزء من هذه الفقرة من ملف PDF بدقة؛ قد يختل ترتيب بعض الكلمات.",
        "rank": "الترتيب {rank}",
        "score": "الدرجة {score}",
        "cited": "مستشهد بها",
        "copy": "نسخ",
        "copied": "تم النسخ",
        "back": "العودة إلى الإجابة",
        "counter": "{count} / {limit}",
        "too_long": "عدد أحرف سؤالك {count} والحد الأقصى {limit}. اختصره لإرساله: يبقى النص في المربع.",
        "vote_up": "شكراً، حُفظ تقييمك. هل من إضافة؟ (اختياري)",
        "vote_down": "شكراً، حُفظ تقييمك. ما الخطأ؟ (اختياري)",
        "vote_withdrawn": "سُحب تقييمك.",
        "comment_placeholder": "تعليقك",
        "send_comment": "أرسل التعليق",
        "comment_saved": "شكراً، حُفظ تعليقك.",
        "error": "حدث خطأ: {message}",
        "refused": "لم يُطرح سؤالك: {message}.",
        "documents": "اسأل في (بلا اختيار: كل المستندات)",
        "upload": "أضف تقريراً: أفلت هنا ملف PDF أو Word (.docx) أو .txt أو .md",
        "upload_adding": "جارٍ إضافة {name}…",
        "upload_added": "أضيف «{title}» ({count} فقرة): اختره أعلاه لتسأل فيه.",
        "upload_type": "لم يُضف {name}: لا يمكن إضافة إلا ملفات PDF وWord (.docx) و.txt و.md.",
        "upload_size": "لم يُضف {name}: حجمه {size} ميغابايت والحد الأقصى {limit} ميغابايت.",
        "upload_failed": "لم يُضف {name}: {message}",
    },
}


# Gradio's own labels, in the interface's language (``static/sanad.js`` applies these).
# Gradio translates some itself (Like, Dislike, Clear), in its locale: the page script sets that
# locale to the interface's language, but a button already shown keeps the words it was drawn
# with, so those words are mapped from the other language here too (Gradio's own Arabic). Others
# it writes in English whatever its locale (Gradio 6.31's chatbot and slider). Each entry: the
# words as Gradio wrote them, "{}" for the part it fills in (tags dropped), and ours.
_GRADIO_TRANSLATED = {"Like": "إعجاب", "Dislike": "عدم الإعجاب", "Clear": "مسح المحادثة"}
GRADIO_LABELS: dict[Language, dict[str, str]] = {
    EN: {
        **{arabic: english for english, arabic in _GRADIO_TRANSLATED.items()},
        # A message's label: its words, not its HTML ("bot's message: <div class=…").
        "user's message: {}": "Your question: {}",
        "bot's message: {}": "Sanad's answer: {}",
    },
    AR: {
        **_GRADIO_TRANSLATED,
        "user's message: {}": "سؤالك: {}",
        "bot's message: {}": "إجابة سند: {}",
        "chatbot conversation": "المحادثة",
        "Liked": "أعجبتني",
        "Disliked": "لم تعجبني",
        "Feedback": "رأيك",
        "Scroll down": "انتقل إلى الأسفل",
        "Reset to default value": "أعد القيمة الافتراضية",
        "number input for {}": "إدخال رقم: {}",
        "range slider for {}": "شريط تمرير: {}",
    },
}


def ordinal(value: int, language: Language) -> str:
    """``74th`` in English; in Arabic the number itself (``٧٤``), as UN Arabic writes session numbers in figures."""
    if language is AR:
        return number(value, language)
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def text(language: Language, key: str, **values) -> str:
    """The interface's string ``key`` in ``language``, with ``values`` filled in."""
    return STRINGS[language][key].format(**values) if values else STRINGS[language][key]


def direction(language: Language) -> str:
    """How ``language`` is laid out: ``"rtl"`` or ``"ltr"``."""
    return "rtl" if language is AR else "ltr"


__all__ = ["AR", "EN", "GRADIO_LABELS", "STRINGS", "Language", "direction", "number", "ordinal", "pick_language", "text"]
