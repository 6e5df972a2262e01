#!/usr/bin/env bash
# A Python venv with the PyTorch CPU wheel, for the PyTorch reference benchmark only
# (bench/pytorch_seed_net.py). PyTorch is never a dependency of the project itself.
#
#   bench/torch-env.sh            # prints the venv's python path as the last line of stdout
#   py="$(bench/torch-env.sh | tail -n 1)"; "$py" bench/pytorch_seed_net.py --json
#
# Offline: installs the torch wheel from $BNSYNC_TORCH_WHEELS (default /opt/wheels) with
# pip --no-index --no-deps, plus any of torch's pure-Python dependencies found there as wheels;
# anything else (numpy, sympy, networkx, jinja2, typing_extensions, ...) comes from the system
# site-packages (the venv is created with --system-site-packages).
# The venv is created once, at ${BNSYNC_TORCH_VENV:-<project>/target/torch-venv}; later runs reuse it.
# Exit codes: 0 ok, 3 no torch wheel available, 1 anything else (e.g. torch does not import).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${BNSYNC_TORCH_VENV:-$ROOT/target/torch-venv}"
wheels="${BNSYNC_TORCH_WHEELS:-/opt/wheels}"
py="$venv/bin/python"

if [[ -x "$py" ]] && "$py" -c 'import torch' >/dev/null 2>&1; then
  echo "torch-env: reusing $venv (torch $("$py" -c 'import torch; print(torch.__version__)'))" >&2
  echo "$py"
  exit 0
fi

shopt -s nullglob
torch_wheels=("$wheels"/torch-*.whl)
shopt -u nullglob
if (( ${#torch_wheels[@]} == 0 )); then
  echo "torch-env: no PyTorch wheel (torch-*.whl) in $wheels; cannot install offline" >&2
  exit 3
fi

if [[ ! -x "$py" ]]; then
  echo "torch-env: creating venv $venv (--system-site-packages)" >&2
  mkdir -p "$(dirname "$venv")"
  python3 -m venv --system-site-packages "$venv"
fi

# torch's runtime requirements that are pure-Python wheels; install those present in $wheels,
# the rest must already be importable from the system site-packages.
deps=()
shopt -s nullglob
for name in typing_extensions sympy mpmath networkx jinja2 markupsafe filelock fsspec; do
  for w in "$wheels"/"$name"-*.whl "$wheels"/"${name//_/-}"-*.whl; do
    deps+=("$w")
  done
done
shopt -u nullglob

echo "torch-env: installing ${torch_wheels[*]##*/} ${deps[*]##*/} (offline)" >&2
"$py" -m pip install --quiet --disable-pip-version-check --no-index --no-deps "${torch_wheels[@]}" ${deps[@]+"${deps[@]}"} >&2

if ! "$py" -c 'import torch; torch.ones(1) + 1' >&2; then
  echo "torch-env: 'import torch' fails in $venv (a dependency missing from $wheels and the system site-packages?)" >&2
  exit 1
fi
echo "torch-env: torch $("$py" -c 'import torch; print(torch.__version__)') ready in $venv" >&2
echo "$py"
