import { setNotice, selectNotice } from '../store/index';
import { useStoreApi, useUi } from './context';
import { ui } from './styles';

/** A status line from the shell ("Resumed after a reload"), politely announced and dismissable. */
export function NoticeBanner() {
  const notice = useUi(selectNotice);
  const store = useStoreApi();
  return (
    <div role="status" data-testid="notice-region">
      {notice && (
        <div
          className={`mb-4 flex flex-wrap items-center justify-between gap-3 rounded-xl border p-3 ${
            notice.tone === 'warning'
              ? 'border-amber-300 bg-amber-50 text-amber-950'
              : 'border-sky-300 bg-sky-50 text-sky-950'
          }`}
          data-testid="notice"
        >
          <p className="min-w-0">{notice.text}</p>
          <button type="button" className={`${ui.btnSecondary} px-3 py-1.5`} onClick={() => setNotice(store, null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
