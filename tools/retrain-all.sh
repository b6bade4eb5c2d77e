#!/usr/bin/env bash
# Retrains every shipped variant into models/ with the shipped recipe (SHIPPED_FLAGS in
# tools/train/options.ts; a unit test keeps the two equal): retrain.py's distortions, windshield
# effects, and the last two blocks fine-tuned after the head.
# Usage: bash tools/retrain-all.sh [--flag value ...] [IMAGE_DIR] [VARIANT...]
#   (default: ../shared's dataset, all 16). Flags (e.g. --base FILE, --weights_cache DIR) are
#   passed to every retrain after the shipped ones, so they can override them.
set -euo pipefail
# Relative paths the user typed are theirs: keep the folder they ran from (npm sets INIT_CWD).
export INIT_CWD=${INIT_CWD:-$PWD}
cd "$(dirname "$0")/.."
extra=()
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    --*=*) extra+=("$1"); shift ;;
    --*) extra+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
image_dir=${positional[0]:-$PWD/../shared/datasets/road-not-road}
variants=("${positional[@]:1}")
if [ ${#variants[@]} -eq 0 ]; then
  # Cheapest first.
  variants=(0.25_128 0.25_160 0.25_192 0.25_224 0.5_128 0.5_160 0.5_192 0.5_224
            0.75_128 0.75_160 0.75_192 0.75_224 1.0_128 1.0_160 1.0_192 1.0_224)
fi
for v in "${variants[@]}"; do
  # tsx itself, not npx: npx would reset INIT_CWD to the repository root.
  node_modules/.bin/tsx tools/cli/retrain.ts --image_dir "$image_dir" --architecture "mobilenet_$v" \
    --flip_left_right true --random_crop 10 --random_scale 10 --random_brightness 10 \
    --distorted_copies 2 --learning_rate 0.003 --how_many_training_steps 4000 \
    --random_hood 30 --random_glare 15 --random_low_light 15 --random_motion_blur 15 \
    --random_rain 15 --random_roll 5 \
    --fine_tune_blocks 2 --fine_tune_learning_rate 0.0003 --fine_tune_steps 2000 --quiet \
    --output_dir "$PWD/models" --replace_shipped "${extra[@]}"
  # Teach mode's feature sets (check.json, anchor.json) come from the model just made.
  node_modules/.bin/tsx tools/cli/check-set.ts --variant "mobilenet_v1_$v" --image_dir "$image_dir" --quiet
done
