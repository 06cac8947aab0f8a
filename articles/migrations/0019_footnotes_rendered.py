from django.db import migrations

# Text stored before footnotes were rendered shows "text[^1]" as a link to the address its
# "[^1]: note" gave; only text holding "[^" can differ.
FOOTNOTED = "[^"


def render_footnotes(apps, schema_editor):
    from articles import feed_entries
    from articles.models import Article, render_correction
    from newsroom.text import render_markdown
    from people.models import Organisation, Person
    from projects.models import Project
    from search import index

    # An article's body carries the links to its subjects, which need the models' own code.
    articles = list(
        apps.get_model("articles", "Article")
        .objects.filter(body__contains=FOOTNOTED)
        .values_list("pk", flat=True)
    )
    Article.objects.filter(pk__in=articles).relink_mentions()
    index.index_objects(Article, articles)

    Correction = apps.get_model("articles", "Correction")
    corrected = set()
    for correction in Correction.objects.filter(text__contains=FOOTNOTED):
        correction.text_html = render_correction(correction.text, correction.made_at)
        correction.save(update_fields=["text_html"])
        corrected.add(correction.article_id)
    feed_entries.refresh(corrected, apps)

    for app, name, source, target, indexed in [
        ("articles", "Author", "bio", "bio_html", None),
        ("people", "Person", "bio", "bio_html", Person),
        ("people", "Organisation", "description", "description_html", Organisation),
        ("projects", "Project", "synopsis", "synopsis_html", Project),
    ]:
        rows = list(apps.get_model(app, name).objects.filter(**{f"{source}__contains": FOOTNOTED}))
        for row in rows:
            setattr(row, target, render_markdown(getattr(row, source)))
            row.save(update_fields=[target])
        if indexed is not None:
            index.index_objects(indexed, [row.pk for row in rows])


class Migration(migrations.Migration):
    """Markdown holding footnotes is rendered again, with the articles' feed entries and the
    search index's words: before, "text[^1]" was a link to the address "[^1]: note" gave."""

    dependencies = [
        ("articles", "0018_content_named_lead_images"),
        ("people", "0002_content_named_photos_and_logos"),
        ("projects", "0002_content_named_posters"),
        ("search", "0005_results_kept_with_entries"),
    ]

    operations = [migrations.RunPython(render_footnotes, migrations.RunPython.noop)]
