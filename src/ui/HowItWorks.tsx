import { ui } from './styles';

const STEPS: readonly [title: string, text: string][] = [
  ['Gather', 'The coordinator shares an invite link; everyone opens it and appears in the room.'],
  ['Compare a code', 'Everyone reads a short code aloud on your call. Same code: nobody is in between.'],
  [
    'Let the browsers work',
    'About a minute: they exchange public commitments and sealed secret pieces, checking everything.',
  ],
  ['Back up', 'Each of you saves an encrypted backup of your own piece and checks that it opens.'],
];

/** The ceremony in four plain steps, for people who have never heard of FROST. */
export function HowItWorks() {
  return (
    <section className={ui.card} aria-labelledby="how-h">
      <h2 id="how-h" className={ui.h3}>
        How it goes
      </h2>
      <ol className="mt-3 space-y-3">
        {STEPS.map(([title, text], i) => (
          <li key={title} className="flex gap-3">
            <span
              aria-hidden="true"
              className="flex size-6 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-bold text-indigo-900"
            >
              {i + 1}
            </span>
            <span className="text-sm text-slate-700">
              <strong className="text-slate-900">{title}.</strong> {text}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
