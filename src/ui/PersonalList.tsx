/**
 * The personal models kept on this phone (teach mode): use, export, delete, import a file, and
 * back to the shipped model. The running one cannot be deleted: go back to shipped first.
 */
import { useSyncExternalStore } from 'react';
import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';
import { exportFileName, personalId, personalName } from '../teach/personalFile.ts';
import { saveFile } from './saveFile.ts';

export function PersonalList({ roadgate, app }: { roadgate: Roadgate; app: Snapshot }) {
  const personal = roadgate.personal;
  const list = useSyncExternalStore(personal.subscribe, personal.getSnapshot);
  const running = app.variant !== null ? personalName(app.variant) : null;
  const catalog = app.catalog;
  const base = running === null ? app.variant : (personal.find(running)?.base ?? null);
  return (
    <section aria-labelledby="personal-title" className="personal">
      <h3 id="personal-title">Your models on this phone</h3>
      {list.models.length === 0 && <p>None yet.</p>}
      <ul data-testid="personal-models">
        {list.models.map((m) => (
          <li key={m.name} data-name={m.name}>
            <strong>{m.name}</strong> on {m.base} · {new Date(m.createdAt).toLocaleDateString()} ·
            held back: yours {(m.heldBack.personal * 100).toFixed(0)}%, shipped{' '}
            {(m.heldBack.shipped * 100).toFixed(0)}% of {m.heldBack.n}
            {running === m.name && ' · in use'}{' '}
            <button
              type="button"
              disabled={running === m.name || app.switching !== null}
              onClick={() => void roadgate.selectVariant(personalId(m.name))}
            >
              Use
            </button>{' '}
            <button
              type="button"
              data-testid="teach-export"
              onClick={() => {
                const text = personal.exportText(m.name);
                if (text) saveFile(text, exportFileName(m.name), 'application/json');
              }}
            >
              Export
            </button>{' '}
            <button
              type="button"
              disabled={running === m.name}
              title={running === m.name ? 'In use: use the shipped model first' : undefined}
              onClick={() => void personal.remove(m.name)}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        data-testid="teach-reset"
        disabled={running === null || base === null || app.switching !== null}
        onClick={() => base && void roadgate.selectVariant(base)}
      >
        Use the shipped model
      </button>{' '}
      <label>
        Import a model file{' '}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="teach-import"
          disabled={!catalog}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file && catalog)
              void file.text().then((t) => personal.import(t, file.name, catalog));
          }}
        />
      </label>
      {list.error && (
        <p className="error" data-testid="personal-error">
          {list.error}
        </p>
      )}
      {list.warning && <p className="warning">{list.warning}</p>}
    </section>
  );
}
