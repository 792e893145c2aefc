from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from harbour.directory.models import (
    EntryReport,
    Location,
    Organisation,
    SearchCount,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


@admin.register(Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "oruk_id"]
    readonly_fields = ["oruk_id"]


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy", "parent", "position"]
    list_filter = ["taxonomy"]
    readonly_fields = ["oruk_id"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name"]
    readonly_fields = ["oruk_id", "public_id"]


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "local_authority", "address_confidential"]
    list_filter = ["local_authority", "address_confidential"]
    readonly_fields = ["oruk_id", "public_id"]


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "status"]
    list_filter = ["status", "needs", "areas"]
    search_fields = ["name", "organisation__name"]
    readonly_fields = ["oruk_id", "public_id"]


@admin.register(SearchCount)
class SearchCountAdmin(admin.ModelAdmin):
    """Read-only: totals are only ever added to by searches."""

    list_display = ["week", "need_code", "area_code", "count"]
    list_filter = ["need_code", "area_code"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(EntryReport)
class EntryReportAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "received_on", "resolved_at"]
    list_filter = ["kind"]
