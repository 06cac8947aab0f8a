"""Post an admin change form back as an editor's browser would, from the page it rendered."""

from html.parser import HTMLParser


class ChangeForm(HTMLParser):
    """The values of every field of a page's forms: what a browser submits for them."""

    def __init__(self, html):
        super().__init__()
        self.data = {}
        self._textarea = None
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, [""])
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            text = self.data[self._textarea][-1] + data
            # A browser skips the newline right after <textarea>.
            self.data[self._textarea][-1] = text.removeprefix("\n")

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)


def form_data(html, **changes):
    """What the page's forms post, with `changes` typed over it."""
    data = {
        name: values if len(values) > 1 else values[0]
        for name, values in ChangeForm(html).data.items()
        if values
    }
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return data
