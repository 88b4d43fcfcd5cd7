// The page's engine in Node: copying T 10 with a forget-gate bias; prints each recall event.
import { startNodeBackend } from '../../src/cli/nodeBackend';
import { harness, settings } from '../../tests/unit/worker/engineHarness';
console.log('backend', await startNodeBackend());
const forgetBias = Number(process.argv[2] ?? 3);
const seed = Number(process.argv[3] ?? 1);
const s = settings({ corpus: { kind: 'builtin', id: 'copying' }, copyDelay: 10, hidden: 64, embedding: 64, seqLen: 32, batch: 16, lr: 0.01, cells: ['g2', 'lstm'], forgetBias, seed, targetSteps: 6000 });
const h = harness();
const t0 = Date.now();
let seen = 0;
await h.engine.handle({ type: 'configure', runId: 1, settings: s });
await h.engine.handle({ type: 'start', runId: 1 });
for (;;) {
  const recalls = h.of('recall');
  for (const r of recalls.slice(seen)) console.log(JSON.stringify({ forgetBias, seed, step: r.step, s: Math.round((Date.now() - t0) / 1000), recall: Object.fromEntries(r.models.map((m) => [m.model, +m.symbolAccuracy.toFixed(3)])) }));
  seen = recalls.length;
  const st = h.last('status');
  if (st?.status === 'paused' && st.step >= 6000) break;
  await new Promise((r) => setTimeout(r, 500));
}
process.exit(0);
