from django.conf import settings
from django.http import Http404
from django.views.static import serve


def serve_media(request, path):
    """Uploads, when this box serves its own: a name the file system refuses is simply not found."""
    try:
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        # ENAMETOOLONG and friends: nothing by that name can exist.
        raise Http404("No such file") from None
