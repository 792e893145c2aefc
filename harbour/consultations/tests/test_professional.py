"""The professional route: staff of a partner agency answer for their agency."""

from __future__ import annotations

from harbour.audit.models import AccessLogEntry
from harbour.consultations.factories import consultation_make
from harbour.consultations.models import Response


def test_an_idva_answers_for_her_agency(world, staff_client):
    client = staff_client(world.idva)
    listing = client.get("/staff/consultations/answer/")
    assert world.consultation.title in listing.content.decode()
    url = f"/staff/consultations/answer/{world.consultation.public_id}/"
    q = world.questions
    response = client.post(
        url,
        {
            f"q_{q['Have you used a service?'].public_id}": "No",
            f"q_{q['What would make the biggest difference?'].public_id}": "Shared records",
        },
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.route == "professional" and saved.audience == "professionals"
    assert saved.agency == world.idva.agency
    assert AccessLogEntry.objects.filter(user=world.idva, record_id=saved.public_id).exists()


def test_a_consultation_not_asking_professionals_is_not_found(world, staff_client):
    public_only = consultation_make(by=world.analyst, audiences=["public"])
    response = staff_client(world.idva).get(f"/staff/consultations/answer/{public_only.public_id}/")
    assert response.status_code == 404
    assert not Response.objects.exists()
    assert AccessLogEntry.objects.filter(user=world.idva, action="denied").exists()
