import { describe, expect, it } from 'vitest';
import { startsOnItsOwn } from '../../../src/ui/persistence/firstVisit';

describe('a first visit trains at once; everything else waits for Train', () => {
  it('the plain address in a browser with no saved run starts', () => {
    expect(startsOnItsOwn('', 0)).toBe(true);
  });
  it('a browser with a saved run waits (it may be reopened, or the person knows the page)', () => {
    expect(startsOnItsOwn('', 1)).toBe(false);
  });
  it('a link or a forced backend waits', () => {
    expect(startsOnItsOwn('?v=3&corpus=copying', 0)).toBe(false);
    expect(startsOnItsOwn('?backend=wasm', 0)).toBe(false);
  });
});
