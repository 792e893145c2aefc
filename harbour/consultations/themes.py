"""Theme analysis on this machine: no answer ever leaves it.

1. **Embeddings** from a model shipped inside a Python package (:func:`embedder_default`):
   ``wordllama`` (a static model of 16 MB inside its wheel, in the ``analysis`` extra) by
   default, each distinct word tokenized once and answers pooled by sparse products; without
   that extra, latent semantic analysis of the answers themselves (``lsa``: TF-IDF of words and
   their four-letter pieces, truncated SVD to 10 dimensions), so the analysis still runs. Tests
   use :class:`PseudoEmbedder`, deterministic vectors from a hash of each word.
2. **How many themes**, when the analyst has not said: spherical k-means on a sample for each
   candidate number from 3 to 12, scored by the silhouette; the fewest within 5 % of the best
   score is proposed, and she may change it (2 to 30).
3. **Themes** by k-means on a sample of 10,000; every answer is then put with its nearest
   centre (one matrix product). A theme smaller than ``max(5, 0.1 %)`` of the answers is
   dissolved, two themes whose centres nearly coincide are merged, and an answer far from its
   theme's centre (by its theme's own spread) is put in **other** rather than forced into a
   theme. An answer closer to the midpoint of two themes' centres than to either centre
   touches both (multi-label).
4. **Labels** from class-based TF-IDF (the words that set a theme apart from the others, from
   at most 2,000 of its answers), **confidence** from a softmax over the similarities to each
   centre, and the answers nearest each centre offered to the analyst as candidate quotes
   (never published without her choice).

Every step is vectorised (no loop over answers in Python but reading their words), and the
small matrix products run on one BLAS thread (:func:`single_blas_thread`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings
from scipy import sparse
from threadpoolctl import threadpool_limits

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


def has_words(text: str) -> bool:
    """Whether ``text`` has a word that carries a theme (the same words as :func:`tokens`; the
    markers' words are stop words, so the markers need no removing here)."""
    return not STOP_WORDS.issuperset(_TOKEN.findall(text.lower()))


_blas = threading.local()


def single_blas_thread(function):
    """Run ``function`` with one BLAS thread. Theme analysis multiplies many small matrices
    (thousands of answers by a few hundred dimensions by a few themes), where OpenBLAS's threads
    cost more than they save, the more so on shared cores: k-means on 2,000 answers took 0.50 s
    with its threads and 0.04 s without on this machine's two cores."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if getattr(_blas, "limited", False):  # already inside a limit
            return function(*args, **kwargs)
        with threadpool_limits(limits=1, user_api="blas"):
            _blas.limited = True
            try:
                return function(*args, **kwargs)
            finally:
                _blas.limited = False

    return wrapper


class WordLlamaEmbedder:
    """wordllama's static embeddings, loaded from its own package folder (never downloaded).

    The model is a table of token vectors, and an answer's vector is the mean of its tokens'
    (wordllama's own ``embed``; only the direction matters here). Its tokenizer never joins two
    words into one token (no token holds a word boundary), so each distinct word is tokenized
    once and an answer's vector is the sum of its words' sums: two sparse products, with the
    same vectors as wordllama's padded batches in a fraction of the time."""

    name = "wordllama"

    def __init__(self) -> None:
        import wordllama

        model = wordllama.WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True
        )
        self._table = np.ascontiguousarray(model.embedding, dtype=np.float32)
        # A copy of its tokenizer without padding (each word keeps its own length).
        self._tokenizer = type(model.tokenizer).from_str(model.tokenizer.to_str())
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        # Each distinct answer is embedded once ("more funding" may come a thousand times).
        position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
        vectors = self._embed_unique(
            [" ".join(_MARKER.sub(" ", text).split()) for text in position]
        )
        if len(position) == len(texts):
            return vectors
        return vectors[[position[text] for text in texts]]

    def _embed_unique(self, texts: list[str]) -> np.ndarray:
        words_of = [text.split(" ") if text else [] for text in texts]
        vocabulary = {word: i for i, word in enumerate(dict.fromkeys(itertools.chain(*words_of)))}
        if not vocabulary:
            return np.zeros((len(texts), self._table.shape[1]), dtype=np.float32)
        encoded = self._tokenizer.encode_batch_fast(list(vocabulary), add_special_tokens=False)
        word_tokens = _rows([encoding.ids for encoding in encoded], columns=len(self._table))
        word_sums = word_tokens @ self._table
        text_words = _rows(
            [[vocabulary[word] for word in words] for words in words_of], columns=len(vocabulary)
        )
        return _normalise(text_words @ word_sums)


def _rows(indices: list[list[int]], *, columns: int) -> sparse.csr_matrix:
    """A sparse matrix with a row per list, counting each index in its column."""
    lengths = np.fromiter(map(len, indices), dtype=np.int64, count=len(indices))
    flat = np.fromiter(itertools.chain.from_iterable(indices), dtype=np.int64)
    np.clip(flat, 0, columns - 1, out=flat)
    pointer = np.concatenate([[0], np.cumsum(lengths)])
    ones = np.ones(len(flat), dtype=np.float32)
    return sparse.csr_matrix((ones, flat, pointer), shape=(len(indices), columns))


class LsaEmbedder:
    """The fallback without the ``analysis`` extra: latent semantic analysis of the answers
    themselves (scipy only). Each answer's words and their four-letter pieces (so "fundng"
    still meets "funding", and "refuges" "refuge"), weighted by TF-IDF, reduced by a truncated
    SVD to a few dimensions: the main directions in which words occur together. Few dimensions
    on purpose: with many, short answers scatter on single words and the silhouette then
    proposes every number of themes up to the most (measured on the labelled set: 100
    dimensions proposed 12 themes with F1 0.28, 10 dimensions 9 themes with F1 0.48)."""

    name = "lsa"

    def __init__(self, dimensions: int = 10) -> None:
        self.dimensions = dimensions

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        position = {text: i for i, text in enumerate(dict.fromkeys(texts))}
        vectors = self._embed_unique(list(position))
        if len(position) == len(texts):
            return vectors
        return vectors[[position[text] for text in texts]]

    def _embed_unique(self, texts: list[str]) -> np.ndarray:
        from scipy.sparse.linalg import svds

        features: dict[str, int] = {}
        pieces: dict[str, list[int]] = {}

        def of(word: str) -> list[int]:
            if word not in pieces:
                names = [word, *(f"#{word[i : i + 4]}" for i in range(max(1, len(word) - 3)))]
                pieces[word] = [features.setdefault(name, len(features)) for name in names]
            return pieces[word]

        counts = _rows(
            [[i for word in tokens(text) for i in of(word)] for text in texts],
            columns=max(len(features), 1),
        )
        counts.sum_duplicates()
        # Features in at least two answers, sublinear term frequency, smoothed IDF.
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        kept = np.flatnonzero(frequency >= 2)
        if not len(kept):
            return np.zeros((len(texts), 1), dtype=np.float32)
        matrix = counts[:, kept].astype(np.float64)
        matrix.data = 1 + np.log(matrix.data)
        idf = np.log((1 + len(texts)) / (1 + frequency[kept])) + 1
        matrix = matrix @ sparse.diags(idf)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
        matrix = sparse.diags(1 / np.where(norms == 0, 1, norms)) @ matrix
        k = min(self.dimensions, min(matrix.shape) - 1)
        if k < 1:
            return _normalise(matrix.toarray())
        # A fixed start vector, so the same answers give the same themes.
        start = np.full(min(matrix.shape), 1 / math.sqrt(min(matrix.shape)))
        left, values, _right = svds(matrix, k=k, v0=start)
        return _normalise(left * values)


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


@single_blas_thread
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


@single_blas_thread
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


@single_blas_thread
def discover(
    vectors: np.ndarray,
    texts: Sequence[str],
    *,
    count: int | None = None,
    seed: int = 0,
    progress: Progress | None = None,
) -> Discovery:
    """Themes across ``texts`` (their ``vectors`` normalised); ``count`` themes or the proposed
    number. Answers are referred to by their position in ``texts``.

    The number of themes is chosen, and the themes' centres found, on samples
    (:data:`SAMPLE`, ``FIT_SAMPLE``); every answer is then put with its nearest centre in a
    few matrix products, so 100,000 answers cost little more than 10,000."""
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
    fit = np.arange(n) if n <= FIT_SAMPLE else rng.choice(n, FIT_SAMPLE, replace=False)
    centres, _labels = kmeans(vectors[fit], k, seed=seed)
    # Dissolve themes that are too small, and merge themes whose centres nearly coincide.
    labels = np.argmax(vectors @ centres.T, axis=1)
    sizes = np.bincount(labels, minlength=k)
    smallest = max(5, math.ceil(0.001 * n)) if n >= 50 else 1
    keep = [i for i in range(k) if sizes[i] >= smallest] or list(range(k))
    centres = centres[keep]
    merged: list[int] = []
    for i in range(len(centres)):
        if any(float(centres[i] @ centres[j]) > 0.97 for j in merged):
            continue
        merged.append(i)
    centres = centres[merged]
    report(80, "naming themes")
    found, other = _assign(vectors, texts, centres)
    terms = key_terms([_sample([texts[row] for row in theme.members], rng) for theme in found])
    for theme, words in zip(found, terms, strict=True):
        theme.key_terms = words
    found = [theme for theme in found if theme.members]
    found.sort(key=lambda theme: -len(theme.members))
    report(95, "saving")
    return Discovery(themes=found, other=other, proposed=proposed)


FIT_SAMPLE = SAMPLE * 5  # the answers the themes' centres are fitted on
TERMS_SAMPLE = 2000  # the answers of a theme its key terms are worked out from


def _sample(items: list[str], rng: np.random.Generator) -> list[str]:
    if len(items) <= TERMS_SAMPLE:
        return items
    return [items[i] for i in sorted(rng.choice(len(items), TERMS_SAMPLE, replace=False))]


def _assign(
    vectors: np.ndarray, texts: Sequence[str], centres: np.ndarray
) -> tuple[list[FoundTheme], list[int]]:
    """Every answer with its nearest centre, a confidence, a second theme where it touches two,
    or none ("other") where it fits no theme or has no word that carries one."""
    n = len(texts)
    rows = np.arange(n)
    similarity = vectors @ centres.T
    labels = np.argmax(similarity, axis=1)
    best = similarity[rows, labels]
    confidence = 1 / np.exp((similarity - best[:, None]) / TEMPERATURE).sum(axis=1)
    # A second theme: the answer is closer to the midpoint of two centres than to either.
    if len(centres) > 1:
        others = similarity.copy()
        others[rows, labels] = -np.inf
        second = np.argmax(others, axis=1)
        second_sim = similarity[rows, second]
        between = np.einsum("ij,ij->i", centres[labels], centres[second])
        pair = (best + second_sim) / np.sqrt(np.maximum(2 + 2 * between, 1e-9))
        touches_two = pair > best * (1 + PAIR_GAIN)
    else:
        second, second_sim = labels, best
        pair = best
        touches_two = np.zeros(n, dtype=bool)
    fit = np.where(touches_two, pair, best)
    # "Other": further below its theme's mean fit than OTHER_SPREAD of its deviations.
    count = np.bincount(labels, minlength=len(centres))
    mean = np.bincount(labels, weights=fit, minlength=len(centres)) / np.maximum(count, 1)
    spread = np.sqrt(
        np.maximum(
            np.bincount(labels, weights=(fit - mean[labels]) ** 2, minlength=len(centres))
            / np.maximum(count, 1),
            0,
        )
    )
    floors = np.where(count > 2, mean - OTHER_SPREAD * spread, -1.0)
    distinct = {text: has_words(text) for text in dict.fromkeys(texts)}
    worded = np.fromiter((distinct[text] for text in texts), dtype=bool, count=n)
    placed = (fit >= floors[labels]) & worded
    found = []
    for i, centre in enumerate(centres):
        members = np.flatnonzero(placed & (labels == i))
        also = np.flatnonzero(placed & touches_two & (second == i))
        share = 2 * second_sim[also] / np.maximum(best[also] + second_sim[also], 1e-9)
        found.append(
            FoundTheme(
                key_terms=[],
                centre=centre,
                members=members.tolist(),
                confidences=confidence[members].astype(float).tolist(),
                also=list(zip(also.tolist(), np.round(share, 4).tolist(), strict=True)),
            )
        )
    return found, np.flatnonzero(~placed).tolist()


def representative(
    vectors: np.ndarray, centre: np.ndarray, rows: Sequence[int], *, top: int = 3
) -> list[int]:
    """The rows nearest ``centre``: candidate quotes for the analyst."""
    if not rows:
        return []
    sims = _normalise(vectors[list(rows)]) @ centre
    return [rows[i] for i in np.argsort(-sims)[:top]]
