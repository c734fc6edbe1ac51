#!/usr/bin/env bash
# (b) Keskar et al. 2017: an MLP on Fashion-MNIST (60,000 training images, 10,000 test) trained with
# Adam at batch 64 and at batch 4096 for the same number of epochs (10), 3 seeds each, three runs at once; test accuracy, the
# gap, λmax and ε-sharpness (1e-3, 5e-4; measured on 5,000 training samples) of every run, and
# Keskar's line between the two solutions. `nnll study batch-size` does all of it; interrupted, the
# same command resumes from the study folder.
source "$(dirname "$0")/common.sh"
OUT="$HERE/results/b-keskar"
mkdir -p "$OUT"
cd "$WORK"
echo "machine: $(machine)" > "$OUT/wall-clock.txt"
start_clock
nnll study batch-size --model mlp:784-32-10:relu --data "$FASHION" --test "$FASHION" \
  --optimizer adam --lrs 0.001 --batch-sizes 64,4096 --seeds 0,1,2 --epochs 10 --jobs 3 \
  --measures lambda_max,eps_sharpness --subset 5000 --out keskar > "$OUT/study.txt"
echo "study (6 runs, trained and measured; Keskar's line): $(stop_clock) s" >> "$OUT/wall-clock.txt"
for f in study.json index.html keskar.png gap-vs-lambda_max.png curves.png; do cp "keskar/$f" "$OUT/"; done
node "$HERE/summarize.mjs" b "$OUT"
cat "$OUT/summary.md"
