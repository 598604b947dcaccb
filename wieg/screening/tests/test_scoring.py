"""The scoring functions over the real data files, with the numbers of domain-facts §5."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from wieg.core.errors import InvalidInput
from wieg.screening import scoring

DATA = Path(__file__).resolve().parent.parent / "data" / "instruments"
EPDS = json.loads((DATA / "epds-v2.json").read_text())
WHOOLEY = json.loads((DATA / "whooley-v2.json").read_text())
PSY = json.loads((DATA / "psychosocial-v1.json").read_text())

FORWARD = {1, 2, 4}  # items scored 0,1,2,3 in printed order; the others reverse


def test_epds_shape():
    assert len(EPDS["items"]) == 10
    assert all(len(item["options"]) == 4 for item in EPDS["items"])


@pytest.mark.parametrize("item", range(1, 11))
@pytest.mark.parametrize("position", range(4))
def test_epds_answer_table(item, position):
    """Each item alone: the points for each printed position, forward or reverse."""
    answers = [3 if n not in FORWARD else 0 for n in range(1, 11)]  # all zero points
    answers[item - 1] = position
    result = scoring.score(EPDS, answers)
    expected = position if item in FORWARD else 3 - position
    assert result.score == expected
    assert result.item_points[EPDS["items"][item - 1]["key"]] == expected


def _epds_with_total(total, self_harm_points=0):
    """Answers (positions) reaching `total`, item 10 worth `self_harm_points`."""
    points = [0] * 10
    points[9] = self_harm_points
    remaining = total - self_harm_points
    for i in range(9):
        take = min(3, remaining)
        points[i] = take
        remaining -= take
    return [p if n in FORWARD else 3 - p for n, p in enumerate(points, 1)]


@pytest.mark.parametrize(
    ("total", "flags"),
    [
        (0, ()),
        (9, ()),
        (10, ("epds_rescreen",)),
        (12, ("epds_rescreen",)),
        (13, ("epds_rescreen", "epds_assessment")),
        (30, ("epds_rescreen", "epds_assessment", "epds_self_harm")),
    ],
)
def test_epds_thresholds(total, flags):
    result = scoring.score(EPDS, _epds_with_total(total, self_harm_points=3 if total == 30 else 0))
    assert result.score == total
    assert result.flags == flags


@pytest.mark.parametrize("position", [0, 1, 2])
def test_epds_item_10_above_zero_is_urgent_whatever_the_total(position):
    answers = _epds_with_total(0)
    answers[9] = position  # reverse scored: positions 0-2 are worth 3, 2, 1
    result = scoring.score(EPDS, answers)
    assert result.score == 3 - position < 10
    assert result.flags == ("epds_self_harm",)
    assert scoring.flag_level(EPDS, "epds_self_harm") == "urgent"


def test_epds_item_10_never_is_not_urgent():
    answers = _epds_with_total(0)
    answers[9] = 3
    assert "epds_self_harm" not in scoring.score(EPDS, answers).flags


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ([0] * 9, "answers"),
        ([0] * 11, "answers"),
        ([0] * 9 + [4], "answers.9"),
        ([0, -1] + [0] * 8, "answers.1"),
        ([0, "2"] + [0] * 8, "answers.1"),
        ([0, True] + [0] * 8, "answers.1"),
        ("0000000000", "answers"),
    ],
)
def test_epds_bad_answers_name_the_field(answers, field):
    with pytest.raises(InvalidInput) as exc:
        scoring.score(EPDS, answers)
    assert field in exc.value.errors


def test_whooley_help_question_only_when_asked():
    assert scoring.score(WHOOLEY, [1, 1]).flags == ()
    assert scoring.score(WHOOLEY, [1, 1, 0]).flags == ()  # not asked, ignored
    assert scoring.score(WHOOLEY, [0, 1, 1]).flags == ("whooley_positive",)
    assert scoring.score(WHOOLEY, [1, 0, 0]).flags == ("whooley_positive", "whooley_wants_help")
    with pytest.raises(InvalidInput) as exc:
        scoring.score(WHOOLEY, [0, 1])
    assert "answers.2" in exc.value.errors


def test_psychosocial_has_22_items_on_13_indicators_weighing_half_to_four():
    assert len(PSY["items"]) == 22
    assert len(PSY["indicators"]) == 13
    weights = {o["points"] for item in PSY["items"] for o in item["options"]} - {0}
    assert min(weights) == 0.5 and max(weights) == 4


def _psy(**chosen):
    keys = [item["key"] for item in PSY["items"]]
    answers = dict.fromkeys(keys, 0)
    answers.update(chosen)
    return answers


@pytest.mark.parametrize("indicator", [i["key"] for i in PSY["indicators"]])
def test_each_psychosocial_indicator_flags_at_its_threshold_and_not_below(indicator):
    spec = next(i for i in PSY["indicators"] if i["key"] == indicator)
    threshold = Decimal(str(spec["threshold"]))
    items = [item for item in PSY["items"] if item["indicator"] == indicator]
    # All answer combinations of the indicator: flagged exactly when the sum reaches the threshold.
    import itertools

    seen = set()
    for combo in itertools.product(*[range(len(item["options"])) for item in items]):
        result = scoring.score(
            PSY, _psy(**{item["key"]: pos for item, pos in zip(items, combo, strict=True)})
        )
        reached = result.indicator_scores[indicator] >= threshold
        assert (spec["flag"] in result.flags) == reached
        assert set(result.flags) <= {spec["flag"]}
        seen.add(reached)
    assert seen == {True, False}


def test_psychosocial_income_at_threshold():
    assert "income" not in scoring.score(PSY, _psy(finances_making_ends_meet=2)).flags  # 2 points
    assert "income" in scoring.score(PSY, _psy(finances_making_ends_meet=3)).flags  # 3 points
    assert (
        "income" in scoring.score(PSY, _psy(finances_making_ends_meet=1, finances_arrears=1)).flags
    )  # 1 + 2


def test_psychosocial_unknown_item_is_named():
    with pytest.raises(InvalidInput) as exc:
        scoring.score(PSY, {"income": 1})
    assert "answers.income" in exc.value.errors


def test_epds_scoring_direction_is_data_and_matches_the_published_key():
    """Items 1, 2 and 4 score 0-3 from the top of the printed answers, items 3 and 5-10 score 3-0."""
    for item in EPDS["items"]:
        points = [o["points"] for o in item["options"]]
        if item["number"] in FORWARD:
            assert item["scoring"] == "0-3" and points == [0, 1, 2, 3], item["key"]
        else:
            assert item["scoring"] == "3-0" and points == [3, 2, 1, 0], item["key"]
    # The printed order: item 10's first answer is the most worrying one, worth 3.
    item10 = EPDS["items"][9]["options"]
    assert [o["label"]["en"] for o in item10] == ["Yes, quite often", "Sometimes", "Hardly ever", "Never"]


def test_the_full_wording_keeps_the_scoring_of_the_first_version():
    """Version 2 only adds the printed wording: screenings scored on version 1 read the same."""
    v1 = json.loads((DATA / "epds-v1.json").read_text())
    assert [[o["points"] for o in i["options"]] for i in v1["items"]] == [
        [o["points"] for o in i["options"]] for i in EPDS["items"]
    ]
    assert [i["key"] for i in v1["items"]] == [i["key"] for i in EPDS["items"]]
    assert v1["total_flags"] == EPDS["total_flags"] and v1["item_flags"] == EPDS["item_flags"]


@pytest.mark.parametrize(
    "text", ["antwoord 1", "réponse 4", "Answer 2", "", "   ", None, "option", "vraag 3"]
)
def test_stand_in_wording_is_recognised(text):
    from wieg.screening.catalogue import is_placeholder

    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Nooit", "Jamais", "Hardly ever", "Answers to come", "Ja, meestal"])
def test_real_wording_is_not_a_placeholder(text):
    from wieg.screening.catalogue import is_placeholder

    assert not is_placeholder(text)


def test_every_shipped_questionnaire_is_complete_in_three_languages_but_epds_v1():
    from wieg.screening.catalogue import LANGUAGES, missing_texts

    for path in sorted(DATA.glob("*.json")):
        definition = json.loads(path.read_text())
        for language in LANGUAGES:
            missing = missing_texts(definition, language, licensed={})
            if path.name == "epds-v1.json":
                assert missing == list(range(1, 11))
            else:
                assert missing == [], (path.name, language)
