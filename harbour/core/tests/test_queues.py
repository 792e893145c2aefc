from datetime import timedelta

import pytest
from django.utils import timezone

from harbour.core import queues
from harbour.core.queues import Priority, WorkItem, register_work_provider, work_for


@pytest.fixture
def provider(monkeypatch):
    monkeypatch.setattr(queues, "_providers", [])
    now = timezone.now()
    items = [
        WorkItem(kind="A", title="later normal", url="/1", due=now + timedelta(days=2)),
        WorkItem(
            kind="A",
            title="overdue low",
            url="/2",
            priority=Priority.LOW,
            due=now - timedelta(hours=1),
        ),
        WorkItem(kind="B", title="urgent no due", url="/3", priority=Priority.URGENT),
        WorkItem(kind="B", title="soon normal", url="/4", due=now + timedelta(hours=3)),
    ]
    register_work_provider(lambda user: items)
    return items


def test_overdue_first_then_priority_then_due(provider):
    assert [i.title for i in work_for(None)] == [
        "overdue low",
        "urgent no due",
        "soon normal",
        "later normal",
    ]


@pytest.mark.django_db
def test_home_page_lists_the_queue(provider, staff_client, user_factory):
    response = staff_client(user_factory()).get("/staff/")
    body = response.content.decode()
    assert body.index("overdue low") < body.index("urgent no due") < body.index("later normal")
    assert "Overdue" in body
