"""Each change of the targets makes the next targets edition, with its reason, author and what it changed."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from kpis.models import Target, TargetChange, TargetsEdition
from kpis.selectors import edition_current, targets_edition_current
from kpis.services import target_remove, target_set
from kpis.targets import targets_import

pytestmark = pytest.mark.django_db


def row(data_point, direction, target, source):
    return {"code": data_point.kpi.code, "data_point": data_point.name, "direction": direction,
            "target": target, "source": source}


def test_the_initial_load_is_edition_1_with_every_target_added():
    edition = targets_edition_current(edition_current())
    assert edition.number == 1 and edition.created_by is None
    assert edition.changes.count() == Target.objects.count() == 33
    assert not edition.changes.exclude(before=None).exists()
    internet = edition.changes.get(data_point__name="Household Internet Access")
    assert (internet.before_text, internet.after_text) == ("No target", "≥ 100 %")


def test_editions_are_numbered_in_order_each_with_its_change(secretariat, internet, degrees):
    target_set(data_point=internet, direction="higher", value=Decimal("90"), source="S", reason="First",
               actor=secretariat)
    target_set(data_point=degrees, direction="lower", value=Decimal("0.5"), source="T", reason="Second",
               actor=secretariat)
    target_remove(data_point=internet, reason="Third", actor=secretariat)

    editions = list(TargetsEdition.objects.order_by("number").values_list("number", "reason"))
    assert editions == [(1, editions[0][1]), (2, "First"), (3, "Second"), (4, "Third")]
    changes = [(change.edition.number, change.data_point.name, change.before_text, change.after_text)
               for change in TargetChange.objects.filter(edition__number__gt=1).order_by("edition__number")]
    assert changes == [
        (2, "Household Internet Access", "≥ 100 %", "≥ 90 %"),
        (3, "Higher Education Degrees", "No target", f"≤ 0.5 {degrees.unit}".strip()),
        (4, "Household Internet Access", "≥ 90 %", "No target"),
    ]
    assert targets_edition_current(edition_current()).number == 4


def test_a_refused_change_makes_no_edition_and_changes_nothing(secretariat, internet):
    with pytest.raises(ValidationError) as refused:
        target_set(data_point=internet, direction="higher", value=Decimal("-1"), source="", reason="",
                   actor=secretariat)
    assert refused.value.message_dict == {
        "value": ["The target must be a number of zero or more."],
        "source": ["Give the source of the target."],
        "reason": ["Say why the targets change; the reason is kept with the edition."],
    }
    assert TargetsEdition.objects.count() == 1 and Target.objects.get(data_point=internet).value == 100


def test_an_import_is_one_edition_for_all_its_rows_and_none_when_nothing_changes(secretariat, internet, degrees):
    rows = [row(internet, "higher", "80", "Review"), row(degrees, "higher", "25000", "Review")]

    result = targets_import(rows=rows, edition=edition_current(), reason="Yearly review", actor=secretariat)

    assert (result.created, result.changed, result.unchanged, result.edition.number) == (1, 1, 0, 2)
    assert result.edition.changes.count() == 2 and result.edition.created_by == secretariat
    again = targets_import(rows=rows, edition=edition_current(), reason="Yearly review", actor=secretariat)
    assert (again.edition, again.unchanged) == (None, 2)
    assert TargetsEdition.objects.count() == 2


def test_an_import_with_a_bad_row_makes_no_edition(secretariat, internet, degrees):
    rows = [row(internet, "higher", "80", "Review"), row(degrees, "higher", "-4", "Review")]
    result = targets_import(rows=rows, edition=edition_current(), reason="Yearly review", actor=secretariat)
    assert result.errors == [(3, f"{degrees.kpi.code} / {degrees.name}", "the target must be a number of zero or more")]
    assert TargetsEdition.objects.count() == 1 and Target.objects.get(data_point=internet).value == 100


def test_import_targets_on_the_command_line_makes_an_edition_with_its_reason(tmp_path, internet):
    path = tmp_path / "targets.csv"
    path.write_text("code,data_point,direction,target,source\n"
                    f"{internet.kpi.code},{internet.name},higher,70,Command\n", encoding="utf-8")
    out = tmp_path / "out.txt"

    call_command("import_targets", str(path), "--reason", "Board decision of March", stdout=out.open("w"))

    assert "Targets edition 2." in out.read_text()
    edition = TargetsEdition.objects.get(number=2)
    assert (edition.reason, edition.created_by) == ("Board decision of March", None)


def test_the_history_page_lists_each_edition_with_its_changes(client, secretariat, city_user, internet):
    target_set(data_point=internet, direction="higher", value=Decimal("90"), source="S", reason="Regional goal",
               actor=secretariat)
    client.force_login(city_user)

    html = client.get(reverse("kpis:targets_history")).content.decode()

    assert html.index("Targets edition 2") < html.index("Targets edition 1")
    assert "Regional goal" in html and "≥ 100 %</td><td>≥ 90 %" in html
    assert secretariat.username in html or secretariat.get_full_name() in html


def test_the_history_page_runs_the_same_queries_for_one_edition_and_for_three(client, secretariat, internet,
                                                                             django_assert_num_queries):
    client.force_login(secretariat)
    client.get(reverse("kpis:targets_history"))
    with django_assert_num_queries(9):
        client.get(reverse("kpis:targets_history"))
    for number in (70, 80):
        target_set(data_point=internet, direction="higher", value=Decimal(number), source="S", reason="R",
                   actor=secretariat)
    with django_assert_num_queries(9):
        assert "Targets edition 3" in client.get(reverse("kpis:targets_history")).content.decode()
