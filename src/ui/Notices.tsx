import type { ReactNode } from 'react';

/** A notice under the header: its words, an optional action (Reopen), and how it is closed. */
export interface NoticeItem {
  key: string;
  text: ReactNode;
  testId?: string;
  action?: { label: string; onClick: () => void };
  onClose: () => void;
}

/**
 * The header's alert and notices, stacked in one box that opens over the panels (so nothing below moves)
 * and never over each other. Each can be closed: one left open covers a corner of the panels, their tabs included.
 */
export function Notices({ error, onDismissError, notices }: { error: string | null; onDismissError: () => void; notices: NoticeItem[] }) {
  if (!error && notices.length === 0) return null;
  return (
    <div className="notices">
      {error && (
        <div className="alert" role="alert">
          {error}{' '}
          <button type="button" onClick={onDismissError}>
            Dismiss
          </button>
        </div>
      )}
      {notices.map((n) => (
        <p className="notice" data-testid={n.testId} key={n.key}>
          <span>{n.text}</span>
          {n.action && (
            <>
              {' '}
              <button type="button" onClick={n.action.onClick}>
                {n.action.label}
              </button>
            </>
          )}
          <button type="button" className="notice-close" aria-label="Close this notice" title="Close" onClick={n.onClose}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
