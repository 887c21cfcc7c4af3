import { readFileSync } from 'node:fs';

/**
 * The CPU time of the calling thread (ms since it started), where the OS says (Linux); null
 * elsewhere. A worker's own, which process.cpuUsage() (every thread of the process) cannot
 * give: /proc/thread-self/schedstat (nanoseconds on the CPU), else /proc/thread-self/stat
 * (utime + stime, in ticks of 10 ms). For the bench's figures; nothing decides on it.
 */
export function threadCpuMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    // Kernels without schedstat: the tick counters.
  }
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ: /proc times are in these ticks (100 on every mainstream build). */
const CLOCK_TICKS = 100;
