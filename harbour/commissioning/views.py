"""Staff pages of commissioning. Thin: parse, call a getter or a service, render.

Every page checks the role (``role_required``) and then the agency: commissioners work at the
Combined Authority / PCC office; returns officers see their own agency's contracts only, and
any other contract answers as one that does not exist (the refusal is logged).
"""

from __future__ import annotations

import datetime
import json
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from harbour.accounts.decorators import page_refuse, role_required
from harbour.audit.services import Action, access_log
from harbour.commissioning import figures, forms, giving, queries, services, spreadsheets
from harbour.commissioning.access import (
    COMMISSIONER_ROLES,
    PAGE_ROLES,
    RETURN_ROLES,
    is_commissioner,
    may_submit_for,
)
from harbour.commissioning.models import (
    Contract,
    FundingStream,
    financial_year_of,
    quarter_end,
    year_label,
)
from harbour.core.forms import apply_errors

staff = role_required(*PAGE_ROLES)
by_role = role_required(*COMMISSIONER_ROLES)


def commissioner_only(view):
    """The role first (``role_required``), then the agency: a commissioner at an agency
    closed or not the Combined Authority is refused too, and logged."""

    @by_role
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not is_commissioner(request.user):
            page_refuse(request, "not the commissioning agency")
        return view(request, *args, **kwargs)

    return wrapped


def with_contract(view):
    @wraps(view)
    def wrapped(request: HttpRequest, contract_id: str, *args, **kwargs):
        try:
            contract = queries.contract_get_for_user(user=request.user, contract_id=contract_id)
        except queries.ContractNotFound:
            return render(request, "commissioning/not_found.html", status=404)
        return view(request, contract, *args, **kwargs)

    return wrapped


def _year(request: HttpRequest) -> int:
    current = financial_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if 2000 <= year <= 2100 else current


@require_safe
@staff
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    commissioner = is_commissioner(user)
    contracts = list(queries.contracts_for_user(user=user))
    missing = queries.returns_missing(user=user)
    today = timezone.localdate()
    context = {
        "commissioner": commissioner,
        "contracts": contracts,
        "missing": missing,
        "overdue": [item for item in missing if item.overdue_on(today)],
        "today": today,
        "streams": FundingStream.objects.select_related("funder").order_by("name")
        if commissioner
        else [],
    }
    return render(request, "commissioning/home.html", context)


@require_http_methods(["GET", "POST"])
@commissioner_only
def funder_add(request: HttpRequest) -> HttpResponse:
    form = forms.FunderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.funder_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Funder added."))
            return redirect("commissioning:home")
    return render(request, "commissioning/form.html", {"form": form, "title": _("Add a funder")})


@require_http_methods(["GET", "POST"])
@commissioner_only
def stream_add(request: HttpRequest) -> HttpResponse:
    form = forms.StreamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stream_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Fund added."))
            return redirect("commissioning:home")
    return render(request, "commissioning/form.html", {"form": form, "title": _("Add a fund")})


@require_http_methods(["GET", "POST"])
@commissioner_only
def contract_add(request: HttpRequest, stream_id: str) -> HttpResponse:
    stream = FundingStream.objects.filter(public_id=stream_id).first()
    if stream is None:
        return render(request, "commissioning/not_found.html", status=404)
    form = forms.ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(stream=stream, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Contract set up. Now set its budget for each year."))
            return redirect("commissioning:contract", contract_id=contract.public_id)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Set up a contract"),
            "caption": stream.name,
        },
    )


@require_safe
@staff
@with_contract
def contract_detail(request: HttpRequest, contract: Contract) -> HttpResponse:
    today = timezone.localdate()
    returns = list(contract.returns.all())
    made = {(item.year, item.quarter) for item in returns}
    missing = [
        queries.DueReturn(contract, year, quarter, queries.return_due_on(year, quarter))
        for year, quarter in contract.quarters()
        if quarter_end(year, quarter) < today and (year, quarter) not in made
    ]
    years = sorted({year for year, _quarter in contract.quarters()})
    budgets = {budget.year: budget for budget in contract.budgets.all()}
    return render(
        request,
        "commissioning/contract.html",
        {
            "contract": contract,
            "returns": returns,
            "missing": missing,
            "today": today,
            "years": [(year_label(year), budgets.get(year)) for year in years],
            "commissioner": is_commissioner(request.user),
            "may_submit": may_submit_for(request.user, contract),
            "services": contract.services.order_by("name"),
            "areas": contract.areas.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@commissioner_only
@with_contract
def budget_set(request: HttpRequest, contract: Contract) -> HttpResponse:
    years = sorted({year for year, _quarter in contract.quarters()})
    form = forms.BudgetForm(request.POST or None, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_set(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Budget set."))
            return redirect("commissioning:contract", contract_id=contract.public_id)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Set a year's budget"), "caption": str(contract)},
    )


@require_http_methods(["GET", "POST"])
@staff
@with_contract
def return_add(request: HttpRequest, contract: Contract) -> HttpResponse:
    if not may_submit_for(request.user, contract):
        access_log(
            user=request.user,
            action=Action.DENIED,
            record=contract,
            reason="returns are made by the provider",
        )
        raise PermissionDenied
    today = timezone.localdate()
    made = set(contract.returns.values_list("year", "quarter"))
    periods = [
        period
        for period in contract.quarters()
        if quarter_end(*period) < today and period not in made
    ]
    form = forms.ReturnForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year, quarter = data.pop("period")
        try:
            services.return_submit(
                contract=contract, year=year, quarter=quarter, by=request.user, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Return received. Thank you."))
            return redirect("commissioning:contract", contract_id=contract.public_id)
    return render(
        request,
        "commissioning/return_form.html",
        {"form": form, "contract": contract, "periods": periods},
    )


@require_http_methods(["GET", "POST"])
@role_required(*RETURN_ROLES)
def returns_upload(request: HttpRequest) -> HttpResponse:
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    problems: list = []
    hidden = 0
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough to refuse an oversize file without reading it all.
        data = upload.read(spreadsheets.MAX_FILE_BYTES + 1)
        try:
            created = services.returns_import(name=upload.name, data=data, by=request.user)
        except services.ImportRefused as refused:
            problems = refused.problems[:50]
            hidden = len(refused.problems) - len(problems)
            form.add_error(
                "file",
                _(
                    "The file was not imported: nothing from it has been recorded. "
                    "Fix the problems listed and upload it again."
                ),
            )
        else:
            messages.success(
                request,
                _("%(count)s returns imported.") % {"count": len(created)},
            )
            return redirect("commissioning:home")
    return render(
        request,
        "commissioning/upload.html",
        {
            "form": form,
            "problems": problems,
            "hidden": hidden,
            "columns": spreadsheets.COLUMNS,
        },
    )


@require_safe
@commissioner_only
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    contracts = list(queries.contracts_for_user(user=request.user))
    spend = figures.spend_against_budget(contracts=contracts, year=year)
    access_log(
        user=request.user,
        action=Action.VIEW,
        record_type="commissioning.figures",
        record_id=str(year),
        reason="commissioning figures",
    )
    return render(
        request,
        "commissioning/figures.html",
        {
            "year": year,
            "year_label": year_label(year),
            "previous": year - 1,
            "next": year + 1,
            "spend": spend,
            "spend_chart": figures.spend_chart(spend),
            "figures": figures.year_figures(year),
        },
    )


def _package():
    contracts = list(
        Contract.objects.select_related("stream", "stream__funder", "organisation")
        .prefetch_related("areas", "services", "organisation__locations")
        .order_by("reference")
    )
    if not contracts:
        return None
    package = giving.grants_package(
        contracts, title=_("Grants for ending violence against women and girls")
    )
    errors = giving.package_errors(package)
    if errors:  # never publish a file that breaks the standard
        raise ValueError("360Giving package does not validate: " + "; ".join(errors[:5]))
    return package


@require_safe
@commissioner_only
def export_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commissioning/export.html",
        {"count": Contract.objects.count(), "columns": giving.SHEET_COLUMNS},
    )


def _download(request: HttpRequest, kind: str, body: bytes, content_type: str) -> HttpResponse:
    access_log(
        user=request.user,
        action=Action.EXPORT,
        record_type="commissioning.360giving",
        record_id=kind,
        reason="360Giving open data",
    )
    stamp = datetime.date.today().isoformat()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="grants-360giving-{stamp}.{kind}"'
    return response


@require_safe
@commissioner_only
def export_json(request: HttpRequest) -> HttpResponse:
    package = _package()
    if package is None:
        return render(request, "commissioning/not_found.html", status=404)
    body = json.dumps(package, indent=2, ensure_ascii=False).encode()
    return _download(request, "json", body, "application/json")


@require_safe
@commissioner_only
def export_xlsx(request: HttpRequest) -> HttpResponse:
    package = _package()
    if package is None:
        return render(request, "commissioning/not_found.html", status=404)
    return _download(
        request,
        "xlsx",
        giving.grants_workbook(package),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
