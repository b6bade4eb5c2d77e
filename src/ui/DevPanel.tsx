import { useSyncExternalStore } from 'react';
import type { Roadgate } from '../controller/roadgate.ts';
import { personalId } from '../teach/personalFile.ts';
import type { Snapshot } from '../controller/snapshot.ts';
import { describePlan } from '../gate/sampling.ts';
import { DeviceFitSection } from './DeviceFit.tsx';
import { DriveLogButton } from './DriveLogButton.tsx';
import { FeatureList } from './Features.tsx';
import { Sparkline } from './Sparkline.tsx';
import { OfflineModels } from './OfflineModels.tsx';
import { useMemory } from './useMemory.ts';
import { useSavedVariants } from './useSavedVariants.ts';
import { mb } from './format.ts';

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const ms = (x: number | null) => (x === null || Number.isNaN(x) ? '–' : `${x.toFixed(1)} ms`);

/**
 * The developer panel (`?dev`): variant, backend and why, latency, fps, sampling, chart, gate
 * settings, the drive log.
 */
export function DevPanel({ roadgate, snap }: { roadgate: Roadgate; snap: Snapshot }) {
  const variants = snap.catalog?.variants ?? [];
  const saved = useSavedVariants(snap.catalog, snap.variant);
  const memory = useMemory();
  const personal = useSyncExternalStore(roadgate.personal.subscribe, roadgate.personal.getSnapshot);
  return (
    <aside data-testid="dev-panel" className="dev-panel">
      <label>
        Variant{' '}
        <select
          data-testid="variant-select"
          value={snap.switching ?? snap.variant ?? snap.catalog?.default ?? ''}
          disabled={snap.switching !== null}
          onChange={(e) => void roadgate.selectVariant(e.target.value)}
        >
          {variants.map((v) => {
            // Size and accuracy of what this engine loads: the .tflite on int8, else model.json.
            const file = snap.backend?.backend === 'int8' && v.int8 ? v.int8 : v;
            return (
              <option key={v.id} value={v.id}>
                {v.id} · {kb(file.bytes)} · {(file.testAccuracy * 100).toFixed(1)}%
                {saved.has(v.id) ? ' · saved' : ''}
              </option>
            );
          })}
          {personal.models.map((m) => (
            <option key={m.name} value={personalId(m.name)}>
              {m.name} · personal, on {m.base}
            </option>
          ))}
        </select>
      </label>
      <dl>
        <dt>Backend</dt>
        <dd>
          <span data-testid="backend">{snap.backend?.backend ?? ''}</span>
          {snap.backend?.backend === 'wasm' && ` (threads ${snap.backend.threads ? 'on' : 'off'})`}
          {snap.backend?.backend === 'int8' &&
            ` (${snap.backend.engine ?? 'integer kernels'}, threads ${snap.backend.threads ? 'on' : 'off'})`}
        </dd>
        {snap.backend?.fallbacks.map((f) => (
          <dd key={f.backend} className="fallback">
            not {f.backend}: {f.reason}
          </dd>
        ))}
        <dt>Latency (median of 30)</dt>
        <dd
          data-testid="latency-ms"
          data-value={Number.isNaN(snap.latencyMs) ? '' : snap.latencyMs.toFixed(2)}
        >
          {ms(snap.latencyMs)}
        </dd>
        <dt>Frames per second</dt>
        <dd data-testid="fps">{snap.fps.toFixed(1)}</dd>
        <dt>Load / warm-up</dt>
        <dd>
          {ms(snap.loadMs)} / {ms(snap.warmupMs)}
        </dd>
        <dt>Sampling</dt>
        <dd data-testid="sampling" data-value={snap.sampling.intervalMs}>
          {describePlan(snap.sampling)}
        </dd>
        <dt>Frames classified</dt>
        <dd data-testid="frames">{snap.frames}</dd>
        <dt>Engine memory in the worker / page and workers</dt>
        <dd data-testid="worker-memory" data-value={snap.memoryBytes ?? ''}>
          {snap.memoryBytes === null ? '–' : mb(snap.memoryBytes)} /{' '}
          {memory === 'unavailable' ? 'not measurable here' : memory ? mb(memory) : 'measuring…'}
        </dd>
        <dt>TF.js tensors in worker</dt>
        <dd data-testid="num-tensors">{snap.numTensors ?? '–'}</dd>
        <dt>Scores (road / not-road)</dt>
        <dd>
          {snap.scores ? `${snap.scores.road.toFixed(3)} / ${snap.scores.notRoad.toFixed(3)}` : '–'}
        </dd>
        <dt>Gate</dt>
        <dd>
          off when smoothed not-road ≥ {snap.gate.threshold} for {snap.gate.holdMs / 1000} s (τ{' '}
          {snap.gate.tauMs} ms)
        </dd>
      </dl>
      <FeatureList features={snap.backend?.features} />
      <Sparkline values={snap.history} threshold={snap.gate.threshold} />
      <DriveLogButton log={snap.driveLog} rows={snap.driveLog?.size ?? 0} />
      <DeviceFitSection roadgate={roadgate} snap={snap} />
      {snap.catalog && <OfflineModels catalog={snap.catalog} />}
    </aside>
  );
}
