#!/usr/bin/env bash
# Retrains every shipped variant into models/ with the flags the shipped models were made with.
# Usage: bash tools/retrain-all.sh [IMAGE_DIR] [VARIANT...]   (default: ../shared's dataset, all 16)
set -euo pipefail
cd "$(dirname "$0")/.."
image_dir=${1:-../shared/datasets/road-not-road}
shift || true
variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
  # Cheapest first; the default (0.25_128) first of all.
  variants=(0.25_128 0.25_160 0.25_192 0.25_224 0.5_128 0.5_160 0.5_192 0.5_224
            0.75_128 0.75_160 0.75_192 0.75_224 1.0_128 1.0_160 1.0_192 1.0_224)
fi
for v in "${variants[@]}"; do
  npx tsx tools/cli/retrain.ts --image_dir "$image_dir" --architecture "mobilenet_$v" \
    --flip_left_right true --random_crop 10 --random_scale 10 --random_brightness 10 \
    --distorted_copies 2 --learning_rate 0.003 --how_many_training_steps 4000 --quiet
done
