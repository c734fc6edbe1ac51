#!/usr/bin/env bash
# (c) Jastrzębski et al. 2017 / Jiang et al. 2020: a grid of learning rate × batch size with plain
# SGD, every sharpness measure of every run, and Kendall's τ of each measure (and of lr/B) with the
# generalization gap. Training on 5,000 Fashion-MNIST images (the gap is then large enough to rank),
# testing on the 10,000 test images; every measure on 1,000 of the training images; three runs at once.
source "$(dirname "$0")/common.sh"
OUT="$HERE/results/c-temperature"
mkdir -p "$OUT"
cd "$WORK"
echo "machine: $(machine)" > "$OUT/wall-clock.txt"
node "$HERE/subset.mjs" "$FASHION" 5000 fashion-5000.npz
start_clock
nnll study temperature --model mlp:784-32-10:relu --data fashion-5000.npz --test "$FASHION" \
  --optimizer sgd --lrs 0.01,0.03,0.1,0.3 --batch-sizes 16,64,256 --epochs 15 --subset 1000 --jobs 3 --out temperature > "$OUT/study.txt"
echo "study (12 runs, every measure): $(stop_clock) s" >> "$OUT/wall-clock.txt"
cp temperature/study.json temperature/index.html "$OUT/"
cp temperature/*-vs-*.png "$OUT/"
node "$HERE/summarize.mjs" c "$OUT"
cat "$OUT/summary.md"
