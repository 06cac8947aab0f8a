"""The outbox in the admin: what waits to be sent, what was sent and what failed, read-only
(the worker alone changes a message)."""

from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "status", "attempts", "due_at", "sent_at", "last_error_start"]
    list_filter = ["status", "kind"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = [
        "kind",
        "key",
        "status",
        "attempts",
        "created_at",
        "due_at",
        "sent_at",
        "last_error",
        "payload",
    ]
    readonly_fields = fields

    @admin.display(description="Last error")
    def last_error_start(self, message):
        return message.last_error[:120]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
