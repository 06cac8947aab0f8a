"""The error pages answer without the database: a 404 or a 500 must not need the thing that
may be what failed. (No database mark here: any query would raise.)"""

from django.http import Http404
from django.test import RequestFactory
from django.urls import include, path
from django.views.defaults import server_error


def missing(request):
    raise Http404("No such thing")


urlpatterns = [path("missing/", missing), path("", include("spacecinema.urls"))]


def test_a_missing_page_answers_404_in_the_site_design_without_the_database(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Lost in space" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/news/"' in html


def test_a_404_raised_in_a_view_gets_the_same_page(client, settings):
    settings.ROOT_URLCONF = __name__
    response = client.get("/missing/")
    assert response.status_code == 404
    assert "Lost in space" in response.content.decode()


def test_the_server_error_page_answers_without_the_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Houston, we have a problem" in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html
