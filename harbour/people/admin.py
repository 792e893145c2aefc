"""The admin holds the sharing bases and conditions (data), never people.

Person records are not registered here on purpose: the admin has no need-to-know check, so it
must not become a door to people. Administrators manage restricted lists and review access from
the staff pages (``/staff/people/reviews/``).
"""

from django.contrib import admin

from harbour.people.models import LawfulBasis, ProcessingCondition


@admin.register(LawfulBasis)
class LawfulBasisAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "regime", "relies_on_agreement", "is_active"]
    list_filter = ["regime", "is_active"]
    search_fields = ["code", "title", "reference"]


@admin.register(ProcessingCondition)
class ProcessingConditionAdmin(admin.ModelAdmin):
    list_display = ["reference", "title", "regime", "covers", "requires_justification", "is_active"]
    list_filter = ["regime", "covers", "is_active"]
    search_fields = ["code", "title", "reference"]
