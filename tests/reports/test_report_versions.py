"""Every issued report is kept: numbered versions with their snapshot, the stored file for unchanged data, two
versions compared, and an old version rendered again from its snapshot reads the same."""
import hashlib
import json
import re
import time
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports import services, tasks
from reports.formatting import value_text
from reports.selectors import report_label
from reports.models import ReportRequest, ReportText, ReportVersion
from submissions.models import Value
from submissions.services import ALL_FIELDS, ValueInput, value_set
from verification.demo import ALESUND_BACKGROUND
from verification.models import Review
from verification.services import (
    review_record, submission_publish, submission_reopen, submission_sign_off, submission_withdraw,
)

from .conftest import flat, pdf_pages


@pytest.fixture
def people(alesund, django_user_model, make_user, other_city):
    from submissions import roles

    people = {user.username: user for user in django_user_model.objects.all()}
    people["other city"] = make_user("bergen-staff", roles.CITY_STAFF, city=other_city)
    people["other verifier"] = make_user("unassigned", roles.VERIFIER)
    return people


def issue(submission, person):
    """Ask for the report, and render it here as the worker would; the request, once ready."""
    request = tasks.report_request(submission_id=submission.pk, actor=person)
    if request.state == ReportRequest.QUEUED:
        assert services.report_claim(request_id=request.pk)
        request = services.report_render(request_id=request.pk)
    return request


def value_of(submission, kpi_name):
    return Value.objects.get(submission=submission, data_point__kpi__name=kpi_name)


def correct_two_figures(submission, people):
    """Reopened, one scored figure cut to a tenth of its target and Life Expectancy withdrawn by the city,
    verified, signed off and published again; (label, text before, text after) of the scored one."""
    scored = (Value.objects.filter(submission=submission, score_status=Value.SCORED, band=4, scored_direction="higher",
                                   data_point__value_kind="percent")
              .select_related("data_point__kpi").in_catalogue_order().first())
    before = value_text(scored)
    submission_reopen(submission_id=submission.pk, actor=people["secretariat"], reason="Two figures to correct.")
    typed = ValueInput(**{field: getattr(scored, field) for field in ALL_FIELDS})
    scored = value_set(value_id=scored.pk, actor=people["secretariat"],
                       data=replace(typed, number=(scored.scored_target / 10).quantize(Decimal("0.01")),
                                    numerator=None, denominator=None))
    assert scored.band == 1
    life = value_of(submission, "Life Expectancy")
    value_set(value_id=life.pk, actor=people["secretariat"],
              data=ValueInput(not_reported=True, not_reported_reason="Withdrawn by the statistics office."))
    review_record(value_id=scored.pk, actor=people["verifier"], status=Review.VERIFIED)
    submission_sign_off(submission_id=submission.pk, actor=people["verifier"], **ALESUND_BACKGROUND)
    submission_publish(submission_id=submission.pk, actor=people["secretariat"])
    return report_label(scored.data_point), before, value_text(scored)


def text_of(pdf, tmp_path):
    return flat(" ".join(pdf_pages(pdf, tmp_path)))


@pytest.mark.django_db
def test_a_signed_off_report_is_version_1_with_its_snapshot_and_asking_again_gives_the_stored_file_at_once(
        client, people, alesund):
    first = issue(alesund, people["secretariat"])
    version = ReportVersion.objects.get(pk=first.version_id)  # as stored: the JSON round-trips to the same digest
    assert (first.state, version.number, version.published, version.requested_by) == (
        ReportRequest.READY, 1, True, people["secretariat"])
    assert first.pdf.name == version.pdf.name and version.pdf.read().startswith(b"%PDF")
    snapshot = version.snapshot
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert version.digest == hashlib.sha256(canonical).hexdigest()
    assert snapshot["format"] == 1 and snapshot["issue"] == {"status": "published", "dated": "2020-06-01"}
    assert snapshot["submission"]["city"] == "Ålesund" and snapshot["submission"]["year"] == 2019
    assert snapshot["catalogue"]["edition"] == alesund.edition_id
    assert snapshot["targets"]["edition"]["number"] == 1 and len(snapshot["targets"]["snapshot"]) == 112
    assert len(snapshot["values"]) == 112 and len(snapshot["reviews"]) == 107
    assert snapshot["sign_off"]["verifier_name"] == "Jonas Smith"

    # Unchanged data: ready at once with the same file; nothing is rendered, no version added.
    client.force_login(people["secretariat"])
    response = client.post(reverse("reports:request", args=[alesund.pk]), follow=True)
    assert "Nothing changed since version 1 was issued" in response.content.decode()
    again = ReportRequest.objects.order_by("-pk").first()
    assert (again.state, again.version, again.pdf.name, again.attempts) == (
        ReportRequest.READY, version, version.pdf.name, 0)
    assert ReportVersion.objects.count() == 1
    assert version.pdf.storage.listdir(f"reports/{alesund.pk}")[1] == [version.pdf.name.rsplit("/", 1)[1]]


@pytest.mark.django_db
def test_changed_data_is_the_next_version_and_the_comparison_shows_values_bands_and_counts(client, people, alesund):
    one = issue(alesund, people["secretariat"]).version
    label, before, after = correct_two_figures(alesund, people)
    two = issue(alesund, people["secretariat"]).version
    assert (two.number, two.digest != one.digest) == (2, True)
    # Withdrawn: the cover changes, so does the version.
    submission_withdraw(submission_id=alesund.pk, actor=people["secretariat"], reason="Again.")
    three = issue(alesund, people["secretariat"]).version
    assert (three.number, three.published) == (3, False)

    client.force_login(people["verifier"])
    page = client.get(reverse("reports:versions", args=[alesund.pk])).content.decode()
    for version in (one, two, three):
        assert version.digest[:12] in page and reverse("reports:version_download", args=[version.pk]) in page
    compare = reverse("reports:versions_compare", args=[alesund.pk])
    page = client.get(compare, {"older": 1, "newer": 2}).content.decode()
    values = page.split('id="value-changes"', 1)[1].split("</table>", 1)[0]
    assert values.count("<tr>") == 3  # the heading and the two data points
    assert label in values and before in values and after in values
    assert "95+ % of target" in values and "Less than 33 % of target" in values
    assert "Life Expectancy" in values and "82.20 Years" in values and "Not reported" in values
    counts = flat(re.sub(r"<[^>]+>", " ", page.split('id="count-changes"', 1)[1].split("</table>", 1)[0]))
    assert "Table 2 (KPIs) Total 91 / 88 / 88 91 / 87 / 87" in counts
    assert "Table 3 (data points) Total 112 / 107 / 107 112 / 106 / 106" in counts
    assert "Society &amp; Culture: Core Data Points" in counts
    page = client.get(compare, {"older": 2, "newer": 3}).content.decode()
    assert "No value or band changed." in page and "No count changed." in page
    assert "Cover: Published" in page and "Signed off, not yet published" in page
    # The same version twice, or one that does not exist, is answered beside the field.
    response = client.get(compare, {"older": 2, "newer": 2})
    assert response.status_code == 400 and "Choose two different versions." in response.content.decode()
    assert client.get(compare, {"older": 1, "newer": 9}).status_code == 400


@pytest.mark.django_db
def test_an_old_version_rendered_again_from_its_snapshot_gives_the_same_text(people, alesund, tmp_path):
    one = issue(alesund, people["secretariat"]).version
    label, before, after = correct_two_figures(alesund, people)
    ReportText.objects.create(key=ReportText.FOREWORD, body="A foreword written after version 1.")
    two = issue(alesund, people["secretariat"]).version

    stored = text_of(one.pdf.read(), tmp_path)
    again = text_of(services.report_pdf_from(one.snapshot), tmp_path)
    assert again == stored
    assert f"{label} {before}" in again and f"{label} {after}" not in again and "A foreword written after version 1." not in again
    # The live report is the new data's: the comparison above could fail.
    latest = text_of(two.pdf.read(), tmp_path)
    assert f"{label} {after}" in latest and "A foreword written after version 1." in latest


@pytest.mark.django_db
def test_versions_and_comparisons_are_for_the_secretariat_and_the_verifier_the_city_gets_its_published_ones(
        client, people, alesund):
    unpublished = ReportVersion.objects.create(submission=alesund, number=1, snapshot={}, digest="1" * 64)
    published = ReportVersion.objects.create(submission=alesund, number=2, snapshot={}, digest="2" * 64,
                                             published=True)
    for version in (unpublished, published):
        version.pdf.save(f"v{version.number}.pdf", ContentFile(b"%PDF-1.7 version"))
    page_url = reverse("reports:versions", args=[alesund.pk])
    compare_url = reverse("reports:versions_compare", args=[alesund.pk])

    def seen(who):
        client.force_login(people[who])
        page = client.get(page_url)
        if page.status_code != 200:
            return page.status_code
        listed = [number for number in (1, 2) if f'data-version="{number}"' in page.content.decode()]
        downloads = [client.get(reverse("reports:version_download", args=[v.pk])).status_code
                     for v in (unpublished, published)]
        return listed, downloads, client.get(compare_url).status_code

    expected = {"secretariat": ([1, 2], [200, 200], 200), "verifier": ([1, 2], [200, 200], 200),
                "city": ([2], [404, 200], 403), "other city": 404, "other verifier": 404}
    assert {who: seen(who) for who in expected} == expected
    submission_withdraw(submission_id=alesund.pk, actor=people["secretariat"], reason="Not yet.")
    assert seen("city") == ([], [404, 404], 403)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 3])
def test_the_versions_page_and_the_comparison_take_the_same_queries_for_one_or_many(
        client, people, alesund, count, django_assert_num_queries):
    snapshot = services.snapshots.report_snapshot(alesund)
    for number in range(1, count + 2):
        ReportVersion.objects.create(submission=alesund, number=number, snapshot=snapshot, digest=f"{number:064d}",
                                     requested_by=people["secretariat"])
    client.force_login(people["secretariat"])
    with django_assert_num_queries(8):
        assert client.get(reverse("reports:versions", args=[alesund.pk])).status_code == 200
    with django_assert_num_queries(10):
        response = client.get(reverse("reports:versions_compare", args=[alesund.pk]), {"older": 1, "newer": 2})
    assert response.status_code == 200


@pytest.mark.services
def test_with_a_worker_the_first_request_renders_version_1_and_the_second_is_ready_at_once(
        celery_worker_process, alesund, client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.get(username="secretariat"))
    client.post(reverse("reports:request", args=[alesund.pk]))
    status_url = reverse("reports:status", args=[alesund.pk])
    deadline = time.monotonic() + 90
    while (rows := client.get(status_url).json()["reports"])[0]["state"] not in ("ready", "failed"):
        assert time.monotonic() < deadline, rows
        time.sleep(0.5)
    assert rows[0]["state"] == "ready", rows[0]["error"]
    first = b"".join(client.get(rows[0]["download_url"]).streaming_content)
    assert "June 2020" in text_of(first, tmp_path)

    started = time.perf_counter()
    client.post(reverse("reports:request", args=[alesund.pk]))
    rows = client.get(status_url).json()["reports"]
    assert time.perf_counter() - started < 2
    assert [row["state"] for row in rows] == ["ready", "ready"]
    assert b"".join(client.get(rows[0]["download_url"]).streaming_content) == first
    second = ReportRequest.objects.get(pk=rows[0]["id"])
    assert (second.version.number, second.attempts, ReportVersion.objects.count()) == (1, 0, 1)
