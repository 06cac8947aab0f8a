from django.db import migrations

# An article's links to its subjects (Article's many-to-many fields), each table with the column
# naming the subject.
LINKS = [
    ("people", "person_id"),
    ("organisations", "organisation_id"),
    ("projects", "project_id"),
    ("authors", "author_id"),
]


def _index(relation, column):
    table, name = f"articles_article_{relation}", f"article_{relation}_by_subject"
    return migrations.RunSQL(
        f'CREATE INDEX "{name}" ON "{table}" ("{column}", "article_id")',
        f'DROP INDEX "{name}"',
    )


class Migration(migrations.Migration):
    """A subject's articles, from its links alone: a page of a subject's list that follows its
    links (articles/lists.py) reads the articles' ids from the index of the subject, without
    reading each link's row for it. (The tables are Django's own for the many-to-many fields,
    which take no Meta indexes.)"""

    dependencies = [("articles", "0015_feed_entries")]

    operations = [_index(relation, column) for relation, column in LINKS]
