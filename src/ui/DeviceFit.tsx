import { useSyncExternalStore } from 'react';
import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';
import { idleForTiming } from '../controller/fitPolicy.ts';
import { rankAccuracy, type Timing } from '../fit/choose.ts';
import type { Catalog } from '../models/catalog.ts';
import { mb } from './format.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Validation accuracy where the catalog has it, marked test where it does not. */
function accuracy(catalog: Catalog, id: string): string {
  const entry = catalog.variants.find((v) => v.id === id);
  if (!entry) return '–';
  return `${pct(rankAccuracy(entry))}${entry.validationAccuracy === undefined ? ' (test)' : ''}`;
}

function TimingRow({ t, catalog, chosen }: { t: Timing; catalog: Catalog; chosen: boolean }) {
  const ms = 'ms' in t ? t.ms : null;
  return (
    <tr
      data-testid="device-fit-timing"
      data-variant={t.variant}
      data-backend={t.backend}
      data-ms={ms ?? ''}
      data-chosen={chosen}
    >
      <td>{t.variant.replace('mobilenet_v1_', '')}</td>
      <td>{t.backend}</td>
      <td>{ms === null ? `cannot run: ${'error' in t ? t.error : ''}` : `${ms.toFixed(1)} ms`}</td>
      <td>{accuracy(catalog, t.variant)}</td>
    </tr>
  );
}

/**
 * The per-device choice (developer panel): what was chosen and from which timings, "Time again",
 * and the unsaved variants that could do better, downloaded only when asked.
 */
export function DeviceFitSection({ roadgate, snap }: { roadgate: Roadgate; snap: Snapshot }) {
  const fit = useSyncExternalStore(roadgate.fit.subscribe, roadgate.fit.getSnapshot);
  const { result, offer, progress } = fit;
  const choice = result?.choice;
  const idle = idleForTiming(snap, false);
  const busy = fit.state === 'timing' || fit.state === 'saving';
  const offerBytes = offer.reduce((n, v) => n + v.bytes + (v.int8?.bytes ?? 0), 0);
  let status: string;
  if (fit.state === 'timing') status = `Timing ${progress?.done ?? 0} of ${progress?.total ?? 0}…`;
  else if (fit.state === 'saving')
    status = `Downloading ${progress?.done ?? 0} of ${progress?.total ?? 0}…`;
  else if (fit.state === 'waiting') status = 'Will time the saved models once the camera is off.';
  else if (fit.state === 'error') status = `Could not choose: ${fit.error ?? ''}`;
  else if (!choice) status = 'Not chosen yet.';
  else {
    const over = choice.overBudget ? ', over the budget: nothing saved fits' : '';
    const when = new Date(result.at).toLocaleString();
    const how =
      fit.source === 'remembered'
        ? `remembered from ${when}`
        : `timed ${when}${fit.kept ? '' : ', for this launch only (a file did not arrive, or nothing can be stored)'}`;
    status = `${choice.variant} on ${choice.backend}: ${choice.ms.toFixed(1)} ms a frame (budget ${result.budgetMs} ms${over}), ${how}.`;
  }
  return (
    <section
      className="device-fit"
      aria-labelledby="device-fit-title"
      data-testid="device-fit"
      data-state={fit.state}
      data-source={fit.source ?? ''}
      data-kept={fit.kept}
      data-variant={choice?.variant ?? ''}
      data-backend={choice?.backend ?? ''}
      data-budget-ms={result?.budgetMs ?? ''}
    >
      <h2 id="device-fit-title">For this device</h2>
      <p role="status">{status}</p>
      {result && snap.catalog && (
        <table>
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Engine</th>
              <th scope="col">Median</th>
              <th scope="col">Validation</th>
            </tr>
          </thead>
          <tbody>
            {result.timings.map((t) => (
              <TimingRow
                key={`${t.variant}/${t.backend}`}
                t={t}
                catalog={snap.catalog as Catalog}
                chosen={t.variant === choice?.variant && t.backend === choice.backend}
              />
            ))}
          </tbody>
        </table>
      )}
      <button
        className="secondary"
        data-testid="device-fit-run"
        disabled={busy || !idle}
        onClick={() => void roadgate.fit.run()}
      >
        {idle
          ? 'Time the saved models again'
          : 'Time again (once the camera is off and the model ready)'}
      </button>
      {offer.length > 0 && (
        <button
          className="secondary"
          data-testid="device-fit-offer"
          data-count={offer.length}
          disabled={busy}
          onClick={() => void roadgate.fit.acceptOffer()}
        >
          Download and time {offer.length} more {offer.length === 1 ? 'model' : 'models'} that could
          do better ({mb(offerBytes)})
        </button>
      )}
    </section>
  );
}
