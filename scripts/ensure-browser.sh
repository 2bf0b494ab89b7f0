#!/bin/sh
# Browser tests drive Debian's Chromium; CJK fonts make screenshots and PDFs readable;
# poppler-utils lets the document tests read the PDFs back.
# Installs them with apt when missing and running as root. Never downloads a browser.
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
[ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
command -v xgettext >/dev/null 2>&1 || missing="$missing gettext"
# pdftotext and pdffonts read back the PDFs the tests render (reply letters, journal issues).
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
if [ -z "$missing" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  echo "Installing:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "Missing Debian packages:$missing. Install them with: sudo apt-get install$missing" >&2
  exit 1
fi
