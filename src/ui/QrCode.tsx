import { useMemo } from 'react';
import QRCode from 'qrcode';

/**
 * A QR code drawn as an inline SVG path from the module matrix: computed locally, no network,
 * no data: URLs and no innerHTML, so it passes a strict CSP.
 */
export function QrCode(props: { text: string; label: string; className?: string }) {
  const { size, d } = useMemo(() => {
    const qr = QRCode.create(props.text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let path = '';
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) path += `M${x + 4} ${y + 4}h1v1h-1z`;
    return { size: n + 8, d: path };
  }, [props.text]);
  return (
    <svg
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${size} ${size}`}
      className={props.className}
      shapeRendering="crispEdges"
      data-testid="invite-qr"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#0f172a" />
    </svg>
  );
}
