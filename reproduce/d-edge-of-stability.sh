#!/usr/bin/env bash
# (d) Cohen et al. 2021, the edge of stability: full-batch gradient descent (batch = the whole set)
# on a tanh MLP with the squared loss on one-hot targets (their setting), 2,000 Fashion-MNIST
# images, at two learning rates η; λmax tracked every 25 steps (warm-started Lanczos). Expected:
# λmax rises (progressive sharpening) until it reaches 2/η, then hovers there while the loss keeps
# falling, non-monotonically.
source "$(dirname "$0")/common.sh"
OUT="$HERE/results/d-edge-of-stability"
mkdir -p "$OUT"
cd "$WORK"
echo "machine: $(machine)" > "$OUT/wall-clock.txt"
node "$HERE/subset.mjs" "$FASHION" 2000 fashion-2000-onehot.npz onehot
for lr in 0.2 0.4; do
  start_clock
  nnll train --model mlp:784-64-64-10:tanh --data fashion-2000-onehot.npz --optimizer sgd --lr $lr --batch-size 2000 --epochs 3000 \
    --track lambda_max --track-every 25 --quiet --out "$OUT/eos-lr$lr.json" --plot "$OUT/eos-lr$lr.png" > "$OUT/eos-lr$lr.txt"
  echo "η = $lr, 3000 full-batch steps, λmax every 25: $(stop_clock) s" >> "$OUT/wall-clock.txt"
done
node "$HERE/summarize.mjs" d "$OUT"
cat "$OUT/summary.md"
