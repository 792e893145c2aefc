from django import forms
from django.contrib import admin

from harbour.action_plan.measures import measures
from harbour.action_plan.models import Action, Indicator, Milestone, Objective


def _measure_choices() -> list[tuple[str, str]]:
    return [("", "---------"), *measures.choices()]


class IndicatorForm(forms.ModelForm):
    measure = forms.ChoiceField(choices=_measure_choices, required=False)

    class Meta:
        model = Indicator
        fields = ("title", "table_set", "measure", "target", "direction")


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = IndicatorForm
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
