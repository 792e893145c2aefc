"""Every staff page, and what each role gets from it in the demo region.

Each ``Page`` names a URL, says how to get its identifiers from the demo region (``Region``), and
states the answer every column (one demo sign-in per role, two IDVAs) must get from a GET:

    Page(
        "people:detail",
        args=lambda r: [r.aisha],
        reads=lambda r: r.aisha,  # a 200 must log a read of her record
        expect=answers(ok={POLICE, IDVA, HUB, MARAC}, not_found={IDVA_KNOWSLEY, SPECIALIST}),
    )

``answers(...)`` lists the columns for each answer; ``others`` (403 unless given) is the answer
for every column not listed, so a new role is refused until a page says otherwise. A page with
a REDIRECT answer names where it leads (``redirect_to``, a URL name). ``reads`` gives the person
whose record the page shows: every 200 must write a read of her record to the access log.

A new staff page is added here (``test_every_staff_url_is_in_the_matrix`` fails until it is); a
new role gets a column in ``COLUMNS`` and in the demo's sign-ins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.contrib import admin

from harbour.accounts.roles import AgencyKind, Role
from tests.staff_pages.region import Region

OK, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 302, 403, 404, 405

# The columns: a demo sign-in for every role (two IDVAs: the Liverpool service works with the
# demo's main survivors, the Knowsley service takes part in the follow-up pilot), and its role.
POLICE = "police.officer"
IDVA = "idva.liverpool"
IDVA_KNOWSLEY = "idva.knowsley"
HUB = "hub.caseworker"
SPECIALIST = "specialist.caseworker"
MARAC = "marac.coordinator"
LIAISON = "liaison.officer"
PROJECT = "project.caseworker"  # a specialist caseworker at the sex-worker support project
EDUCATION = "education.provider"
ANALYST = "analyst"
COMMISSIONER = "commissioner"
RETURNS_OFFICER = "returns.officer"  # of the harmful practices service, a contracted provider
PLAN_LEAD = "plan.lead"  # the action plan lead of the education provider
BOARD = "board.member"
ADMIN = "admin"
COLUMNS: dict[str, str] = {
    POLICE: Role.POLICE_OFFICER,
    IDVA: Role.IDVA,
    IDVA_KNOWSLEY: Role.IDVA,
    HUB: Role.HUB_CASEWORKER,
    SPECIALIST: Role.SPECIALIST_CASEWORKER,
    MARAC: Role.MARAC_COORDINATOR,
    LIAISON: Role.LIAISON_OFFICER,
    PROJECT: Role.SPECIALIST_CASEWORKER,
    EDUCATION: Role.EDUCATION_PROVIDER,
    ANALYST: Role.ANALYST,
    COMMISSIONER: Role.COMMISSIONER,
    RETURNS_OFFICER: Role.RETURNS_OFFICER,
    PLAN_LEAD: Role.ACTION_PLAN_LEAD,
    BOARD: Role.PARTNERSHIP_BOARD,
    ADMIN: Role.ADMINISTRATOR,
}
EVERYONE = frozenset(COLUMNS)
# The kind of agency a column's sign-in works at, where its role alone does not say which pages
# admit it (the navigation and the empty-region tests make users of this kind).
AGENCY_KINDS: dict[str, str] = {PROJECT: AgencyKind.SEX_WORKER_PROJECT}
# A column that answers as another unless a page states its answer: the project's caseworker is
# a specialist caseworker, refused like the matrix's other one outside the safety reports.
FOLLOWS: dict[str, str] = {PROJECT: SPECIALIST}
CASEWORK = frozenset({POLICE, IDVA, IDVA_KNOWSLEY, HUB, SPECIALIST, MARAC})
# The roles of commissioning and the action plan (decision 0033): each has only their pages and
# the directory every member of staff reads.
PARTNERSHIP_ROLES = frozenset({COMMISSIONER, RETURNS_OFFICER, PLAN_LEAD, BOARD})
# Who reads the action plan (harbour.action_plan.access.READER_ROLES).
PLAN_READERS = EVERYONE - {ADMIN, RETURNS_OFFICER}
# Involved with Aisha Rahman (the police recorded her, the hub accepted her referral, the
# Liverpool IDVA service is assigned, the Liverpool MARAC has her referral); the Knowsley IDVA
# and the specialist service (which works from its referral's view only) are not.
WITH_AISHA = frozenset({POLICE, IDVA, HUB, MARAC})
NOT_WITH_AISHA = frozenset({IDVA_KNOWSLEY, SPECIALIST})


def answers(
    *,
    ok: Iterable[str] = (),
    redirect: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    not_found: Iterable[str] = (),
    not_allowed: Iterable[str] = (),
    others: int = FORBIDDEN,
) -> dict[str, int]:
    """The answer for every column: those listed, and ``others`` for the rest."""
    stated: dict[str, int] = {}
    for answer, columns in (
        (OK, ok),
        (REDIRECT, redirect),
        (FORBIDDEN, forbidden),
        (NOT_FOUND, not_found),
        (NOT_ALLOWED, not_allowed),
    ):
        for column in columns:
            if column not in COLUMNS:
                raise ValueError(f"{column!r} is not a column of the matrix")
            if column in stated:
                raise ValueError(f"{column!r} has two answers")
            stated[column] = answer
    for column, followed in FOLLOWS.items():
        if column not in stated:
            stated[column] = stated.get(followed, others)
    return {column: stated.get(column, others) for column in COLUMNS}


def _none(region: Region) -> list[str]:
    return []


@dataclass(frozen=True)
class Page:
    url_name: str
    expect: Mapping[str, int]
    args: Callable[[Region], list[str]] = _none
    query: Callable[[Region], dict[str, str]] | None = None
    reads: Callable[[Region], str] | None = None  # the public id of the person a 200 shows
    redirect_to: str = ""  # the URL name a REDIRECT answer leads to
    note: str = ""  # tells apart two rows for one URL
    # The answers in a region with no data, where they differ from the demo region's.
    expect_empty_region: Mapping[str, int] | None = None

    @property
    def needs_records(self) -> bool:
        return self.args is not _none or self.query is not None

    def __str__(self) -> str:
        return f"{self.url_name} ({self.note})" if self.note else self.url_name


def _pid(getter: Callable[[Region], str]) -> Callable[[Region], list[str]]:
    return lambda region: [getter(region)]


def _first_of(getter: Callable[[Region], tuple[str, ...]]) -> Callable[[Region], list[str]]:
    return lambda region: [getter(region)[0]]


def _her_in(getter: Callable[[Region], tuple[str, ...]]) -> Callable[[Region], str]:
    """The person's public id that comes last with a record's (see ``Region``)."""
    return lambda region: getter(region)[-1]


def _aisha(region: Region) -> list[str]:
    return [region.aisha]


def _her(region: Region) -> str:
    return region.aisha


POST_ONLY = answers(not_allowed=EVERYONE)
NO_SUCH_RECORD = "an identifier that is not one"


def _not_a_record(region: Region) -> list[str]:
    return ["not-a-record"]


PAGES: list[Page] = [
    # Home, sign-in and the administrators' pages ----------------------------------------------
    Page("core:staff-home", answers(ok=EVERYONE)),
    Page("accounts:sign-in", answers(redirect=EVERYONE), redirect_to="core:staff-home"),
    Page("accounts:two-factor", answers(redirect=EVERYONE), redirect_to="accounts:sign-in"),
    Page("accounts:two-factor-setup", answers(redirect=EVERYONE), redirect_to="accounts:sign-in"),
    Page("accounts:sign-out", POST_ONLY),
    Page("accounts:password-change", answers(ok=EVERYONE)),
    Page("audit:search", answers(ok={ADMIN})),
    # Administrators manage accounts on staff pages (decision 0023).
    Page("accounts:users", answers(ok={ADMIN})),
    Page("accounts:user-new", answers(ok={ADMIN})),
    *(
        Page(name, answers(ok={ADMIN}), args=_pid(Region.account))
        for name in (
            "accounts:user",
            "accounts:user-role",
            "accounts:user-email",
            "accounts:user-reset",
            "accounts:user-close",
            "accounts:user-reopen",
        )
    ),
    Page("accounts:change", answers(ok={ADMIN}), args=_pid(Region.account_change)),
    # One-time links are opened without a session: with no good link, everyone is told the link
    # is not valid, signed in or not.
    Page("accounts:link", answers(not_found=EVERYONE), args=_not_a_record, note=NO_SUCH_RECORD),
    Page("accounts:set-password", answers(not_found=EVERYONE)),
    Page("accounts:confirm-email", answers(not_found=EVERYONE)),
    Page("notifications:outbox", answers(ok={ADMIN})),
    # The directory: every staff member reads it; analysts and administrators keep it -----------
    Page("directory-staff:services", answers(ok=EVERYONE)),
    Page("directory-staff:service", answers(ok=EVERYONE), args=_pid(Region.service)),
    Page("directory-staff:service-add", answers(ok={ANALYST, ADMIN})),
    Page("directory-staff:service-edit", answers(ok={ANALYST, ADMIN}), args=_pid(Region.service)),
    Page("directory-staff:organisations", answers(ok=EVERYONE)),
    Page("directory-staff:organisation", answers(ok=EVERYONE), args=_pid(Region.organisation)),
    Page("directory-staff:organisation-add", answers(ok={ANALYST, ADMIN})),
    Page(
        "directory-staff:organisation-edit",
        answers(ok={ANALYST, ADMIN}),
        args=_pid(Region.organisation),
    ),
    Page("directory-staff:location-add", answers(ok={ANALYST, ADMIN})),
    Page("directory-staff:location-edit", answers(ok={ANALYST, ADMIN}), args=_pid(Region.location)),
    Page("directory-staff:reports", answers(ok={ANALYST, ADMIN})),
    Page("directory-staff:report-resolve", POST_ONLY, args=_pid(Region.entry_report)),
    Page("directory-staff:search-figures", answers(ok={ANALYST, ADMIN})),
    # People ------------------------------------------------------------------------------------
    Page("people:list", answers(ok=CASEWORK)),
    Page("people:create", answers(ok=CASEWORK)),
    Page("people:reviews", answers(ok={ADMIN})),
    Page("people:review", answers(ok={ADMIN}), args=_pid(Region.review)),
    Page(
        "people:detail",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=_aisha,
        reads=_her,
    ),
    Page(
        "people:detail",
        answers(ok={HUB}, not_found=CASEWORK - {HUB}),
        args=lambda r: [r.chloe],
        reads=lambda r: r.chloe,
        note="restricted to named hub users",
    ),
    Page("people:contact", POST_ONLY, args=_aisha),
    *(
        Page(
            name,
            answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
            args=_aisha,
            reads=_her,
        )
        for name in (
            "people:edit",
            "people:safe-contact",
            "people:history",
            "people:timeline",
            "people:sharing",
            "people:share-new",
            "people:agreement-new",
        )
    ),
    Page(
        "people:agreement-withdraw",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=lambda r: [r.aisha, r.agreement()],
        reads=_her,
    ),
    Page(
        "people:share-stop",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=lambda r: [r.aisha, r.share()],
        reads=_her,
    ),
    # Administrators may change who may see a restricted record.
    Page(
        "people:restriction",
        answers(ok=WITH_AISHA | {ADMIN}, not_found=NOT_WITH_AISHA),
        args=_aisha,
        reads=_her,
    ),
    # The emergency access form shows nothing of her until access is granted.
    Page("people:emergency-access", answers(ok=CASEWORK), args=_aisha),
    Page(
        "people:detail-any",
        answers(not_found=CASEWORK),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # Incidents ---------------------------------------------------------------------------------
    Page("incidents:list", answers(ok=CASEWORK)),
    Page("incidents:new", answers(ok={POLICE})),
    # Step 1's question pages read only the officer's own draft: the demo keeps none.
    Page(
        "incidents:victim-tasks",
        answers(not_found={POLICE}),
        args=lambda region: ["0000000000000000"],
        note=NO_SUCH_RECORD,
    ),
    Page(
        "incidents:victim-section",
        answers(not_found={POLICE}),
        args=lambda region: ["0000000000000000", "who"],
        note=NO_SUCH_RECORD,
    ),
    Page("incidents:new-for-person", answers(ok={POLICE}), args=_aisha, reads=_her),
    Page(
        "incidents:disclosure-new",
        answers(ok=WITH_AISHA - {POLICE}, not_found=NOT_WITH_AISHA),
        args=_aisha,
        reads=_her,
    ),
    Page(
        "incidents:detail",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=_pid(Region.incident),
        reads=_her,
    ),
    # Only the recording agency changes an incident; others who may read it are refused.
    *(
        Page(
            name,
            answers(ok={POLICE}, forbidden=WITH_AISHA - {POLICE}, not_found=NOT_WITH_AISHA),
            args=_pid(Region.incident),
            reads=_her,
        )
        for name in (
            "incidents:harmer-new",
            "incidents:domestic-abuse",
            "incidents:support",
            "incidents:outcome",
        )
    ),
    # Esther Adeyemi (St Helens): the Liverpool MARAC's coordinator has no part in her case.
    Page(
        "incidents:action",
        answers(
            ok={POLICE},
            forbidden={IDVA, HUB},
            not_found={IDVA_KNOWSLEY, SPECIALIST, MARAC},
        ),
        args=lambda r: list(r.incident_action()[:2]),
        reads=_her_in(Region.incident_action),
    ),
    Page(
        "incidents:detail-any",
        answers(not_found=CASEWORK),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # Follow-ups --------------------------------------------------------------------------------
    # The list admits IDVAs and MARAC coordinators; each sees her own IDVA service's follow-ups.
    Page("followups:list", answers(ok={IDVA, IDVA_KNOWSLEY, MARAC})),
    Page("followups:figures", answers(ok={ANALYST})),
    # The region dashboard (harbour.insights): published releases only, for analysts and
    # commissioners; its CSV is the same figures.
    Page("insights:dashboard", answers(ok={ANALYST, COMMISSIONER})),
    # One area's row of each section (MARAC, follow-ups, indicators), same roles.
    Page(
        "insights:dashboard",
        answers(ok={ANALYST, COMMISSIONER}),
        query=lambda r: {"area": "E08000011"},
        note="one area",
    ),
    # With nothing published there is no file to download.
    Page(
        "insights:dashboard-csv",
        answers(ok={ANALYST, COMMISSIONER}),
        expect_empty_region=answers(not_found={ANALYST, COMMISSIONER}),
    ),
    Page(
        "followups:notice",
        answers(ok={POLICE}),
        args=_first_of(Region.notice_incident),
        reads=_her_in(Region.notice_incident),
    ),
    # A follow-up is refused as "not found" to everyone but the IDVA service it was shared with.
    *(
        Page(
            name,
            answers(ok={IDVA_KNOWSLEY}, others=NOT_FOUND),
            args=_first_of(Region.followup),
            reads=_her_in(Region.followup),
        )
        for name in ("followups:detail", "followups:contact", "followups:close")
    ),
    # Her decision is asked for after the visit: before it, the page goes back to the follow-up.
    Page(
        "followups:decision",
        answers(redirect={IDVA_KNOWSLEY}, others=NOT_FOUND),
        args=_first_of(Region.followup),
        redirect_to="followups:detail",
    ),
    Page("followups:take", POST_ONLY, args=_first_of(Region.followup)),
    Page(
        "followups:detail-any",
        answers(others=NOT_FOUND),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # Risk checklists ---------------------------------------------------------------------------
    Page(
        "risk:assessment",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=_pid(Region.assessment),
        reads=_her,
    ),
    Page(
        "risk:assessment-any",
        answers(not_found=CASEWORK),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # The police checklist is the police's; other roles complete the practitioner checklist.
    Page(
        "risk:new",
        answers(ok={POLICE}),
        args=lambda r: ["police-checklist", r.aisha],
        reads=_her,
    ),
    # Referrals ---------------------------------------------------------------------------------
    Page("referrals:list", answers(ok=CASEWORK)),
    *(
        Page(
            name,
            answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
            query=lambda r: {"person": r.aisha},
            reads=_her,
        )
        for name in ("referrals:create", "referrals:find-service")
    ),
    # The referral journey's later pages work on a draft that is its maker's alone: anyone
    # else, or a draft that is not there (sent, or expired), finds it gone.
    *(
        Page(name, answers(not_found=CASEWORK), args=lambda r: ["0123456789abcdef"])
        for name in (
            "referrals:draft",
            "referrals:draft-sharing",
            "referrals:draft-footing",
            "referrals:draft-agreement",
            "referrals:draft-check",
        )
    ),
    Page("referrals:matrix", answers(ok=CASEWORK)),
    Page("referrals:self-referrals", answers(ok={HUB})),
    Page("referrals:self-referral", answers(ok={HUB}), args=_pid(Region.self_referral)),
    Page("referrals:self-referrals-dismiss", POST_ONLY),
    # Aisha's onward referral from the hub to the harmful practices service (accepted).
    Page(
        "referrals:detail",
        # The project's caseworker is a specialist caseworker at another agency: not found.
        answers(ok={HUB, SPECIALIST}, not_found=CASEWORK - {HUB, SPECIALIST} | {PROJECT}),
        args=_pid(Region.referral),
        reads=_her,
    ),
    # The confirmation, for the agency that sent it (the hub).
    Page(
        "referrals:sent",
        answers(
            ok={HUB}, redirect={SPECIALIST}, not_found=CASEWORK - {HUB, SPECIALIST} | {PROJECT}
        ),
        args=_pid(Region.referral),
        redirect_to="referrals:detail",
        reads=_her,
    ),
    Page(
        "referrals:close",
        answers(
            ok={SPECIALIST}, redirect={HUB}, not_found=CASEWORK - {HUB, SPECIALIST} | {PROJECT}
        ),
        args=_pid(Region.referral),
        redirect_to="referrals:detail",
        reads=_her,
    ),
    # Only the hub assesses needs and refers on, for referrals it received.
    *(
        Page(
            name,
            answers(redirect={HUB}),
            args=_pid(Region.referral),
            redirect_to="referrals:detail",
        )
        for name in ("referrals:assessment", "referrals:onward")
    ),
    # Bethany Cole's referral from the police, waiting for the hub: the hub decides, the police
    # may withdraw it.
    Page(
        "referrals:decline",
        answers(ok={HUB}, redirect={POLICE}, not_found=CASEWORK - {HUB, POLICE}),
        args=_pid(Region.referral_waiting),
        redirect_to="referrals:detail",
        reads=lambda r: r.person("Bethany Cole"),
    ),
    Page(
        "referrals:withdraw",
        answers(ok={POLICE}, redirect={HUB}, not_found=CASEWORK - {HUB, POLICE}),
        args=_pid(Region.referral_waiting),
        redirect_to="referrals:detail",
        reads=lambda r: r.person("Bethany Cole"),
    ),
    *(
        Page(name, POST_ONLY, args=_pid(Region.referral))
        for name in ("referrals:contact", "referrals:accept", "referrals:decline-dealt-with")
    ),
    Page(
        "referrals:detail-any",
        answers(not_found=CASEWORK),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # MARAC -------------------------------------------------------------------------------------
    Page("marac:home", answers(ok=CASEWORK)),
    Page("marac:figures", answers(ok={MARAC, ANALYST})),
    # A coordinator schedules meetings of the MARACs her agency runs; with none, there is none.
    Page(
        "marac:meeting-create",
        answers(ok={MARAC}),
        expect_empty_region=answers(not_found={MARAC}),
    ),
    Page("marac:referral-create", answers(ok={MARAC}), args=_aisha, reads=_her),
    # Aisha's referral: the Liverpool MARAC's coordinator and the referring police force.
    Page(
        "marac:referral",
        answers(ok={POLICE, MARAC}, not_found=CASEWORK - {POLICE, MARAC}),
        args=_pid(Region.marac_referral),
        reads=_her,
    ),
    *(
        Page(name, answers(ok={MARAC}), args=_pid(Region.marac_referral), reads=_her)
        for name in ("marac:withdraw", "marac:close")
    ),
    # The next Liverpool meeting and a case on its agenda: the agencies invited to it.
    Page(
        "marac:meeting",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=_pid(Region.meeting),
    ),
    *(
        Page(
            name,
            answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
            args=_first_of(Region.hearing),
            reads=_her_in(Region.hearing),
        )
        for name in ("marac:hearing", "marac:information")
    ),
    *(
        Page(
            name,
            answers(ok={MARAC}),
            args=_first_of(Region.hearing),
            reads=_her_in(Region.hearing),
        )
        for name in ("marac:action-new", "marac:hearing-invite", "marac:outcome", "marac:run")
    ),
    # Printing asks why first (the print itself is a POST); an invited agency prints its own copy.
    Page(
        "marac:print",
        answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
        args=_pid(Region.meeting),
    ),
    *(
        Page(name, answers(ok={MARAC}), args=_pid(Region.meeting))
        for name in ("marac:meeting-cancel", "marac:attendance")
    ),
    # An action agreed for the Liverpool IDVA service: that service and the coordinator.
    Page(
        "marac:action",
        answers(ok={IDVA, MARAC}, not_found=CASEWORK - {IDVA, MARAC}),
        args=_first_of(Region.marac_action),
        reads=_her_in(Region.marac_action),
    ),
    *(
        Page(name, POST_ONLY, args=_pid(Region.meeting))
        for name in ("marac:agenda", "marac:meeting-add", "marac:invite", "marac:meeting-order")
    ),
    Page("marac:hearing-remove", POST_ONLY, args=_first_of(Region.hearing)),
    *(
        Page(name, answers(not_found=CASEWORK), args=_not_a_record, note=NO_SUCH_RECORD)
        for name in ("marac:referral-any", "marac:meeting-any", "marac:hearing-any")
    ),
    # Safety reports: the sex-worker project's caseworkers see and moderate every report; the
    # liaison officer sees only what reporters released to the police, never a report under (a);
    # the matrix's other specialist caseworker works elsewhere and is refused.
    Page("safety_reports:list", answers(ok={PROJECT, LIAISON})),
    Page(
        "safety_reports:detail",
        answers(ok={PROJECT, LIAISON}),
        args=_pid(Region.safety_report_for_police),
        note="a report released to the police",
    ),
    Page(
        "safety_reports:detail",
        answers(ok={PROJECT}, not_found={LIAISON}),
        args=_pid(Region.safety_report_alert_only),
        note="a report under (a), alert other workers only",
    ),
    Page(
        "safety_reports:export",
        answers(ok={LIAISON}, forbidden={PROJECT}),
        args=_pid(Region.safety_report_for_police),
    ),
    *(
        Page(name, answers(ok={PROJECT}), args=_pid(Region.safety_report_alert_only))
        for name in ("safety_reports:redact", "safety_reports:publish", "safety_reports:reject")
    ),
    Page("safety_reports:accept", POST_ONLY, args=_pid(Region.safety_report_alert_only)),
    Page("safety_reports:alerts", answers(ok={PROJECT})),
    Page("safety_reports:withdraw", answers(ok={PROJECT}), args=_pid(Region.safety_alert)),
    Page("safety_reports:subscribers", answers(ok={PROJECT})),
    *(
        Page(name, POST_ONLY, args=_pid(Region.safety_subscriber))
        for name in ("safety_reports:vet", "safety_reports:suspend")
    ),
    Page("safety_reports:outbox", answers(ok={PROJECT})),
    Page("safety_reports:figures", answers(ok={PROJECT, ANALYST})),
    # Commissioning: the commissioner (at the Combined Authority) sets up funds and contracts and
    # reads every return; a provider's returns officer sees its own agency's contracts only.
    Page("commissioning:home", answers(ok={RETURNS_OFFICER, COMMISSIONER})),
    *(
        Page(name, answers(ok={COMMISSIONER}))
        for name in (
            "commissioning:funder-add",
            "commissioning:stream-add",
            "commissioning:figures",
            "commissioning:export",
        )
    ),
    *(
        Page(
            name,
            answers(ok={COMMISSIONER}),
            expect_empty_region=answers(not_found={COMMISSIONER}),
        )
        for name in ("commissioning:export-json", "commissioning:export-xlsx")
    ),
    Page("commissioning:upload", answers(ok={RETURNS_OFFICER})),
    Page("commissioning:contract-add", answers(ok={COMMISSIONER}), args=_pid(Region.fund)),
    Page(
        "commissioning:contract",
        answers(ok={COMMISSIONER, RETURNS_OFFICER}),
        args=_pid(Region.contract),
    ),
    Page(
        "commissioning:contract",
        answers(ok={COMMISSIONER}, not_found={RETURNS_OFFICER}),
        args=_pid(Region.other_contract),
        note="another provider's contract",
    ),
    Page("commissioning:budget", answers(ok={COMMISSIONER}), args=_pid(Region.contract)),
    Page("commissioning:return-add", answers(ok={RETURNS_OFFICER}), args=_pid(Region.contract)),
    # Another provider's contract is not found by the returns officer.
    Page(
        "commissioning:return-add",
        answers(not_found={RETURNS_OFFICER}),
        args=_pid(Region.other_contract),
        note="another provider's contract",
    ),
    # Prevention: the education provider runs its own programmes; the commissioner reads them.
    Page("prevention:home", answers(ok={EDUCATION, COMMISSIONER})),
    Page("prevention:programme-add", answers(ok={EDUCATION})),
    *(
        Page(name, answers(ok={EDUCATION, COMMISSIONER}), args=_pid(Region.programme))
        for name in ("prevention:programme", "prevention:results")
    ),
    Page("prevention:session-add", answers(ok={EDUCATION}), args=_pid(Region.programme)),
    # Campaigns: the commissioner's.
    Page("campaigns:home", answers(ok={COMMISSIONER})),
    Page("campaigns:add", answers(ok={COMMISSIONER})),
    Page("campaigns:detail", answers(ok={COMMISSIONER}), args=_pid(Region.campaign)),
    # The action plan: the staff who work on it read it (the board's progress page and its
    # printable report); only the lead agency's action plan lead updates its milestones.
    Page("action_plan:board", answers(ok=PLAN_READERS)),
    Page("action_plan:report", answers(ok=PLAN_READERS)),
    Page("action_plan:milestone", answers(ok={PLAN_LEAD}), args=_pid(Region.milestone)),
    Page(
        "action_plan:milestone",
        answers(forbidden=EVERYONE),
        args=_pid(Region.other_milestone),
        note="a milestone of another agency's action",
    ),
    # Records over their life ------------------------------------------------------------------
    # Casework staff and administrators: her copy, erasure and corrections for people their
    # agency works with; reviews for everyone in casework (their chronology, their agency's
    # recommendations); holds for the chair (the MARAC coordinator in the demo).
    Page("records:home", answers(ok=CASEWORK | {ADMIN})),
    *(
        Page(
            name,
            answers(ok=WITH_AISHA, not_found=NOT_WITH_AISHA),
            args=_aisha,
            reads=_her,
        )
        for name in ("records:erasure-new", "records:subject-access-new", "records:correction-new")
    ),
    Page(
        "records:erasure",
        answers(ok={POLICE, ADMIN}, not_found=CASEWORK - {POLICE}),
        args=_pid(Region.erasure_request),
    ),
    Page(
        "records:subject-access",
        answers(ok={POLICE}, not_found=CASEWORK - {POLICE}),
        args=_pid(Region.subject_access),
        reads=_her,
    ),
    Page(
        "records:review",
        answers(ok=CASEWORK | {ADMIN}, not_found=EVERYONE - CASEWORK - {ADMIN, PROJECT}),
        args=_pid(Region.death_review),
    ),
    Page("records:chronology", answers(ok=CASEWORK), args=_pid(Region.death_review)),
    Page(
        "records:hold-lift",
        answers(ok={MARAC}, not_found=EVERYONE - {MARAC}),
        args=_pid(Region.hold),
    ),
    Page(
        "records:recommendation",
        answers(ok={POLICE, MARAC}, not_found=EVERYONE - {POLICE, MARAC}),
        args=_pid(Region.recommendation),
    ),
    # Consultations -----------------------------------------------------------------------------
    # The builder, imports, analysis and results: analysts of the agency running it.
    Page("consultations:list", answers(ok={ANALYST})),
    Page("consultations:create", answers(ok={ANALYST})),
    *(
        Page(name, answers(ok={ANALYST}), args=_pid(Region.consultation))
        for name in (
            "consultations:detail",
            "consultations:edit",
            "consultations:question-add",
            "consultations:import",
            "consultations:import-template",
            "consultations:results",
            "consultations:report",
            "consultations:results-csv",
        )
    ),
    Page("consultations:topic-add", POST_ONLY, args=_pid(Region.consultation)),
    Page("consultations:question-remove", POST_ONLY, args=Region.free_text_question),
    Page(
        "consultations:question-analysis",
        answers(ok={ANALYST}),
        args=Region.free_text_question,
    ),
    Page("consultations:analysis", answers(ok={ANALYST}), args=_pid(Region.analysis)),
    Page("consultations:theme", answers(ok={ANALYST}), args=_pid(Region.theme)),
    Page(
        "consultations:theme-change",
        POST_ONLY,
        args=lambda region: [region.theme(), "rename"],
    ),
    Page(
        "consultations:detail-any",
        answers(not_found={ANALYST}),
        args=_not_a_record,
        note=NO_SUCH_RECORD,
    ),
    # The professional route: staff of every partner agency answer for their agency.
    Page("consultations:answer-list", answers(ok=EVERYONE - {ADMIN} - PARTNERSHIP_ROLES)),
    Page(
        "consultations:answer",
        answers(ok=EVERYONE - {ADMIN} - PARTNERSHIP_ROLES),
        args=_pid(Region.consultation),
    ),
]


def admin_pages() -> list[Page]:
    """The Django admin: its index and every registered model's list, for administrators only
    (everyone else is sent to the admin's own sign-in, which admits staff accounts only)."""
    only_admin = answers(ok={ADMIN}, redirect=EVERYONE - {ADMIN})
    names = ["admin:index"] + [
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    ]
    return [Page(name, only_admin, redirect_to="admin:login") for name in names]
