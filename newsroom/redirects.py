"""Old addresses keep working: a slug that changed answers with a permanent redirect."""

from django.http import Http404, HttpResponsePermanentRedirect

from .links import without_tracking
from .models import FormerSlug


def moved_to(request, url):
    """A permanent redirect to `url`, with the query the reader asked with."""
    query = without_tracking(request.META.get("QUERY_STRING", ""))
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


class FollowsFormerSlugsMixin:
    """A page addressed by slug: a slug that is nobody's now leads to the page of whatever
    had it last, if readers may see it."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            slug = self.former_slug(kwargs)
            renamed = slug and FormerSlug.objects.renamed(self.get_renamed_queryset(), slug)
            if not renamed:
                raise
            return moved_to(request, self.url_of(renamed))

    def former_slug(self, kwargs):
        """The part of the address that may be an old slug."""
        return kwargs.get("slug")

    def get_renamed_queryset(self):
        """What an old slug may lead to: only what readers may see."""
        raise NotImplementedError

    def url_of(self, obj):
        return obj.get_absolute_url()
