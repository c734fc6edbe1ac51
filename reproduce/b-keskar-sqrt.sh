#!/usr/bin/env bash
# (b, continued) The same study as b-keskar.sh with the learning rate scaled by √(B/64) (Adam at
# 0.001 for batch 64, 0.008 for batch 4096): at the same number of epochs, batch 4096 takes 64×
# fewer steps, and its solution in b-keskar.sh fits the training set less well (a smaller gap for
# that reason alone); with the larger step it gets closer. Results in results/b-keskar/sqrt/.
source "$(dirname "$0")/common.sh"
OUT="$HERE/results/b-keskar/sqrt"
mkdir -p "$OUT"
cd "$WORK"
echo "machine: $(machine)" > "$OUT/wall-clock.txt"
start_clock
nnll study batch-size --model mlp:784-32-10:relu --data "$FASHION" --test "$FASHION" \
  --optimizer adam --lrs 0.001 --lr-scaling sqrt --batch-sizes 64,4096 --seeds 0,1,2 --epochs 10 --jobs 3 \
  --measures lambda_max,eps_sharpness --subset 5000 --out keskar-sqrt > "$OUT/study.txt"
echo "study (6 runs, trained and measured; Keskar's line): $(stop_clock) s" >> "$OUT/wall-clock.txt"
for f in study.json index.html keskar.png gap-vs-lambda_max.png curves.png; do cp "keskar-sqrt/$f" "$OUT/"; done
node "$HERE/summarize.mjs" b "$OUT"
cat "$OUT/summary.md"
