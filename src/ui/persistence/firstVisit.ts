/**
 * A first visit — the plain address (no link, no forced backend) in a browser that has no saved run — starts
 * training as soon as its backend is ready: the person came to see the gates move. Anything else waits for Train:
 * a reopened run, a link (it says what it replays), a forced backend (someone choosing, often a test).
 */
export function startsOnItsOwn(search: string, savedRuns: number): boolean {
  return new URLSearchParams(search).size === 0 && savedRuns === 0;
}

export const FIRST_VISIT_NOTICE = 'Training started on its own: this is your first visit. Pause stops it; runs are saved in this browser.';
