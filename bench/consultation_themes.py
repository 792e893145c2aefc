"""Theme analysis against hand-coded answers, beside a TF-IDF + k-means baseline.

    .venv/bin/python bench/consultation_themes.py [--seed S] [--large N] [--smoke]

Runs Harbour's theme analysis (``harbour.consultations.themes``, its default configuration:
the number of themes is proposed, answers that fit no theme go to "other") on the hand-labelled
set in ``harbour/consultations/tests/data/themes_labelled.txt`` (624 answers, five codes, some
answers with two), and beside it, in the same run, a TF-IDF + k-means baseline (scikit-learn)
that is *given* the true number of codes. For each it prints:

- adjusted mutual information between each answer's theme and its first code;
- accuracy after matching themes to codes one to one (Hungarian method): an answer whose theme
  matched no code, or that was put in "other", counts as wrong;
- per-answer multi-label F1 (an answer's codes against the codes of the themes it was put in,
  its second theme included) with a bootstrap 95 % interval;
- the share put in "other".

The same figures for the fallback used without the ``analysis`` extra (``lsa``). Then it
times Harbour and the baseline (and the fallback) on ``--large`` answers (100,000 by default:
the set resampled with variation: words dropped, swapped and mistyped) and prints the ratio.
Goals: agreement above the baseline's; Harbour's time at most 3 times the baseline's.
``--smoke``: a tiny run (figures mean nothing).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _support

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")
os.environ.setdefault("HARBOUR_MODE", "test")

LABELLED = _support.ROOT / "harbour/consultations/tests/data/themes_labelled.txt"
OTHER = -1


def labelled() -> tuple[list[str], list[list[str]]]:
    texts, codes = [], []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        texts.append(text)
        codes.append(label.split(","))
    return texts, codes


def vary(texts: list[str], n: int, rng: random.Random) -> list[str]:
    """``n`` answers drawn from ``texts``, each with a little variation."""
    out = []
    for _ in range(n):
        words = rng.choice(texts).split()
        roll = rng.random()
        if roll < 0.25 and len(words) > 3:
            del words[rng.randrange(len(words))]
        elif roll < 0.5 and len(words) > 3:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif roll < 0.75:
            i = rng.randrange(len(words))
            word = words[i]
            if len(word) > 3:
                j = rng.randrange(1, len(word) - 1)
                words[i] = word[:j] + word[j + 1 :]
        out.append(" ".join(words))
    return out


def harbour_themes(texts: list[str], embedder=None) -> tuple[list[int], list[list[int]], str, int]:
    """(primary theme or OTHER per answer, every theme per answer, embedder, themes proposed).
    The default configuration unless ``embedder`` is given."""
    from harbour.consultations import themes

    embedder = embedder or themes.embedder_default()
    vectors = embedder.embed(texts)
    found = themes.discover(vectors, texts)
    primary = [OTHER] * len(texts)
    every: list[list[int]] = [[] for _ in texts]
    for index, theme in enumerate(found.themes):
        for row in theme.members:
            primary[row] = index
            every[row].append(index)
        for row, _confidence in theme.also:
            every[row].append(index)
    return primary, every, embedder.name, found.proposed


def baseline_themes(texts: list[str], k: int, seed: int) -> list[int]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return KMeans(n_clusters=k, random_state=seed).fit_predict(matrix).tolist()


def scores(primary, every, codes, names, *, seed: int) -> dict[str, float]:
    from scipy.optimize import linear_sum_assignment
    from sklearn.metrics import adjusted_mutual_info_score

    first = [names.index(c[0]) for c in codes]
    themes_seen = sorted({t for t in primary if t != OTHER})
    contingency = np.zeros((len(themes_seen), len(names)), dtype=np.int64)
    position = {t: i for i, t in enumerate(themes_seen)}
    for theme, code in zip(primary, first, strict=True):
        if theme != OTHER:
            contingency[position[theme], code] += 1
    rows, cols = linear_sum_assignment(-contingency)
    code_of = {themes_seen[r]: c for r, c in zip(rows, cols, strict=True)}
    accuracy = float(np.mean([code_of.get(t) == c for t, c in zip(primary, first, strict=True)]))
    f1 = []
    for themes_of, truth in zip(every, codes, strict=True):
        predicted = {names[code_of[t]] for t in themes_of if t in code_of}
        true = set(truth)
        f1.append(2 * len(predicted & true) / (len(predicted) + len(true)) if predicted else 0.0)
    f1 = np.array(f1)
    rng = np.random.default_rng(seed)
    boot = [f1[rng.integers(0, len(f1), len(f1))].mean() for _ in range(1000)]
    # "Other" is one more cluster for AMI (its answers carry codes, so it is not rewarded).
    ami = adjusted_mutual_info_score(first, primary)
    return {
        "ami": float(ami),
        "accuracy": accuracy,
        "f1": float(f1.mean()),
        "f1_low": float(np.percentile(boot, 2.5)),
        "f1_high": float(np.percentile(boot, 97.5)),
        "other": float(np.mean([t == OTHER for t in primary])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--large", type=int, default=100_000)
    _support.smoke_argument(parser)
    args = parser.parse_args()

    import django

    django.setup()

    texts, codes = labelled()
    rng = random.Random(args.seed)
    if args.smoke:
        picked = rng.sample(range(len(texts)), 80)
        texts, codes = [texts[i] for i in picked], [codes[i] for i in picked]
        args.large = 800
    names = sorted({code for answer in codes for code in answer})
    print(
        f"Labelled set: {len(texts)} answers, {len(names)} codes, "
        f"{sum(len(c) > 1 for c in codes)} with two."
    )

    from harbour.consultations.themes import LsaEmbedder

    primary, every, embedder, proposed = harbour_themes(texts)
    ours = scores(primary, every, codes, names, seed=args.seed)
    primary, every, _name, fallback_proposed = harbour_themes(texts, LsaEmbedder())
    fallback = scores(primary, every, codes, names, seed=args.seed)
    base_labels = baseline_themes(texts, len(names), args.seed)
    base = scores(base_labels, [[t] for t in base_labels], codes, names, seed=args.seed)

    print(f"\nHarbour: {embedder} embeddings, {proposed} themes proposed (not told the number)")
    print(
        f"Fallback without the analysis extra: lsa embeddings, {fallback_proposed} themes proposed"
    )
    print(f"Baseline: TF-IDF + k-means, given the true number ({len(names)})\n")
    print(f"{'':28}{'Harbour':>12}{'fallback':>12}{'baseline':>12}")
    for key, label in (
        ("ami", "adjusted mutual information"),
        ("accuracy", "accuracy (matched)"),
        ("f1", "multi-label F1"),
    ):
        print(f"{label:28}{ours[key]:>12.3f}{fallback[key]:>12.3f}{base[key]:>12.3f}")
    for name, figures in (("Harbour", ours), ("fallback", fallback), ("baseline", base)):
        print(f"{name} F1 95% interval: {figures['f1_low']:.3f} to {figures['f1_high']:.3f}")
    print(
        f"share put in 'other': Harbour {ours['other']:.1%}, fallback {fallback['other']:.1%}, "
        f"baseline {base['other']:.1%}"
    )

    large = vary(texts, args.large, rng)
    started = time.perf_counter()
    harbour_themes(large)
    ours_time = time.perf_counter() - started
    started = time.perf_counter()
    baseline_themes(large, len(names), args.seed)
    base_time = time.perf_counter() - started
    started = time.perf_counter()
    harbour_themes(large, LsaEmbedder())
    fallback_time = time.perf_counter() - started
    print(
        f"\nTime for {args.large:,} answers: Harbour {ours_time:.1f} s, "
        f"baseline {base_time:.1f} s, ratio {ours_time / base_time:.2f} (goal at most 3)"
    )
    print(
        f"Fallback (lsa): {fallback_time:.1f} s, ratio {fallback_time / base_time:.2f} "
        f"to the baseline"
    )


if __name__ == "__main__":
    main()
