"""One pagination: the page number in `seite`, one template that keeps the filters and serves htmx panels."""

from django.template.loader import render_to_string
from django.test import RequestFactory

from gocluster.pagination import PAGE_PARAM, other_params, paginate


def _page(query: str, items=range(60), per_page=25):
    return paginate(RequestFactory().get(f"/liste/?{query}"), list(items), per_page)


def test_the_page_number_travels_in_seite():
    assert PAGE_PARAM == "seite"
    assert _page("seite=2").number == 2
    assert _page("page=2").number == 1
    assert _page("seite=kaputt").number == 1
    assert _page("seite=99").number == 3


def test_other_params_drop_only_the_page_number():
    assert other_params(RequestFactory().get("/liste/?bundesland=BY&seite=2&q=licht")) == "bundesland=BY&q=licht"


def test_links_keep_the_filters_and_mark_the_current_page():
    html = render_to_string("includes/pagination.html", {"page": _page("seite=2"), "query": "tab=held"})
    assert '<nav aria-label="Seiten">' in html
    assert 'href="?tab=held&amp;seite=1"' in html and 'href="?tab=held&amp;seite=3"' in html
    assert '<li class="page-item active" aria-current="page"><span class="page-link">Seite 2 von 3</span>' in html
    assert "Zurück" in html and "Weiter" in html and "hx-get" not in html


def test_first_page_has_no_previous_link_and_a_single_page_no_nav():
    html = render_to_string("includes/pagination.html", {"page": _page("")})
    assert 'href="?seite=2"' in html and "Zurück" not in html
    assert render_to_string("includes/pagination.html", {"page": _page("", items=range(3))}).strip() == ""


def test_htmx_panel_links_load_the_panel():
    html = render_to_string("includes/pagination.html", {
        "page": _page("seite=2"), "label": "Seiten der E-Mail-Liste", "small": True,
        "hx_get": "/panel/", "hx_target": "#case-mails-7"})
    assert '<nav aria-label="Seiten der E-Mail-Liste">' in html and 'class="pagination pagination-sm"' in html
    assert 'href="?seite=3" hx-get="/panel/?seite=3" hx-target="#case-mails-7"' in html
