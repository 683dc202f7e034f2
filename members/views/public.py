"""The public member directory and its figures. No login; only what members publish in their profile."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from gocluster.pagination import other_params, paginate
from members.enums import LabelLevel
from members.forms import DirectoryFilterForm
from members.selectors.charts import bar_chart, tile_map
from members.selectors.directory import directory_figures, directory_members, directory_search

PER_PAGE = 25


def _name_labels(members) -> None:
    for member in members:
        member.label_name = LabelLevel(member.label_level).label if member.label_level else ""


def directory(request):
    today = timezone.localdate()
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = directory_search(today=today, **{k: v for k, v in filters.items() if v})
    page = paginate(request, members, PER_PAGE)
    _name_labels(page.object_list)
    figures = directory_figures(today=today)
    return render(request, "members/public/directory.html", {
        "form": form, "page": page, "figures": figures, "query": other_params(request),
        "land_chart": bar_chart([(name, n) for _code, name, n in figures.by_land]),
        "field_chart": bar_chart(figures.by_field),
        "label_chart": bar_chart(figures.by_label),
        "map": tile_map(figures.by_land),
    })


def profile(request, pk):
    member = directory_members(today=timezone.localdate()).filter(pk=pk).first()
    if member is None:
        raise Http404
    _name_labels([member])
    return render(request, "members/public/profile.html", {"member": member})
