#!/usr/bin/env bash
# Start-up, frame time and memory of the real window, in one run: the release build of the GUI on the embedded
# sample report (table 3 shown, the largest page), under a virtual X display.
#
#   bash benches/gui_frames.sh
#
# Prints the time to the first frame (process start to the end of the first ui() call), the mean and worst time of
# ui() over each 120 frames (NIANBAO_FRAME_STATS=1; frames are produced by moving the pointer over table 3, then by
# typing figures into one of its cells), the resident memory after that, and after exporting a PDF from the window
# three times. Needs xvfb-run and xdotool (apt-get install xvfb xdotool) and the desktop libraries
# listed in the README. CARGO_TARGET_DIR is honoured.
set -euo pipefail

# Inside the virtual display (the script runs itself again under xvfb-run).
if [ "${1:-}" = "--inside" ]; then
    bin=$2
    log=$3
    # Appending, both of us: the marker lines below must not be overwritten by the app's output.
    NIANBAO_FRAME_STATS=1 "$bin" >>"$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
        grep -q 'first frame' "$log" && break
        sleep 0.1
    done
    sleep 1
    win=$(xdotool search --name nianbao | head -1)
    xdotool windowfocus "$win"
    click() { xdotool mousemove "$1" "$2"; sleep 0.2; xdotool mousedown 1; sleep 0.05; xdotool mouseup 1; sleep 0.5; }
    # The first-run question (name and role) has the cursor in its name field; Enter answers it. Table 3 is the
    # page the window opens on.
    xdotool type --delay 50 "Bench"
    xdotool key Return
    sleep 0.5
    echo "-- moving the pointer over table 3" >>"$log"
    # Sweep the pointer over the table: every move is a frame with hover tests over all 175 cells.
    for i in $(seq 300); do
        xdotool mousemove $((300 + (i * 7) % 800)) $((150 + (i * 13) % 700))
        sleep 0.02
    done
    echo "-- typing into table 3 (一、本年新收 / 自然人), Tab to the next cell, Escape to revert" >>"$log"
    click 668 266
    for _ in $(seq 8); do
        xdotool type --delay 40 "1234567890"
        sleep 0.2
        xdotool key Tab
        xdotool key Escape
    done
    sleep 1
    echo "rss_kib=$(ps -o rss= -p "$pid" | tr -d ' ')" >>"$log"
    echo "-- exporting a PDF from the window three times (Ctrl+E; no file chooser under Xvfb: the path is typed)" >>"$log"
    out=$(mktemp -d)
    for i in 1 2 3; do
        xdotool key ctrl+e
        sleep 1.5
        xdotool key ctrl+a
        xdotool type --delay 10 "$out/export-$i.pdf"
        xdotool key Return
        sleep 2
        echo "pdf_$i=$(stat -c %s "$out/export-$i.pdf" 2>/dev/null || echo missing) rss_after_pdf_export_kib=$(ps -o rss= -p "$pid" | tr -d ' ')" >>"$log"
    done
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    exit 0
fi

cd "$(dirname "$0")/.."
cargo build --release --quiet --bin nianbao
bin="$(realpath "${CARGO_TARGET_DIR:-target}")/release/nianbao"
log=$(mktemp)
# A fresh preferences folder: no stored user, so the first-run question about name and role is shown; answer it.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
xvfb-run -a -s "-screen 0 1600x1000x24" bash "$(realpath "$0")" --inside "$bin" "$log"
cat "$log"
