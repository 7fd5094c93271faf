/**
 * The non-Linux tree sampler: ps-list finds the descendants, pidusage reads their CPU and memory.
 * Both are asynchronous, so sample() returns the latest finished reading and starts the next one;
 * readings lag one interval behind, which is acceptable for a fallback.
 */
import type { TreeSample } from '../core/types.js';
import { loadPidusage, loadPsList } from './portable-deps.js';

/** The same interface as the /proc sampler (see process-tree-sampler.ts). */
export interface PortableTreeSampler {
  sample(atMs: number): TreeSample;
  memberPids(): number[];
}

/** Creates a sampler of rootPid's descendants that works wherever ps-list and pidusage do. */
export function createPortableTreeSampler(rootPid: number): PortableTreeSampler {
  let latest: Omit<TreeSample, 'atMs'> = { cpuPercent: null, rssBytes: null, processCount: null, zombieCount: null };
  let pids: number[] = [];
  let inFlight = false;
  let readings = 0;

  async function refresh(): Promise<void> {
    // Loaded on first use: Linux never needs them, and `flowforge run` start-up stays small.
    const [{ default: psList }, { default: pidusage }] = await Promise.all([loadPsList(), loadPidusage()]);
    const all = await psList();
    const tree = new Set([rootPid]);
    let grown = true;
    while (grown) {
      grown = false;
      for (const p of all) {
        if (tree.has(p.pid) || !tree.has(p.ppid)) continue;
        tree.add(p.pid);
        grown = true;
      }
    }
    if (!all.some((p) => p.pid === rootPid)) throw new Error(`process ${rootPid} is gone`);
    const stats = await pidusage([...tree]);
    const values = Object.values(stats);
    readings += 1;
    latest = {
      // pidusage's first reading of a pid is a lifetime average, so the first one is withheld.
      cpuPercent: readings > 1 ? values.reduce((sum, s) => sum + s.cpu, 0) : null,
      rssBytes: values.reduce((sum, s) => sum + s.memory, 0),
      processCount: values.length,
      zombieCount: null,
    };
    pids = [...tree];
  }

  return {
    sample(atMs) {
      if (!inFlight) {
        inFlight = true;
        refresh()
          .catch(() => {
            // A failed reading is "unavailable", never zero.
            latest = { cpuPercent: null, rssBytes: null, processCount: null, zombieCount: null };
          })
          .finally(() => {
            inFlight = false;
          });
      }
      return { atMs, ...latest };
    },
    memberPids() {
      return pids;
    },
  };
}
