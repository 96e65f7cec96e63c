/**
 * How Playwright launches Debian's Chromium on these machines: the system binary (Playwright
 * cannot download its own here) and the flags that let two pages on one host open a WebRTC
 * data channel with no STUN/TURN (see ../shared/BROWSER-TESTING.md).
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Chromium honours only the last --disable-features flag, and Playwright passes its own, so
// ours repeats Playwright's list (playwright-core chromiumSwitches.ts) plus the mDNS switch.
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  `--disable-features=${[...playwrightDisabledFeatures, 'WebRtcHideLocalIpsWithMdns'].join(',')}`,
];
