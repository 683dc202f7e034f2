"""German numbers: what people type is read as they mean it, or refused with a message that says how."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gocluster.numbers import EuroCentField, EuroField, GermanIntegerField, QuantityField, format_euro, format_number


@pytest.mark.parametrize(("typed", "expected"), [
    ("480.000", Decimal("480000")),
    ("480 000", Decimal("480000")),
    ("480\u00a0000", Decimal("480000")),
    ("480\u202f000", Decimal("480000")),
    ("480.000,50", Decimal("480000.50")),
    ("1.234.567,8", Decimal("1234567.8")),
    ("480000", Decimal("480000")),
    ("2,5", Decimal("2.5")),
    (" 480.000 € ", Decimal("480000")),
    ("480.000 EUR", Decimal("480000")),
])
def test_euro_cent_field_reads_german_input(typed, expected):
    assert EuroCentField(max_digits=12, decimal_places=2).clean(typed) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("480.00", "Bitte geben Sie den Betrag ohne Punkt als Dezimaltrenner ein, z. B. 480.000,50."),
    ("4800.000", "Bitte geben Sie den Betrag ohne Punkt als Dezimaltrenner ein, z. B. 480.000,50."),
    ("480,000", "Ein Betrag hat höchstens zwei Nachkommastellen, z. B. 480.000,50."),
    ("vierhundert", "Bitte geben Sie eine Zahl ein, z. B. 480.000 oder 2,5."),
    ("480.000.50", "Bitte geben Sie den Betrag ohne Punkt als Dezimaltrenner ein, z. B. 480.000,50."),
    ("4,80,00", "Bitte geben Sie eine Zahl ein, z. B. 480.000 oder 2,5."),
])
def test_euro_cent_field_refuses_ambiguous_input_with_a_clear_message(typed, message):
    with pytest.raises(ValidationError) as error:
        EuroCentField(max_digits=12, decimal_places=2).clean(typed)
    assert error.value.messages == [message]


def test_whole_euro_field_refuses_cents_and_accepts_zero_cents():
    field = EuroField(min_value=0)
    assert field.clean("480.000,00") == 480000
    with pytest.raises(ValidationError) as error:
        field.clean("480.000,50")
    assert error.value.messages == ["Bitte geben Sie den Betrag in vollen Euro ohne Cent an, z. B. 480.000."]


def test_integer_field_refuses_a_decimal_comma():
    with pytest.raises(ValidationError) as error:
        GermanIntegerField(min_value=0, max_value=100).clean("40,5")
    assert error.value.messages == ["Bitte geben Sie eine ganze Zahl ohne Nachkommastellen ein, z. B. 480.000."]


def test_quantity_field_refuses_the_english_decimal_point():
    field = QuantityField(max_digits=5, decimal_places=2)
    assert field.clean("2,5") == Decimal("2.5")
    for typed in ("2.5", "1.500"):
        with pytest.raises(ValidationError) as error:
            field.clean(typed)
        assert error.value.messages == ["Bitte verwenden Sie das Komma als Dezimaltrenner, z. B. 2,5."]


def test_number_fields_show_stored_values_german_formatted_in_the_input():
    assert EuroField().prepare_value(480000) == "480.000"
    assert QuantityField().prepare_value(Decimal("2.50")) == "2,5"
    assert EuroField().prepare_value("480.000") == "480.000"  # what was typed stays as typed


@pytest.mark.parametrize(("value", "expected"), [
    (480000, "480.000\u00a0€"),
    (Decimal("4115.00"), "4.115\u00a0€"),
    (Decimal("4115.5"), "4.115,50\u00a0€"),
    (None, ""),
])
def test_format_euro(value, expected):
    assert format_euro(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("2.50"), "2,5"), (480000, "480.000"), (Decimal("62.5"), "62,5"), (Decimal("0.50"), "0,5"), (7, "7"),
    (None, ""),
])
def test_format_number(value, expected):
    assert format_number(value) == expected


def test_format_number_is_german_on_english_pages():
    from django.utils import translation

    with translation.override("en"):
        assert (format_number(Decimal("1234.5")), format_euro(480000)) == ("1.234,5", "480.000\u00a0€")
