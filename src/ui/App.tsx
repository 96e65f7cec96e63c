import { useEffect, useRef, type ReactNode } from 'react';
import { screenFor, type Screen } from '../store/index';
import { ActionErrorBanner } from './ActionErrorBanner';
import { AppHeader } from './AppHeader';
import { useUi } from './context';
import { FailureScreen } from './FailureScreen';
import { LiveRegion } from './LiveRegion';
import { LobbyScreen } from './LobbyScreen';
import { NoticeBanner } from './NoticeBanner';
import { ProgressScreen } from './ProgressScreen';
import { RecoverScreen } from './RecoverScreen';
import { RehearsalSetupScreen } from './RehearsalSetupScreen';
import { SigningScreen } from './SigningScreen';
import { StartScreen } from './StartScreen';
import { phaseText } from './text/rounds';
import { SuccessScreen } from './SuccessScreen';
import { VerifyScreen } from './VerifyScreen';

const SCREENS: Record<Screen, () => ReactNode> = {
  start: () => <StartScreen />,
  rehearsal: () => <RehearsalSetupScreen />,
  recover: () => <RecoverScreen />,
  lobby: () => <LobbyScreen />,
  verify: () => <VerifyScreen />,
  progress: () => <ProgressScreen />,
  failure: () => <FailureScreen />,
  success: () => <SuccessScreen />,
};

/**
 * Routes by the store's phase. The root exposes `data-phase` for tests; on a screen change
 * focus moves to the new screen's heading so keyboard and screen-reader users follow along.
 */
export function App(props: { footer?: ReactNode }) {
  const phase = useUi((s) => s.phase);
  // A signing room runs no key-generation rounds: after the code check it shows the request (issue 17).
  const signingRoom = useUi((s) => s.signing !== null);
  const base = screenFor(phase);
  const screen = signingRoom && base === 'progress' ? 'signing' : base;
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('[data-screen-title]')?.focus();
  }, [screen]);
  // The tab title follows the phase, so a custodian who switched to their call sees it there.
  useEffect(() => {
    document.title = phase === 'start' ? 'FROST key ceremony' : `${phaseText(phase)} · FROST key ceremony`;
  }, [phase]);
  return (
    <div data-testid="app" data-phase={phase} data-screen={screen} className="min-h-screen bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only rounded bg-white px-3 py-2 font-semibold text-indigo-800 focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10"
      >
        Skip to content
      </a>
      <AppHeader />
      <LiveRegion />
      <main id="main" ref={mainRef} className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-8">
        <NoticeBanner />
        <ActionErrorBanner />
        {screen === 'signing' ? <SigningScreen /> : SCREENS[screen]()}
      </main>
      {props.footer}
    </div>
  );
}
