"""Numbers follow the active language: English as the seed, French, Spanish and Arabic their own separators."""
from decimal import Decimal

import pytest
from django.utils import translation

from kpis.scoring import percent_shown
from submissions.value_text import number_screen, number_text, number_typed


@pytest.mark.parametrize("language, text, screen, percent", [
    ("en", "67 240.10", "103 824.68", "56.25 %"),
    ("ar", "67\u202f240.10", "103\u202f824.68", "56.25 %"),
    ("fr", "67\u202f240,10", "103\u202f824,68", "56,25 %"),
    ("es", "67.240,10", "103.824,68", "56,25 %"),
])
def test_numbers_take_the_separators_of_the_active_language(language, text, screen, percent):
    with translation.override(language):
        assert number_text(Decimal("67240.1")) == text
        assert number_screen(Decimal("103824.680000")) == screen
        assert percent_shown(Decimal("56.25"), 2) == percent
        # Negative and small figures, and what a person types, which keeps its dot in every language.
        assert number_text(Decimal("-0.001")) == "0" + ("," if language in ("fr", "es") else ".") + "00"
        assert number_typed(Decimal("82.850000")) == "82.85"


def test_english_is_the_seeds_form_byte_for_byte():
    with translation.override("en"):
        assert number_text(Decimal("116673"), 0) == "116 673"
        assert f"{number_text(Decimal('82.85'))} %" == "82.85 %"
        assert number_screen(Decimal("0.0042")) == "0.0042"
