#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A sweep on a real Slurm: starts munged, slurmctld and slurmd (Debian's slurm-wlm and munge)
# for a one-node cluster on localhost, from a slurm.conf generated in a temporary folder;
# submits the README's job array (section "Sweeps", the two code blocks after the
# "slurm-job-script" and "slurm-submit" markers, run as written) for a 4-point sweep in
# 4 shards; waits (bounded), and checks that the merged result equals the same sweep run
# locally in one process (every column but the wall time). Everything it started is stopped on
# exit, failure or not: the daemons by their PIDs, and any job process left over, found by the
# marker FUSELAB_SLURM_RUN=<this run's folder> that the daemons and the submission carry in
# their environment (the test's own shell does not).
#   slurm_sweep.sh <fuselab-cli> <source dir>
# Exit 77 (CTest: skipped, with the reason) without root or without the Slurm/munge programs.
set -euo pipefail
cli=$(readlink -f "$1")
src=$(readlink -f "$2")
budget=${FUSELAB_SLURM_TIMEOUT:-240} # seconds for the whole array and the merge

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (slurmd launches the jobs; CI runs as root)"
for p in munged slurmctld slurmd sbatch squeue scancel sqlite3; do
  command -v "$p" >/dev/null || skip "$p is not installed (Debian packages slurm-wlm, munge, sqlite3)"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/fuselab-slurm.XXXXXX")
chmod 711 "$T" # munge clients need to reach the socket inside
export SLURM_CONF=$T/slurm.conf
pids=()

# Everything this run started besides the daemons: processes whose environment holds this
# run's marker (the jobs and their children, the submission), and the job step daemons
# (slurmstepd starts with an empty environment but keeps files of this run's folder open).
ours() {
  {
    grep -lzxF "FUSELAB_SLURM_RUN=$T" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
    find /proc/[0-9]*/fd -lname "$T/*" 2>/dev/null | cut -d/ -f3
  } | sort -u | grep -vxF -e "$$" -e "$BASHPID" || true
}
running() { # a live process (not a zombie waiting to be reaped)
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$st" ] && [ "$st" != Z ]
}
cleanup() {
  local rc=$?
  set +e
  if [ $rc -ne 0 ]; then
    echo "--- failed (exit $rc); logs in $T:"
    for f in "$T"/*.log "$T"/*.out "$T"/work/*.log "$T"/work/slurm-*.out; do
      [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
    done
  fi
  local p left
  # Cancel what is still queued or running while the daemons can still act on it.
  if [ -n "${pids[0]:-}" ] && kill -0 "${pids[0]}" 2>/dev/null && [ -n "$(timeout 5 squeue -h 2>/dev/null)" ]; then
    timeout 5 scancel --full --user=root 2>/dev/null
    for _ in $(seq 25); do [ -z "$(timeout 5 squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  left=("${pids[@]}" $(ours))
  [ -f "$T/munged.pid" ] && left+=("$(cat "$T/munged.pid")")
  for p in "${left[@]}"; do kill "$p" 2>/dev/null; done
  for _ in $(seq 50); do
    local alive=""
    for p in "${left[@]}"; do running "$p" && alive=1; done
    [ -z "$alive" ] && break
    sleep 0.2
  done
  for p in "${left[@]}" $(ours); do running "$p" && kill -9 "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ $rc -ne 0 ] && [ -n "${FUSELAB_SLURM_KEEP:-}" ] || rm -rf "$T"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# munge: a fresh key and socket in the temporary folder.
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 status=none
chmod 400 "$T/munge.key"
munged --force --key-file="$T/munge.key" --socket="$T/munge.sock" --pid-file="$T/munged.pid" \
       --log-file="$T/munged.log" --seed-file="$T/munged.seed"
for _ in $(seq 50); do [ -S "$T/munge.sock" ] && break; sleep 0.1; done

# Ports from this process's id (two consecutive ones, 20000-59999).
port=$((20000 + ($$ * 2) % 40000))
mkdir -p "$T/state" "$T/spool" "$T/work"
cpus=$(nproc)
cat >"$SLURM_CONF" <<CONF
ClusterName=fuselab
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
PlugStackConfig=/dev/null
MaxArraySize=16
SchedulerParameters=sched_interval=1
NodeName=fuselab-node NodeHostname=$(hostname) NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=local Nodes=fuselab-node Default=YES MaxTime=INFINITE State=UP
CONF

FUSELAB_SLURM_RUN=$T slurmctld -D -i -f "$SLURM_CONF" >"$T/slurmctld.out" 2>&1 &
pids+=($!)
FUSELAB_SLURM_RUN=$T slurmd -D -N fuselab-node -f "$SLURM_CONF" >"$T/slurmd.out" 2>&1 &
pids+=($!)
ready=""
for _ in $(seq 150); do
  if sinfo -h -N -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then ready=1; break; fi
  for p in "${pids[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "a Slurm daemon exited:"; cat "$T"/slurm*.out; exit 1; }
  done
  sleep 0.2
done
[ -n "$ready" ] || { echo "the node did not come up within 30 s"; cat "$T"/slurm*.out; exit 1; }
echo "slurm: one node ($cpus CPUs) up on 127.0.0.1:$port"

# The sweep: 2 workloads x 1 accelerator x 2 objectives = 4 points, one per shard.
cd "$T/work"
cat >sweep.yaml <<YAML
workloads: [lenet5, mlp]
hardware: [$src/examples/hardware/tpu_single_core.yaml]
objectives: [latency, edp]
generations: 2
population: 6
seed: 7
YAML

# The README's two blocks, as written.
block() { # the fenced block after the marker line <!-- $1 -->
  awk -v m="<!-- $1 -->" '$0 == m {on=1; next} on && /^```/ {if (in_) exit; in_=1; next} in_' "$src/README.md"
}
block slurm-job-script >sweep_array.sh
block slurm-submit >submit.sh
grep -q '^#SBATCH --array=0-3' sweep_array.sh || { echo "README: the job script is not a 4-shard array"; exit 1; }
grep -q 'sbatch' submit.sh || { echo "README: no submit block"; exit 1; }
mkdir -p bin
ln -s "$cli" bin/fuselab-cli
export PATH=$PWD/bin:$PATH
# The merge job waits for the array (--dependency) and submit.sh waits for the merge (--wait).
if ! FUSELAB_SLURM_RUN=$T timeout "$budget" bash -e submit.sh >submit.log 2>&1; then
  echo "the array and the merge did not finish within $budget s"
  cat submit.log
  squeue
  exit 1
fi
cat submit.log
[ "$(ls shard_*.sqlite | wc -l)" -eq 4 ] || { echo "expected 4 shard files:"; ls; exit 1; }
[ -f results.sqlite ] || { echo "no results.sqlite"; exit 1; }

# The same sweep in one local process.
"$cli" sweep sweep.yaml --out local.sqlite --threads 1 >local.log 2>&1 || { cat local.log; exit 1; }
cols=$(sqlite3 local.sqlite "SELECT group_concat(name, ', ') FROM pragma_table_info('sweep_points') WHERE name <> 'wall_s'")
query="SELECT $cols FROM sweep_points ORDER BY workload, hardware, objective"
sqlite3 -line results.sqlite "$query" >merged.txt
sqlite3 -line local.sqlite "$query" >local.txt
rows=$(sqlite3 results.sqlite "SELECT count(*) FROM sweep_points")
[ "$rows" -eq 4 ] || { echo "merged result has $rows points, expected 4"; exit 1; }
if ! diff -u local.txt merged.txt; then
  echo "the merged Slurm result differs from the local one-process sweep"
  exit 1
fi
echo "PASS: 4 shards on Slurm merged equal the local sweep (4 points, $(echo "$cols" | tr ',' '\n' | wc -l) columns compared)"
