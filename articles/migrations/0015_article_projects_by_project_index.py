from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_fill_article_cards"),
    ]

    # A production's page sorts its coverage by date from the links: from this index, without
    # reading each link's row. The link table is created for the relation, which has no model
    # to declare an index on.
    operations = [
        migrations.RunSQL(
            'CREATE INDEX "article_projects_by_project" '
            'ON "articles_article_projects" ("project_id", "article_id")',
            'DROP INDEX "article_projects_by_project"',
        ),
    ]
