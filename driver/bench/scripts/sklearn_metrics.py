#!/usr/bin/env python3
"""scikit-learn's roc_auc_score + average_precision_score on the shape of `bin/trainspark bench metrics`.

Predictions as that bench makes them: a uniform true class out of --classes, unit-normal logits
with 1.8 added to the true class (the bench's TRUE_CLASS_MARGIN), softmax. Prints the time of the
two metric calls alone (one-vs-rest macro AUC, macro average precision over one-hot labels); the
data is made before the clock starts.
Debian: apt-get install python3-sklearn, then /usr/bin/python3 driver/bench/scripts/sklearn_metrics.py
"""
import argparse
import time

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=int, default=10_000_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    n, k = args.predictions, args.classes
    labels = rng.integers(0, k, n)
    logits = rng.standard_normal((n, k)).astype(np.float32)
    logits[np.arange(n), labels] += 1.8
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    one_hot = np.eye(k, dtype=np.int8)[labels]
    start = time.perf_counter()
    auc = roc_auc_score(labels, probabilities, multi_class="ovr", average="macro")
    ap = average_precision_score(one_hot, probabilities, average="macro")
    seconds = time.perf_counter() - start
    print(f"scikit-learn roc_auc_score(ovr, macro) + average_precision_score(macro) on {n:,} x {k}: "
          f"{seconds:.1f} s (auc {auc:.4f}, ap {ap:.4f})")


if __name__ == "__main__":
    main()
