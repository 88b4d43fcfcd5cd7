import * as d3 from 'd3';
import { type KeyboardEvent, useId, useMemo, useRef, useState } from 'react';
import { rowMeans, unitColumn } from '../../model/gateStats';
import type { GatesOverText } from '../../worker/protocol';
import { modelName } from '../../contract/models';
import { shortNames, shownName } from './ModelRowHeader';
import { gateTextData } from '../exports/gateTextData';
import { gateTextSvg } from '../exports/gateTextSvg';
import { moveInStrip, type StripCell } from './gateTextNavigation';
import { Panel } from './Panel';
import { gatesNamed } from './gatesNamed';
import type { RunView } from '../runState';

const color = d3.scaleSequential(d3.interpolateViridis).domain([0, 1]);
const CHARS_PER_LINE = 36;

/** Black or white, whichever reads better on the background (at least 4.6:1 on any viridis colour). */
function inkOn(background: string): string {
  const { r, g, b } = d3.rgb(background);
  const linear = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000' : '#fff';
}

/** The key to the strip's colours: gate value 0 to 1 on the viridis ramp. */
function ColourScale() {
  const stops = d3.range(0, 1.001, 0.1);
  return (
    <svg className="scale gate-text-scale" viewBox="0 -3 300 28" width={300} height={28} role="img" aria-label="Colour: gate value from 0 (dark purple) through 0.5 (teal) to 1 (yellow).">
      <defs>
        <linearGradient id="gate-text-ramp">
          {stops.map((t) => (
            <stop key={t} offset={`${t * 100}%`} stopColor={color(t)} />
          ))}
        </linearGradient>
      </defs>
      <text className="axis-label" x={62} y={9} textAnchor="end">
        gate value
      </text>
      <rect x={68} y={1} width={200} height={9} fill="url(#gate-text-ramp)" />
      {[0, 0.5, 1].map((t) => (
        <text key={t} className="axis-label" x={68 + 200 * t} y={21} textAnchor="middle">
          {t}
        </text>
      ))}
    </svg>
  );
}

type Pick = 'mean' | number;

interface SeriesRow {
  key: string;
  /** The model's name as the panel shows it, and the gate. */
  shown: string;
  label: string;
  values: Float32Array;
}

function series(m: GatesOverText, gate: 'input' | 'forget', pick: Pick): Float32Array {
  return pick === 'mean' ? rowMeans(m[gate], m.hidden) : unitColumn(m[gate], m.hidden, Math.min(pick, m.hidden - 1));
}

const shown = (ch: string) => (ch === '\n' ? '↵' : ch);

/**
 * Rows as in the paper's Figure 4: per model, input then forget gate, each character coloured by its value.
 * The strip is one tab stop; arrow keys move between characters and rows, and the readout below gives
 * every row's value at the focused or hovered character.
 */
export function GateTextPanel({ data }: { data: RunView['gatesOverText'] }) {
  const id = useId();
  const strip = useRef<HTMLDivElement>(null);
  const [pick, setPick] = useState<Pick>('mean');
  const [cell, setCell] = useState<StripCell>({ row: 0, index: 0 });
  const [shownAt, setShownAt] = useState<number | null>(null);
  const chars = useMemo(() => (data ? Array.from(data.text) : []), [data]);
  const rows = useMemo(
    (): SeriesRow[] =>
      (data?.models ?? []).flatMap((m) =>
        (['input', 'forget'] as const).map((gate) => ({
          key: `${m.model}-${gate}`,
          shown: `${shownName(m.model, shortNames(data?.models ?? []))} ${gate}`,
          label: `${modelName(m.model)} ${gate}`,
          values: series(m, gate, pick),
        })),
      ),
    [data, pick],
  );
  const hidden = data?.models[0]?.hidden ?? 0;
  const focusIndex = Math.min(cell.index, Math.max(0, chars.length - 1));
  const focusRow = Math.min(cell.row, Math.max(0, rows.length - 1));

  const onKeyDown = (e: KeyboardEvent) => {
    const next = moveInStrip({ row: focusRow, index: focusIndex }, e.key, e.ctrlKey || e.metaKey, {
      rows: rows.length,
      chars: chars.length,
      charsPerLine: CHARS_PER_LINE,
    });
    if (!next) return;
    e.preventDefault();
    setCell(next);
    setShownAt(next.index);
    strip.current?.querySelector<HTMLElement>(`[data-cell="${next.row}:${next.index}"]`)?.focus();
  };

  const units = pick === 'mean' ? 'mean over units' : `unit ${Math.min(pick, Math.max(0, hidden - 1))}`;
  const exportRows = rows.map((row) => ({ key: row.key, label: row.shown, values: row.values }));
  const at = shownAt !== null && shownAt < chars.length ? shownAt : null;
  return (
    <Panel
      id="gate-text"
      title="Gates over text"
      hint={`Each character of the validation text coloured by its gate value (dark 0, yellow 1): ${gatesNamed(data)}${data ? `, step ${data.step}` : ''}. Hover, or focus the strip and use the arrow keys, for the numbers.`}
      exports={{
        name: 'gate-text',
        svg: (meta) => gateTextSvg(chars, exportRows, CHARS_PER_LINE, { ...meta, title: `${meta.title} (${units}, ${gatesNamed(data)})` }),
        data: () => (data ? gateTextData(chars, exportRows, units, { mode: data.mode, tau: data.tau }) : null),
      }}
    >
      <label htmlFor={`${id}-unit`} className="panel-controls">
        Units{' '}
        <select id={`${id}-unit`} value={String(pick)} onChange={(e) => setPick(e.target.value === 'mean' ? 'mean' : Number(e.target.value))}>
          <option value="mean">mean over units</option>
          {d3.range(hidden).map((u) => (
            <option key={u} value={u}>
              unit {u}
            </option>
          ))}
        </select>
      </label>
      <ColourScale />
      <div className="gate-text">
        <div
          className="gate-rows"
          role="grid"
          aria-label="Gate values over the validation text"
          ref={strip}
          onKeyDown={onKeyDown}
          onMouseLeave={() => setShownAt(null)}
        >
          {d3.range(0, chars.length, CHARS_PER_LINE).map((start) => (
            <div className="gate-block" role="rowgroup" key={start}>
              {rows.map((row, r) => (
                <div className="gate-row" role="row" key={row.key}>
                  <span className="gate-row-label" role="rowheader" title={row.label}>
                    {row.shown}
                  </span>
                  <span className="gate-chars">
                    {chars.slice(start, start + CHARS_PER_LINE).map((ch, k) => {
                      const index = start + k;
                      const v = row.values[index] ?? 0;
                      const focused = r === focusRow && index === focusIndex;
                      return (
                        <span
                          // characters repeat; the position is the identity
                          key={k}
                          role="gridcell"
                          data-cell={`${r}:${index}`}
                          tabIndex={focused ? 0 : -1}
                          aria-label={`${JSON.stringify(ch)}: ${row.label} ${v.toFixed(3)}`}
                          title={`${JSON.stringify(ch)}: ${row.label} ${v.toFixed(3)}`}
                          style={{ background: color(v), color: inkOn(color(v)) }}
                          onMouseEnter={() => setShownAt(index)}
                          onFocus={() => {
                            setCell({ row: r, index });
                            setShownAt(index);
                          }}
                        >
                          {shown(ch)}
                        </span>
                      );
                    })}
                  </span>
                </div>
              ))}
            </div>
          ))}
        </div>
      </div>
      <p className="gate-readout" data-testid="gate-readout">
        {at === null
          ? 'Point at a character for its values.'
          : `${JSON.stringify(chars[at])} at ${at}: ${rows.map((row) => `${row.shown} ${(row.values[at] ?? 0).toFixed(2)}`).join(' · ')}`}
      </p>
    </Panel>
  );
}
