"""The article's language, and which article it is the translation of (Article.clean_translation
says what may be)."""

TRANSLATION_FIELDS = ["language", "translation_of"]


class ArticleTranslationsMixin:
    def get_fieldsets(self, request, obj=None):
        return [*super().get_fieldsets(request, obj), ("Language", {"fields": TRANSLATION_FIELDS})]

    def get_autocomplete_fields(self, request):
        return [*super().get_autocomplete_fields(request), "translation_of"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "language":
            # A form posted without it (a client older than translations) leaves the
            # language as it was, rather than failing on a field its editor never saw.
            field.required = False
        return field
