#!/usr/bin/env bash
# (a) Dinh et al. 2017: rescaling a ReLU layer by α and the next by 1/α keeps the function and the
# scale-invariant measures, while raw λmax and ε-sharpness change at will. A ReLU MLP trained on
# the built-in digits, then `nnll reparam` at α = 10 and over α = 0.01 … 100.
source "$(dirname "$0")/common.sh"
OUT="$HERE/results/a-dinh"
mkdir -p "$OUT"
cd "$WORK"
echo "machine: $(machine)" > "$OUT/wall-clock.txt"
start_clock
nnll train --model mlp:784-128-10:relu --data mnist --optimizer momentum --lr 0.05 --batch-size 128 --epochs 10 --save dinh.onnx --quiet > "$OUT/train.txt"
echo "train: $(stop_clock) s" >> "$OUT/wall-clock.txt"
start_clock
nnll reparam --model dinh.onnx --data mnist --layer fc1.weight --alpha 10 --x -1:1:41 --quiet --out "$OUT/reparam-alpha10.json" --plot "$OUT/reparam-alpha10.png" > "$OUT/reparam-alpha10.txt"
echo "reparam, α = 10, every measure: $(stop_clock) s" >> "$OUT/wall-clock.txt"
start_clock
nnll reparam --model dinh.onnx --data mnist --layer fc1.weight --alpha 0.01,0.1,1,10,100 --measures lambda_max,trace,lambda_max_filter,eps_sharpness,adaptive_worst,adaptive_average \
  --quiet --out "$OUT/reparam-alphas.json" --plot "$OUT/lambda-vs-alpha.png" > "$OUT/reparam-alphas.txt"
echo "reparam, 5 α: $(stop_clock) s" >> "$OUT/wall-clock.txt"
node "$HERE/summarize.mjs" a "$OUT"
cat "$OUT/summary.md"
