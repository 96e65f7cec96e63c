import { selectSuccess } from '../store/selectors';
import { useUi } from './context';
import { triggerDownload } from './download';
import { ui } from './styles';

/** Files for tools built on the older frost-core 2.x (e.g. ZF frost-client). */
export function OtherToolsDownloads() {
  const success = useUi(selectSuccess);
  const file = success?.publicKeyPackageFrostCore2;
  if (!file) return null;
  return (
    <section className={`${ui.card} space-y-2`} aria-labelledby="tools-h">
      <h2 id="tools-h" className={ui.h3}>
        For other FROST tools
      </h2>
      <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
        <span className="text-sm text-slate-700">
          <strong className="text-slate-900">Public key package for frost-core 2.x</strong>: the same public pieces, written
          without the signer count, as ZF frost-client and other tools on frost-core 2 expect.
        </span>
        <button type="button" className={ui.btnSecondary} onClick={() => triggerDownload(file)} data-testid="download-public-key-package-frost-core-2">
          Download for frost-core 2.x
        </button>
      </div>
    </section>
  );
}
