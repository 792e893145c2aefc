from django.contrib import admin

from harbour.followups.models import FollowupScheme


@admin.register(FollowupScheme)
class FollowupSchemeAdmin(admin.ModelAdmin):
    """Areas taking part: adding an area to the pilot is a change of data here."""

    list_display = ("local_authority", "starts_on", "ends_on", "idva_service", "is_active")
    list_filter = ("is_active",)
    filter_horizontal = ("escalation_contacts",)
    fieldsets = (
        (
            None,
            {"fields": ("local_authority", "starts_on", "ends_on", "idva_service", "is_active")},
        ),
        (
            "Sharing her record with the IDVA service",
            {
                "fields": (
                    "share_purpose",
                    "share_categories",
                    "share_regime",
                    "share_basis",
                    "share_condition",
                    "share_preconditions_confirmed",
                    "share_justification",
                )
            },
        ),
        ("Escalation", {"fields": ("escalation_contacts",)}),
    )
