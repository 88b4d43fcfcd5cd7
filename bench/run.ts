/**
 * `npm run bench [-- --quick]` (options: bench/options.ts)
 *
 * Builds the bench page and the app, serves both on 127.0.0.1, drives Debian's headless Chromium
 * through them and writes bench/results/latest.json and latest.md (and the README's bench section).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, launch, localContext } from './browser';
import { benchBackend } from './cells';
import { log } from './log';
import { gitState, machine } from './machine';
import { measureInteraction } from './interaction';
import { args, backends, CELL_TIMEOUT_MS, INTERACTION_RUNS, MAIN_THREAD_MODELS, MAIN_THREAD_RUNS, PLAN, RESPONSIVE_SECONDS, responsiveBackends, sizes } from './options';
import { updateReadme } from './readme';
import { markdown } from './report';
import { measureResponsiveness } from './responsiveness';
import { measureThreads } from './threads';
import { buildApp, buildBenchPage, serveApp, serveBenchPage } from './serve';
import type { BenchResults, ResponsivenessResult } from './types';

const repo = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${repo}bench/results`;

/** Writes latest.json, latest.md and the README's bench section. */
function writeResults(results: BenchResults, json: boolean): string {
  mkdirSync(resultsDir, { recursive: true });
  const report = markdown(results);
  const name = args.out;
  if (json) writeFileSync(`${resultsDir}/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${resultsDir}/${name}.md`, report);
  if (name === 'latest' && !args['no-readme'] && !updateReadme(`${repo}README.md`, report)) log('README has no bench markers: not updated');
  return report;
}

async function main(): Promise<void> {
  if (args['report-only']) {
    console.log(writeResults(JSON.parse(readFileSync(`${resultsDir}/${args.out}.json`, 'utf8')) as BenchResults, false));
    return;
  }
  const t0 = Date.now();
  const drivesApp = responsiveBackends.length > 0 || INTERACTION_RUNS > 0;
  if (!args['no-build']) {
    log(`building the bench page${responsiveBackends.length ? ' and the app' : ''} (into node_modules/.cache/gatelab-bench)`);
    await buildBenchPage();
    // The app itself is driven by the responsiveness, slider and start-up measurements.
    if (drivesApp) await buildApp();
  }
  const benchServer = await serveBenchPage(true);
  // wasm is measured twice: on every core (cross-origin isolated) and single-threaded (no COOP/COEP).
  const plainServer = backends.includes('wasm') ? await serveBenchPage(false) : null;
  const appServer = drivesApp ? await serveApp() : null;
  let browser: Browser | null = null;
  const blocked: string[] = [];
  try {
    browser = await launch();
    const context = await localContext(browser, blocked);
    const results: BenchResults = {
      machine: machine(),
      browser: { name: 'Chromium', version: browser.version(), args: CHROMIUM_ARGS },
      date: new Date().toISOString(),
      git: gitState(repo),
      quick: args.quick,
      plan: PLAN,
      cell_timeout_s: CELL_TIMEOUT_MS / 1000,
      backends: [],
      rows: [],
      ceilings: [],
      responsiveness: [],
      interaction: [],
      notes: [],
    };
    log(`Chromium ${results.browser.version}; sizes ${sizes.join(', ')}; backends ${backends.join(', ')}`);
    for (const backend of backends) {
      await benchBackend(benchServer.url, backend, results, blocked);
      if (backend === 'wasm' && plainServer) {
        await benchBackend(plainServer.url, backend, results, blocked);
        // The threads target in one measurement of its own: both pages open, their windows interleaved.
        if (sizes.includes('medium')) await measureThreads(benchServer.url, plainServer.url, 'medium', results, blocked);
      }
    }
    for (const requested of appServer ? responsiveBackends : []) {
      const r: ResponsivenessResult = await measureResponsiveness(context, appServer?.url ?? '', requested, RESPONSIVE_SECONDS);
      results.responsiveness.push(r);
      log('responsiveness', r.error ? `failed: ${r.error}` : `${r.backend}: ${r.fps.toFixed(1)} fps, longest task ${r.longest_task_ms.toFixed(0)} ms, ${r.steps_during} steps`);
    }
    for (let round = 1; appServer && round <= INTERACTION_RUNS; round++) {
      const r = await measureInteraction(browser, appServer.url, blocked);
      results.interaction?.push(r);
      log(`slider and start-up, round ${round}:`, r.error ? `failed: ${r.error}` : JSON.stringify({ ...r, slider_paused_ms: undefined, slider_training_ms: undefined }));
    }
    for (let k = 0; appServer && k < MAIN_THREAD_RUNS; k++) {
      const scenario = { models: MAIN_THREAD_MODELS, dragSlider: true };
      const r = await measureResponsiveness(context, appServer.url, 'default', RESPONSIVE_SECONDS, scenario);
      results.responsiveness.push(r);
      log(`main thread, ${MAIN_THREAD_MODELS} training, slider dragged (run ${k + 1}/${MAIN_THREAD_RUNS})`, r.error ? `failed: ${r.error}` : `${r.backend}: ${r.fps.toFixed(1)} fps, longest task ${r.longest_task_ms.toFixed(0)} ms, ${r.steps_during} steps`);
    }
    if (blocked.length) results.notes.push(`requests off the machine, blocked: ${[...new Set(blocked)].join(', ')}`);
    const report = writeResults(results, true);
    console.log(`\n${report}`);
    for (const note of results.notes) log('note:', note);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s: bench/results/${args.out}.json and .md`);
  } finally {
    await browser?.close();
    await benchServer.close();
    await plainServer?.close();
    await appServer?.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
