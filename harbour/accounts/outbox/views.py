from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from harbour.accounts.decorators import role_required
from harbour.accounts.roles import Role
from harbour.notifications.models import Notification


@require_safe
@role_required(Role.ADMINISTRATOR)
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    messages = Notification.objects.select_related("recipient", "recipient__agency")
    if status in Notification.Status.values:
        messages = messages.filter(status=status)
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": Notification.Status.choices,
            "query": f"status={status}" if status else "",
        },
    )
