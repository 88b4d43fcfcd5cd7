import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunStore } from './persistence/runStore';
import type { SavedRunSummary } from './persistence/savedRun';
import { messageOf } from '../messageOf';
import { modelList } from '../contract/models';

/** The list of saved runs: open one, rename it, delete it. */
export function SavedRunsDialog({
  store,
  open,
  activeId,
  onClose,
  onOpen,
  onRenamed,
  onDeleted,
}: {
  store: RunStore;
  open: boolean;
  activeId: string | null;
  onClose: () => void;
  onOpen: (id: string) => Promise<void>;
  /** Told after the store renamed a run: the page's own copies of its name (the run on screen, notices) follow. */
  onRenamed: (id: string, name: string) => void;
  /** Told after the store deleted a run: a notice offering to reopen it goes. */
  onDeleted: (id: string) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [runs, setRuns] = useState<SavedRunSummary[] | null>(null);
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(() => store.list().then(setRuns, (e: unknown) => setProblem(messageOf(e))), [store]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      setProblem(null);
      void refresh();
      d.showModal();
    } else if (!open && d.open) d.close();
  }, [open, refresh]);

  const act = async (work: () => Promise<unknown>) => {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(messageOf(error));
    }
    await refresh();
  };

  /** Ends a rename, focus back on its Rename button (the field it leaves is removed, and focus with it). */
  const endEditing = (from: HTMLElement) => {
    setEditing(null);
    from.closest('li')?.querySelector<HTMLButtonElement>('button[data-action="rename"]')?.focus();
  };

  return (
    <dialog ref={dialog} className="saved-runs" aria-labelledby="saved-runs-title" onClose={onClose}>
      <h2 id="saved-runs-title">Saved runs</h2>
      <p className="hint">Runs save themselves every 200 steps or 30 s of training, when paused and when the tab is hidden; a reload reopens the last save.</p>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {runs?.length === 0 && <p>No saved runs yet.</p>}
      <ul>
        {runs?.map((r) => (
          <li key={r.id} data-testid="saved-run">
            {editing?.id === r.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  const name = editing.name.trim();
                  endEditing(e.currentTarget);
                  if (name) void act(() => store.rename(r.id, name).then(() => onRenamed(r.id, name)));
                }}
              >
                <input
                  aria-label={`New name for ${r.name}`}
                  value={editing.name}
                  maxLength={120}
                  onChange={(e) => setEditing({ id: r.id, name: e.target.value })}
                  onKeyDown={(e) => {
                    // Escape leaves the name as it was; the next one closes the dialog.
                    if (e.key !== 'Escape') return;
                    e.preventDefault();
                    endEditing(e.currentTarget);
                  }}
                  autoFocus
                />{' '}
                <button type="submit">Save name</button>
              </form>
            ) : (
              <span className="saved-run-name">
                {r.name}
                {r.id === activeId ? ' (on screen)' : ''}
              </span>
            )}
            <span className="saved-run-meta">
              {r.corpusName} · step {r.step} · {modelList(r.models)} · saved {new Date(r.savedAt).toLocaleString()}
            </span>
            <span className="buttons">
              <button type="button" aria-label={`Open ${r.name}`} onClick={() => void act(() => onOpen(r.id))}>
                Open
              </button>
              <button type="button" data-action="rename" aria-label={`Rename ${r.name}`} onClick={() => setEditing({ id: r.id, name: r.name })}>
                Rename
              </button>
              <button type="button" aria-label={`Delete ${r.name}`} onClick={() => void act(() => store.remove(r.id).then(() => onDeleted(r.id)))}>
                Delete
              </button>
            </span>
          </li>
        ))}
      </ul>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
