"""The Silver obligation: due two years after admission unless a valid Gold label exists."""

from datetime import date

import pytest

from members.models import LabelRecord
from members.selectors.eligibility import add_months, label_valid_until, silver_obligation

START = date(2024, 3, 15)
DUE = date(2026, 3, 15)


def lbl(level, assessed_on, valid_until=None):
    return LabelRecord(level=level, assessed_on=assessed_on,
                       valid_until=valid_until or label_valid_until(level, assessed_on))


def status(labels, today):
    return silver_obligation(started_on=START, labels=labels, today=today).status


def test_silver_due_date_is_admission_plus_24_months():
    assert silver_obligation(started_on=START, labels=[], today=START).due_on == DUE


def test_silver_due_date_of_a_29_february_admission_is_28_february():
    assert add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 3, 14), "due"),
    (DUE, "due"),
    (date(2026, 3, 16), "overdue"),
])
def test_silver_status_without_labels_on_each_side_of_the_due_date(today, expected):
    assert status([lbl("bronze", date(2024, 4, 1))], today) == expected


def test_silver_status_with_a_valid_silver_label_is_met():
    assert status([lbl("silver", date(2025, 9, 1))], date(2026, 3, 16)) == "met"


def test_silver_status_the_day_after_the_silver_label_expires_is_overdue():
    silver = lbl("silver", date(2024, 2, 10))
    assert silver.valid_until == date(2026, 2, 28)
    assert status([silver], date(2026, 2, 28)) == "met"
    assert status([silver], date(2026, 3, 1)) == "due"
    assert status([silver], date(2026, 3, 16)) == "overdue"


def test_silver_status_with_a_valid_gold_label_is_not_required():
    gold = lbl("gold", date(2025, 1, 1), date(2027, 12, 31))
    assert status([gold], date(2026, 3, 16)) == "not_required"


def test_silver_status_gold_expired_the_day_before_counts_no_more():
    gold = lbl("gold", date(2023, 1, 1), date(2026, 3, 15))
    assert status([gold], date(2026, 3, 15)) == "not_required"
    assert status([gold], date(2026, 3, 16)) == "overdue"


def test_silver_status_label_assessed_in_the_future_does_not_count_yet():
    assert status([lbl("silver", date(2026, 4, 1))], date(2026, 3, 16)) == "overdue"


def test_label_validity_bronze_and_silver_two_years_to_the_end_of_the_assessment_month():
    assert label_valid_until("bronze", date(2025, 3, 14)) == date(2027, 3, 31)
    assert label_valid_until("silver", date(2024, 2, 29)) == date(2026, 2, 28)
    assert label_valid_until("gold", date(2025, 3, 14)) is None
