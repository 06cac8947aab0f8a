import datetime

from django import template
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


def opening_period(articles, field):
    """The year, and the month, that every article of the list falls in, if they all do."""
    span = articles.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return None, None
    first, last = timezone.localtime(span["first"]), timezone.localtime(span["last"])
    if first.year != last.year:
        return None, None
    return first.year, first.month if first.month == last.month else None


@register.inclusion_tag("admin/date_hierarchy.html")
def publication_date_hierarchy(cl):
    """Django's date hierarchy for the article list, its years, months and days found by
    publication_periods(): Django's own tag asks datetimes(), which truncates the date of
    every article in the list to find them."""
    field = cl.date_hierarchy
    year_field, month_field, day_field = (f"{field}__{part}" for part in ("year", "month", "day"))
    year, month, day = (cl.params.get(name) for name in (year_field, month_field, day_field))
    if not (year or month or day):
        year, month = opening_period(cl.queryset, field)

    def link(filters):
        return cl.get_query_string(filters, [f"{field}__"])

    hierarchy = {"show": True, "field_name": cl.model._meta.get_field(field).verbose_name}
    if year and month and day:
        date = datetime.date(int(year), int(month), int(day))
        back = {year_field: year, month_field: month}
        return {
            **hierarchy,
            "back": {"link": link(back), "title": capfirst(date_format(date, "YEAR_MONTH_FORMAT"))},
            "choices": [{"title": capfirst(date_format(date, "MONTH_DAY_FORMAT"))}],
        }
    if year and month:
        return {
            **hierarchy,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: start.day}),
                    "title": capfirst(date_format(start, "MONTH_DAY_FORMAT")),
                }
                for start in cl.queryset.publication_periods("day")
            ],
        }
    if year:
        return {
            **hierarchy,
            "back": {"link": link({}), "title": _("All dates")},
            "choices": [
                {
                    "link": link({year_field: year, month_field: start.month}),
                    "title": capfirst(date_format(start, "YEAR_MONTH_FORMAT")),
                }
                for start in cl.queryset.publication_periods("month")
            ],
        }
    return {
        **hierarchy,
        "back": None,
        "choices": [
            {"link": link({year_field: str(start.year)}), "title": str(start.year)}
            for start in cl.queryset.publication_periods("year")
        ],
    }
