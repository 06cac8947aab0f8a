"""The apps depend one way: each imports only the apps below it, at module level and inside
functions alike, so that any module can be imported first and no cycle hides in a function.

Tests and migrations are exempt: a test sets up content from every app it needs, and a
migration names the apps its schema depends on.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

# Bottom to top. An app missing from the checkout is simply not checked.
LAYERS = [
    "newsroom",
    "search",
    "people",
    "projects",
    "articles",
    "tags",
    "alerts",
    "api",
    "demo",
    "spacecinema",
]

EXEMPT_FOLDERS = {"tests", "migrations"}


def is_exempt(path):
    return (
        EXEMPT_FOLDERS.intersection(path.parts)
        or path.name.startswith("test_")
        or path.name == "conftest.py"
    )


def imported_apps(tree):
    """(line, app) for every import of a project app in `tree`, however deeply nested."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules = [node.module]
        else:
            continue
        for module in modules:
            app = module.partition(".")[0]
            if app in LAYERS:
                yield node.lineno, app


def upward_imports(root, app):
    """`file:line imports <app>` for each import in `app` of an app above it."""
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    found = []
    for path in sorted((root / app).rglob("*.py")):
        relative = path.relative_to(root)
        if is_exempt(relative):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))
        found.extend(
            f"{relative}:{line} imports {imported}"
            for line, imported in imported_apps(tree)
            if imported in above
        )
    return found


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_only_the_apps_below_it(app):
    found = upward_imports(Path(settings.BASE_DIR), app)
    assert not found, f"{app} imports apps above it:\n" + "\n".join(found)


def test_an_upward_import_inside_a_function_is_found(tmp_path):
    models = tmp_path / "people" / "models.py"
    models.parent.mkdir()
    models.write_text(
        "from newsroom.models import SluggedModel\n"
        "from . import schema\n"
        "\n"
        "def coverage(person):\n"
        "    from articles.models import Article\n"
        "    return Article.objects.filter(people=person)\n",
        encoding="utf-8",
    )
    tests = tmp_path / "people" / "tests" / "test_views.py"
    tests.parent.mkdir()
    tests.write_text("import projects.models\n", encoding="utf-8")

    assert upward_imports(tmp_path, "people") == ["people/models.py:5 imports articles"]
