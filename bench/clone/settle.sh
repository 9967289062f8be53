# Sourced by the clone comparison scripts: a settled machine and process CPU.
# settle: the page cache dropped and the disk done with its writes (a sync that returns
# within 20 ms), bounded at about 10 s.
settle() {
  sync
  echo 3 > /proc/sys/vm/drop_caches
  for _ in $(seq 100); do
    local start end
    start=$(date +%s%N); sync; end=$(date +%s%N)
    [ $(( (end - start) / 1000000 )) -lt 20 ] && return
    sleep 0.1
  done
}
# cpu_ticks PID: the process's user + system CPU so far, in clock ticks (of `ticks` a second).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)
