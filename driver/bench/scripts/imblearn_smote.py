#!/usr/bin/env python3
"""imbalanced-learn's SMOTE on the data shape of `bin/trainspark bench smote`, for comparison.

Two classes of Gaussian blobs (8 per class, centres uniform in [0, 4), spread 0.5), float32,
the minority a --minority-share of the rows; SMOTE(k_neighbors=k) raises it to the majority's
size. Prints the time of fit_resample alone (the data is made before the clock starts) and the
BLAS that numpy and scikit-learn run on. Debian: apt-get install python3-imblearn, then
/usr/bin/python3 driver/bench/scripts/imblearn_smote.py
"""
import argparse
import time

import numpy as np
from imblearn.over_sampling import SMOTE
from threadpoolctl import threadpool_info


def blobs(rng, n, dims, centres):
    which = rng.integers(len(centres), size=n)
    return (centres[which] + 0.5 * rng.standard_normal((n, dims), dtype=np.float32)).astype(np.float32)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dims", type=int, default=784)
    parser.add_argument("--minority-share", type=float, default=0.1)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    minority = round(args.rows * args.minority_share)
    blobs_per_class = 8
    centres = 4 * rng.random((2 * blobs_per_class, args.dims), dtype=np.float32)
    x = np.concatenate([blobs(rng, minority, args.dims, centres[:blobs_per_class]),
                        blobs(rng, args.rows - minority, args.dims, centres[blobs_per_class:])])
    y = np.concatenate([np.ones(minority, dtype=np.int64), np.zeros(args.rows - minority, dtype=np.int64)])
    print(f"data: {args.rows:,} rows x {args.dims} float32, {minority:,} minority rows, "
          f"{blobs_per_class} Gaussian blobs per class")
    for pool in threadpool_info():
        print(f"threads: {pool['internal_api']} {pool.get('version')} ({pool['user_api']}), "
              f"{pool['num_threads']} threads")
    for _ in range(args.repeats):
        start = time.perf_counter()
        x_res, y_res = SMOTE(k_neighbors=args.k, random_state=args.seed).fit_resample(x, y)
        seconds = time.perf_counter() - start
        print(f"imbalanced-learn SMOTE(k_neighbors={args.k}): {len(x_res) - args.rows:,} synthetic rows "
              f"in {seconds:.2f} s (fit_resample, {x_res.dtype})")


if __name__ == "__main__":
    main()
