from django.db import migrations


def fill(apps, schema_editor):
    from articles import cards

    cards.rebuild(apps)
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        # SQLite added the card columns by copying the table, which drops the planner's
        # statistics of it: without them, list pages may pick a slower index.
        table = apps.get_model("articles", "Article")._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


class Migration(migrations.Migration):
    """The cards of the articles already there."""

    dependencies = [("articles", "0013_article_cards")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
