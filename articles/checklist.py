"""What the desk checks before an article goes out: errors that refuse publishing (the public
page would be broken or wrong) and warnings an editor may publish past. One list of checks,
read by the Publish step of the change form (the article as typed) and by the change page's
checklist (the article as saved)."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.csp import CSP

from newsroom.models import missing_images, render_body

from .sharing import DESCRIPTION_SHOWN, TITLE_SHOWN

PASSED, WARNING, ERROR = "passed", "warning", "error"

# Search results show about 60 characters of a title and social cards about 70 before cutting
# it; a headline past 100 loses its second half in both, so that is where the desk is told.
HEADLINE_LIMIT = 100

# What an editor leaves for the desk rather than for readers. Whole words for TODO and XXX,
# so a name such as Todorov is not taken for a note.
DESK_NOTES = re.compile(r"\bTODO\b|\bXXX\b|\bnotes? (?:for|to) the desk\b|\[\[", re.IGNORECASE)
HTML_IMAGE = re.compile(r"<img\b[^>]*>?", re.IGNORECASE)
# The desk reads the first few; the count says how many more there are.
NOTES_LISTED = 5
QUOTE_CONTEXT = 40


@dataclass
class Draft:
    """The article as it will be saved, reduced to what the checks read."""

    headline: str
    standfirst: str
    body: str
    body_html: str
    has_byline: bool
    has_subjects: bool
    has_sources: bool
    has_lead_image: bool
    lead_image_alt: str
    seo_title: str = ""
    meta_description: str = ""

    @classmethod
    def of_article(cls, article):
        """The saved article, in one query whatever it holds."""
        from .models import Article, Source, TaggedArticle

        def linked(through, **match):
            return Exists(through.objects.filter(**match))

        flags = (
            Article.objects.filter(pk=article.pk)
            .annotate(
                has_byline=linked(Article.authors.through, article_id=OuterRef("pk")),
                has_people=linked(Article.people.through, article_id=OuterRef("pk")),
                has_organisations=linked(Article.organisations.through, article_id=OuterRef("pk")),
                has_projects=linked(Article.projects.through, article_id=OuterRef("pk")),
                has_tags=linked(TaggedArticle, content_object_id=OuterRef("pk")),
                has_sources=linked(Source, article_id=OuterRef("pk")),
            )
            .values(
                "has_byline",
                "has_people",
                "has_organisations",
                "has_projects",
                "has_tags",
                "has_sources",
            )
            .get()
        )
        subjects = ("has_people", "has_organisations", "has_projects", "has_tags")
        return cls(
            headline=article.headline,
            standfirst=article.standfirst,
            body=article.body,
            body_html=article.body_html,
            has_byline=flags["has_byline"],
            has_subjects=any(flags[name] for name in subjects),
            has_sources=flags["has_sources"],
            has_lead_image=bool(article.lead_image),
            lead_image_alt=article.lead_image_alt,
            seo_title=article.seo_title,
            meta_description=article.meta_description,
        )

    @classmethod
    def typed(cls, body, **fields):
        """A draft from a form's values: the body is rendered as the save will render it."""
        return cls(body=body, body_html=render_body(body), **fields)


@dataclass(frozen=True)
class Finding:
    level: str
    message: str
    quote: str = ""


@dataclass
class Check:
    label: str
    passed: str
    level: str = PASSED
    findings: list = field(default_factory=list)

    def fail(self, level, message, quote=""):
        if level == ERROR or self.level == PASSED:
            self.level = level
        self.findings.append(Finding(level, message, quote))

    @property
    def icon(self):
        return {PASSED: "yes", WARNING: "alert", ERROR: "no"}[self.level]


class Checklist:
    """The checks in the order the desk reads them; `errors` refuse publishing, `warnings` an
    editor may publish past."""

    def __init__(self, checks, typed=False):
        self.checks = checks
        # Whether it checked the form as typed (the Publish step) or the saved article.
        self.typed = typed

    def _findings(self, level):
        return [
            finding for check in self.checks for finding in check.findings if finding.level == level
        ]

    @property
    def errors(self):
        return self._findings(ERROR)

    @property
    def warnings(self):
        return self._findings(WARNING)

    @property
    def warnings_read(self):
        """Names the warnings the desk was shown, so that ticking "Publish anyway" overrides
        those and not one that a later edit brings in."""
        text = "\n".join(f"{finding.message}\x1f{finding.quote}" for finding in self.warnings)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def review(draft, typed=False):
    """Every check on `draft`, each passed, warned about or failed."""
    return Checklist(
        [
            _headline(draft),
            _byline(draft),
            _body(draft),
            _lead_image(draft),
            _search_and_social(draft),
            _subjects(draft),
            _sources(draft),
            _desk_notes(draft),
            _outside_images(draft),
        ],
        typed=typed,
    )


def _headline(draft):
    check = Check("Headline", f"Has a headline of at most {HEADLINE_LIMIT} characters.")
    length = len(draft.headline.strip())
    if not length:
        check.fail(ERROR, "There is no headline: the page, lists and feeds would show none.")
    elif length > HEADLINE_LIMIT:
        check.fail(
            WARNING,
            f"The headline is {length} characters long: search results and social cards cut "
            f"it after about 60 to 70, so past {HEADLINE_LIMIT} readers lose its second half.",
        )
    return check


def _byline(draft):
    check = Check("Byline", "Says who wrote it.")
    if not draft.has_byline:
        check.fail(ERROR, "There is no byline: every published article says who wrote it.")
    return check


def _body(draft):
    check = Check("Body", "Has a story to read.")
    if not _shows_anything(draft.body_html):
        check.fail(ERROR, "The body is empty: readers would open a page with no story.")
    return check


def _lead_image(draft):
    check = Check(
        "Lead image", "Has no lead image, or one described for readers who cannot see it."
    )
    if draft.has_lead_image and not draft.lead_image_alt.strip():
        check.fail(
            ERROR,
            "The lead image has no alt text: describe it for readers who cannot see it.",
        )
    return check


def _search_and_social(draft):
    check = Check(
        "Search and social",
        f"Any search and social title is at most {TITLE_SHOWN} characters, and any "
        f"description at most {DESCRIPTION_SHOWN}.",
    )
    for what, text, shown in (
        ("title", draft.seo_title, TITLE_SHOWN),
        ("description", draft.meta_description, DESCRIPTION_SHOWN),
    ):
        length = len(text.strip())
        if length > shown:
            check.fail(
                WARNING,
                f"The search and social {what} is {length} characters long: search results "
                f"show about {shown} and cut the rest.",
            )
    return check


def _subjects(draft):
    check = Check("Subjects", "Has people, organisations, productions or tags.")
    if not draft.has_subjects:
        check.fail(
            WARNING,
            "No people, organisations, productions or tags: the article will be on no subject "
            "page and in no related list.",
        )
    return check


def _sources(draft):
    check = Check("Sources", "Cites its sources.")
    if not draft.has_sources:
        check.fail(WARNING, "No sources: readers cannot see where the facts come from.")
    return check


def _desk_notes(draft):
    check = Check("Notes to the desk", "No TODO, XXX, [[ or notes for the desk in the text.")
    found = [
        (where, match)
        for where, text in (
            ("headline", draft.headline),
            ("standfirst", draft.standfirst),
            ("body", draft.body),
        )
        for match in DESK_NOTES.finditer(text)
    ]
    for where, match in found[:NOTES_LISTED]:
        text = match.string
        if where == "body":
            where = f"body, line {text.count(chr(10), 0, match.start()) + 1}"
        check.fail(WARNING, f"Looks like a note to the desk, in the {where}:", _quote(text, match))
    if len(found) > NOTES_LISTED:
        check.fail(WARNING, f"… and {len(found) - NOTES_LISTED} more like it.")
    return check


def _outside_images(draft):
    check = Check("Images", "Every image in the body comes from a host the site allows.")
    # The body is Markdown without raw HTML: an <img> tag reaches readers as its own text.
    for match in HTML_IMAGE.finditer(draft.body):
        check.fail(
            WARNING,
            "An <img> tag in the body is shown to readers as text, not as a picture: put "
            "images in as Markdown, ![what it shows](address):",
            _quote(draft.body, match),
        )
    for number in missing_images(draft.body):
        check.fail(
            ERROR,
            f"The body shows image {number} of the library, which is not there (deleted, or "
            "never uploaded): readers see nothing in its place. Pick another with Insert "
            "image, or take the reference out:",
            f"image:{number}",
        )
    for url in _image_urls(draft.body_html):
        if not image_allowed(url):
            host = urlsplit(url).hostname or url
            check.fail(
                WARNING,
                f"An image in the body comes from {host}, which the site's Content Security "
                "Policy blocks: readers will see a broken image. Upload it to the site instead:",
                url,
            )
    return check


def _quote(text, match):
    """The words around `match` on its line, with nothing a browser would act on: control
    characters become visible marks (the template escapes the rest)."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end == -1 else line_end
    start = max(match.start() - QUOTE_CONTEXT, line_start)
    end = min(match.end() + QUOTE_CONTEXT, line_end)
    # Whole words at either end, where the line has any spaces to cut at.
    if start > line_start and " " in text[start : match.start()]:
        start = text.index(" ", start, match.start()) + 1
    if end < line_end and " " in text[match.end() : end]:
        end = text.rindex(" ", match.end(), end)
    snippet = "".join(
        " " if char in "\r\t" else "\N{REPLACEMENT CHARACTER}" if _is_control(char) else char
        for char in text[start:end]
    )
    snippet = " ".join(snippet.split())
    return f"{'…' if start > line_start else ''}{snippet}{'…' if end < line_end else ''}"


def _is_control(char):
    return unicodedata.category(char) in ("Cc", "Cs", "Co")


class _ImagesAndText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.text = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(src)

    def handle_data(self, data):
        self.text.append(data)


def _parsed(html):
    parser = _ImagesAndText()
    parser.feed(html or "")
    parser.close()
    return parser


def _shows_anything(html):
    """Whether `html` puts a word or a picture in front of readers: spaces, invisible format
    characters and empty links or rules do not."""
    parsed = _parsed(html)
    text = "".join(char for char in "".join(parsed.text) if unicodedata.category(char) != "Cf")
    return bool(text.strip() or parsed.images)


def _image_urls(html):
    return _parsed(html).images


def image_allowed(url):
    """Whether readers' browsers load an image from `url` on the site's pages: the `img-src`
    of the site's Content Security Policy (SECURE_CSP) decides."""
    policy = getattr(settings, "SECURE_CSP", {}) or {}
    sources = policy.get("img-src", policy.get("default-src"))
    if sources is None:
        return True
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url)
    scheme = (parts.scheme or site.scheme).lower()
    if not parts.netloc and not parts.scheme:
        return CSP.SELF in sources
    host = (parts.hostname or "").lower()
    port = parts.port or _default_port(scheme)
    for source in sources:
        if source == CSP.SELF:
            same_host = host == (site.hostname or "").lower()
            same_port = port == (site.port or _default_port(site.scheme))
            upgraded = scheme == site.scheme or scheme == "https"
            if same_host and same_port and upgraded:
                return True
        elif source == "*":
            if scheme in ("http", "https"):
                return True
        elif re.fullmatch(r"[a-z][a-z0-9+.-]*:", source, re.IGNORECASE):
            if scheme == source[:-1].lower():
                return True
        elif _host_source_allows(source, scheme, host, port):
            return True
    return False


def _default_port(scheme):
    return {"http": 80, "https": 443}.get(scheme)


def _host_source_allows(source, scheme, host, port):
    """A CSP host-source such as "cdn.example.com", "https://*.example.com" or
    "img.example.com:8443" (a path in it is not checked: the host is what is blocked)."""
    if source.startswith("'"):
        return False
    wanted_scheme, _, rest = source.rpartition("://")
    if (
        wanted_scheme
        and wanted_scheme.lower() != scheme
        and not (wanted_scheme.lower() == "http" and scheme == "https")
    ):
        return False
    authority = rest.split("/", 1)[0].lower()
    wanted_host, _, wanted_port = authority.partition(":")
    if wanted_port and wanted_port != "*" and str(port) != wanted_port:
        return False
    if not wanted_port and port != _default_port(scheme):
        return False
    if wanted_host.startswith("*."):
        return host.endswith(wanted_host[1:])
    return host == wanted_host
