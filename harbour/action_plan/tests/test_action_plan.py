"""The action plan: progress worked out from due dates and status, updates by the lead agency
only, reminders as work-queue tasks, the board's page and the agency's home panel."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from harbour.accounts.factories import AgencyFactory, UserFactory
from harbour.accounts.roles import AgencyKind, Role
from harbour.accounts.testing import sign_in
from harbour.action_plan.models import (
    Action,
    Milestone,
    Objective,
    Progress,
    ProgressNote,
    Status,
    Theme,
)
from harbour.action_plan.services import milestone_update
from harbour.action_plan.work import commitments_panel, milestone_reminders
from harbour.audit.models import AccessLogEntry
from harbour.audit.models import Action as LogAction

TODAY = datetime.date(2026, 11, 10)


@pytest.fixture
def plan(db):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        lead = AgencyFactory(kind=AgencyKind.IDVA_SERVICE)
        partner = AgencyFactory(kind=AgencyKind.POLICE)
        objective = Objective.objects.create(theme=Theme.PROVISION, number=1, title="Same help")
        action = Action.objects.create(objective=objective, title="Follow-up", lead=lead)
        action.partners.set([partner])

        def milestone(title, days, status=Status.NOT_STARTED):
            return Milestone.objects.create(
                action=action,
                title=title,
                due_on=TODAY + datetime.timedelta(days=days),
                status=status,
            )

        yield {
            "lead": UserFactory(role=Role.ACTION_PLAN_LEAD, agency=lead),
            # Staff of the lead agency who are not its action plan lead, and another agency's.
            "colleague": UserFactory(role=Role.IDVA, agency=lead),
            "other_lead": UserFactory(role=Role.ACTION_PLAN_LEAD, agency=partner),
            "returns": UserFactory(role=Role.RETURNS_OFFICER, agency=lead),
            "partner": UserFactory(role=Role.POLICE_OFFICER, agency=partner),
            "admin": UserFactory(role=Role.ADMINISTRATOR),
            "late": milestone("Evaluate", -3, Status.IN_PROGRESS),
            "soon": milestone("Extend", 10),
            "later": milestone("Train", 60, Status.IN_PROGRESS),
            "blocked": milestone("Protocol", 60, Status.BLOCKED),
            "done": milestone("Agree", -30, Status.DONE),
        }


def test_progress_is_worked_out_from_the_due_date_and_status(plan):
    assert plan["late"].progress(TODAY) == Progress.LATE
    assert plan["soon"].progress(TODAY) == Progress.AT_RISK, "not started three weeks before"
    assert plan["later"].progress(TODAY) == Progress.ON_TRACK
    assert plan["blocked"].progress(TODAY) == Progress.AT_RISK
    assert plan["done"].progress(TODAY) == Progress.DONE


def test_only_the_lead_agency_updates_a_milestone(plan):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        note = milestone_update(
            milestone=plan["late"],
            status=Status.DONE,
            text="Evaluation published.",
            by=plan["lead"],
        )
        plan["late"].refresh_from_db()
        assert plan["late"].status == Status.DONE and plan["late"].done_on == TODAY
        assert note.agency_name == plan["lead"].agency.name
        for user in (plan["partner"], plan["admin"], plan["colleague"], plan["other_lead"]):
            with pytest.raises(PermissionDenied):
                milestone_update(milestone=plan["soon"], status=Status.DONE, text="x", by=user)
        with pytest.raises(ValidationError):
            milestone_update(milestone=plan["soon"], status=Status.DONE, text="  ", by=plan["lead"])
        assert ProgressNote.objects.count() == 1


def test_the_lead_agency_is_reminded_in_its_work_queue(plan):
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        titles = [str(item.title) for item in milestone_reminders(plan["lead"])]
        assert titles == ["Evaluate", "Extend"], "late, and due within two weeks"
        assert milestone_reminders(plan["partner"]) == []
        assert milestone_reminders(plan["colleague"]) == [], "the lead is reminded, not all"
        assert milestone_reminders(plan["admin"]) == []
        panel = commitments_panel(plan["lead"])
        assert panel.count == 4 and panel.urgent
        late = reverse("action_plan:milestone", args=[plan["late"].public_id])
        assert late in [url for _title, url in panel.items]
        # The agency's other staff see its commitments, linked to the plan, not the update page.
        colleague = commitments_panel(plan["colleague"])
        assert colleague.count == 4
        assert all("?agency=mine#milestone-" in url for _title, url in colleague.items)
        assert commitments_panel(plan["partner"]).count == 0  # a partner in one action
        assert commitments_panel(plan["admin"]) is None
        assert commitments_panel(plan["returns"]) is None


def test_the_board_page_and_the_update_page(plan, caplog):
    caplog.set_level("ERROR", logger="django.request")
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        lead = sign_in(Client(), plan["lead"])
        url = reverse("action_plan:milestone", args=[plan["soon"].public_id])
        response = lead.post(url, {"status": Status.IN_PROGRESS, "text": "Sefton has agreed."})
        assert response.status_code == 302
        member = UserFactory(role=Role.PARTNERSHIP_BOARD)
        board = sign_in(Client(), member).get(reverse("action_plan:board"))
        text = board.content.decode()
        assert "Sefton has agreed." in text and "Late" in text
        assert url not in text, "only the lead agency's action plan lead gets the update link"
        # The chart beside the summary: milestones by progress, as the table counts them.
        progress = board.context["chart"]
        assert progress["labels"] == ["On track", "At risk", "Late", "Done"]
        assert progress["datasets"][0]["data"] == [
            count for _label, _value, count in board.context["counts"]
        ]
        assert '<script id="progress-chart" type="application/json">' in text
        assert url in lead.get(reverse("action_plan:board")).content.decode()
        assert sign_in(Client(), member).get(url).status_code == 403
        report = sign_in(Client(), plan["partner"]).get(reverse("action_plan:report"))
        assert report.status_code == 200 and "Sefton has agreed." in report.content.decode()
        assert sign_in(Client(), plan["partner"]).get(url).status_code == 403
        assert AccessLogEntry.objects.filter(
            action=LogAction.DENIED,
            user=plan["partner"],
            reason="not the lead agency's action plan lead",
        ).exists()
        assert sign_in(Client(), plan["colleague"]).get(url).status_code == 403
        assert (
            sign_in(Client(), plan["returns"]).get(reverse("action_plan:board")).status_code == 403
        )
        assert sign_in(Client(), plan["admin"]).get(reverse("action_plan:board")).status_code == 403
