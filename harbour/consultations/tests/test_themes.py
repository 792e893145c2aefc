"""Theme analysis: themes found without being told how many, "other" kept apart, the analyst's
changes, the background task and its progress; the real model, and the fallback without it."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from harbour.audit.models import AccessLogEntry
from harbour.consultations import services, themes
from harbour.consultations.models import AnalysisStatus, Answer, Quote, Theme, ThemeAssignment
from harbour.core.testing import run_worker

GROUPS = {
    "police": [
        "police",
        "officer",
        "statement",
        "station",
        "arrest",
        "report",
        "called",
        "listened",
    ],
    "money": ["funding", "money", "contract", "grant", "commissioning", "budget", "cuts", "years"],
    "school": [
        "school",
        "teachers",
        "lessons",
        "pupils",
        "consent",
        "relationships",
        "education",
        "children",
    ],
    "posters": [
        "posters",
        "adverts",
        "campaign",
        "buses",
        "social",
        "media",
        "awareness",
        "leaflets",
    ],
}


def synthetic(per_group: int = 40, noise: int = 5, seed: int = 1) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    texts, truth = [], []
    for group, words in GROUPS.items():
        for _ in range(per_group):
            texts.append(" ".join(rng.sample(words, 4)))
            truth.append(group)
    for i in range(noise):
        texts.append(f"{'qx' * (i + 1)} {'vw' * (i + 2)} {'jk' * (i + 3)}")
        truth.append("noise")
    return texts, truth


def test_the_number_of_themes_is_proposed_and_misfits_are_kept_apart():
    texts, truth = synthetic()
    found = themes.discover(themes.PseudoEmbedder().embed(texts), texts)
    assert found.proposed == 4
    assert len(found.themes) == 4
    for theme in found.themes:
        groups = Counter(truth[row] for row in theme.members)
        assert groups.most_common(1)[0][1] / len(theme.members) >= 0.95
        assert set(theme.key_terms[:3]) <= set(GROUPS[groups.most_common(1)[0][0]])
        assert all(0 < c <= 1 for c in theme.confidences)
    other = [truth[row] for row in found.other]
    assert other.count("noise") == 5  # none forced into a theme
    assert len(other) <= 0.1 * len(texts)


def test_the_analyst_may_set_the_number_of_themes():
    texts, _truth = synthetic()
    found = themes.discover(themes.PseudoEmbedder().embed(texts), texts, count=2)
    assert len(found.themes) == 2


def test_an_answer_touching_two_themes_counts_in_both():
    texts, _truth = synthetic()
    texts.append("police officer statement funding money contract")
    found = themes.discover(themes.PseudoEmbedder().embed(texts), texts)
    row = len(texts) - 1
    placed = [t for t in found.themes if row in t.members] + [
        t for t in found.themes if any(r == row for r, _c in t.also)
    ]
    assert len(placed) == 2


def test_the_real_model_groups_answers_by_meaning():
    pytest.importorskip("wordllama")
    embedder = themes.WordLlamaEmbedder()
    vectors = embedder.embed(
        [
            "The police did not believe me",
            "Officers ignored what I reported",
            "There is not enough money for refuges",
            "Funding for services keeps being cut",
        ]
    )
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] and similarity[0, 1] > similarity[0, 3]
    assert similarity[2, 3] > similarity[2, 0] and similarity[2, 3] > similarity[2, 1]


def test_the_real_model_gives_wordllamas_own_vectors():
    """Pooling word by word gives the vectors of wordllama's own padded batches."""
    wordllama = pytest.importorskip("wordllama")
    from pathlib import Path

    import numpy as np

    texts = [
        "The police did not believe me",
        "[name] said the  refuge was full\nso I stayed",
        "Fundng for servces keeps being cut!",
        "ok",
        "",
    ]
    model = wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )
    cleaned = [" ".join(themes._MARKER.sub(" ", text).split()) for text in texts]
    expected = themes._normalise(model.embed(cleaned))
    assert np.allclose(themes.WordLlamaEmbedder().embed(texts), expected, atol=1e-5)


def test_themes_fitted_on_a_sample_take_in_every_answer(monkeypatch):
    """Past the fitting sample, every answer is still put with its nearest theme."""
    monkeypatch.setattr(themes, "FIT_SAMPLE", 60)
    monkeypatch.setattr(themes, "TERMS_SAMPLE", 20)
    texts, truth = synthetic()
    found = themes.discover(themes.PseudoEmbedder().embed(texts), texts)
    assert len(found.themes) == 4
    placed = [row for theme in found.themes for row in theme.members] + found.other
    assert sorted(placed) == list(range(len(texts)))
    for theme in found.themes:
        groups = Counter(truth[row] for row in theme.members)
        assert groups.most_common(1)[0][1] / len(theme.members) >= 0.95
        assert set(theme.key_terms[:3]) <= set(GROUPS[groups.most_common(1)[0][0]])
    assert sum(truth[row] == "noise" for row in found.other) == 5


def test_an_answer_with_no_word_that_carries_a_theme_is_other():
    texts, _truth = synthetic()
    texts += ["no", "[name]", "it is what it is"]
    found = themes.discover(themes.PseudoEmbedder().embed(texts), texts)
    assert {len(texts) - 3, len(texts) - 2, len(texts) - 1} <= set(found.other)


def test_without_the_analysis_extra_word_counts_are_used(monkeypatch, settings):
    settings.HARBOUR_CONSULTATION_EMBEDDER = "auto"
    monkeypatch.setattr(themes, "wordllama_available", lambda: False)
    embedder = themes.embedder_default()
    assert embedder.name == "lsa"
    texts, truth = synthetic()
    found = themes.discover(embedder.embed(texts), texts)
    assert 3 <= len(found.themes) <= 6
    for theme in found.themes:  # mistyped words still meet their right spelling
        groups = Counter(truth[row] for row in theme.members)
        assert groups.most_common(1)[0][1] / len(theme.members) >= 0.9
    assert embedder.embed(texts).shape == (len(texts), 10)


def _answers(world, texts):
    question = world.questions["What would make the biggest difference?"]
    for text in texts:
        services.response_submit(
            consultation=world.consultation,
            audience="public",
            route="public",
            answers={question: text},
        )
    return question


@pytest.mark.django_db(transaction=True)  # the worker runs the task as in production
def test_the_analysis_runs_in_the_background_with_progress(world, staff_client):
    texts, _truth = synthetic()
    question = _answers(world, texts)
    client = staff_client(world.analyst)
    consultation_id = world.consultation.public_id
    url = f"/staff/consultations/{consultation_id}/questions/{question.public_id}/analysis/"
    response = client.post(url, {"themes": ""})
    analysis = question.analyses.get()
    assert response.status_code == 302 and analysis.status == AnalysisStatus.QUEUED
    waiting = client.get(f"/staff/consultations/analyses/{analysis.public_id}/")
    assert 'http-equiv="refresh"' in waiting.content.decode()
    run_worker()
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.DONE and analysis.progress == 100
    assert analysis.embedder == "pseudo" and analysis.themes_proposed == 4
    page = client.get(f"/staff/consultations/analyses/{analysis.public_id}/").content.decode()
    assert "Other" in page and 'http-equiv="refresh"' not in page
    assert AccessLogEntry.objects.filter(user=world.analyst, record_id=analysis.public_id).exists()
    # Safe to run twice: the same themes, not twice as many.
    count = Theme.objects.count()
    services.analysis_perform(analysis_id=analysis.pk)
    assert Theme.objects.count() == count
    # Every answer is somewhere: in a theme or in "other".
    placed = set(ThemeAssignment.objects.filter(primary=True).values_list("answer_id", flat=True))
    assert placed == set(Answer.objects.filter(question=question).values_list("pk", flat=True))


def _done(world):
    texts, _truth = synthetic()
    question = _answers(world, texts)
    analysis = services.analysis_request(question=question, by=world.analyst)
    return services.analysis_perform(analysis_id=analysis.pk)


def test_the_analyst_renames_merges_splits_and_moves(world, staff_client):
    analysis = _done(world)
    client = staff_client(world.analyst)
    first, second = analysis.themes.filter(is_other=False)[:2]
    base = "/staff/consultations/themes/"
    client.post(f"{base}{first.public_id}/rename/", {"label": "Police response"})
    first.refresh_from_db()
    assert first.label == "Police response"
    page = client.get(f"{base}{first.public_id}/")
    assert "Police response" in page.content.decode()

    assignment = first.assignments.first()
    client.post(
        f"{base}{first.public_id}/move/", {"assignment": assignment.pk, "to": second.public_id}
    )
    moved = ThemeAssignment.objects.get(answer=assignment.answer)
    assert moved.theme == second and moved.moved_by == world.analyst and moved.confidence == 1.0

    size = first.assignments.count() + second.assignments.count()
    client.post(f"{base}{second.public_id}/merge/", {"into": first.public_id})
    assert not Theme.objects.filter(pk=second.pk).exists()
    assert first.assignments.count() == size

    themes_before = analysis.themes.count()
    client.post(f"{base}{first.public_id}/split/")
    assert analysis.themes.count() == themes_before + 1


def test_bad_changes_are_refused_and_change_nothing(world, staff_client):
    analysis = _done(world)
    client = staff_client(world.analyst)
    theme = analysis.themes.filter(is_other=False).first()
    other = analysis.themes.get(is_other=True)
    client.post(f"/staff/consultations/themes/{theme.public_id}/rename/", {"label": "  "})
    assert Theme.objects.get(pk=theme.pk).label == theme.label
    client.post(f"/staff/consultations/themes/{theme.public_id}/merge/", {"into": other.public_id})
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_quotes_are_only_those_the_analyst_chooses(world, staff_client):
    analysis = _done(world)
    theme = analysis.themes.filter(is_other=False).first()
    assert not Quote.objects.exists()  # nothing picked automatically
    assignment = theme.assignments.first()
    staff_client(world.analyst).post(
        f"/staff/consultations/themes/{theme.public_id}/quote/", {"assignment": assignment.pk}
    )
    assert Quote.objects.get().answer == assignment.answer


def test_another_agencys_analyst_cannot_open_an_analysis_or_theme(world, staff_client):
    analysis = _done(world)
    client = staff_client(world.other_analyst)
    theme = analysis.themes.first()
    assert client.get(f"/staff/consultations/analyses/{analysis.public_id}/").status_code == 404
    assert client.get(f"/staff/consultations/themes/{theme.public_id}/").status_code == 404
    client.post(f"/staff/consultations/themes/{theme.public_id}/rename/", {"label": "Mine"})
    assert Theme.objects.get(pk=theme.pk).label != "Mine"
