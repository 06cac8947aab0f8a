"""Rows written out as strings escape what editors type as the templates do."""

from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment

from newsroom.rendering import text
from spacecinema.tests.hostile_text import hostile_text

TEMPLATE = Environment(autoescape=True).from_string("{{ value }}")


@given(st.one_of(hostile_text(300), st.text()))
def test_text_is_escaped_as_a_template_writes_it(value):
    assert text(value) == TEMPLATE.render(value=value)
