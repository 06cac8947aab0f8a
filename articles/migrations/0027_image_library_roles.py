"""Writers and editors get the image library: writers add and pick pictures, editors also
change and delete them."""

from django.db import migrations

from articles.roles import create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0026_translations"),
        ("newsroom", "0002_image_library"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
