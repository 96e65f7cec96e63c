import { useEffect, useState } from 'react';
import { ui } from './styles';

/** Copies `text` to the clipboard and says so (visibly and to screen readers). */
export function CopyButton(props: { text: string; label: string; testId?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(t);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button
        type="button"
        className={props.className ?? ui.btnSecondary}
        onClick={copy}
        data-testid={props.testId}
        aria-label={props.label}
      >
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy by hand' : 'Copy'}
      </button>
      <span role="status" className="sr-only">
        {state === 'copied'
          ? 'Copied to the clipboard'
          : state === 'failed'
            ? 'Could not copy; select the text and copy it by hand'
            : ''}
      </span>
    </>
  );
}
