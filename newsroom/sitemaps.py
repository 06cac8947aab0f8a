"""What the sitemaps say of a page's pictures (Google's image extension), for every app's
sections: `<image:image>` entries written from the rows a sitemap page reads, no query of their
own.

A picture is named by its largest rendition, the one the page's srcset offers widest and link
previews share (images.share_image_url).
"""

import html
import re
from urllib.parse import urljoin

from markupsafe import escape

from .images import StoredImage, renditions

IMAGE_NAMESPACE = "http://www.google.com/schemas/sitemap-image/1.1"
# Google reads at most this many pictures of one page.
MOST_IMAGES = 1000

# A picture of the image library in stored body HTML (newsroom/text.py writes each with its
# renditions' srcset; Markdown typed by an editor makes no srcset).
_LIBRARY_PICTURE = re.compile(r'<img [^>]*?srcset="([^"]*)"')


def largest_rendition(name, width, height):
    """The URL of the largest rendition of the stored image `name`; None without one."""
    sizes = renditions(StoredImage(name, width, height))
    return sizes[-1][0] if sizes else None


def body_pictures(body_html):
    """The URLs of the library's pictures in an article's stored body HTML, in order: each one's
    largest rendition, the last of its srcset."""
    found = []
    for srcset in _LIBRARY_PICTURE.findall(body_html or ""):
        widest = html.unescape(srcset).rsplit(",", 1)[-1].strip()
        found.append(widest.rsplit(" ", 1)[0])
    return found


def image_entries(origin, urls):
    """`<image:image>` entries for the pictures at `urls` (relative to the site or whole), each
    once, in order."""
    base = f"{origin}/"
    seen = dict.fromkeys(url for url in urls if url)
    return "".join(
        f"<image:image><image:loc>{escape(urljoin(base, url))}</image:loc></image:image>"
        for url in list(seen)[:MOST_IMAGES]
    )
