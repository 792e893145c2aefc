"""Theme analysis on this machine: no answer ever leaves it.

1. **Embeddings** from a model shipped inside a Python package (:func:`embedder_default`):
   ``wordllama`` (a static model of 16 MB inside its wheel, in the ``analysis`` extra) by
   default; without that extra, a TF-IDF and SVD embedding worked out from the answers
   themselves (``lsa``), so the analysis still runs. Tests use :class:`PseudoEmbedder`,
   deterministic vectors from a hash of each word.
2. **How many themes**, when the analyst has not said: spherical k-means on a sample for each
   candidate number from 3 to 12, scored by the silhouette; the fewest within 5 % of the best
   score is proposed, and she may change it (2 to 30).
3. **Themes** by k-means on every answer from the sample's centres; a theme smaller than
   ``max(5, 0.1 %)`` of the answers is dissolved, two themes whose centres nearly coincide are
   merged, and an answer far from its theme's centre (by its theme's own spread) is put in
   **other** rather than forced into a theme. An answer closer to the midpoint of two
   themes' centres than to either centre touches both (multi-label).
4. **Labels** from class-based TF-IDF (the words that set a theme apart from the others),
   **confidence** from a softmax over the similarities to each centre, and the answers nearest
   each centre offered to the analyst as candidate quotes (never published without her choice).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings

Progress = Callable[[int, str], None]

_TOKEN = re.compile(r"[a-zà-ÿ][a-zà-ÿ'’]+")
_MARKER = re.compile(r"\[(?:name|email|phone|postcode|address|date)\]")
# Words that carry no theme (English function words and the markers' own words).
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "even",
        "ever",
        "every",
        "few",
        "for",
        "from",
        "further",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "same",
        "she",
        "should",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "they're",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "one",
        "two",
        "lot",
        "lots",
        "thing",
        "things",
        "way",
        "ve",
        "ll",
        "re",
        "didn",
        "doesn",
        "isn",
        "wasn",
        "weren",
        "won",
        "name",
        "email",
        "phone",
        "postcode",
        "address",
        "date",
    ]
)


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def tokens(text: str) -> list[str]:
    text = _MARKER.sub(" ", text.lower())
    return [word for word in _TOKEN.findall(text) if word not in STOP_WORDS]


class WordLlamaEmbedder:
    """wordllama's static embeddings, loaded from its own package folder (never downloaded)."""

    name = "wordllama"

    def __init__(self) -> None:
        import wordllama

        self._model = wordllama.WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        # Each distinct answer is embedded once ("more funding" may come a thousand times).
        cleaned = [_MARKER.sub(" ", text) for text in texts]
        unique = list(dict.fromkeys(cleaned))
        vectors = _normalise(self._model.embed(unique, batch_size=1024))
        if len(unique) == len(cleaned):
            return vectors
        position = {text: i for i, text in enumerate(unique)}
        return vectors[[position[text] for text in cleaned]]


class LsaEmbedder:
    """TF-IDF over the answers' own words reduced by SVD: needs nothing beyond numpy."""

    name = "lsa"

    def __init__(self, dimensions: int = 100) -> None:
        self.dimensions = dimensions

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        docs = [tokens(text) for text in texts]
        frequency = Counter(word for doc in docs for word in set(doc))
        vocabulary = {
            word: i for i, (word, count) in enumerate(frequency.most_common(5000)) if count >= 2
        }
        if not vocabulary:
            return np.zeros((len(texts), 1), dtype=np.float32)
        matrix = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
        for row, doc in enumerate(docs):
            for word, count in Counter(doc).items():
                if word in vocabulary:
                    matrix[row, vocabulary[word]] = 1 + math.log(count)
        idf = np.array(
            [math.log((1 + len(texts)) / (1 + frequency[word])) + 1 for word in vocabulary],
            dtype=np.float32,
        )
        matrix = _normalise(matrix * idf)
        k = min(self.dimensions, min(matrix.shape) - 1)
        if k < 1:
            return matrix
        # The right singular vectors from the smaller Gram matrix: fast for many answers.
        gram = matrix.T @ matrix
        values, vectors = np.linalg.eigh(gram)
        basis = vectors[:, np.argsort(values)[::-1][:k]]
        return _normalise(matrix @ basis)


class PseudoEmbedder:
    """Deterministic vectors for tests: each word's vector comes from a hash of the word, and
    an answer's is the mean of its words' (so answers sharing words are close)."""

    name = "pseudo"

    def __init__(self, dimensions: int = 64) -> None:
        self.dimensions = dimensions

    @cache  # noqa: B019 - a handful of instances in tests
    def _word(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "big")
        return np.random.default_rng(seed).standard_normal(self.dimensions).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            words = tokens(text)
            if words:
                out[row] = np.mean([self._word(word) for word in words], axis=0)
        return _normalise(out)


def wordllama_available() -> bool:
    try:
        import wordllama  # noqa: F401
    except ImportError:
        return False
    return True


def embedder_default() -> Embedder:
    """The configured embedder (``HARBOUR_CONSULTATION_EMBEDDER``: ``wordllama``, ``lsa`` or
    ``auto``, the default: wordllama when its package is installed, else ``lsa``)."""
    choice = getattr(settings, "HARBOUR_CONSULTATION_EMBEDDER", "auto")
    if choice == "pseudo":
        return PseudoEmbedder()
    if choice == "lsa" or (choice == "auto" and not wordllama_available()):
        return LsaEmbedder()
    return WordLlamaEmbedder()


# Clustering ---------------------------------------------------------------------------------


def kmeans(
    vectors: np.ndarray,
    k: int,
    *,
    seed: int = 0,
    iterations: int = 30,
    init: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means (cosine) with k-means++ seeding: (centres, labels)."""
    rng = np.random.default_rng(seed)
    n = len(vectors)
    if init is not None:
        centres = _normalise(init)
    else:
        centres = np.empty((k, vectors.shape[1]), dtype=np.float32)
        centres[0] = vectors[rng.integers(n)]
        closest = 1 - vectors @ centres[0]
        for i in range(1, k):
            weights = np.clip(closest, 0, None) ** 2
            total = weights.sum()
            pick = rng.integers(n) if total <= 0 else rng.choice(n, p=weights / total)
            centres[i] = vectors[pick]
            closest = np.minimum(closest, 1 - vectors @ centres[i])
    labels = np.zeros(n, dtype=np.int64)
    for step in range(iterations):
        new_labels = np.argmax(vectors @ centres.T, axis=1)
        if step and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        onehot = np.zeros((n, len(centres)), dtype=np.float32)
        onehot[np.arange(n), labels] = 1
        sums = (vectors.T @ onehot).T  # this order takes BLAS's fast path
        empty = onehot.sum(axis=0) == 0
        sums[empty] = centres[empty]  # a centre that lost every answer stays where it was
        centres = _normalise(sums)
    return centres, labels


def silhouette(
    vectors: np.ndarray, labels: np.ndarray, *, distances: np.ndarray | None = None
) -> float:
    """Mean silhouette with cosine distance (vectors normalised; ``distances`` may be given)."""
    if distances is None:
        distances = 1 - vectors @ vectors.T
    n = len(labels)
    present, labels = np.unique(labels, return_inverse=True)
    if len(present) < 2:
        return -1.0
    onehot = np.zeros((n, len(present)), dtype=np.float32)
    onehot[np.arange(n), labels] = 1
    sizes = onehot.sum(axis=0)
    sums = distances @ onehot  # n × k: summed distance to each theme's answers
    own_size = sizes[labels]
    a = sums[np.arange(n), labels] / np.maximum(own_size - 1, 1)
    mean_to = sums / sizes
    mean_to[np.arange(n), labels] = np.inf
    b = mean_to.min(axis=1)
    scores = (b - a) / np.maximum(np.maximum(a, b), 1e-9)
    scores[own_size == 1] = 0
    return float(scores.mean())


MAX_THEMES = 30
PROPOSE_RANGE = (3, 12)
SAMPLE = 2000
PARSIMONY = 0.05  # a number of themes whose silhouette is within 5 % of the best is as good


def propose_count(vectors: np.ndarray, *, seed: int = 0) -> int:
    """The number of themes to propose, from 3 to 12 (a set a reader takes in at once; the
    analyst may ask for up to 30): the fewest whose silhouette on a sample is within
    ``PARSIMONY`` of the best. Silhouettes of short answers are flat across many numbers of
    themes; among near-equals the simplest reading is the one to offer."""
    rng = np.random.default_rng(seed)
    n = len(vectors)
    sample = vectors if n <= SAMPLE else vectors[rng.choice(n, SAMPLE, replace=False)]
    low, high = PROPOSE_RANGE
    high = max(low, min(high, len(sample) // 10))
    distances = 1 - sample @ sample.T
    scored = {}
    for k in range(low, high + 1):
        runs = [
            silhouette(sample, kmeans(sample, k, seed=seed + run)[1], distances=distances)
            for run in range(2)
        ]
        scored[k] = float(np.mean(runs))
    best = max(scored.values())
    margin = PARSIMONY * abs(best)
    return min(k for k, score in scored.items() if score >= best - margin)


@dataclass
class FoundTheme:
    key_terms: list[str]
    centre: np.ndarray
    members: list[int]  # answers whose primary theme this is
    confidences: list[float]
    also: list[tuple[int, float]] = field(default_factory=list)  # answers touching it second

    @property
    def label(self) -> str:
        return ", ".join(self.key_terms[:3])


@dataclass
class Discovery:
    themes: list[FoundTheme]
    other: list[int]
    proposed: int


OTHER_SPREAD = 2.0  # an answer further than this many deviations below its theme's mean is other
PAIR_GAIN = 0.02  # closer to two centres' midpoint than to one, by this much: touches both
TEMPERATURE = 0.05


def key_terms(texts_by_theme: Sequence[Sequence[str]], *, top: int = 5) -> list[list[str]]:
    """Class-based TF-IDF: the words most frequent in a theme and rare across the others."""
    counts = [Counter(word for text in texts for word in tokens(text)) for texts in texts_by_theme]
    across = Counter()
    for count in counts:
        across.update(count)
    average = sum(sum(c.values()) for c in counts) / max(len(counts), 1)
    out = []
    for count in counts:
        total = sum(count.values()) or 1
        scored = sorted(
            (
                (freq / total) * math.log(1 + average / across[word]),
                word,
            )
            for word, freq in count.items()
            if freq >= 2 or total < 20
        )
        out.append([word for _score, word in reversed(scored[-top:])])
    return out


def discover(
    vectors: np.ndarray,
    texts: Sequence[str],
    *,
    count: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Discovery:
    """Themes across ``texts`` (their ``vectors`` normalised); ``count`` themes or the proposed
    number. Answers are referred to by their position in ``texts``."""
    n = len(texts)
    report = progress or (lambda _p, _s: None)
    if n == 0:
        return Discovery(themes=[], other=[], proposed=0)
    vectors = _normalise(vectors)
    report(40, "counting themes")
    proposed = (propose_count(vectors, seed=seed) if n >= 20 else 1) if count is None else count
    k = max(1, min(count or proposed, n))
    report(60, "grouping answers")
    rng = np.random.default_rng(seed)
    sample_index = np.arange(n) if n <= SAMPLE * 5 else rng.choice(n, SAMPLE * 5, replace=False)
    centres, _labels = kmeans(vectors[sample_index], k, seed=seed)
    centres, labels = kmeans(vectors, k, init=centres, iterations=10)
    # Dissolve themes that are too small, and merge themes whose centres nearly coincide.
    smallest = max(5, math.ceil(0.001 * n)) if n >= 50 else 1
    keep = [i for i in range(k) if np.sum(labels == i) >= smallest]
    if not keep:
        keep = list(range(k))
    centres = centres[keep]
    merged: list[int] = []
    for i in range(len(centres)):
        if any(float(centres[i] @ centres[j]) > 0.97 for j in merged):
            continue
        merged.append(i)
    centres = centres[merged]
    report(80, "naming themes")
    similarity = vectors @ centres.T
    labels = np.argmax(similarity, axis=1)
    best = similarity[np.arange(n), labels]
    logits = (similarity - best[:, None]) / TEMPERATURE
    confidence = 1 / np.exp(logits).sum(axis=1)
    other: list[int] = []
    members: list[list[int]] = [[] for _ in centres]
    member_confidence: list[list[float]] = [[] for _ in centres]
    # A second theme: the answer is closer to the midpoint of two centres than to either.
    if len(centres) > 1:
        order = np.argsort(-similarity, axis=1)
        second = order[:, 1]
        second_sim = similarity[np.arange(n), second]
        between = np.einsum("ij,ij->i", centres[labels], centres[second])
        pair = (best + second_sim) / np.sqrt(np.maximum(2 + 2 * between, 1e-9))
        touches_two = pair > best * (1 + PAIR_GAIN)
    else:
        second = labels
        pair = best
        touches_two = np.zeros(n, dtype=bool)
    fit = np.where(touches_two, pair, best)
    floors = []
    for i in range(len(centres)):
        own = fit[labels == i]
        floors.append(float(own.mean() - OTHER_SPREAD * own.std()) if len(own) > 2 else -1.0)
    found = [
        FoundTheme(key_terms=[], centre=centres[i], members=[], confidences=[])
        for i in range(len(centres))
    ]
    for row in range(n):
        theme = int(labels[row])
        if fit[row] < floors[theme] or not tokens(texts[row]):
            other.append(row)
            continue
        members[theme].append(row)
        member_confidence[theme].append(float(confidence[row]))
        if touches_two[row]:
            share = float(second_sim[row] / max(best[row] + second_sim[row], 1e-9))
            found[int(second[row])].also.append((row, round(2 * share, 4)))
    for i, theme in enumerate(found):
        theme.members = members[i]
        theme.confidences = member_confidence[i]
    terms = key_terms([[texts[row] for row in theme.members] for theme in found])
    for theme, words in zip(found, terms, strict=True):
        theme.key_terms = words
    found = [theme for theme in found if theme.members]
    found.sort(key=lambda theme: -len(theme.members))
    report(95, "saving")
    return Discovery(themes=found, other=other, proposed=proposed)


def representative(
    vectors: np.ndarray, centre: np.ndarray, rows: Sequence[int], *, top: int = 3
) -> list[int]:
    """The rows nearest ``centre``: candidate quotes for the analyst."""
    if not rows:
        return []
    sims = _normalise(vectors[list(rows)]) @ centre
    return [rows[i] for i in np.argsort(-sims)[:top]]
