"""The replay's comparison rules: same shape and types, equal error identity."""

from __future__ import annotations

from .shapes import final_line, shape_differences


def test_equal_shapes_with_other_values_match() -> None:
    assert (
        shape_differences({"id": 9, "name": "Acme", "tags": [1, 2]}, {"id": 4, "name": "Other", "tags": [7]})
        == []
    )


def test_missing_and_extra_keys_are_reported() -> None:
    assert shape_differences({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [
        "$: missing keys ['b']",
        "$: unexpected keys ['c']",
    ]


def test_bool_is_not_an_int_and_int_is_not_a_float() -> None:
    assert shape_differences(False, 0) == ["$: expected bool false, got int 0"]
    assert shape_differences(2000.0, 2000) == ["$: expected float 2000.0, got int 2000"]


def test_false_where_a_many2one_was_recorded_is_a_difference() -> None:
    assert shape_differences({"user_id": [2, "Mitchell Admin"]}, {"user_id": False}) == [
        '$.user_id: expected list [2, "Mitchell Admin"], got bool false'
    ]


def test_an_empty_list_where_records_were_recorded_is_a_difference() -> None:
    assert shape_differences([{"id": 1}], []) == ["$: expected 1 element(s), got an empty list"]


def test_lists_of_other_lengths_compare_each_element_with_the_first_recorded() -> None:
    assert shape_differences([{"id": 1, "name": "a"}], [{"id": 2, "name": "b"}, {"id": 3}]) == [
        "$[1]: missing keys ['name']"
    ]


def test_lists_of_the_same_length_compare_pairwise() -> None:
    assert shape_differences([19, 0, 0, "final", 0, ""], [18, 0, 0, "final", 0, ""]) == []


def test_final_line_of_a_traceback() -> None:
    traceback = 'Traceback (most recent call last):\n  File "<odoo>/x.py", line 1, in f\nValueError: boom\n\n'
    assert final_line(traceback) == "ValueError: boom"
