/**
 * The scheduler's FailedScheduling sentence ("0/8 nodes are available: 1 Insufficient cpu,
 * 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/8 nodes are available: …")
 * cut into what a person scans: the head, one reason per line, and the preemption part apart.
 */
export interface SchedulerWords {
  head: string;
  reasons: string[];
  preemption: string | null;
}

export function splitSchedulerMessage(message: string): SchedulerWords | null {
  const m = /^(\d+\/\d+ nodes are available)(?::\s*(.*?))?\.(?:\s*preemption:\s*(.*))?$/s.exec(message.trim());
  if (!m) return null;
  const reasons = m[2] ? m[2].split(/,\s*(?=\d+ )/).map((r) => r.trim()) : [];
  return { head: m[1], reasons, preemption: m[3]?.replace(/\.$/, '') ?? null };
}
