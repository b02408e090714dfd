#!/usr/bin/env bash
# PDF export figures for jiaxing-2024, in one run: nianbao's own PDF (time, size) next to the same report's HTML
# converted the ways Word- and web-based practice does it (LibreOffice, headless Chromium), with the ratios.
# Goals for nianbao: <= 150 ms and <= 400 KB.
#
#   bash benches/export_compare.sh [OUT_DIR]
#
# Needs: cargo; optional: libreoffice (apt-get install libreoffice-writer-nogui), chromium. A missing converter is
# reported and skipped. Timings are wall-clock of one conversion each (the converters' start-up included, as a
# user experiences it); nianbao's is the best of five exports in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d)}
mkdir -p "$out"

ms() { date +%s%3N; }

line=$(cargo bench --quiet --bench export_pdf -- "$out" | grep '^pdf_ms=')
nb_ms=$(sed 's/.*pdf_ms=\([0-9.]*\).*/\1/' <<<"$line")
nb_bytes=$(sed 's/.*pdf_bytes=\([0-9]*\).*/\1/' <<<"$line")
printf '%-28s %10s %12s %10s %10s\n' converter ms bytes "ms ratio" "size ratio"
printf '%-28s %10s %12s %10s %10s\n' "nianbao (printpdf)" "$nb_ms" "$nb_bytes" 1.0 1.0

row() { # name ms file
    local bytes
    bytes=$(stat -c %s "$3")
    printf '%-28s %10s %12s %10s %10s\n' "$1" "$2" "$bytes" \
        "$(awk -v a="$2" -v b="$nb_ms" 'BEGIN { printf "%.1f", a / b }')" \
        "$(awk -v a="$bytes" -v b="$nb_bytes" 'BEGIN { printf "%.1f", a / b }')"
}

if command -v libreoffice >/dev/null; then
    start=$(ms)
    libreoffice --headless --convert-to pdf --outdir "$out/lo" "$out/report.html" >/dev/null 2>&1
    row "libreoffice --convert-to pdf" $(($(ms) - start)) "$out/lo/report.pdf"
else
    echo "libreoffice: not installed, skipped"
fi

if command -v chromium >/dev/null; then
    start=$(ms)
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" \
        --no-pdf-header-footer --print-to-pdf="$out/chromium.pdf" "file://$out/report.html" >/dev/null 2>&1
    row "chromium --print-to-pdf" $(($(ms) - start)) "$out/chromium.pdf"
else
    echo "chromium: not installed, skipped"
fi
echo "files in $out"
