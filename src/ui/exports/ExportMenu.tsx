import { useEffect, useId, useRef, useState } from 'react';
import { type ExportFormat, exportPanel, formatsOf, NothingToExport } from './exportPanel';
import { exportMeta } from './fileName';
import type { PanelExports } from './types';
import { messageOf } from '../../messageOf';

/**
 * A panel's Export button: it discloses one button per format ("Export Gate histograms as PNG"). Escape,
 * a click elsewhere or focus leaving closes it. A failure is told under the button, in the panel.
 */
export function ExportMenu({ title, exports }: { title: string; exports: PanelExports }) {
  const id = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const run = async (format: ExportFormat) => {
    close();
    setMessage(null);
    const panel = wrapper.current?.closest('section') ?? document.body;
    try {
      await exportPanel(format, exports, exportMeta(title, panel), panel);
    } catch (error) {
      setMessage(
        error instanceof NothingToExport
          ? `Nothing to export from ${title} yet: train a few steps first.`
          : `Could not export ${title} as ${format.toUpperCase()}: ${messageOf(error)}.`,
      );
    }
  };

  return (
    <div
      className="export-menu"
      ref={wrapper}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
      onBlur={(e) => {
        if (e.relatedTarget && !wrapper.current?.contains(e.relatedTarget)) setOpen(false);
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="export-toggle"
        aria-label={`Export ${title}`}
        aria-expanded={open}
        aria-controls={`${id}-formats`}
        onClick={() => setOpen((o) => !o)}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      <div id={`${id}-formats`} className="export-formats" role="group" aria-label={`Export ${title} as`} hidden={!open}>
        {formatsOf(exports).map((format) => (
          <button key={format} type="button" aria-label={`Export ${title} as ${format.toUpperCase()}`} onClick={() => void run(format)}>
            {format.toUpperCase()}
          </button>
        ))}
      </div>
      {message && (
        <p className="export-message" role="alert">
          {message}{' '}
          <button type="button" onClick={() => setMessage(null)}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
