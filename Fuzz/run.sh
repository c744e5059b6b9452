#!/usr/bin/env bash
# Builds and runs rolecall's libFuzzer targets, then prints executions, coverage and crashes.
#
#     Fuzz/run.sh [SECONDS] [TARGET…]      SECONDS per target (default 30); TARGETs: pcap-reader,
#                                          pcapng-reader, decoder, lesson-page, lab-file
#                                          (default: all)
#
# Each target is built with `swiftc -O -sanitize=fuzzer,address -D CHECKED_FIELD_READS` (every
# field read of the decoders checked) from the library files it needs
# (the capture targets: Capture, Decode and Flows; lesson-page: Lessons; lab-file: the lab reader,
# with Yams built from SwiftPM's checkout the same way) plus its own file in Fuzz/Targets, as one
# module. Seeds come from Samples/, the course pages and lab files, and, when present,
# ../shared/corpus and ../shared/lessons (copied into Fuzz/.work, never committed). The
# corpus each run grows is kept in Fuzz/.work/corpus for the next run. Crash inputs are written
# to Fuzz/.work/artifacts/TARGET/. Exits 1 when a target crashed (or hung, leaked, ran out of
# memory) and 2 when a build failed.
#
# Environment: FUZZ_SANITIZERS (default fuzzer,address; falls back to fuzzer when ASan does not
# link), FUZZ_JOBS (targets run at once, default 1), FUZZ_WORK (default Fuzz/.work), FUZZ_RUNS
# (run each target to this many executions instead of for SECONDS: the long runs, which then do
# not depend on how busy the machine is).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
shift || true
all_targets=(pcap-reader pcapng-reader decoder lesson-page lab-file)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
case ${FUZZ_RUNS:-0} in '' | *[!0-9]*)
  echo "Fuzz/run.sh: FUZZ_RUNS must be a number of executions" >&2
  exit 64
  ;;
esac
case $seconds in '' | *[!0-9]*)
  echo "usage: Fuzz/run.sh [SECONDS] [TARGET…]" >&2
  exit 64
  ;;
esac

source_of() {
  case $1 in
  pcap-reader) echo Fuzz/Targets/PcapReaderFuzz.swift ;;
  pcapng-reader) echo Fuzz/Targets/PcapngReaderFuzz.swift ;;
  decoder) echo Fuzz/Targets/DecoderFuzz.swift ;;
  lesson-page) echo Fuzz/Targets/LessonPageFuzz.swift ;;
  lab-file) echo Fuzz/Targets/LabFileFuzz.swift ;;
  *) return 1 ;;
  esac
}
max_len_of() {
  case $1 in
  decoder) echo 2048 ;;
  lesson-page) echo 1024 ;;
  lab-file) echo 512 ;;
  *) echo 8192 ;;
  esac
}
for target in "${targets[@]}"; do
  source_of "$target" >/dev/null || {
    echo "unknown target '$target' (known: ${all_targets[*]})" >&2
    exit 64
  }
done

if ! command -v swiftc >/dev/null 2>&1; then
  for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin; do
    if [ -x "$dir/swiftc" ]; then export PATH="$dir:$PATH"; break; fi
  done
fi
# libFuzzer, not Swift's backtracer, must catch a crash so that it writes the crashing input.
export SWIFT_BACKTRACE=enable=no

work=${FUZZ_WORK:-Fuzz/.work}
mkdir -p "$work/bin" "$work/logs" "$work/corpus" "$work/artifacts"
capture_library=(Sources/RoleCall/Capture/*.swift Sources/RoleCall/Decode/*.swift
  Sources/RoleCall/Flows/*.swift Fuzz/Targets/FuzzSupport.swift)
lesson_library=()
for file in Sources/RoleCall/Lessons/*.swift Sources/RoleCall/Lessons/Bundled/*.swift; do
  [ "$file" = Sources/RoleCall/Lessons/LessonsRenderer.swift ] || lesson_library+=("$file")
done
lesson_library+=(Sources/RoleCall/Roles/Findings.swift Sources/RoleCall/Decode/Numbers.swift)
lab_library=(Sources/RoleCall/Check/Lab.swift Sources/RoleCall/Check/LabReader.swift
  Sources/RoleCall/Check/LabSchema.swift Sources/RoleCall/Decode/IPAddress.swift
  Sources/RoleCall/Decode/Numbers.swift Sources/RoleCall/Roles/Vocabulary.swift)
yams=.build/checkouts/Yams/Sources
yams_flags=(-I "$work/yams" -I "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC)
library=()
library_of() {
  case $1 in
  lesson-page) library=("${lesson_library[@]}") ;;
  lab-file) library=("${lab_library[@]}" "$work"/yams/*.o) ;;
  *) library=("${capture_library[@]}") ;;
  esac
}
common=(-parse-as-library -module-name RoleCallFuzz -swift-version 6 -D CHECKED_FIELD_READS
  -I Sources/CPcap -lpcap)
linker=()
# lld links the sanitizer runtimes without gold's "cannot export local symbol" warnings.
if [ -x "$(dirname "$(command -v swiftc)")/ld.lld" ] || command -v ld.lld >/dev/null 2>&1; then
  linker=(-use-ld=lld)
fi

# Builds OUTPUT from the library and FILE with FLAGS…, unless OUTPUT is newer than every input
# and was built with the same flags. The compiler's output goes to OUTPUT.log.
build() {
  local output=$1 file=$2
  shift 2
  local flags="$* ${common[*]} ${linker[*]}"
  if [ -x "$output" ] && [ "$(cat "$output.flags" 2>/dev/null)" = "$flags" ] \
    && [ -z "$(find "${library[@]}" "$file" -newer "$output" 2>/dev/null)" ]; then
    return 0
  fi
  rm -f "$output" "$output.flags"
  # shellcheck disable=SC2086
  swiftc $flags "${library[@]}" "$file" -o "$output" >"$output.log" 2>&1 || return 1
  echo "$flags" >"$output.flags"
}

# Builds Yams (libyaml's C and the Swift module) instrumented like the targets, from the checkout
# `swift build` made, for the lab-file target.
build_yams() {
  local flags="$1"
  [ -d "$yams" ] || swift package resolve >/dev/null 2>&1 || return 1
  [ "$(cat "$work/yams/flags" 2>/dev/null)" = "$flags" ] && [ -f "$work/yams/Yams.o" ] && return 0
  rm -rf "$work/yams"
  mkdir -p "$work/yams"
  local c clang_sanitize=fuzzer-no-link
  [ "$flags" = fuzzer,address ] && clang_sanitize=fuzzer-no-link,address
  for c in "$yams"/CYaml/src/*.c; do
    clang -c -O1 -DYAML_DECLARE_STATIC -fsanitize="$clang_sanitize" -I "$yams/CYaml/include" "$c" \
      -o "$work/yams/$(basename "$c" .c).o" >>"$work/yams/build.log" 2>&1 || return 1
  done
  swiftc -parse-as-library -module-name Yams -swift-version 5 -O -D SWIFT_PACKAGE \
    -Xcc -DYAML_DECLARE_STATIC -sanitize="$flags" -I "$yams/CYaml/include" -emit-module \
    -emit-module-path "$work/yams/Yams.swiftmodule" -wmo -c "$yams"/Yams/*.swift \
    -o "$work/yams/Yams.o" >>"$work/yams/build.log" 2>&1 || return 1
  echo "$flags" >"$work/yams/flags"
}

# Builds one target with the sanitizers in $sanitizers.
build_target() {
  local target=$1 file
  file=$(source_of "$target")
  library_of "$target"
  if [ "$target" = lab-file ]; then
    build_yams "$sanitizers" || return 1
    library_of "$target"
    build "$work/bin/$target" "$file" -O -sanitize="$sanitizers" "${yams_flags[@]}"
  else
    build "$work/bin/$target" "$file" -O -sanitize="$sanitizers"
  fi
}

sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
asan_note=""
build_start=$SECONDS
for target in "${targets[@]}"; do
  echo "== build $target (-sanitize=$sanitizers)"
  if ! build_target "$target"; then
    if [ "$sanitizers" = fuzzer,address ] && sanitizers=fuzzer && build_target "$target"
    then
      sanitizers=fuzzer
      asan_note=" (AddressSanitizer did not build here: -sanitize=fuzzer only)"
      echo "   AddressSanitizer did not build; rebuilt with -sanitize=fuzzer only"
    else
      cat "$work/bin/$target.log" "$work/yams/build.log" >&2 2>/dev/null
      echo "Fuzz/run.sh: building $target failed" >&2
      exit 2
    fi
  fi
done
echo "== seeds"
library_of seed-builder
if ! build "$work/bin/seed-builder" Fuzz/Seeds/SeedBuilder.swift -Onone; then
  cat "$work/bin/seed-builder.log" >&2
  echo "Fuzz/run.sh: building the seed builder failed" >&2
  exit 2
fi
captures=(Samples/*.pcap Samples/*.pcapng)
if [ -d ../shared/corpus ]; then
  while IFS= read -r file; do captures+=("$file"); done < <(
    find ../shared/corpus -type f ! -path '*/truth/*' ! -name '*.tsv' ! -name '*.md' | sort)
fi
rm -rf "$work/seeds"
"$work/bin/seed-builder" "$work/seeds" "${captures[@]}"
# Text seeds: the course pages (the bundled ones are in the Swift sources, so the docs' examples
# and the instructor's page stand in) and the lab files, good and broken.
mkdir -p "$work/seeds/lesson-page" "$work/seeds/lab-file"
cp docs/*.md "$work/seeds/lesson-page/"
[ -d ../shared/lessons ] && cp ../shared/lessons/*.md "$work/seeds/lesson-page/"
cp Samples/labs/*.yaml Fuzz/Seeds/labs/*.yaml "$work/seeds/lab-file/"
build_seconds=$((SECONDS - build_start))

# Runs one target for $seconds; its log is $work/logs/TARGET.log.
run_target() {
  local target=$1
  local artifacts="$work/artifacts/$target"
  mkdir -p "$work/corpus/$target" "$artifacts"
  rm -f "$work/logs/$target.status"
  ls "$artifacts" >"$work/logs/$target.before" 2>/dev/null
  local start=$SECONDS
  local limit=(-max_total_time="$seconds") deadline=$((seconds + 300))
  if [ -n "${FUZZ_RUNS:-}" ]; then limit=(-runs="$FUZZ_RUNS") deadline=$((7 * 24 * 3600)); fi
  timeout "$deadline" "$work/bin/$target" "${limit[@]}" \
    -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=2048 \
    -dict="Fuzz/dictionaries/$target.dict" -artifact_prefix="$artifacts/" \
    -print_final_stats=1 "$work/corpus/$target" "$work/seeds/$target" \
    >"$work/logs/$target.log" 2>&1
  echo $? >"$work/logs/$target.status"
  echo $((SECONDS - start)) >"$work/logs/$target.seconds"
}

if [ -n "${FUZZ_RUNS:-}" ]; then
  echo "== run ${targets[*]}: $FUZZ_RUNS executions each"
else
  echo "== run ${targets[*]}: $seconds s each"
fi
jobs_at_once=${FUZZ_JOBS:-1}
running=0
for target in "${targets[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs_at_once" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

crashed=0
printf '\n%-14s %6s %12s %9s %7s %8s %7s  %s\n' target time executions exec/s cov ft corpus crashes
for target in "${targets[@]}"; do
  log="$work/logs/$target.log"
  status=$(cat "$work/logs/$target.status" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")
  new=$(comm -13 <(sort "$work/logs/$target.before") <(ls "$work/artifacts/$target" | sort))
  outcome=none
  if [ "$status" != 0 ] || [ -n "$new" ]; then
    crashed=1
    outcome="FOUND (exit $status)"
  fi
  printf '%-14s %5ss %12s %9s %7s %8s %7s  %s\n' "$target" \
    "$(cat "$work/logs/$target.seconds" 2>/dev/null || echo "$seconds")" "${execs:-?}" \
    "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$outcome"
  if [ "$outcome" != none ]; then
    grep -m1 -E 'Fatal error|ERROR: |SUMMARY: ' "$log" | sed 's/^/    /'
    for file in $new; do echo "    input: $work/artifacts/$target/$file"; done
    echo "    log: $log"
  fi
done
echo "sanitizers: -sanitize=$sanitizers$asan_note; build and seeds: ${build_seconds} s"
exit $crashed
