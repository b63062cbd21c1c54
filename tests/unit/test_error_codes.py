"""Error codes as the name of a failure: recognized in customers' words, shared by the reports of one problem."""

from __future__ import annotations

import pytest

from groupbot.core.error_codes import error_codes, shared_error_code, speaks_of_failure


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("the export button gives error E1042 since this morning", {"E1042"}),
        ("导出报错E1042，我们这边也是", {"E1042"}),
        ("ERR-50012 and e_1042", {"ERR50012", "E1042"}),
        ("ORA-00942: table or view does not exist", {"ORA00942"}),
        # model and version names, bare numbers and ids glued to other words are not error codes
        ("my phone is an X200 on android 12", set()),
        ("got a 502 on login, exporting 10000 rows", set()),
        ("v5.1 on win10, build abc12345def", set()),
        ("", set()),
    ],
)
def test_error_codes_have_letters_then_four_digits_or_more(text: str, codes: set[str]) -> None:
    assert error_codes(text) == codes


@pytest.mark.parametrize(
    ("text", "failure"),
    [("export fails with E1042", True), ("error E1042", True), ("导出报错E1042", True), ("支付失败", True),
     ("E1042 here too", False), ("我们这边也是E1042", False), ("how do I fix E1042?", False)],
)
def test_speaks_of_failure(text: str, failure: bool) -> None:
    assert speaks_of_failure(text) is failure


def test_two_texts_share_a_code_when_one_of_them_calls_it_an_error() -> None:
    assert shared_error_code("E1042 here too", "the export button gives error E1042") == "E1042"
    assert shared_error_code("我们这边也是e-1042", "导出报错E1042") == "E1042"
    # nobody says it is an error: a code-shaped name (a plan, a part number) is not a failure's name
    assert shared_error_code("is PLAN2024 still sold?", "we bought PLAN2024 last year") is None
    assert shared_error_code("error E1042 on export", "error E1043 on export") is None
