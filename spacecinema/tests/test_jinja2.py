"""The public pages' Jinja2 environment reads templates as Jinja2 itself does."""

from types import SimpleNamespace

import jinja2
import pytest

from spacecinema.jinja2 import PageEnvironment

TEMPLATE = (
    "{{ row.name }}|{{ row.missing is defined }}|{{ row.items is callable }}"
    "|{% for key, value in row.items() %}{{ key }}={{ value }};{% endfor %}"
    "|{{ row.get('name') }}|{{ thing.name }}|{{ thing.missing is defined }}"
)


@pytest.mark.parametrize(
    "row",
    [
        {"name": "Ana <b>", "url": "/people/ana/"},
        # Keys named like a dict's own methods: the methods win, as in Jinja2.
        {"name": "x", "items": "a key", "get": "another", "keys": 3},
        {},
    ],
)
def test_dict_rows_read_as_jinja2_reads_them(row):
    thing = SimpleNamespace(name="Thing & co")
    expected = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    page = PageEnvironment(autoescape=True).from_string(TEMPLATE)

    assert page.render(row=row, thing=thing) == expected.render(row=row, thing=thing)
