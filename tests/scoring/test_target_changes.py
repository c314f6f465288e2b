"""Changing a target rescores the values it affects, except in signed-off submissions."""
from decimal import Decimal

from django.core.management import call_command
from django.urls import reverse

from kpis import services
from kpis.models import DataPoint, Target
from submissions.models import Value

INTERNET = ("EC: ICT: ICT: 1C", "Household Internet Access")  # higher is better, target 100
DEGREES = ("SC: EH: ED: 3C", "Higher Education Degrees")  # no target
PM10 = ("EN: EN: AQ: 1C", "Particulate Matter (PM10)")  # lower is better, target 15; Ålesund 15


def data_point(code, name):
    return DataPoint.objects.get(kpi__code=code, name=name)


def target_set(*, data_point, value, source):
    """Give a data point a higher-is-better target as the targets page does: a new targets edition."""
    return services.target_set(data_point=data_point, direction="higher", value=value, source=source,
                               reason="A test of rescoring", actor=None)


def stored(submission, code, name):
    return Value.objects.get(submission=submission, data_point__kpi__code=code, data_point__name=name)


def test_changing_a_target_rescores_the_values_of_draft_submissions(submission, set_value):
    set_value(submission, *INTERNET, number="40")

    target_set(data_point=data_point(*INTERNET), value=Decimal("80"), source="A test target")

    value = stored(submission, *INTERNET)
    assert (value.percent_of_target, value.band, value.scored_target) == (Decimal("50"), 2, Decimal("80"))


def test_rescoring_keeps_the_value_its_version_and_its_history(submission, set_value):
    before = set_value(submission, *INTERNET, number="40")
    history = before.history.count()

    target_set(data_point=data_point(*INTERNET), value=Decimal("80"), source="A test target")

    after = stored(submission, *INTERNET)
    assert (after.number, after.version, after.history.count()) == (Decimal("40"), before.version, history)


def test_a_new_target_scores_values_that_had_none(submission, set_value):
    set_value(submission, *DEGREES, number="20000")

    target_set(data_point=data_point(*DEGREES), value=Decimal("25000"), source="A test target")

    value = stored(submission, *DEGREES)
    assert (value.score_status, value.percent_of_target, value.band) == (Value.SCORED, Decimal("80"), 3)


def test_removing_a_target_leaves_data_reported_no_target_yet(submission, set_value):
    set_value(submission, *INTERNET, number="80")

    services.target_remove(data_point=data_point(*INTERNET), reason="Under review", actor=None)

    value = stored(submission, *INTERNET)
    assert (value.score_status, value.band, value.scored_target) == (Value.NO_TARGET, None, None)


def test_a_signed_off_submission_keeps_the_scores_it_was_signed_off_with(alesund, other_submission, set_value):
    set_value(other_submission, *PM10, number="15")
    signed = stored(alesund, *PM10)
    assert (signed.band, signed.scored_target) == (4, Decimal("15"))

    services.target_set(data_point=data_point(*PM10), direction="lower", value=Decimal("3"), source="A test target",
                        reason="A test of rescoring", actor=None)

    signed = stored(alesund, *PM10)
    assert (signed.percent_of_target, signed.band, signed.scored_target) == (Decimal("100"), 4, Decimal("15"))
    assert stored(other_submission, *PM10).band == 1


def test_recompute_scores_command_rescores_every_value_not_signed_off(alesund, other_submission, set_value):
    set_value(other_submission, *INTERNET, number="80")
    # Scores gone stale behind the service's back, e.g. targets loaded straight into the database.
    Target.objects.filter(data_point=data_point(*INTERNET)).update(value=Decimal("160"))
    Target.objects.filter(data_point=data_point("SC: EH: ED: 1C", "Student ICT Access")).delete()

    call_command("recompute_scores", stdout=open("/dev/null", "w"))

    assert stored(other_submission, *INTERNET).band == 2
    assert stored(alesund, *INTERNET).band == 4
    assert stored(alesund, "SC: EH: ED: 1C", "Student ICT Access").score_status == Value.SCORED


def test_the_admin_shows_targets_but_changes_them_only_on_the_targets_page(client, superuser):
    target = Target.objects.get(data_point=data_point(*INTERNET))
    client.force_login(superuser)

    changelist = client.get(reverse("admin:kpis_target_changelist")).content.decode()
    assert reverse("kpis:targets") in changelist and reverse("kpis:targets_import") in changelist
    response = client.post(reverse("admin:kpis_target_change", args=[target.pk]), {
        "data_point": target.data_point_id, "direction": "higher", "value": "160", "yes_no": "unknown",
        "source": "Revised behind the editions' backs",
    })
    assert response.status_code == 403
    assert client.post(reverse("admin:kpis_target_delete", args=[target.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:kpis_target_add")).status_code == 403
    target.refresh_from_db()
    assert (target.value, target.source) == (Decimal("100"), "SDG target 9.c: universal and affordable access to the Internet")


def test_admin_action_recomputes_the_scores_of_the_selected_data_points(client, superuser, submission, set_value):
    set_value(submission, *INTERNET, number="80")
    Target.objects.filter(data_point=data_point(*INTERNET)).update(value=Decimal("160"))
    client.force_login(superuser)

    response = client.post(reverse("admin:kpis_datapoint_changelist"), {
        "action": "recompute_scores", "_selected_action": [data_point(*INTERNET).pk],
    }, follow=True)

    assert "Scores recomputed: 1 value(s) changed." in response.content.decode()
    assert stored(submission, *INTERNET).band == 2
