export function App() {
  return (
    <main data-phase="start" className="mx-auto max-w-2xl p-6">
      <h1 className="text-2xl font-semibold">FROST key ceremony</h1>
      <p className="mt-2 text-slate-700">Create a shared key with your co-custodians. Nobody ever holds the whole key.</p>
    </main>
  );
}
