from qa.followup import is_follow_up, resolve

HISTORY = [
    {"role": "user", "content": "متى صدقت فيجي على بروتوكول الاتجار بالأشخاص؟"},
    {"role": "assistant", "content": "… (الفقرة ٣)"},
]


def test_short_follow_ups_join_the_last_user_question():
    assert resolve("وماذا عن اليابان؟", HISTORY) == "متى صدقت فيجي على بروتوكول الاتجار بالأشخاص؟ وماذا عن اليابان؟"
    english = [("user", "How many victims were detected in 2016?"), ("assistant", "…")]
    assert resolve("and in 2018?", english) == "How many victims were detected in 2016? and in 2018?"


def test_self_contained_questions_stand_alone():
    question = "ما هي الأولويات المواضيعية لصندوق الأمم المتحدة الاستئماني؟"
    assert resolve(question, HISTORY) == question
    assert not is_follow_up(question)


def test_without_history_nothing_changes():
    assert resolve("وماذا عن اليابان؟", []) == "وماذا عن اليابان؟"
