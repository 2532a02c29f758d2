#!/bin/sh
# tests/slurm.sh — docs/scale-out.md on a one-node Slurm cluster started
# here: munged, slurmctld and slurmd run from a temporary directory (as
# root, on ports 16817/16818), a 4-task job array ingests a shard of
# generated router logs each, a job that depends on the array merges the
# shard databases, and the merged report must equal one ingest of
# everything (and a scan). Needs Debian's slurm-wlm and munge (make
# deps-slurm); skipped without them. Stops the daemons it started.
#   TUNNELSTAT=/abs/path/tunnelstat GEN=/abs/path/gen sh tests/slurm.sh
set -u
TS=${TUNNELSTAT:?set TUNNELSTAT}
GEN=${GEN:?set GEN}
for t in munged slurmctld slurmd sbatch sinfo squeue; do
    if ! command -v $t >/dev/null 2>&1; then echo "skip slurm (no $t: make deps-slurm)"; exit 0; fi
done
if [ "$(id -u)" != 0 ]; then echo "skip slurm (daemons need root)"; exit 0; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/ts-slurm.XXXXXX") || exit 1
chmod 755 "$T"
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    for p in $pids; do wait "$p" 2>/dev/null; done
    [ -f "$T/munged.pid" ] && kill "$(cat "$T/munged.pid")" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() {
    echo "FAIL $1"
    for f in "$T"/*.log; do [ -s "$f" ] && { echo "  $f:"; tail -n 15 "$f" | sed 's/^/    /'; }; done
    echo "0 passed, 1 failed"
    exit 1
}

host=$(hostname -s)
mkdir -p "$T/state" "$T/spool" "$T/data" "$T/db" "$T/munge"
chmod 700 "$T/munge"
dd if=/dev/urandom of="$T/munge/key" bs=1024 count=1 2>/dev/null
chmod 400 "$T/munge/key"
munged --force --key-file="$T/munge/key" --socket="$T/munge/sock" --pid-file="$T/munged.pid" \
    --log-file="$T/munged.log" --seed-file="$T/munge/seed" || fail "munged would not start"

cat > "$T/slurm.conf" <<EOF
ClusterName=tstest
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$T/munge/sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -i -f "$T/slurm.conf" > "$T/slurmctld.out.log" 2>&1 &
pids="$pids $!"
slurmd -D -f "$T/slurm.conf" > "$T/slurmd.out.log" 2>&1 &
pids="$pids $!"
i=0
until [ "$(sinfo -h -o %T 2>/dev/null | head -n 1)" = idle ]; do
    i=$((i + 1))
    [ $i -gt 60 ] && fail "the node did not come up"
    sleep 1
done

# data: 8 routers, each in its own directory (two generated corpora)
for seed in 11 12; do
    "$GEN" --seed $seed --size 2M --ike-frac 0.3 --files 4 --hosts 4 --peers 40 -o "$T/gen$seed" 2>/dev/null || fail gen
    for f in "$T/gen$seed"/*; do
        mkdir -p "$T/data/r$seed-${f##*-}"
        cp "$f" "$T/data/r$seed-${f##*-}/messages"
    done
done
cat > "$T/ingest.sbatch" <<EOF
#!/bin/sh
#SBATCH --job-name=ts-ingest
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=$T/ingest-%a.log
set -eu
ls -d $T/data/*/ | awk -v n="\$SLURM_ARRAY_TASK_COUNT" -v i="\$SLURM_ARRAY_TASK_ID" 'NR % n == i' |
    xargs $TS ingest -j 1 --host-from-path --db "$T/db/shard-\$SLURM_ARRAY_TASK_ID.db"
EOF
cat > "$T/merge.sbatch" <<EOF
#!/bin/sh
#SBATCH --job-name=ts-merge
#SBATCH --output=$T/merge.log
set -eu
$TS merge --db $T/db/vpn.db $T/db/shard-*.db
EOF
array=$(sbatch --parsable "$T/ingest.sbatch") || fail "sbatch of the array"
merge=$(sbatch --parsable --dependency=afterok:"$array" "$T/merge.sbatch") || fail "sbatch of the merge"
i=0
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
    i=$((i + 1))
    [ $i -gt 90 ] && fail "jobs still queued after 90 s"
    sleep 1
done
[ -f "$T/db/vpn.db" ] || fail "the merge job wrote no database"
"$TS" ingest --host-from-path --db "$T/one.db" "$T/data" 2>/dev/null
"$TS" scan --host-from-path "$T/data" > "$T/scan.csv"
pass=0
for k in peers daily conns top; do
    "$TS" report --db "$T/one.db" -r $k > "$T/one.csv"
    "$TS" report --db "$T/db/vpn.db" -r $k > "$T/merged.csv"
    if cmp -s "$T/one.csv" "$T/merged.csv"; then pass=$((pass + 1)); echo "ok slurm:$k"; else fail "slurm:$k merged != one ingest"; fi
done
"$TS" report --db "$T/db/vpn.db" | cmp -s - "$T/scan.csv" || fail "slurm: merged != scan"
echo "ok slurm:scan"
echo "$((pass + 1)) passed, 0 failed"
