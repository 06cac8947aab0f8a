import datetime
import json

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.images import renditions
from newsroom.links import absolute_url

register = template.Library()


@register.simple_tag
def picture(image, alt, sizes="100vw", lazy=True, css_class=""):
    """An <img> with a WebP `srcset` of the image's renditions, its intrinsic size and alt text.

    `lazy=False` for images above the fold (the lead story), so the browser fetches them at once.
    """
    sizes_available = renditions(image)
    if not sizes_available:
        return ""
    srcset = ", ".join(f"{url} {width}w" for url, width, _ in sizes_available)
    src, width, height = sizes_available[min(1, len(sizes_available) - 1)]
    largest_width, largest_height = sizes_available[-1][1:]
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        src,
        srcset,
        sizes,
        largest_width,
        largest_height,
        alt,
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.filter
def jsonld(data):
    """Serialise structured data for a <script type="application/ld+json"> block, safely."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)


@register.filter
def breadcrumb_list(crumbs):
    """schema.org BreadcrumbList for a trail of (name, url) crumbs, with absolute URLs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


@register.filter
def absolute(url):
    """A site-relative URL made whole with SITE_URL, the address pages name themselves at."""
    return absolute_url(url)


@register.filter
def iso(value):
    """ISO 8601 for `datetime` attributes, in whole seconds: HTML allows at most three decimals."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(microsecond=0).isoformat()
    return value.isoformat()
