from django.contrib import admin

from harbour.regions.models import LocalAuthority


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "gss_code", "population_all_ages", "women_16_plus")
    search_fields = ("name", "gss_code")
