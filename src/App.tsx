import { useCallback } from 'react';
import { useRoadgate } from './ui/useRoadgate.ts';
import { readParams } from './ui/params.ts';
import { Verdict } from './ui/Verdict.tsx';
import { Controls } from './ui/Controls.tsx';
import { DevPanel } from './ui/DevPanel.tsx';
import { ReloadPrompt } from './ui/ReloadPrompt.tsx';
import { Settings } from './ui/Settings.tsx';
import { ModelPicker } from './ui/ModelPicker.tsx';
import { InstallOffer } from './ui/InstallOffer.tsx';
import { Teach, TeachOpener, useTeach } from './ui/Teach.tsx';

const params = readParams(location.search);

/** Composes the page: camera view, verdict, controls, errors, developer panel. */
export function App() {
  const [roadgate, snap] = useRoadgate({
    variant: params.variant,
    backend: params.backend,
    notices: params.notices,
  });
  const [teach, teachSnap] = useTeach(roadgate);
  const videoRef = useCallback(
    (el: HTMLVideoElement | null) => roadgate.attachVideo(el),
    [roadgate],
  );
  return (
    <div data-testid="app" data-state={snap.app} className="app">
      <header>
        <h1>Roadgate</h1>
        <span
          data-testid="camera"
          data-state={snap.camera}
          className={`camera-dot camera-${snap.camera}`}
        >
          camera {snap.camera}
        </span>
      </header>
      <main>
        <div className="viewport">
          <video
            ref={videoRef}
            playsInline
            muted
            autoPlay
            className={snap.camera === 'on' ? '' : 'hidden'}
          />
          {snap.app !== 'loading' && snap.camera === 'off' && (
            <p className="loading">
              {snap.app === 'ready'
                ? 'Press Start camera and point the phone at the road.'
                : 'Camera off'}
            </p>
          )}
          {snap.app === 'loading' && (
            <p className="loading">
              Loading the model{snap.switching ? ` ${snap.switching}` : ''}…
            </p>
          )}
        </div>
        <Verdict snap={snap} />
        {snap.error && (
          <p data-testid="error" role="alert" className="error">
            {snap.error}
          </p>
        )}
        {snap.app === 'error' && <ModelPicker roadgate={roadgate} snap={snap} />}
        {snap.notice && (
          <p data-testid="notice" className="notice">
            {snap.notice}
          </p>
        )}
        <Controls roadgate={roadgate} snap={snap} />
        <TeachOpener session={teach} snap={teachSnap} app={snap} auto={params.teach} />
        <Teach roadgate={roadgate} app={snap} session={teach} snap={teachSnap} />
        <InstallOffer />
        <Settings roadgate={roadgate} snap={snap} />
        {params.dev && <DevPanel roadgate={roadgate} snap={snap} />}
        <ReloadPrompt snap={snap} />
      </main>
      <footer>Everything runs on this device: no picture leaves it.</footer>
    </div>
  );
}
