/** Shared Tailwind class strings, so every control has the same look and visible focus ring. */
const focus = 'focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
const btn = `inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2.5 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focus}`;

export const ui = {
  focus,
  btnPrimary: `${btn} bg-indigo-700 text-white hover:bg-indigo-800 shadow-sm`,
  btnSecondary: `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`,
  btnDanger: `${btn} bg-red-700 text-white hover:bg-red-800 shadow-sm`,
  btnDangerOutline: `${btn} border border-red-400 bg-white text-red-800 hover:bg-red-50`,
  btnGood: `${btn} bg-emerald-700 text-white hover:bg-emerald-800 shadow-sm`,
  btnLink: `rounded text-sm font-semibold text-indigo-700 underline underline-offset-2 hover:text-indigo-900 ${focus}`,
  card: 'rounded-2xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6',
  h2: 'text-xl font-semibold text-slate-900',
  h3: 'text-base font-semibold text-slate-900',
  label: 'block text-sm font-medium text-slate-800',
  hint: 'text-sm text-slate-600',
  small: 'text-xs text-slate-600',
  input: `mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 ${focus}`,
  mono: 'font-mono break-all',
} as const;
