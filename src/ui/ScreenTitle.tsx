import type { ReactNode } from 'react';

/**
 * The screen's h1. Focusable (tabIndex −1) so the App can move keyboard and screen-reader
 * focus to it when the screen changes.
 */
export function ScreenTitle(props: { children: ReactNode; testId?: string }) {
  return (
    <h1
      tabIndex={-1}
      className="text-2xl font-semibold tracking-tight text-slate-900 outline-none sm:text-3xl"
      data-testid={props.testId}
      data-screen-title=""
    >
      {props.children}
    </h1>
  );
}
