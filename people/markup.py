"""What every subject's page (a person's, an organisation's, a production's) shows besides its
own facts, written as strings, each value escaped once: its picture, its tags, and its coverage
with the page's cards, the links between pages and its feeds. Written as the macros in
people/jinja2/people/macros.html wrote them, without a template call for each part.
"""

from markupsafe import Markup, escape

from newsroom.rendering import pagination_html, picture, plural, tag_list_html, text, url


def tags_section(tags):
    """A subject's tags (rows with `name` and `url`), under their heading; "" for none."""
    if not tags:
        return Markup("")
    return Markup(
        '\n<section aria-labelledby="tags-heading">\n  <h2 id="tags-heading">Tags</h2>\n  '
        f"{tag_list_html(tags)}\n</section>\n"
    )


def coverage(page, cards, subject, feed, slug):
    """The published articles about `subject` (its name), a `page` of them at a time (`cards`:
    the page's cards written out, each item between "\n    <li>" and "</li>\n    "), with
    links to its feeds: `feed` is their URL name without the format ("feeds:person")."""
    name = escape(subject)
    if page.object_list:
        count = page.paginator.count
        listed = (
            f'\n  <p class="meta">{count} article{plural(count)} about {name}.</p>\n'
            '  <ul class="coverage-list">\n    '
            f"{cards}\n  </ul>\n  "
            f"{pagination_html(page)}\n  "
        )
    else:
        listed = f'\n  <p class="empty">We have not published anything about {name} yet.</p>\n  '
    feeds = [text(url(f"{feed}-{format}", slug)) for format in ("rss", "atom", "json")]
    return Markup(
        '<section class="coverage" aria-labelledby="coverage-heading">\n'
        f'  <h2 id="coverage-heading">Coverage</h2>\n  {listed}\n'
        f'  <p class="meta">Follow {name}: <a href="{feeds[0]}">RSS</a>, '
        f'<a href="{feeds[1]}">Atom</a> or <a href="{feeds[2]}">JSON Feed</a>.</p>\n</section>'
    )


def profile_image(image, alt, credit_label, credit):
    """A subject's picture at the head of its page (a StoredImage, or none), with its credit
    ("Photo: ..."); "" without a picture."""
    if not image:
        return Markup("")
    caption = f"<figcaption>{escape(credit_label)}: {escape(credit)}</figcaption>" if credit else ""
    return Markup(
        '\n<figure class="profile-image">\n  '
        f"{picture(image, alt, '(min-width: 48rem) 18rem, 100vw', False)}\n  {caption}\n</figure>\n"
    )
