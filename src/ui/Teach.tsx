/**
 * Teach mode (ARCHITECTURE.md, Teach mode): examples from the camera or from picked files, a
 * personal head trained in the teach worker, the before/after on held-back examples, and the
 * personal models kept on this phone (use, export, import, delete, back to shipped).
 */
import { useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { Roadgate } from '../controller/roadgate.ts';
import type { Snapshot } from '../controller/snapshot.ts';
import { TeachClient } from '../inference/teachClient.ts';
import type { LabelIndex } from '../inference/teachProtocol.ts';
import { FEW_PER_LABEL, HELD_BACK_FRACTION } from '../teach/heldBack.ts';
import { LABELS } from '../models/labels.ts';
import { PersonalList } from './PersonalList.tsx';
import { nameProblem } from '../teach/personalFile.ts';
import { DEFAULT_NAME, TeachSession, type TeachSnapshot } from '../teach/teachSession.ts';
import { accuracyText } from '../util/interval.ts';
import { CHECK_DROP_ALLOWED } from '../teach/judge.ts';

/** One TeachSession per page; closed (worker gone) when the page unmounts. */
export function useTeach(roadgate: Roadgate): [TeachSession, TeachSnapshot] {
  const [session] = useState(() => new TeachSession(roadgate, () => new TeachClient()));
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  useEffect(() => () => session.close(), [session]);
  return [session, snap];
}

/** The button that opens teach mode; with `?teach`, it opens once the app is ready. */
export function TeachOpener({
  session,
  snap,
  app,
  auto,
}: {
  session: TeachSession;
  snap: TeachSnapshot;
  app: Snapshot;
  auto: boolean;
}) {
  const opened = useRef(false);
  const ready = app.variant !== null && app.app !== 'loading';
  useEffect(() => {
    if (auto && ready && !opened.current) {
      opened.current = true;
      void session.open();
    }
  }, [auto, ready, session]);
  if (snap.phase !== 'closed') return null;
  return (
    <button
      type="button"
      data-testid="teach-open"
      disabled={!ready}
      onClick={() => void session.open()}
    >
      Teach it your car
    </button>
  );
}

function LabelExamples({
  label,
  session,
  snap,
  cameraOn,
}: {
  label: LabelIndex;
  session: TeachSession;
  snap: TeachSnapshot;
  cameraOn: boolean;
}) {
  const name = LABELS[label];
  const count = label === 0 ? snap.counts.road : snap.counts.notRoad;
  const busy = snap.phase === 'opening' || snap.phase === 'training';
  const recording = snap.recording === label;
  const hold = (e: KeyboardEvent, down: boolean) => {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault();
    if (down && !e.repeat) session.startRecording(label);
    if (!down) session.stopRecording();
  };
  return (
    <fieldset className="teach-label">
      <legend>{name === 'road' ? 'Road' : 'Not road'}</legend>
      <p>
        <output data-testid={`teach-count-${name}`} data-value={count}>
          {count}
        </output>{' '}
        example{count === 1 ? '' : 's'}
      </p>
      <button
        type="button"
        data-testid={`teach-record-${name}`}
        aria-pressed={recording}
        disabled={busy || !cameraOn}
        onPointerDown={(e) => {
          // Captured: a finger that slides a little, or a count that reflows the panel, does not
          // end the recording; lifting it does.
          e.currentTarget.setPointerCapture(e.pointerId);
          session.startRecording(label);
        }}
        onPointerUp={() => session.stopRecording()}
        onPointerCancel={() => session.stopRecording()}
        onLostPointerCapture={() => session.stopRecording()}
        onKeyDown={(e) => hold(e, true)}
        onKeyUp={(e) => hold(e, false)}
        onBlur={() => session.stopRecording()}
        onContextMenu={(e) => e.preventDefault()}
      >
        {recording ? `Recording ${name}…` : `Hold to record ${name}`}
      </button>
      <label className="teach-files">
        Add photos or videos of {name}
        <input
          type="file"
          multiple
          accept="image/*,video/*"
          data-testid={`teach-files-${name}`}
          disabled={busy}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void session.addFiles(label, files);
          }}
        />
      </label>
      <button
        type="button"
        disabled={busy || count === 0}
        onClick={() => void session.clear(label)}
      >
        Clear
      </button>
    </fieldset>
  );
}

function Result({
  session,
  snap,
  app,
}: {
  session: TeachSession;
  snap: TeachSnapshot;
  app: Snapshot;
}) {
  if (snap.phase !== 'training' && snap.phase !== 'done' && snap.phase !== 'error') return null;
  const r = snap.result;
  const state = snap.phase === 'error' ? 'error' : snap.phase === 'training' ? 'training' : 'done';
  return (
    <div
      data-testid="teach-result"
      data-state={state}
      data-accuracy-shipped={r?.heldBack.shipped}
      data-accuracy-personal={r?.heldBack.personal}
      data-check-shipped={r?.check?.shipped}
      data-check-personal={r?.check?.personal}
      role="status"
    >
      {state === 'training' && (
        <label>
          Training on this phone…{' '}
          <progress data-testid="teach-progress" value={snap.progress} max={1} />
        </label>
      )}
      {state === 'error' && <p className="error">{snap.error}</p>}
      {state === 'done' && r && (
        <>
          <p>
            On the {r.heldBack.n} held-back examples (the last {HELD_BACK_FRACTION * 100}% of each
            label, not trained on): shipped {accuracyText(r.heldBack.shipped, r.heldBack.n)}, yours{' '}
            {accuracyText(r.heldBack.personal, r.heldBack.n)}. Trained in{' '}
            {(r.trainMs / 1000).toFixed(1)} s.
          </p>
          {r.check && (
            <p data-testid="teach-check">
              On {r.check.n} of the repository's test photos: shipped{' '}
              {accuracyText(r.check.shipped, r.check.n)}, yours{' '}
              {accuracyText(r.check.personal, r.check.n)}.
              {r.judgement.worseCheck &&
                ' Yours does worse on them: it has learned your windshield more than roads in general.'}
            </p>
          )}
          {snap.check.why && (
            <p>
              {r.check ? '' : "Not checked on the repository's test photos. "}Missing:{' '}
              {snap.check.why}.
            </p>
          )}
          {Math.min(snap.counts.road, snap.counts.notRoad) < FEW_PER_LABEL && (
            <p>
              With fewer than {FEW_PER_LABEL} examples of a label, these numbers are rough: record
              more for a surer comparison.
            </p>
          )}
          {r.inUse && <p>“{r.name}” is in use now.</p>}
          {!r.inUse && r.judgement.use && (
            <p>
              {app.switching
                ? `Switching to “${r.name}”…`
                : `“${r.name}” could not be put in use: the message above says why.`}
            </p>
          )}
          {!r.judgement.use && !r.inUse && (
            <p className="warning" data-testid="teach-worse">
              “{r.name}” did worse than the shipped model{' '}
              {r.judgement.worseHeldBack
                ? 'on your own held-back examples'
                : `by more than ${(CHECK_DROP_ALLOWED * 100).toFixed(1)} points on the repository's test photos`}
              , so the shipped model stays in use. Record more examples and train again, or{' '}
              <button type="button" onClick={() => void session.useResult()}>
                use it anyway
              </button>
              .
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** The teach panel, while teach mode is open. */
export function Teach({
  roadgate,
  app,
  session,
  snap,
}: {
  roadgate: Roadgate;
  app: Snapshot;
  session: TeachSession;
  snap: TeachSnapshot;
}) {
  // What the user typed, for this round only: each open and each training offers a fresh name,
  // so that Train never replaces a kept model unless the user types its name.
  const [typed, setTyped] = useState<{ round: number; value: string } | null>(null);
  const personal = useSyncExternalStore(roadgate.personal.subscribe, roadgate.personal.getSnapshot);
  if (snap.phase === 'closed') return null;
  const name = typed?.round === snap.round ? typed.value : roadgate.personal.freeName(DEFAULT_NAME);
  const problem = nameProblem(name);
  const replaces = personal.models.some((m) => m.name === name);
  const cameraOn = app.camera === 'on';
  return (
    <section
      data-testid="teach"
      data-phase={snap.phase}
      className="teach"
      aria-labelledby="teach-title"
    >
      <h2 id="teach-title">Teach it your car</h2>
      <p>
        Record the road through your windshield and what is not road (parked, the garage, the
        dashboard), or pick photos and videos. Training runs on this phone; nothing leaves it.
        {snap.base && ` It learns on ${snap.base}`}
        {snap.engine &&
          ` (TF.js ${snap.engine.backend}${snap.engine.featureMs === null ? '' : `, ${Math.round(snap.engine.featureMs)} ms an example`})`}
        {snap.base && '.'}
      </p>
      {!cameraOn && <p>Start the camera to record; picked photos work without it.</p>}
      <div className="teach-labels">
        <LabelExamples label={0} session={session} snap={snap} cameraOn={cameraOn} />
        <LabelExamples label={1} session={session} snap={snap} cameraOn={cameraOn} />
      </div>
      {snap.reading && (
        <p>
          Reading files: {snap.reading.done} of {snap.reading.total}
        </p>
      )}
      {snap.skipped.length > 0 && (
        <p className="warning" data-testid="teach-skipped">
          Skipped {snap.skipped.length} file{snap.skipped.length === 1 ? '' : 's'}:{' '}
          {snap.skipped.join('; ')}
        </p>
      )}
      <label>
        Name{' '}
        <input
          data-testid="teach-name"
          value={name}
          maxLength={40}
          aria-invalid={problem !== null}
          onChange={(e) => setTyped({ round: snap.round, value: e.target.value })}
        />
      </label>
      {problem && <p className="error">{problem}</p>}
      {replaces && !problem && <p>A kept model has this name: training replaces it.</p>}{' '}
      <button
        type="button"
        data-testid="teach-train"
        disabled={problem !== null || snap.phase === 'opening' || snap.phase === 'training'}
        onClick={() => void session.train(name)}
      >
        Train
      </button>
      <Result session={session} snap={snap} app={app} />
      <PersonalList roadgate={roadgate} app={app} />
      <button type="button" data-testid="teach-close" onClick={() => session.close()}>
        Close teach mode
      </button>
    </section>
  );
}
