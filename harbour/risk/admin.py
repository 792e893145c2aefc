from django.contrib import admin

from harbour.risk.models import RiskTool, RiskToolVersion


class RiskToolVersionInline(admin.TabularInline):
    model = RiskToolVersion
    fields = ["version", "is_current", "loaded_at", "checksum"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RiskTool)
class RiskToolAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    readonly_fields = ["key"]
    inlines = [RiskToolVersionInline]
