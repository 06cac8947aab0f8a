"""Webhooks in the admin: editors register receivers' addresses (refused with a form error if
the site may not send there), see each one's secret, and read the delivery log."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from newsroom.models import OutboxMessage

from ..webhook_models import Webhook, WebhookDelivery
from ..webhooks import RefusedAddress, check_address
from .times import desk_time


class WebhookForm(forms.ModelForm):
    class Meta:
        model = Webhook
        fields = ["url", "description", "on_published", "on_corrected", "on_unpublished", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_address(url)
        except RefusedAddress as refusal:
            raise forms.ValidationError(str(refusal), code="refused_address") from None
        return url


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "description", "events_wanted", "active", "delivery_log"]
    list_filter = ["active"]
    search_fields = ["url", "description"]

    def get_fields(self, request, obj=None):
        fields = list(WebhookForm.Meta.fields)
        if obj is not None:
            # The secret signs what receivers trust: only those who may change the hook see it.
            if self.has_change_permission(request, obj):
                fields.append("secret_to_share")
            fields.append("delivery_log")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return ["secret_to_share", "delivery_log"] if obj is not None else []

    @admin.display(description="Events")
    def events_wanted(self, hook):
        return ", ".join(hook.events) or "none"

    @admin.display(description="Secret")
    def secret_to_share(self, hook):
        return format_html(
            '<code>{}</code><div class="help">Give it to the receiver\'s developers: it checks '
            "each request's signature (docs/webhooks.md). Keep it private.</div>",
            hook.secret,
        )

    @admin.display(description="Deliveries")
    def delivery_log(self, hook):
        url = reverse("admin:articles_webhookdelivery_changelist")
        return format_html('<a href="{}?webhook__id__exact={}">Delivery log</a>', url, hook.pk)


class DeliveryStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return OutboxMessage.Status.choices

    def queryset(self, request, queryset):
        if self.value() in OutboxMessage.Status.values:
            return queryset.filter(message__status=self.value())
        return queryset


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created",
        "webhook",
        "event",
        "headline",
        "status",
        "attempts",
        "response_code",
        "last_error",
        "next_try",
    ]
    list_select_related = ["webhook", "message"]
    list_filter = [DeliveryStatusFilter, "event", "webhook"]
    search_fields = ["headline"]
    fields = [
        "webhook",
        "event",
        "article_id_sent",
        "headline",
        "status",
        "attempts",
        "response_code",
        "last_error",
        "next_try",
        "body",
    ]
    readonly_fields = fields

    @admin.display(description="Announced", ordering="created_at")
    def created(self, delivery):
        return desk_time(delivery.created_at)

    @admin.display(description="Status", ordering="message__status")
    def status(self, delivery):
        return delivery.message.get_status_display()

    @admin.display(description="Tries", ordering="message__attempts")
    def attempts(self, delivery):
        return delivery.message.attempts

    @admin.display(description="Last error")
    def last_error(self, delivery):
        return delivery.message.last_error[:200] or "—"

    @admin.display(description="Next try", ordering="message__due_at")
    def next_try(self, delivery):
        if delivery.message.status != OutboxMessage.Status.PENDING:
            return "—"
        return desk_time(delivery.message.due_at)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
