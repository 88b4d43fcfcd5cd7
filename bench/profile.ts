/**
 * `npx tsx bench/profile.ts [--impl gatelab-g2] [--steps 2] [--rounds 3] [--top 25] [--compare] [--no-build]`
 *
 * Where a wasm training step's time goes, with threads and without: the threaded (cross-origin
 * isolated) and the single-threaded bench page each hold the workload (medium size); their profiled
 * windows are interleaved, and each kernel's self time per step is listed by name and input shapes,
 * the median over the rounds, side by side. With --compare, each page also alternates between the
 * current kernels and the previous ones, window by window. Prints markdown (nothing is written).
 */
import { execSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { log } from './log';
import { buildBenchPage, serveBenchPage } from './serve';
import { BenchSession } from './session';
import { median } from './stats';
import type { Impl } from './types';

const { values: opts } = parseArgs({
  options: {
    impl: { type: 'string', default: 'gatelab-g2' },
    steps: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    top: { type: 'string', default: '25' },
    'no-build': { type: 'boolean', default: false },
    /** Interleave windows on the current kernels and on the previous ones (bench/page/kernelModes.ts). */
    compare: { type: 'boolean', default: false },
  },
});
const impl = opts.impl as Impl;
const steps = Number(opts.steps);
const rounds = Number(opts.rounds);
const TIMEOUT_MS = 600_000;

type Profile = { seconds: number; kernels: { name: string; calls: number; ms: number }[]; kernelsPerStep: number };
type Mode = 'current' | 'previous';
const modes: Mode[] = opts.compare ? ['previous', 'current'] : ['current'];
const uptime = () => execSync('uptime').toString().trim();

async function main(): Promise<void> {
  if (!opts['no-build']) await buildBenchPage();
  const servers = [await serveBenchPage(true), await serveBenchPage(false)];
  const sessions: BenchSession[] = [];
  const notes: string[] = [];
  try {
    for (const s of servers) sessions.push(await BenchSession.open(s.url, 'wasm', [], notes));
    const threads = sessions.map((s) => s.start.threads ?? 1);
    log(`threads: ${threads.join(' and ')}; ${impl}; ${rounds} rounds of ${steps} steps; modes ${modes.join(', ')}; ${uptime()}`);
    for (const s of sessions) await s.call('hold', TIMEOUT_MS, impl, 'medium');
    // profiles[page][mode][round]; pages: 0 threaded, 1 single-threaded.
    const profiles: Profile[][][] = sessions.map(() => modes.map(() => []));
    for (const s of sessions) {
      for (const m of modes) {
        if (opts.compare) await s.call('useKernels', TIMEOUT_MS, m);
        await s.call('heldWindow', TIMEOUT_MS, 1);
      }
    }
    for (let r = 0; r < rounds; r++) {
      for (const k of r % 2 === 0 ? [0, 1] : [1, 0]) {
        for (const m of r % 2 === 0 ? modes : [...modes].reverse()) {
          const s = sessions[k] as BenchSession;
          if (opts.compare) await s.call('useKernels', TIMEOUT_MS, m);
          const profile = (await s.call('heldProfile', TIMEOUT_MS, steps, Number(opts.top) * 4)) as Profile;
          profiles[k]?.[modes.indexOf(m)]?.push(profile);
        }
      }
    }
    const at = (k: number, m: number) => profiles[k]?.[m] as Profile[];
    const msOf = (k: number, m: number, name: string) => median(at(k, m).map((p) => p.kernels.find((x) => x.name === name)?.ms ?? 0));
    const stepMs = (k: number, m: number) => median(at(k, m).map((p) => p.seconds * 1000));
    const last = modes.length - 1;
    const names = [...new Set(profiles.flat(2).flatMap((p) => p.kernels.map((x) => x.name)))];
    names.sort((a, b) => msOf(1, last, b) + msOf(1, 0, b) - msOf(1, last, a) - msOf(1, 0, a));
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(3)).join(', ');
    console.log(`\n${impl}, wasm medium, ms per step (median of ${rounds} interleaved rounds of ${steps} steps); ${uptime()}\n`);
    modes.forEach((m, i) => {
      const pairs = at(0, i).map((p, r) => (at(1, i)[r] as Profile).seconds / p.seconds);
      console.log(`- ${m} kernels: ${threads[0]} threads ${stepMs(0, i).toFixed(1)} ms, 1 thread ${stepMs(1, i).toFixed(1)} ms a step; 1 thr ÷ ${threads[0]} thr by round: ${fmt(pairs)} (median ${median(pairs).toFixed(3)}); ${at(1, i)[0]?.kernelsPerStep} kernels a step`);
    });
    if (opts.compare) {
      sessions.forEach((_, k) => {
        const pairs = at(k, 0).map((p, r) => p.seconds / (at(k, 1)[r] as Profile).seconds);
        console.log(`- previous ÷ current on ${threads[k]} thread(s), by round: ${fmt(pairs)} (median ${median(pairs).toFixed(3)})`);
      });
    }
    const columns = sessions.flatMap((_, k) => modes.map((m) => `${threads[k]} thr ${m}`));
    console.log(`\n| kernel and input shapes | calls | ${columns.join(' | ')} |`);
    console.log(`|---|--:|${columns.map(() => '--:').join('|')}|`);
    for (const name of names.slice(0, Number(opts.top))) {
      const calls = profiles.flat(2).find((p) => p.kernels.some((x) => x.name === name))?.kernels.find((x) => x.name === name)?.calls ?? 0;
      const cells = sessions.flatMap((_, k) => modes.map((__, m) => msOf(k, m, name).toFixed(2)));
      console.log(`| ${name.length > 90 ? `${name.slice(0, 90)}…` : name} | ${calls} | ${cells.join(' | ')} |`);
    }
    for (const n of notes) log('note:', n);
  } finally {
    for (const s of sessions) await s.close();
    for (const s of servers) await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
