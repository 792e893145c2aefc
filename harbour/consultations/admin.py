from django.contrib import admin

from harbour.consultations.models import Consultation


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("title", "agency", "opens_on", "closes_on")
    fields = ("title", "agency", "opens_on", "closes_on")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
