import { selectSuccess } from '../store/index';
import { useController, useUi } from './context';
import { triggerDownload } from './download';
import { ui } from './styles';
import { useAction } from './useAction';

/** Files for tools built on the older frost-core 2.x (e.g. ZF frost-client). */
export function OtherToolsDownloads() {
  const success = useUi(selectSuccess);
  const controller = useController();
  const run = useAction();
  const file = success?.publicKeyPackageFrostCore2;
  if (!file) return null;
  const fc = success.frostClient;
  const postcard = success.publicKeyPackageFrostCore2Postcard;
  const downloadKeyPostcard = async () => {
    const f = await run('export-key', () => controller.exportKeyPackage('postcard'));
    if (f) triggerDownload(f);
  };
  const downloadCredentials = async () => {
    const f = await run('export-frost-client', () => controller.exportFrostClientCredentials());
    if (f) triggerDownload(f);
  };
  return (
    <section className={`${ui.card} space-y-2`} aria-labelledby="tools-h">
      <h2 id="tools-h" className={ui.h3}>
        For other FROST tools
      </h2>
      <div className="flex flex-col gap-1 sm:flex-row sm:items-center sm:justify-between">
        <span className="text-sm text-slate-700">
          <strong className="text-slate-900">Public key package for frost-core 2.x</strong>: the same public pieces,
          written without the signer count, as ZF frost-client and other tools on frost-core 2 expect.
        </span>
        <button
          type="button"
          className={ui.btnSecondary}
          onClick={() => triggerDownload(file)}
          data-testid="download-public-key-package-frost-core-2"
        >
          Download for frost-core 2.x
        </button>
      </div>
      {postcard && (
        <div className="flex flex-col gap-1 border-t border-slate-200 pt-2 sm:flex-row sm:items-center sm:justify-between">
          <span className="text-sm text-slate-700">
            <strong className="text-slate-900">Binary (postcard) files</strong>: what frost-rs&apos;s{' '}
            <code className="font-mono text-xs">serialize()</code> writes, for tools that read that form. The public key
            package is public; your key package holds your secret piece.
          </span>
          <div className="flex shrink-0 flex-col gap-2 sm:flex-row">
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => triggerDownload(postcard)}
              data-testid="download-public-key-package-postcard"
            >
              Public key package (.bin)
            </button>
            <button
              type="button"
              className={ui.btnSecondary}
              onClick={() => void downloadKeyPostcard()}
              data-testid="download-key-package-postcard"
            >
              Your key package (.bin)
            </button>
          </div>
        </div>
      )}
      {fc && (
        <div
          className="flex flex-col gap-1 border-t border-slate-200 pt-2 sm:flex-row sm:items-center sm:justify-between"
          data-testid="frost-client-credentials"
          data-status={fc.status}
        >
          {fc.status === 'ready' ? (
            <>
              <span className="text-sm text-slate-700">
                <strong className="text-slate-900">credentials.toml for frost-client</strong>: this group with every
                custodian&apos;s frost-client contact. It holds your secret share: keep it like your key package, next
                to your frost-client config.
              </span>
              <button
                type="button"
                className={ui.btnSecondary}
                onClick={() => void downloadCredentials()}
                data-testid="download-frost-client-credentials"
              >
                Download credentials.toml
              </button>
            </>
          ) : (
            <p className="text-sm text-slate-700">
              <strong className="text-slate-900">credentials.toml for frost-client</strong>:{' '}
              {fc.status === 'unsupported'
                ? `not offered: frost-client does not support this key type (${fc.suite}); it works with Ed25519 keys only.`
                : fc.status === 'missing'
                  ? `not offered, because it would be incomplete: no frost-client contact from ${fc.missing.join(', ')}. frost-client needs every custodian's contact; each can still add the group with frost-ceremony export frost-client.`
                  : `not offered: ${fc.message}.`}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
