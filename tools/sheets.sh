#!/usr/bin/env bash
# Contact sheets: twelve frames of each section video (build/video/NN-slug.mp4), evenly
# spaced, 480 px high as on a phone, in a 3x4 grid: build/sheets/NN-slug.png. Each sheet is
# written beside its final name and moved into place, so an interrupted run leaves none
# half-written. Usage: tools/sheets.sh [NN ...] (default: every video there is).
set -euo pipefail
out=build/sheets
mkdir -p "$out"
shopt -s nullglob
videos=()
if [ "$#" -eq 0 ]; then
    videos=(build/video/[0-9][0-9]-*.mp4)
    [ -f build/entropy-explorer.mp4 ] && videos+=(build/entropy-explorer.mp4)
else
    for n in "$@"; do
        if [[ "$n" =~ ^[0-9]+$ ]]; then
            videos+=(build/video/"$(printf '%02d' "$((10#$n))")"-*.mp4)
        else
            videos+=(build/video/[0-9][0-9]-"$n".mp4)
        fi
    done
fi
if [ "${#videos[@]}" -eq 0 ]; then
    echo "sheets: no videos under build/video/ (make render QUALITY=l first)" >&2
    exit 1
fi
for video in "${videos[@]}"; do
    name=$(basename "$video" .mp4)
    duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")
    tmp="$out/.$name.png.part"
    ffmpeg -v error -y -i "$video" \
        -vf "fps=12/${duration},scale=-2:480,tile=3x4:padding=6:color=white" \
        -frames:v 1 -f image2 -c:v png "$tmp"
    mv "$tmp" "$out/$name.png"
    echo "$out/$name.png"
done
