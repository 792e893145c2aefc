"""The admin sets up each area's MARAC and its recorded sharing bases. Referrals, hearings and
what agencies shared are never shown here: they are read through the MARAC pages' getters."""

from django.contrib import admin

from harbour.marac.models import Marac, MaracSharingBasis
from harbour.marac.services import marac_attach_waiting


class SharingBasisInline(admin.StackedInline):
    model = MaracSharingBasis
    extra = 0


@admin.register(Marac)
class MaracAdmin(admin.ModelAdmin):
    list_display = ("name", "local_authority", "agency", "is_active")
    inlines = [SharingBasisInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        marac_attach_waiting(marac=form.instance)
