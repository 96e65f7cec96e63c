import { clearActionError, selectActionError } from '../store/index';
import { useStoreApi, useUi } from './context';
import { ui } from './styles';

/** The last failed action, in plain words, announced assertively. */
export function ActionErrorBanner() {
  const err = useUi(selectActionError);
  const store = useStoreApi();
  return (
    <div role="alert" data-testid="action-error-region">
      {err && (
        <div
          className="mb-4 flex flex-wrap items-start justify-between gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950"
          data-testid="action-error"
        >
          <p className="min-w-0">
            <span className="font-semibold">That did not work. </span>
            {err.message}
          </p>
          <button type="button" className={ui.btnSecondary} onClick={() => clearActionError(store)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
