from django.db import models


class SearchEntry(models.Model):
    """One searchable thing, as folded words (see search.text); the index proper sits beside it.

    SQLite keeps an FTS5 table in step with this one through triggers; PostgreSQL keeps a
    generated tsvector column with a GIN index. Both are made by this app's migrations, so
    every write to this table updates the index in the same transaction.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "People"
        PROJECT = "project", "Productions"
        ORGANISATION = "organisation", "Organisations"
        ARTICLE = "article", "Articles"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    title = models.TextField(help_text="Headline, name or title: weighs most.")
    names = models.TextField(
        blank=True,
        help_text="Other names, one a line between newlines (articles: standfirst and tags).",
    )
    body = models.TextField(blank=True)
    # Null only in no index this app has written: its migration fills every entry before.
    result = models.TextField(
        null=True,
        help_text="What the result shows, as JSON (see search.documents.Document.result).",
    )

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
