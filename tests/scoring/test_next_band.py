"""The value needed to reach the next band, beside the band rules."""
from decimal import Decimal as D

from kpis.scoring import HIGHER, LOWER, YES, next_band_value


def test_higher_is_better_needs_the_target_times_the_next_bands_lower_bound():
    assert next_band_value(direction=HIGHER, target=D(100), band=3) == D(95)
    assert next_band_value(direction=HIGHER, target=D(200), band=1) == D(66)


def test_lower_is_better_needs_the_value_to_get_down_to():
    # band 2 → 3 needs 66 % of target: target / value × 100 ≥ 66 → value ≤ target × 100 / 66.
    assert next_band_value(direction=LOWER, target=D(33), band=2) == D(50)


def test_yes_no_needs_yes_and_band_4_has_no_next_band():
    assert next_band_value(direction=YES, target=None, band=1) == YES
    assert next_band_value(direction=HIGHER, target=D(100), band=4) is None
    assert next_band_value(direction=HIGHER, target=D(100), band=None) is None
