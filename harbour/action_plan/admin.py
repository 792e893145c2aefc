from django.contrib import admin

from harbour.action_plan.models import Action, Indicator, Milestone, Objective


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title", "due_on")


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    """The plan is written here; progress is recorded by the lead agencies on their pages."""

    list_display = ("number", "title", "theme")
    list_filter = ("theme",)
    inlines = (IndicatorInline,)


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "objective", "lead")
    list_filter = ("lead",)
    filter_horizontal = ("partners",)
    inlines = (MilestoneInline,)
