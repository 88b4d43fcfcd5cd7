/** Types of testSetupPlan.mjs (plain JavaScript so that `npm test` starts it with Node alone). */
export declare const DEFAULT_CHROMIUM: string;
export declare const DEFAULT_PYTHON: string;

export interface SetupFacts {
  chromiumEnv: string | undefined;
  chromiumFound: boolean;
  pythonEnv: string | undefined;
  torchFound: boolean;
  root: boolean;
  aptGet: boolean;
}

export type SetupPlan = { kind: 'ready' } | { kind: 'install'; packages: string[] } | { kind: 'stop'; message: string };

export declare function planSetup(facts: SetupFacts): SetupPlan;
export declare function installCommand(packages: string[], root: boolean): string;
