from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve

from newsroom.images import is_content_named

# A name that carries its content's digest never stands for other bytes: keep it a year.
CONTENT_NAMED_CACHE = {"public": True, "max_age": 365 * 24 * 60 * 60, "immutable": True}
# Images stored before names carried digests: kept a while, then asked for again.
OTHER_MEDIA_CACHE = {"public": True, "max_age": 60 * 60}


def serve_media(request, path):
    """Uploads, when this box serves its own: a name the file system refuses is simply not found.

    The same for every reader (no session is read): any shared cache may keep them.
    """
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        # ENAMETOOLONG and friends: nothing by that name can exist.
        raise Http404("No such file") from None
    patch_cache_control(
        response, **(CONTENT_NAMED_CACHE if is_content_named(path) else OTHER_MEDIA_CACHE)
    )
    return response
