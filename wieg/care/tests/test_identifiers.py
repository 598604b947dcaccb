import pytest

from wieg.care.identifiers import clean_national_number
from wieg.core.errors import InvalidInput


def _nn(birth: str, counter: str, after_2000: bool = False) -> str:
    base = birth + counter
    check = 97 - int(("2" if after_2000 else "") + base) % 97
    return f"{base}{check:02d}"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("85073003328", "85073003328"),  # INSZ, born 1985
        ("85.07.30-033.28", "85073003328"),  # with the usual separators
        (_nn("170101", "001", after_2000=True), _nn("170101", "001", after_2000=True)),  # born after 2000
        (_nn("852730", "033"), _nn("852730", "033")),  # BIS number: month + 20
        (_nn("854730", "033"), _nn("854730", "033")),  # BIS number: month + 40
        ("", None),
        (None, None),
    ],
)
def test_valid_numbers_are_compacted(value, expected):
    assert clean_national_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "85073003329",  # checksum off by one
        "8507300332",  # ten digits
        "85133003328",  # month 13
        "abcdefghijk",
        "17010100100",  # check digits fit neither a 1900s nor a 2000s birth
    ],
)
def test_invalid_numbers_are_field_errors(value):
    with pytest.raises(InvalidInput) as exc:
        clean_national_number(value, field="members.0.national_number")
    assert list(exc.value.errors) == ["members.0.national_number"]


def test_a_2000s_number_checked_without_the_2_prefix_is_invalid():
    # 97 - (170101001 mod 97) would be the check digit for someone born in 1917, not 2017.
    born_1917 = _nn("170101", "001", after_2000=False)
    born_2017 = _nn("170101", "001", after_2000=True)
    assert born_1917 != born_2017
    assert clean_national_number(born_2017) == born_2017
