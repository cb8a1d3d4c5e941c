"""The short answer: answer types, marked phrases, English renderings, content words, wording."""

import pytest

from qa import english, wording
from qa.content import content_words
from qa.results import Citation
from qa.short import AnswerType, answer_type, find


def phrase(question, sentence):
    span = find(question, sentence)
    return None if span is None else sentence[span.start : span.end]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When did Japan ratify the protocol?", AnswerType.DATE),
        ("متى صدقت اليابان على البروتوكول؟", AnswerType.DATE),
        ("How many countries does the report cover?", AnswerType.NUMBER),
        ("ما نسبة الضحايا من النساء؟", AnswerType.SHARE),
        ("What share of victims are children?", AnswerType.SHARE),
        ("Which countries ratified the protocol?", AnswerType.COUNTRIES),
        ("ما الدول التي صدقت على البروتوكول؟", AnswerType.COUNTRIES),
        ("What does the Secretary-General recommend?", AnswerType.OTHER),
        ("What are the pillars of UN Women's approach?", AnswerType.LIST),
        ("ما المجالات الثلاثة التي تعمل فيها المفوضية؟", AnswerType.LIST),
        ("هل يتزايد عدد الضحايا؟", AnswerType.OTHER),
        ("من هي المديرة التنفيذية لهيئة الأمم المتحدة للمرأة؟", AnswerType.PERSON),
        ("Who is the Executive Director of UNODC?", AnswerType.PERSON),
        ("What is the name of the Special Rapporteur on trafficking?", AnswerType.PERSON),
        # A chair may be a body or a State, goodwill ambassadors are named without an honorific.
        ("Who chairs the Trust Fund's Board of Trustees?", AnswerType.OTHER),
        ("من هم سفراء النوايا الحسنة؟", AnswerType.OTHER),
        ("Who publishes the Global Report?", AnswerType.OTHER),
        ("ما الدعم المقدم من وزير الداخلية؟", AnswerType.OTHER),  # "from a minister"
        ("ما اسم المقررة الخاصة المعنية بالاتجار بالأشخاص؟", AnswerType.PERSON),
        ("Which city hosted the first meeting?", AnswerType.PLACE),
        ("Which Spanish city hosted the launch?", AnswerType.PLACE),
        ("What is the budget of ICAT for 2019?", AnswerType.NUMBER),
        ("ما ميزانية فريق التنسيق؟", AnswerType.NUMBER),
        ("What are the main sources of funding for the Trust Fund?", AnswerType.LIST),
        ("ما القيمة المضافة لفريق التنسيق؟", AnswerType.OTHER),
        ("في أي مدينة عُقد الاجتماع؟", AnswerType.PLACE),
        ("Where was the Global Compact for Safe, Orderly and Regular Migration adopted?", AnswerType.PLACE),
        ("أين عُقد الاجتماع الأول؟", AnswerType.PLACE),
        ("Where are most victims detected?", AnswerType.OTHER),
        # A verb between "what" and "States" makes them the subject, not what is asked for.
        ("What should States do with their data, according to the recommendations?", AnswerType.OTHER),
        ("مع أي منظمة شرطية تعاونت إدارة الشؤون السياسية وبناء السلام؟", AnswerType.ORGANIZATION),
        ("Which body was tasked with reporting every two years?", AnswerType.ORGANIZATION),
        ("What hashtag did UNODC use for the World Day campaign?", AnswerType.NAME),
        # A date asked by "which day"; a share asked with a verb between "كم" and "نسبة".
        ("On which day is the World Day against Trafficking in Persons observed?", AnswerType.DATE),
        ("إلى كم انخفضت نسبة البلدان التي لم تسجل أي إدانة؟", AnswerType.SHARE),
        ("How far did the share of countries without a conviction fall?", AnswerType.SHARE),
        ("كم عدد البلدان التي لم تسجل أي إدانة؟", AnswerType.NUMBER),
    ],
)
def test_answer_types(question, kind):
    assert answer_type(question) is kind


def test_an_enumeration_has_three_items():
    from qa.short import enumerates

    assert enumerates("ترتكز على المنع، وحماية الضحايا، وملاحقة الجناة")
    assert not enumerates("ترتكز على المنع، وحماية الضحايا")


def test_phrases_are_whole_words_and_skip_what_the_question_names():
    sentence = "وفي عام ٢٠١٨، قدمت المنظمة مساعدة مباشرة إلى ٧ ٤٠٠ من ضحايا الاتِّجار."
    assert phrase("How many victims did IOM assist in 2018?", sentence) == "٧ ٤٠٠ من ضحايا"
    assert phrase("متى قدمت المنظمة المساعدة؟", sentence) == "٢٠١٨"  # the year; "عام" is the question's word
    assert phrase("ما نسبة الضحايا؟", "وبلغت نسبة الإناث ٥٩ في المائة من ١٤٢ بلداً.") == "٥٩ في المائة"
    assert phrase("كم عدد البلدان؟", "وبلغت نسبة الإناث ٥٩ في المائة من ١٤٢ بلداً.") == "١٤٢ بلداً"
    assert phrase("What share were women?", "وشكلت النساء ما يقرب من نصف الضحايا.") == "نصف الضحايا"
    assert phrase("كم مرة يجتمع الفريق؟", "ويجتمع الفريق العامل مرتين كل عام.") == "مرتين"  # "كل" counts nothing
    # A conjunction written on a number is not part of it: the year is "٢٠١٩", its English "2019".
    assert phrase("In which year did it become a member?", "أصبحت المنظمة عضواً في عام ٢٠١٨، و٢٠١٩.") in ("٢٠١٨", "٢٠١٩")
    assert phrase("متى عقد الاجتماع؟", "عقد الاجتماع في نيويورك و٢٨ أيلول/سبتمبر ٢٠١٧.") == "٢٨ أيلول/سبتمبر ٢٠١٧"
    # A Security Council symbol is known by its year in brackets, named as a resolution or not.
    council = "وقد طلب مجلس الأمن، في ٢٣٨٨ (٢٠١٧ مع الدول الأعضاء، أن يقدم تقريراً إلى اللجنة المنشأة بالقرارات ١٢٦٧ (١٩٩٩)."
    assert phrase("Which Security Council resolution asked for it in 2017?", council) == "٢٣٨٨ (٢٠١٧"
    countries = "صدقت ثلاث دول، هي: فيجي (١٩ أيلول/سبتمبر ٢٠١٧)، وملديف (١٤ أيلول/سبتمبر ٢٠١٦)، واليابان (١١ تموز/يوليه ٢٠١٧)."
    assert phrase("Which countries ratified?", countries) == countries[countries.index("فيجي") : countries.index("واليابان") + 8]


@pytest.mark.parametrize(
    ("phrase_", "kind", "shown"),
    [
        ("١٥ نيسان/أبريل ٢٠١٩", AnswerType.DATE, "15 April 2019"),
        ("٢٧ و٢٨ أيلول/سبتمبر ٢٠١٧", AnswerType.DATE, "27 and 28 September 2017"),
        ("كانون الأول/ديسمبر ٢٠١٥", AnswerType.DATE, "December 2015"),
        ("عام ٢٠١٧", AnswerType.DATE, "2017"),
        ("فيجي، وملديف، واليابان", AnswerType.COUNTRIES, "Fiji, Maldives and Japan"),
        ("الجمهورية العربية السورية", AnswerType.COUNTRIES, "Syrian Arab Republic"),
        ("قراره ٢٣٨٨ (٢٠١٧)", AnswerType.RESOLUTION, "resolution 2388 (2017)"),
        ("٥٩ في المائة", AnswerType.NUMBER, "٥٩ في المائة (59)"),
        # A count in words up to ten (and "-teen") has an exact value: its digits beside it.
        ("ستة بلدان", AnswerType.NUMBER, "ستة بلدان (6)"),
        ("بلد واحد", AnswerType.NUMBER, "بلد واحد (1)"),
        ("خمسة بلدان إضافية", AnswerType.NUMBER, "خمسة بلدان إضافية (5)"),
        ("الخمس عشرة", AnswerType.NUMBER, "الخمس عشرة (15)"),
        ("عشرات الدول", AnswerType.NUMBER, "عشرات الدول"),
        ("نهج يستند إلى حقوق الإنسان", AnswerType.OTHER, "نهج يستند إلى حقوق الإنسان"),
    ],
)
def test_english_renderings_are_exact_or_left_in_arabic(phrase_, kind, shown):
    assert english.short_answer(phrase_, kind) == shown


@pytest.mark.parametrize(
    "junk", ["asdkjh qwpoeiru zxmcnv", "جحج خخخ ???", "?!", "😀😀😀", "...", "مرحبا", "السلام عليكم", "thanks", "hello", "ههههههه", "asdf asdf"]
)
def test_input_without_content_words(junk):
    assert content_words(junk, {}) == []


def test_questions_have_content_words():
    assert content_words("متى صدقت اليابان على البروتوكول؟", {}) != []
    assert content_words("Who chairs the Trust Fund's Board of Trustees?", {}) != []
    # A word of the index's own vocabulary counts even when it is rare in general use.
    assert content_words("Charidy", {"charidi": 0}) == ["charidy"]


def test_one_citation_per_paragraph_run():
    first = Citation("d#4", 4, "الجملة الأولى هنا.", 0, 18)
    second = Citation("d#4", 4, "والجملة الثانية هنا.", 19, 39)
    other = Citation("d#5", 5, "جملة من فقرة أخرى.", 0, 18)
    text = wording.answer_text(wording.Language.ARABIC, "", [first, second, other])
    assert text == "الجملة الأولى هنا. والجملة الثانية هنا. (الفقرة ٤) جملة من فقرة أخرى. (الفقرة ٥)"
    english_text = wording.answer_text(wording.Language.ENGLISH, "", [first, second, other])
    assert english_text == "Paragraph 4 says: «الجملة الأولى هنا. والجملة الثانية هنا.»\nParagraph 5 says: «جملة من فقرة أخرى.»"


def test_nothing_to_find_speaks_the_questions_language():
    assert wording.nothing_to_find("مرحبا") == wording.WORDS[wording.Language.ARABIC].nothing_to_find
    assert wording.nothing_to_find("thanks") == wording.WORDS[wording.Language.ENGLISH].nothing_to_find
    both = wording.nothing_to_find("😀")
    assert all(message in both for message in (w.nothing_to_find for w in wording.WORDS.values()))


@pytest.mark.parametrize("module", ["qa.short", "qa.english", "qa.content", "qa.wording", "qa.inputs", "qa.constraints", "qa.results", "qa.answer", "qa.demonyms", "qa.cities", "qa.bodies", "qa.focus"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(module)).failed == 0


def test_a_count_is_not_a_day_of_a_date_nor_a_bare_number():
    """"How many" takes a number that counts something: not a day in "١٧ إلى ٢١ تشرين الأول", not a
    split percentage ("٧ في"), not a target's label ("٨-٧"), not a number before a preposition."""
    from qa.short import AnswerType, find

    assert find("كم عدد الدورات؟", "المعقودة من ١٧ إلى ٢١ تشرين الأول/أكتوبر ٢٠١٦.", AnswerType.NUMBER) is None
    assert find("How many victims?", "الضحايا ٥٩ في المائة من المكتشفين ٧ في في عام ٢٠١٦.", AnswerType.NUMBER) is None
    assert find("كم غاية؟", "تتناول الغاية ٨-٧ من الأهداف العمل القسري.", AnswerType.NUMBER) is None
    sentence = "وفي الفترة نفسها اعتمد بلد واحد تشريعات جديدة."
    span = find("How many countries adopted new legislation?", sentence, AnswerType.NUMBER)
    assert sentence[span.start : span.end] == "بلد واحد"


def test_countries_are_the_longest_run_of_names_not_everything_between_the_first_and_the_last():
    from qa.short import AnswerType, find

    sentence = "برنامج في مقدونيا الشمالية وصربيا، وهو جزء من الإطار المسمى المرفق الأفقي لغرب البلقان وتركيا."
    span = find("في أي دول ينفذ البرنامج؟", sentence, AnswerType.COUNTRIES)
    assert sentence[span.start : span.end] == "مقدونيا الشمالية وصربيا"
    sentence = "صدقت: فيجي (١٩ أيلول/سبتمبر ٢٠١٧)، وملديف (١٤ أيلول/سبتمبر ٢٠١٦)، واليابان (١١ تموز/يوليه ٢٠١٧)."
    span = find("Which countries ratified?", sentence, AnswerType.COUNTRIES)
    assert sentence[span.start : span.end] == "فيجي (١٩ أيلول/سبتمبر ٢٠١٧)، وملديف (١٤ أيلول/سبتمبر ٢٠١٦)، واليابان"


def test_a_name_is_the_quoted_or_latin_name_never_a_web_address():
    from qa.short import AnswerType, answer_type, find

    assert answer_type("What hashtag did UNODC use for the World Day?") is AnswerType.NAME
    assert answer_type("ما اسم الحملة العالمية لمكافحة الاتجار؟") is AnswerType.NAME
    assert answer_type("What is the decision-making body called?") is AnswerType.NAME
    sentence = 'انضمت إلى حملة "القلب الأزرق لمكافحة الاتِّجار بالبشر" التي أطلقها المكتب.'
    span = find("ما اسم الحملة؟", sentence)
    assert sentence[span.start : span.end] == "القلب الأزرق لمكافحة الاتِّجار بالبشر"
    sentence = "ونشر الورقة (https://www.unodc.org/documents/ICAT_Policy_Paper_3.pdf) مع الوسم #IGiveHope."
    span = find("What hashtag did it use?", sentence)
    assert sentence[span.start : span.end] == "#IGiveHope"
    assert find("What is it called?", "انظر https://www.unodc.org/documents/paper.pdf للاطلاع.") is None


def test_a_count_of_years_does_not_answer_how_many_of_something_else():
    sentence = "وأكد تحليل البيانات بشأن سنوات الخمس عشرة الماضية أن النساء يشكلن أكثر من ٧٠ في المائة من الضحايا."
    assert phrase("How many trafficking victims were detected in 2016?", sentence) is None
    assert phrase("How many years did the analysis cover?", sentence) == "الخمس عشرة"
    assert phrase("كم عدد الضحايا؟", "قدمت المنظمة خلال ثلاثة أيام مساعدة إلى ٧ ٤٠٠ من الضحايا.") == "٧ ٤٠٠ من الضحايا"
    assert phrase("كم يوماً استغرق الاجتماع؟", "عقد الاجتماع خلال ثلاثة أيام في فيينا.") == "ثلاثة أيام"


def test_a_date_lies_on_the_side_of_the_year_the_question_names():
    assert phrase("متى سيُجرى التقييم القادم بعد عام ٢٠١٧؟", "ودعت الخطة إلى إجراء أول تقييم في عام ٢٠١٣.") is None
    assert phrase("متى سيُجرى التقييم القادم بعد عام ٢٠١٧؟", "وأجري التقييم في عام ٢٠١٣ ثم في عام ٢٠٢١.") == "٢٠٢١"
    assert phrase("When was the plan adopted, before 2015?", "واعتمدت الخطة في ٣٠ تموز/يوليه ٢٠١٠ ثم في عام ٢٠١٧.") == "٣٠ تموز/يوليه ٢٠١٠"


def test_a_question_for_a_year_is_not_answered_by_a_day_and_month():
    sentence = "حددت الجمعية يوم ٣٠ تموز/يوليه يوماً عالمياً يُحتفل به سنوياً بدءاً من عام ٢٠١٤."
    assert phrase("And since which year has it been observed?", sentence) == "٢٠١٤"
    assert phrase("When is the World Day?", sentence) == "٣٠ تموز/يوليه"


def test_a_person_is_named_after_an_honorific_or_in_latin_letters():
    question = "Who is the Executive Director of UN-Women?"
    assert phrase(question, "وقالت السيدة فومزيلي ملامبو - نغكوكا إن الهيئة") == "السيدة فومزيلي ملامبو"
    assert phrase(question, "Ms. Phumzile Mlambo-Ngcuka said") == "Ms. Phumzile Mlambo-Ngcuka"
    assert phrase(question, "وقالت Phumzile Mlambo-Ngcuka إن الهيئة") == "Phumzile Mlambo-Ngcuka"
    # A title in Latin letters is no person (u188 was answered "Evidential Issues").
    assert phrase(question, "أعد المكتب Evidential Issues in Trafficking in Persons Cases: Case Digest ورقة") is None
    # The directorate is no person: the report's sentence that a "who is" question was answered with.
    assert phrase(question, "ويشجع هذا التعاون أيضاً المديرية التنفيذية وهيئة الأمم المتحدة للمرأة على دراسة الصلة") is None


def test_a_place_is_shown_in_english():
    assert english.short_answer("وفيينا", AnswerType.PLACE) == "Vienna"
    assert english.short_answer("النمسا", AnswerType.PLACE) == "Austria"


def test_which_city_is_answered_by_a_city_where_by_a_city_or_a_country():
    sentence = "عُقدت إحاطات في النمسا ثم في نيويورك"
    assert phrase("في أي مدينة عُقدت الإحاطات؟", sentence) == "نيويورك"
    assert phrase("في أي مدينة عُقدت الإحاطات؟", "عُقدت إحاطات في النمسا") is None
    assert phrase("أين عُقدت الإحاطات؟", "عُقدت إحاطات في النمسا") == "النمسا"


def test_the_year_of_a_plans_name_does_not_answer_when():
    question = "متى سيُجرى التقييم القادم لخطة العمل العالمية؟"
    assert phrase(question, "وأعادت الدول تأكيد التزامها بخطة التنمية المستدامة لعام ٢٠٣٠ ذات الصلة") is None
    assert phrase("When is the next appraisal?", "Member States recalled the 2030 Agenda for Sustainable Development") is None
    # Without "لعام" (of the year) the year dates the plan.
    assert phrase("متى اعتُمدت خطة العمل العالمية؟", "اعتمدت الجمعية العامة خطة العمل العالمية عام ٢٠١٠") == "٢٠١٠"


def test_a_sum_of_money_is_answered_by_an_amount_in_a_currency():
    sentence = "وفي عام ٢٠١٨ قدم المكتب الدعم إلى ٧٩ بلداً، وتلقى الصندوق مبلغ ٦,٧ ملايين دولار"
    assert phrase("What is the budget of the Trust Fund?", sentence) == "٦,٧ ملايين دولار"
    assert phrase("What is the budget of the Trust Fund?", "قدم المكتب الدعم إلى ٧٩ بلداً") is None
    # "how many regular-budget posts" counts posts, whatever the word "budget".
    assert phrase("How many regular-budget posts does UNODC have?", "أنشئت ١١ وظيفة") == "١١ وظيفة"


def test_how_long_is_answered_by_a_span_of_time_or_a_period():
    assert phrase("How long is the term of the Board?", "يعمل المجلس منذ ٣ سنوات ويضم ٥ أعضاء في ٧٩ بلداً") == "٣ سنوات"
    assert phrase("ما مدة ولاية المجلس؟", "عُين المجلس للفترة ٢٠١٧-٢٠٢٠") == "للفترة ٢٠١٧-٢٠٢٠"
    assert phrase("How long is the term of the Board?", "قدم المكتب الدعم إلى ٧٩ بلداً") is None
    assert phrase("How long has the Office run the programme?", "يدير المكتب البرنامج منذ عام ٢٠٠٣") == "٢٠٠٣"


def test_until_which_date_is_the_date_that_ends_the_period():
    question = "إلى أي تاريخ تمتد المدة الزمنية التي يغطيها التقرير؟"
    sentence = "وهو يغطي الفترة من ١٧ كانون الأول/ديسمبر ٢٠١٥ حتى ١٥ نيسان/أبريل ٢٠١٩."
    assert phrase(question, sentence) == "حتى ١٥ نيسان/أبريل ٢٠١٩"
    assert phrase("متى بدأت الفترة التي يغطيها التقرير؟", sentence) == "من ١٧ كانون الأول/ديسمبر ٢٠١٥"
    assert english.short_answer("حتى ١٥ نيسان/أبريل ٢٠١٩", AnswerType.DATE) == "until 15 April 2019"
    # "which date" asks a date: in an English sentence only its year is read as one (DATE knows the UN's Arabic
    # months), and no "until" phrase (before "which date" typed the question, it found nothing).
    assert phrase("Until which date does the report run?", "It runs until 15 April 2019.") == "2019"


def test_fits_prefers_the_period_end_and_the_count_of_what_is_asked():
    from qa.short import fits

    until = "إلى أي تاريخ تمتد المدة؟"
    assert fits(until, "من ١٧ كانون الأول/ديسمبر ٢٠١٥ حتى ١٥ نيسان/أبريل ٢٠١٩", AnswerType.DATE)
    assert not fits(until, "صدقت فيجي (١٩ أيلول/سبتمبر ٢٠١٧)", AnswerType.DATE)
    assert not fits("متى صدقت فيجي؟", "من ١٧ كانون الأول/ديسمبر ٢٠١٥ حتى ١٥ نيسان/أبريل ٢٠١٩", AnswerType.DATE)
    count = "كم نشاطاً لبناء القدرات طوّره الإنتربول في عام ٢٠١٨؟"
    assert fits(count, "وفي عام ٢٠١٨، طُوِّرَ ١١ نشاطاً لبناء القدرات", AnswerType.NUMBER)
    assert not fits(count, "واستفاد ما مجموعه ١٢٠ بلداً من مساعدة الإنتربول في عام ٢٠١٨", AnswerType.NUMBER)
    assert not fits("How many activities?", "طُوِّرَ ١١ نشاطاً", AnswerType.NUMBER)  # English: no stem to compare


def test_a_hashtag_question_is_answered_by_the_hashtag_not_another_latin_name():
    question = "What hashtag did UNODC use for its World Day campaign?"
    assert phrase(question, 'واصل المكتب حملته بعنوان "الممتدة لعدة سنوات في #IGiveHope".') == "#IGiveHope"
    assert phrase(question, 'عبر منصة " من Thunderclap -" تطلق جماعيًّا') is None
    assert phrase("What is the campaign called?", 'عبر منصة "Thunderclap" تطلق جماعيًّا') == "Thunderclap"


def test_which_organization_is_answered_by_a_body_in_english_for_an_english_question():
    question = "مع أي منظمة شرطية تعاونت الإدارة لتطوير الممارسات الفضلى؟"
    sentence = "وجرى أيضا التعاون مع المكتب والاتحاد الأوروبي والمنظمة الدولية للشرطة الجنائية (الإنتربول) لتطوير الممارسات."
    assert phrase(question, sentence) == "المنظمة الدولية للشرطة الجنائية"  # nearest the question's words, without its "و"
    # A body the question names is not its answer.
    assert phrase("مع أي منظمة تشارك هيئة الأمم المتحدة للمرأة في الرئاسة؟", "تشترك هيئة الأمم المتحدة للمرأة مع منظمة الأمن والتعاون في أوروبا") == "منظمة الأمن والتعاون في أوروبا"
    assert english.short_answer("المنظمة الدولية للشرطة الجنائية", AnswerType.ORGANIZATION) == "INTERPOL"
    assert phrase("Which organization set up the facility?", "أقامت -المنظمة الدولية للهجرة مرفقاً") == "المنظمة الدولية للهجرة"
    assert phrase("What hashtag did the campaign use?", "أطلقت الحكومة حملة (#AQUIESTOY ()أنا)هنا") == "#AQUIESTOY"


def test_un_arabic_country_names_are_countries():
    assert phrase("أي حكومة أفريقية تبنّت خطة وطنية؟", "وإضافةً إلى ذلك، صاغت حكومة كابو فيردي خطة عمل وطنية.") == "كابو فيردي"
    assert phrase("Which country joined most recently?", "وفي عام ٢٠١٩، أصبحت إكوادور أحدث بلد ينضم إلى الحملة.") == "إكوادور"
    assert english.short_answer("كابو فيردي", AnswerType.COUNTRIES) == "Cabo Verde"


def test_a_question_about_recommendations_and_the_recommendations_section():
    from qa.focus import asks_recommendation, recommendations

    for question in ("What does the Secretary-General recommend to Member States?", "ما التوصية المتعلقة بالمشتريات؟",
                     "بماذا يوصي التقرير؟", "What should States do, according to the recommendations?", "ما هي توصيات التقرير؟"):
        assert asks_recommendation(question), question
    for question in ("ما دور شرطة الأمم المتحدة؟", "Who recorded the most victims?", "What did the report say?"):
        assert not asks_recommendation(question), question
    assert recommendations(("تاسعاً - التوصيات",)) and recommendations(("IX. Conclusions and recommendations",))
    assert not recommendations(("ثامناً - حالة الموارد",)) and not recommendations(())


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # A quantity asked for by its name types an English question as its Arabic form is typed.
        ("What is the population of Egypt?", AnswerType.NUMBER),
        ("What is the unemployment rate in Iraq?", AnswerType.NUMBER),
        ("How large is the Trust Fund's annual budget?", AnswerType.NUMBER),
        ("كم عدد سكان مصر؟", AnswerType.NUMBER),
        ("ما معدل البطالة في العراق؟", AnswerType.NUMBER),
        # Not a quantity: a role, a focus, a value in the sense of worth.
        ("What is the role of the police?", AnswerType.OTHER),
        ("What is the main focus of the plan?", AnswerType.OTHER),
        ("What is the value of partnerships?", AnswerType.OTHER),
    ],
)
def test_a_quantity_asked_by_its_name(question, kind):
    assert answer_type(question) is kind


def test_a_dual_answers_a_count_of_its_noun():
    sentence = "في ظل وجود وظيفتين فقط مخصصتين في الميزانية العادية"
    span = find("كم وظيفة مخصصة في الميزانية العادية؟", sentence)
    assert sentence[span.start : span.end] == "وظيفتين"
    assert find("كم بلداً شملها الدعم؟", sentence) is None  # another noun's dual is no count of countries
    sentence = "أسندت إليه مهمة تقديم تقارير كل سنتين عن أنماط الاتجار"
    span = find("كل كم سنة يقدم المكتب تقريراً؟", sentence)
    assert sentence[span.start : span.end] == "سنتين"


def test_a_year_before_1900_is_a_date_after_a_word_that_dates_it_never_a_bare_count():
    # XQuAD's histories: "في 1817" answers "when", so the sentence holding it is quoted, not a later "عام 1901".
    assert phrase("When was Warsaw's first stock exchange established?", "تأسست أول بورصة وارسو في 1817 واستمرت في التداول.") == "1817"
    assert phrase("في أي عام تعرف بريستلي على الأكسجين؟", "وجوزيف بريستلي في ويلتشاير، في 1774، ولكن") == "1774"
    assert phrase("متى بدأ البرنامج؟", "ساعد البرنامج ١٥٠٠ شخص.") is None  # a bare number before 1900 counts
    assert phrase("How many people did the programme help?", "ساعد البرنامج ١٥٠٠ شخص منذ عام ٢٠١٧.") == "١٥٠٠ شخص"


def test_a_resolution_number_is_no_count():
    sentence = "وعملاً بقرار مجلس الأمن ٢٣٨٨ (٢٠١٧)، تحسنت قدرات العاملين في مجال العدالة الجنائية في ٥٥ بلداً."
    span = find("في كم بلداً تحسنت قدرات العاملين؟", sentence)
    assert sentence[span.start : span.end] == "٥٥ بلداً"
