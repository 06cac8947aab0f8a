from django import template

from newsroom import rendering

register = template.Library()

register.simple_tag(rendering.picture)
register.filter("jsonld", rendering.jsonld)
register.filter("breadcrumb_list", rendering.breadcrumb_list)
register.filter("absolute", rendering.absolute_url)
register.filter("iso", rendering.iso)
