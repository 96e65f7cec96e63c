import type { ReactNode } from 'react';
import { ui } from './styles';

/** A labelled form field with optional hint and error, wired with aria-describedby. */
export function Field(props: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={props.id} className={ui.label}>
        {props.label}
      </label>
      {props.children}
      {props.hint && (
        <p id={`${props.id}-hint`} className={`mt-1 ${ui.small}`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm font-medium text-red-800">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The aria-describedby value for a Field's input. */
export function describedBy(id: string, hint: boolean, error: string | null | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}
