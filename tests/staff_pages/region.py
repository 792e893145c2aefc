"""The demo region, as the staff pages matrix reads it: real public identifiers of its records.

The demo's identifiers are random, so each is found from what the seeders made (a person by
name, then her records). Every method returns public identifiers read as plain columns, never a
loaded record: nothing here reads her encrypted fields. Add a method when a new page needs a
kind of record the matrix has not used yet.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from harbour.accounts.models import AccountChange, User
from harbour.action_plan.models import Milestone
from harbour.campaigns.models import Campaign
from harbour.commissioning.models import Contract, FundingStream
from harbour.consultations.models import Analysis, Consultation, Question, Theme
from harbour.core.seeding import DemoContext
from harbour.directory.models import EntryReport, Location, Organisation, Service
from harbour.followups.choices import Status as FollowupStatus
from harbour.followups.models import Followup
from harbour.incidents.choices import ActionStatus as IncidentActionStatus
from harbour.incidents.models import Incident, IncidentAction
from harbour.marac.choices import ActionStatus as MaracActionStatus
from harbour.marac.models import Hearing, MaracAction, MaracReferral, Meeting
from harbour.people.models import AccessReview, Agreement, Share
from harbour.prevention.models import Programme
from harbour.records.models import (
    ErasureRequest,
    Hold,
    Recommendation,
    Review,
    SubjectAccessRequest,
)
from harbour.referrals.choices import SelfReferralStatus
from harbour.referrals.choices import Status as ReferralStatus
from harbour.referrals.models import Referral, SelfReferral
from harbour.risk.models import Assessment
from harbour.safety_reports.choices import Consent
from harbour.safety_reports.models import Alert as SafetyAlert
from harbour.safety_reports.models import SafetyReport, Subscriber


def _first(records: QuerySet, *fields: str, order: str = "id"):
    """The first record's ``fields`` (its public id by default); fails if there is none."""
    row = records.order_by(order, "id").values_list(*(fields or ("public_id",))).first()
    if row is None:
        raise LookupError(f"the demo region has no {records.model._meta.verbose_name}")
    return row if len(row) > 1 else row[0]


class Region:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.agencies = ctx.shared["agencies"]
        self._people = {name: person.pk for name, person in ctx.shared["people"].items()}

    # Accounts ----------------------------------------------------------------------------------

    def account(self) -> str:
        """The demo hub caseworker's account (not an administrator's own)."""
        return _first(User.objects.filter(username="hub.caseworker"))

    def account_change(self) -> str:
        """The new hub caseworker's account, waiting for a second administrator."""
        return _first(AccountChange.objects.filter(status=AccountChange.Status.PENDING))

    # People ------------------------------------------------------------------------------------

    def person(self, name: str) -> str:
        return self.ctx.shared["people"][name].public_id

    @property
    def aisha(self) -> str:
        """Aisha Rahman (Liverpool): recorded by the police, referred to the hub and on to a
        specialist service, shared with the outreach service on her agreement, assigned to the
        Liverpool IDVA service and referred to the Liverpool MARAC."""
        return self.person("Aisha Rahman")

    @property
    def chloe(self) -> str:
        """Chloe Marsden: her record is restricted to named hub users."""
        return self.person("Chloe Marsden")

    def _of(self, name: str) -> int:
        return self._people[name]

    def agreement(self) -> str:
        return _first(Agreement.objects.filter(person_id=self._of("Aisha Rahman")))

    def share(self) -> str:
        return _first(
            Share.objects.filter(
                person_id=self._of("Aisha Rahman"), agency=self.agencies["outreach"]
            )
        )

    def review(self) -> str:
        """Waiting on the reviews page: the IDVA's read of Fiona Gallagher's record (she works
        for the council, so every read of her record is reviewed)."""
        return _first(AccessReview.objects.filter(reviewed_at__isnull=True))

    # Incidents and checklists ------------------------------------------------------------------

    def incident(self) -> str:
        """Aisha's: forced marriage and so-called honour-based violence."""
        return _first(
            Incident.objects.filter(
                victim_id=self._of("Aisha Rahman"), offences__code="forced_marriage"
            )
        )

    def incident_action(self) -> tuple[str, str, str]:
        """(incident, action, her record): the referral to children's social care still to
        make after Esther Adeyemi's latest incident."""
        return _first(
            IncidentAction.objects.filter(
                incident__victim_id=self._of("Esther Adeyemi"),
                status=IncidentActionStatus.OPEN,
            ),
            "incident__public_id",
            "public_id",
            "incident__victim__public_id",
        )

    def assessment(self) -> str:
        return _first(Assessment.objects.filter(person_id=self._of("Aisha Rahman")))

    # Follow-ups --------------------------------------------------------------------------------

    def followup(self) -> tuple[str, str]:
        """(follow-up, her record): a Knowsley follow-up with the visit due."""
        return _first(
            Followup.objects.filter(
                agency=self.agencies["idva:Knowsley"], status=FollowupStatus.OPEN
            ),
            "public_id",
            "person__public_id",
        )

    def notice_incident(self) -> tuple[str, str]:
        """(incident, her record): the follow-up waits for the officer to record what she was
        told."""
        return _first(
            Followup.objects.filter(status=FollowupStatus.AWAITING_NOTICE),
            "incident__public_id",
            "person__public_id",
        )

    # Referrals ---------------------------------------------------------------------------------

    def referral(self) -> str:
        """Aisha's onward referral from the hub, accepted by the harmful practices service."""
        return _first(
            Referral.objects.filter(
                person_id=self._of("Aisha Rahman"), to_agency=self.agencies["harmful_practices"]
            )
        )

    def referral_waiting(self) -> str:
        """Bethany Cole's referral from the police, waiting for the hub's decision."""
        return _first(
            Referral.objects.filter(person_id=self._of("Bethany Cole"), status=ReferralStatus.SENT)
        )

    def self_referral(self) -> str:
        return _first(SelfReferral.objects.filter(status=SelfReferralStatus.NEW))

    # MARAC -------------------------------------------------------------------------------------

    def marac_referral(self) -> str:
        return _first(MaracReferral.objects.filter(person_id=self._of("Aisha Rahman")))

    def meeting(self) -> str:
        """The Liverpool MARAC's next meeting."""
        return _first(Meeting.objects.filter(starts_at__gt=timezone.now()), order="starts_at")

    def hearing(self) -> tuple[str, str]:
        """(hearing, her record): a case on the next meeting's agenda."""
        return _first(
            Hearing.objects.filter(meeting__public_id=self.meeting()),
            "public_id",
            "referral__person__public_id",
        )

    def marac_action(self) -> tuple[str, str]:
        """(action, her record): an open action the meeting gave the Liverpool IDVA service."""
        return _first(
            MaracAction.objects.filter(
                agency=self.agencies["idva:Liverpool"], status=MaracActionStatus.OPEN
            ),
            "public_id",
            "hearing__referral__person__public_id",
        )

    # Directory ---------------------------------------------------------------------------------

    def organisation(self) -> str:
        return _first(Organisation.objects.filter(agency=self.agencies["harmful_practices"]))

    def service(self) -> str:
        return _first(
            Service.objects.filter(organisation__agency=self.agencies["harmful_practices"])
        )

    def location(self) -> str:
        return _first(Location.objects.all())

    def entry_report(self) -> str:
        return _first(EntryReport.objects.filter(resolved_at__isnull=True))

    # Safety reports ----------------------------------------------------------------------------

    def safety_report_for_police(self) -> str:
        """A report the project accepted whose reporter chose to pass it to the police."""
        return _first(
            SafetyReport.objects.filter(
                consent=Consent.POLICE_FULL, status__in=["alerted", "accepted"]
            )
        )

    def safety_report_alert_only(self) -> str:
        """A report whose reporter chose (a): alert other workers only."""
        return _first(SafetyReport.objects.filter(consent=Consent.ALERT_ONLY, status="new"))

    def safety_alert(self) -> str:
        return _first(SafetyAlert.objects.filter(status="live"))

    def safety_subscriber(self) -> str:
        return _first(Subscriber.objects.all())

    # Commissioning -----------------------------------------------------------------------------

    def fund(self) -> str:
        return _first(FundingStream.objects.all())

    def contract(self) -> str:
        """The harmful practices service's contract (the demo's returns officer's)."""
        return _first(
            Contract.objects.filter(organisation__agency=self.agencies["harmful_practices"])
        )

    def other_contract(self) -> str:
        """Another provider's contract: not the demo returns officer's."""
        return _first(
            Contract.objects.exclude(organisation__agency=self.agencies["harmful_practices"])
        )

    # Prevention --------------------------------------------------------------------------------

    def programme(self) -> str:
        """Open Stage's relationship-abuse programme (the education provider's)."""
        return _first(Programme.objects.filter(agency=self.agencies["education"]))

    # Campaigns ---------------------------------------------------------------------------------

    def campaign(self) -> str:
        return _first(Campaign.objects.all())

    # Action plan -------------------------------------------------------------------------------

    def milestone(self) -> str:
        """A milestone of the relationships-education action, which the education provider
        leads."""
        return _first(Milestone.objects.filter(action__lead=self.agencies["education"]))

    def other_milestone(self) -> str:
        """A milestone of an action another agency leads (the Combined Authority's)."""
        return _first(Milestone.objects.filter(action__lead=self.agencies["combined_authority"]))

    # Records over their life -------------------------------------------------------------------

    def death_review(self) -> str:
        """The demo's domestic homicide review, chaired by the MARAC coordinator."""
        return _first(Review.objects.all())

    def hold(self) -> str:
        return _first(Hold.objects.filter(lifted_at__isnull=True))

    def recommendation(self) -> str:
        """The review's open recommendation for the police."""
        return _first(Recommendation.objects.filter(agency=self.agencies["police"]))

    def subject_access(self) -> str:
        """Aisha's request for her own copy, handled by the police."""
        return _first(SubjectAccessRequest.objects.all())

    def erasure_request(self) -> str:
        """A request by the police officer to erase Bethany's records, waiting for a decision."""
        return _first(ErasureRequest.objects.all())

    # Consultations -----------------------------------------------------------------------------

    def consultation(self) -> str:
        """The region's consultation, run by the Combined Authority (the demo analyst's)."""
        return _first(Consultation.objects.filter(agency=self.agencies["combined_authority"]))

    def free_text_question(self) -> tuple[str, str]:
        """(consultation, its free-text question)."""
        return _first(
            Question.objects.filter(consultation__public_id=self.consultation(), kind="text"),
            "consultation__public_id",
            "public_id",
        )

    def analysis(self) -> str:
        return _first(
            Analysis.objects.filter(question__consultation__public_id=self.consultation())
        )

    def theme(self) -> str:
        return _first(Theme.objects.filter(analysis__public_id=self.analysis(), is_other=False))
