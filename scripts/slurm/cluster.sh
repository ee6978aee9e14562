# A one-node Slurm cluster in a scratch directory, for scripts/slurm/run.sh (sourced, not run).
#
#   cluster_start DIR     munged, slurmctld and slurmd with their own key, sockets, spool, state,
#                         logs and free ports under DIR; SLURM_CONF exported for sbatch & co.
#   cluster_stop          stops every daemon cluster_start started (by its pid), waits for it
#
# Nothing outside DIR is touched: not /etc/slurm, not /etc/munge, not the system's munged. The
# node has CPUs=2 like the machines this runs on; jobs run as root (the caller's user).

cluster_pids=()

# A TCP port nothing listens on, from the kernel.
cluster_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cluster_start() {
    local dir=$1 host memory ctld_port slurmd_port
    host=$(hostname -s)
    memory=$(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo)
    ctld_port=$(cluster_free_port)
    slurmd_port=$(cluster_free_port)
    while [[ $slurmd_port == "$ctld_port" ]]; do slurmd_port=$(cluster_free_port); done
    mkdir -p "$dir/munge" "$dir/ctld" "$dir/spool" "$dir/log"
    chmod 700 "$dir" "$dir/munge"

    # munge: a fresh key, its own socket; slurm finds the socket through AuthInfo.
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/munge/munge.key"
    munged --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" --pid-file="$dir/munge/munged.pid" \
        --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed" --force
    cluster_pids+=("$(cat "$dir/munge/munged.pid")")

    cat > "$dir/slurm.conf" <<CONF
ClusterName=studio-test
SlurmctldHost=${host}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=3600
KillWait=5
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=${host} NodeAddr=127.0.0.1 CPUs=2 RealMemory=${memory} State=UNKNOWN
PartitionName=studio Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$dir/slurm.conf
    slurmctld -f "$SLURM_CONF"
    cluster_wait_for_file "$dir/slurmctld.pid" slurmctld "$dir/log/slurmctld.log"
    cluster_pids+=("$(cat "$dir/slurmctld.pid")")
    slurmd -f "$SLURM_CONF"
    cluster_wait_for_file "$dir/slurmd.pid" slurmd "$dir/log/slurmd.log"
    cluster_pids+=("$(cat "$dir/slurmd.pid")")

    # Up when the node is idle: slurmd registered with slurmctld.
    local state=""
    for _ in $(seq 1 120); do
        state=$(sinfo --noheader --nodes="$host" --format=%t 2>/dev/null || true)
        [[ $state == idle ]] && break
        sleep 0.5
    done
    if [[ $state != idle ]]; then
        echo "slurm: the node did not come up (state '${state}'); logs:" >&2
        tail -n 20 "$dir"/log/*.log >&2
        return 1
    fi
    echo "slurm: one-node cluster up: slurmctld :${ctld_port}, slurmd :${slurmd_port}, node ${host} (CPUs=2), in ${dir}"
}

cluster_wait_for_file() {
    local file=$1 name=$2 log=$3
    for _ in $(seq 1 100); do [[ -s $file ]] && return 0; sleep 0.1; done
    echo "slurm: ${name} did not start; its log:" >&2
    tail -n 20 "$log" >&2 || true
    return 1
}

cluster_stop() {
    local pid
    for pid in "${cluster_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${cluster_pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    cluster_pids=()
}
