"""Publication: the secretariat publishes and withdraws (with a reason), the city and the verifier are told, the
city sees a signed-off report awaiting publication, and the cover says how the report was issued."""
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ReportRequest
from submissions.models import Event, Submission
from verification.models import Notification, SignOff

from .conftest import flat, pdf_pages


@pytest.fixture
def people(alesund, django_user_model):
    return {user.username: user for user in django_user_model.objects.all()}


@pytest.fixture
def committed(django_capture_on_commit_callbacks, eager_tasks):
    """Run what a commit runs (handing the e-mail to the worker), with the task in-process."""
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)
    return run


def signed_on(alesund):
    return SignOff.objects.get(submission=alesund).signed_at


@pytest.mark.django_db
def test_withdrawing_needs_a_reason_and_takes_the_submission_back_to_signed_off(client, people, alesund, committed):
    client.force_login(people["secretariat"])
    url = reverse("verification:withdraw", args=[alesund.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Submission.objects.get(pk=alesund.pk).state == Submission.PUBLISHED

    response = committed(client.post, url, {"reason": "The city asked to correct its population figure."})
    assert response.status_code == 302
    alesund.refresh_from_db()
    assert (alesund.state, alesund.published_at, alesund.published_by) == (Submission.VERIFIED, None, None)
    event = Event.objects.filter(submission=alesund).last()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "withdrawn", people["secretariat"], Submission.PUBLISHED, Submission.VERIFIED)
    assert event.reason == "The city asked to correct its population figure."
    message = mail.outbox[-1]
    assert sorted(message.to) == ["city@example.org", "verifier@example.org"]
    assert message.subject == "[U4SSC] Ålesund 2019: publication withdrawn"
    assert "Reason: The city asked to correct its population figure." in message.body
    history = client.get(reverse("verification:history", args=[alesund.pk])).content.decode()
    assert ">Publication withdrawn</th>" in history and "correct its population figure" in history


@pytest.mark.django_db
def test_publishing_records_who_and_when_and_tells_the_city_and_the_verifier(client, people, alesund, committed):
    client.force_login(people["secretariat"])
    committed(client.post, reverse("verification:withdraw", args=[alesund.pk]), {"reason": "Again."})
    mail.outbox.clear()
    before = timezone.now()
    response = committed(client.post, reverse("verification:publish", args=[alesund.pk]), follow=True)
    assert "Ålesund 2019 is published." in response.content.decode()
    alesund.refresh_from_db()
    assert alesund.state == Submission.PUBLISHED and alesund.published_by == people["secretariat"]
    assert alesund.published_at >= before
    # Publishing renders the published report itself: the city is told it is published, then that it is ready.
    assert [message.subject for message in mail.outbox] == [
        "[U4SSC] Ålesund 2019: report published", "[U4SSC] Ålesund 2019: report ready"]
    message = mail.outbox[0]
    assert sorted(message.to) == ["city@example.org", "verifier@example.org"]
    assert f"/reports/submissions/{alesund.pk}/" in message.body


@pytest.mark.django_db
def test_only_the_secretariat_withdraws(client, people, alesund):
    for who in ("city", "verifier"):
        client.force_login(people[who])
        assert client.post(reverse("verification:withdraw", args=[alesund.pk]), {"reason": "No."}).status_code == 403
    assert Submission.objects.get(pk=alesund.pk).state == Submission.PUBLISHED


@pytest.mark.django_db
def test_the_city_sees_a_signed_off_submission_awaiting_publication(client, people, alesund):
    from verification.services import submission_withdraw

    submission_withdraw(submission_id=alesund.pk, actor=people["secretariat"], reason="A second look.")
    client.force_login(people["city"])
    words = f"Signed off on {signed_on(alesund):%-d %B %Y} — awaiting publication by the secretariat"
    page = client.get(reverse("reports:submission", args=[alesund.pk])).content.decode()
    assert words in page and "No report yet" not in page
    assert words in client.get(reverse("reports:index")).content.decode()
    assert words in client.get(reverse("reports:versions", args=[alesund.pk])).content.decode()
    # Published again: the words go.
    from verification.services import submission_publish

    submission_publish(submission_id=alesund.pk, actor=people["secretariat"])
    page = client.get(reverse("reports:submission", args=[alesund.pk])).content.decode()
    assert "awaiting publication" not in page and "No report yet." in page


@pytest.mark.django_db
def test_a_finished_rendering_of_a_signed_off_report_is_announced_once(people, alesund, committed):
    first = ReportRequest.objects.create(submission=alesund, requested_by=people["secretariat"])
    assert services.report_claim(request_id=first.pk)
    committed(services.report_render, request_id=first.pk)
    message = mail.outbox[-1]
    assert sorted(message.to) == ["city@example.org", "verifier@example.org"]
    assert message.subject == "[U4SSC] Ålesund 2019: report ready"
    assert "It is published: you can download it on the platform." in message.body
    # The same data again: the stored version, and no news.
    second = ReportRequest.objects.create(submission=alesund, requested_by=people["secretariat"])
    assert services.report_claim(request_id=second.pk)
    committed(services.report_render, request_id=second.pk)
    assert Notification.objects.filter(submission=alesund, kind=Notification.REPORT_READY).count() == 1


@pytest.mark.django_db
def test_the_cover_prints_the_city_the_data_year_and_how_the_report_was_issued(people, alesund, tmp_path):
    from kpis.selectors import edition_current
    from submissions.services import submission_create
    from verification.services import submission_withdraw

    cover = flat(pdf_pages(services.report_pdf(alesund), tmp_path)[0])
    assert "Verification Report Ålesund, Norway 2019 data June 2020" in cover
    assert "not yet published" not in cover and "DRAFT" not in cover

    submission_withdraw(submission_id=alesund.pk, actor=people["secretariat"], reason="A second look.")
    cover = flat(pdf_pages(services.report_pdf(alesund), tmp_path)[0])
    assert f"2019 data {signed_on(alesund):%B %Y} · signed off, not yet published" in cover

    # A draft: DRAFT and the day it was rendered.
    draft = submission_create(city=alesund.city, year=2021, edition=edition_current(), actor=people["city"])
    cover = flat(pdf_pages(services.report_pdf(draft), tmp_path)[0])
    assert f"2021 data DRAFT · rendered on {timezone.localdate():%-d %B %Y}" in cover


@pytest.mark.django_db
def test_the_secretariat_is_told_when_a_published_submission_has_no_report_issued_since(client, people, alesund):
    from django.core.files.base import ContentFile

    from reports.models import ReportVersion

    client.force_login(people["secretariat"])
    url = reverse("reports:submission", args=[alesund.pk])
    assert "no report was produced since" in client.get(url).content.decode()
    version = ReportVersion(submission=alesund, number=1, snapshot={}, digest="1" * 64, published=True)
    version.pdf.save("v1.pdf", ContentFile(b"%PDF-1.7 version"))
    assert "no report was produced since" not in client.get(url).content.decode()
    client.force_login(people["city"])
    ReportVersion.objects.all().delete()
    assert "no report was produced since" not in client.get(url).content.decode()
