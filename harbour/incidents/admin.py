"""Reference data only: incidents themselves are read through their pages (need-to-know)."""

from django.contrib import admin

from harbour.incidents.models import OffenceType, OutcomeCode


@admin.register(OffenceType)
class OffenceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "harmful_practice", "is_active", "order"]
    list_editable = ["is_active", "order"]


@admin.register(OutcomeCode)
class OutcomeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "victim_support", "is_active", "order"]
    list_editable = ["is_active", "order"]
