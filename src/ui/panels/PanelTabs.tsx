import { type KeyboardEvent, type ReactNode, useRef, useState } from 'react';

export interface PanelTab {
  id: string;
  label: string;
  render: () => ReactNode;
}

/**
 * Two or more panels sharing one grid cell, behind tabs (WAI-ARIA tabs: one tab stop, ←/→ and Home/End
 * move between tabs and select them). Only the selected panel is rendered, so the page holds as many
 * `section.panel`s as grid cells.
 */
export function PanelTabs({ label, tabs, initial }: { label: string; tabs: PanelTab[]; initial?: string }) {
  const [selected, setSelected] = useState(initial ?? tabs[0]?.id ?? '');
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(0, tabs.findIndex((t) => t.id === selected));
  const current = tabs[index];
  const choose = (k: number) => {
    const tab = tabs[k];
    if (!tab) return;
    setSelected(tab.id);
    refs.current[k]?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    choose((to + tabs.length) % tabs.length);
  };
  return (
    <div className="panel-tabs">
      <div role="tablist" aria-label={label} className="tab-strip" onKeyDown={onKeyDown}>
        {tabs.map((tab, k) => (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[k] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={k === index}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={k === index ? 0 : -1}
            onClick={() => choose(k)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current && (
        <div role="tabpanel" id={`tabpanel-${current.id}`} aria-labelledby={`tab-${current.id}`} className="tab-body">
          {current.render()}
        </div>
      )}
    </div>
  );
}
