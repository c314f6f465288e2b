"""The comparison is rendered once per choice and kept: asked again it reads nothing but the stamps, and whatever
it shows (a publication, a corrected value, a renamed category, the language, signed-off data) shows at once."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kpis.models import Category
from kpis.selectors import edition_current
from submissions import roles
from submissions.models import Submission, Value
from submissions.scores import value_score
from verification.models import Assignment
from verification.services import submission_publish

from .conftest import broadband, make_city, make_submission
from .test_compare import compare, rows


@pytest.fixture
def cities(db):
    make_submission(make_city("oslo", "Oslo"), 2020, broadband_percent=45)
    make_submission(make_city("nairobi", "Nairobi", country="Kenya"), 2020, broadband_percent=70)
    return make_submission(make_city("bergen", "Bergen"), 2020, broadband_percent=99, state=Submission.VERIFIED)


def comparison(response):
    page = response.content.decode()
    return page[page.index('class="public-compare-form'):page.index("</main>")]


def ict():
    return Category.objects.get(name="ICT Infrastructure", dimension__edition=edition_current())


@pytest.mark.django_db
def test_the_same_choices_asked_again_are_answered_from_what_was_kept(client, cities, django_assert_max_num_queries):
    first = compare(client, sort="city", country="")
    # The same choices in another order are the same comparison.
    url = reverse("public:compare") + f"?sort=city&country=&measure=data_point-{broadband().pk}"
    with django_assert_max_num_queries(0):
        again = client.get(url)
    assert comparison(again) == comparison(first)
    assert rows(again) == ["Nairobi Kenya 2020 70 % 95+ % of target", "Oslo Norway 2020 45 % 66 - 95 % of target"]


@pytest.mark.django_db
def test_a_publication_shows_at_once(client, make_user, cities):
    assert "Bergen" not in " ".join(rows(compare(client)))
    submission_publish(submission_id=cities.pk, actor=make_user("boss", roles.SECRETARIAT))
    assert rows(compare(client))[0] == "Bergen Norway 2020 99 % 95+ % of target"


@pytest.mark.django_db
def test_a_corrected_value_shows_at_once(client, cities):
    assert rows(compare(client))[1] == "Oslo Norway 2020 45 % 66 - 95 % of target"
    value = Value.objects.get(submission__city__slug="oslo", data_point=broadband())
    value.number = Decimal(12)
    value_score(value)
    value.save()
    assert rows(compare(client))[1] == "Oslo Norway 2020 12 % Less than 33 % of target"


@pytest.mark.django_db
def test_a_renamed_category_and_the_language_show_at_once(client, cities):
    asked = {"measure": f"category-{ict().pk}", "sort": "city"}
    page = client.get(reverse("public:compare"), asked).content.decode()
    assert 'id="result-title">Category score: Economy / ICT Infrastructure</h2>' in page
    category = ict()
    category.name_en, category.name_fr = "Digital Infrastructure", "Infrastructure numérique"
    category.save()
    page = client.get(reverse("public:compare"), asked).content.decode()
    assert 'id="result-title">Category score: Economy / Digital Infrastructure</h2>' in page
    french = client.get(reverse("public:compare"), asked, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert re.search(r'id="result-title">[^<]*Infrastructure numérique</h2>', french)
    assert 'id="result-title">Category score: Economy / Digital Infrastructure</h2>' in (
        client.get(reverse("public:compare"), asked, HTTP_ACCEPT_LANGUAGE="en").content.decode())


@pytest.mark.django_db
def test_signed_off_data_is_kept_apart_and_a_verifier_sees_only_that_of_their_assignments(client, make_user, cities):
    client.force_login(make_user("boss", roles.SECRETARIAT))
    assert "Bergen" in rows(compare(client, signed_off="on"))[0]
    assert "Bergen" not in " ".join(rows(compare(client)))
    assigned, other = make_user("assigned", roles.VERIFIER), make_user("other", roles.VERIFIER)
    Assignment.objects.create(submission=cities, verifier=assigned)
    client.force_login(assigned)
    assert "Bergen" in rows(compare(client, signed_off="on"))[0]
    client.force_login(other)
    assert "Bergen" not in " ".join(rows(compare(client, signed_off="on")))
