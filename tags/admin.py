from django.contrib import admin
from taggit.admin import TagAdmin
from taggit.models import Tag

from newsroom.admin import SlugChangeAdminMixin, SlugChangeForm
from newsroom.usage import WhereUsedAdminMixin

from .models import TagDescription
from .public import tag_url


class TagSlugChangeForm(SlugChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the slug is made from the name, symbols too ("🚀" -> "rocket"), where the
        # admin's script fills in nothing.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to have one made from the name."

    def public_url(self):
        # A tag is public: its page lists whatever readers may see carrying it.
        return tag_url(self.instance) if self.instance.pk and self.instance.slug else None


class TagDescriptionInline(admin.StackedInline):
    model = TagDescription
    can_delete = False
    max_num = 1
    verbose_name = verbose_name_plural = "About the tag"


admin.site.unregister(Tag)


@admin.register(Tag)
class NewsroomTagAdmin(WhereUsedAdminMixin, SlugChangeAdminMixin, TagAdmin):
    form = TagSlugChangeForm
    inlines = [TagDescriptionInline, *TagAdmin.inlines]
