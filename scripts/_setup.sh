# Shared set-up steps for scripts/demo.sh and scripts/test.sh (sourced, not run).

# marsad_apt PKG...: install the Debian packages that are missing (as root, or with sudo).
marsad_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    case "$pkg" in
      python3-venv) python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=("$pkg") ;;
      chromium) [ -x /usr/bin/chromium ] || missing+=("$pkg") ;;
      fonts-noto-core) [ -d /usr/share/fonts/truetype/noto ] || missing+=("$pkg") ;;
      gcc) command -v gcc >/dev/null || missing+=("$pkg") ;;
      # the headers of the python3 that makes .venv (a Python built from source has its own)
      python3-dev) python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null || missing+=("$pkg") ;;
      *) dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  echo "installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# marsad_venv [EXTRA]: create .venv and install Marsad (with the optional EXTRA, e.g. test) into it.
marsad_venv() {
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  if [ -n "${1:-}" ]; then
    .venv/bin/python -m pip install -q -c constraints.txt -e ".[$1]"
  else
    .venv/bin/python -m pip install -q -c constraints.txt -e .
  fi
}
