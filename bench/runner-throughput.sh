#!/usr/bin/env bash
# Runner throughput: DL4J (gpu-runner) vs PyTorch on the reference MLP 784-256-10, Fashion-MNIST, 1 thread.
#
#   bench/runner-throughput.sh            (run from the repository root)
#
# Environment: BENCH_EPOCHS (measured epochs after one warm-up epoch, default 3), BENCH_BATCHES (default
# 128,512), FASHION_MNIST_DIR (default /usr/share/datasets/fashion-mnist), JAVA (default java),
# BENCH_OPENBLAS_DIR (a directory holding an OpenBLAS libblas.so.3 for the second PyTorch run; default:
# Debian's libopenblas0-pthread, fetched with `apt-get download` into $TMPDIR if it is not installed).
#
# PyTorch runs twice: as Debian's python3-torch is installed (built with BLAS_INFO=generic, so it uses whatever
# libblas.so.3 the system provides: the reference BLAS unless OpenBLAS is installed), and with OpenBLAS
# preloaded through LD_LIBRARY_PATH, which is the fair comparison (DL4J bundles OpenBLAS 0.3.19). The
# reference-BLAS run measures BENCH_REF_EPOCHS (default 1) epochs because it is about 5x slower.
set -euo pipefail
cd "$(dirname "$0")/.."

EPOCHS="${BENCH_EPOCHS:-3}"
REF_EPOCHS="${BENCH_REF_EPOCHS:-1}"
BATCHES="${BENCH_BATCHES:-128,512}"
DATA="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
JAVA="${JAVA:-java}"
PYTHON=/usr/bin/python3
JAR=gpu-runner/target/gpu-runner.jar
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ ! -f "$JAR" ] || [ -n "$(find gpu-runner/src gpu-runner/pom.xml -newer "$JAR" -print -quit)" ]; then
  echo "== building gpu-runner"
  if ! mvn -B -q -pl gpu-runner -am install -DskipTests; then
    echo "   (reactor build failed; building gpu-runner alone against the installed job-protocol)"
    mvn -B -q -f gpu-runner/pom.xml package -DskipTests
  fi
fi

jv=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
jopts=(-Xmx2g)
[ "${jv:-17}" -ge 22 ] && jopts+=(--enable-native-access=ALL-UNNAMED)
[ "${jv:-17}" -ge 23 ] && jopts+=(--sun-misc-unsafe-memory-access=allow)

echo "== machine: $(nproc --all) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== java: $("$JAVA" -version 2>&1 | head -1)"
echo "== DL4J (gpu-runner ThroughputBenchmark), batches $BATCHES, 1 warm-up + $EPOCHS measured epochs"
"$JAVA" "${jopts[@]}" -cp "$JAR" org.trainex.runner.bench.ThroughputBenchmark --data-dir "$DATA" \
  --batch-sizes "$BATCHES" --epochs "$EPOCHS" --threads 1 2>&1 | grep -v -e '^WARNING' -e 'DEBUG' | tee /tmp/trainex-bench-dl4j.$$

openblas="${BENCH_OPENBLAS_DIR:-}"
if [ -z "$openblas" ]; then
  if [ -f /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
    openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
  else
    cache="${TMPDIR:-/tmp}/trainex-bench-openblas"
    if [ ! -f "$cache/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3" ]; then
      echo "== fetching Debian libopenblas0-pthread (apt-get download, not installed) into $cache"
      (mkdir -p "$cache/deb" && cd "$cache/deb" && apt-get download libopenblas0-pthread >/dev/null 2>&1 \
        && dpkg-deb -x libopenblas0-pthread_*.deb "$cache") || echo "   could not fetch it; skipping that run"
    fi
    [ -f "$cache/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3" ] \
      && openblas="$cache/usr/lib/x86_64-linux-gnu/openblas-pthread"
  fi
fi

echo "== PyTorch ($PYTHON, system libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)), 1 warm-up + $REF_EPOCHS measured epoch(s)"
"$PYTHON" bench/pytorch_mlp.py --data-dir "$DATA" --batch-sizes "$BATCHES" --epochs "$REF_EPOCHS" --threads 1 \
  | sed 's/framework=pytorch/framework=pytorch-sysblas/' | tee /tmp/trainex-bench-pt-sys.$$
: > /tmp/trainex-bench-pt-ob.$$
if [ -n "$openblas" ]; then
  echo "== PyTorch with OpenBLAS ($openblas via LD_LIBRARY_PATH), 1 warm-up + $EPOCHS measured epochs"
  LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$PYTHON" bench/pytorch_mlp.py --data-dir "$DATA" \
    --batch-sizes "$BATCHES" --epochs "$EPOCHS" --threads 1 \
    | sed 's/framework=pytorch/framework=pytorch-openblas/' | tee /tmp/trainex-bench-pt-ob.$$
fi

echo
echo "== summary (samples/s over the measured epochs, shuffle + batching + training; accuracy on the 10,000 test images)"
cat /tmp/trainex-bench-dl4j.$$ /tmp/trainex-bench-pt-sys.$$ /tmp/trainex-bench-pt-ob.$$ | grep '^RESULT' | awk '
  { f=""; b=""; s=""; a=""; m="";
    for (i = 2; i <= NF; i++) { split($i, kv, "=");
      if (kv[1] == "framework") f = kv[2]; if (kv[1] == "batch") b = kv[2]; if (kv[1] == "batching") m = kv[2];
      if (kv[1] == "samples_per_s") s = kv[2]; if (kv[1] == "test_accuracy") a = kv[2]; }
    name = f (m == "" ? "" : "/" m);
    printf "%-26s batch %4d  %8d samples/s  test accuracy %s\n", name, b, s, a;
    if (f == "dl4j" && m == "copies") dl[b] = s; if (f == "dl4j" && m == "batchBy") dlb[b] = s;
    if (f == "pytorch-openblas") ob[b] = s; if (f == "pytorch-sysblas") sy[b] = s; seen[b] = 1 }
  END { print "";
    for (b in seen) {
      if (b in ob) printf "ratio DL4J/PyTorch(OpenBLAS)     batch %4d: %.2f  (DL4J with batchBy: %.2f)\n", b, dl[b] / ob[b], dlb[b] / ob[b];
      if (b in sy) printf "ratio DL4J/PyTorch(system BLAS)  batch %4d: %.2f\n", b, dl[b] / sy[b];
    } }'
rm -f /tmp/trainex-bench-dl4j.$$ /tmp/trainex-bench-pt-sys.$$ /tmp/trainex-bench-pt-ob.$$
