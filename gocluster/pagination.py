"""One way to page a list: the page number travels in the query parameter `seite` (German URLs), and
every paginated page renders templates/includes/pagination.html."""

from django.core.paginator import Page, Paginator

PAGE_PARAM = "seite"


def paginate(request, items, per_page: int) -> Page:
    """The page of `items` the request asks for; a missing or invalid number gives the first page, a number
    past the end the last one."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def other_params(request) -> str:
    """The request's query string without the page number, for links to other pages of the same list."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()
