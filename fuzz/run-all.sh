#!/bin/sh
# Run both fuzz targets one after the other, SECONDS each (default 660), on one core.
# Usage: fuzz/run-all.sh [SECONDS]
set -e
cd "$(dirname "$0")"
secs=${1:-660}
for t in rubric_toml assessment_csv; do
  dict=rubric.dict
  [ "$t" = assessment_csv ] && dict=assessment.dict
  mkdir -p "corpus/$t"
  echo "== $t for ${secs}s"
  cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -workers=1 -dict="$dict" -print_final_stats=1
done
