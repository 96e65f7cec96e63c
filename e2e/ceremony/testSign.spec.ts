/**
 * Live test signing in real browsers against the real server (SECURITY.md, "Test signing is not
 * a signing oracle"): Bob asks for a test signature; Alice, a chosen signer, sees the text and who
 * asked, and nothing of her part leaves her browser before she clicks. Everyone is relay-only, so
 * every envelope Alice sends passes her WebSocket, where the test reads it.
 * Screenshots: test-results/screens/live-test-sign-*.png.
 */
import type { Page } from '@playwright/test';
import {
  allReach,
  confirmCodes,
  createAndLock,
  expect,
  sameGroupKeyEverywhere,
  snap,
  test,
} from '../fixtures/ceremony-actors';
import { seriousAxeViolations } from '../fixtures/ui-fixture';

test.describe.configure({ timeout: 360_000 });

/**
 * Types of every envelope this page sends through the server: `send` frames whose data is a
 * base64 peer frame, one kind byte (envelope to all / to one) then the envelope bytes (WIRE.md).
 */
function sentEnvelopeTypes(page: Page): string[] {
  const types: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      if (typeof f.payload !== 'string') return;
      try {
        const frame = JSON.parse(f.payload) as { t?: string; data?: string };
        if (frame.t !== 'send' || typeof frame.data !== 'string') return;
        const peerFrame = Buffer.from(frame.data, 'base64');
        const env = JSON.parse(peerFrame.subarray(1).toString('utf8')) as { type?: string };
        if (typeof env.type === 'string') types.push(env.type);
      } catch {
        // not an envelope frame
      }
    }),
  );
  return types;
}

test('Bob asks for a test signature; Alice must read and approve it before her share goes out', async ({ cast }) => {
  const relay = { query: { 'relay-only': '' } };
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol'], { Alice: relay, Bob: relay, Carol: relay });
  const aliceSent = sentEnvelopeTypes(alice!.page);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  await allReach([alice!, bob!, carol!], 'verify');
  await confirmCodes([alice!, bob!, carol!]);
  // Relay-only on a shared, loaded machine: the key generation may take a while.
  await allReach([alice!, bob!, carol!], 'success', 240_000);
  await sameGroupKeyEverywhere([alice!, bob!, carol!]);
  expect(aliceSent).toContain('start'); // the capture works: Alice's envelopes are seen

  // Bob asks (default signers: Bob and Alice, the first other member).
  await bob!.page.getByLabel('Test text').fill('hello from Bob');
  await bob!.page.getByRole('button', { name: 'Sign a test message' }).click();

  // Alice sees who asks and exactly what; Bob waits for her.
  const prompt = alice!.page.getByTestId('test-sign-approval');
  await expect(prompt).toBeVisible();
  // At the top of her success screen, a notice points to the prompt further down.
  const notice = alice!.page.getByTestId('test-sign-approval-notice');
  await expect(notice).toContainText('Bob asks you to approve a test signature');
  await alice!.page.evaluate(() => window.scrollTo(0, 0));
  await snap(alice!, 'test-sign-approval-notice');
  await snap(alice!, 'test-sign-approval-notice', 'phone');
  // What a phone shows first, without scrolling.
  await alice!.page.setViewportSize({ width: 390, height: 844 });
  await alice!.page.evaluate(() => window.scrollTo(0, 0));
  await alice!.page.screenshot({ path: 'test-results/screens/live-test-sign-approval-notice-phone-top.png' });
  await alice!.page.setViewportSize({ width: 1280, height: 900 });
  await alice!.page.getByRole('button', { name: 'Review the request' }).click();
  await expect(prompt).toBeFocused();
  await expect(prompt).toBeInViewport();
  await expect(prompt).toContainText('Bob asks you to sign this test text');
  await expect(alice!.page.getByTestId('test-sign-request-text')).toHaveText('hello from Bob');
  await expect(bob!.page.getByTestId('test-sign-waiting')).toContainText('Waiting for Alice to approve');
  await expect(bob!.page.getByTestId('test-sign-result')).toHaveAttribute('data-status', 'running');
  await prompt.scrollIntoViewIfNeeded();
  await snap(alice!, 'test-sign-approval');
  await snap(alice!, 'test-sign-approval', 'phone');
  await snap(bob!, 'test-sign-waiting');
  // The panel alone, for the README.
  await alice!.page
    .locator('section', { has: prompt })
    .screenshot({ path: 'test-results/screens/live-test-sign-approval-panel.png' });
  expect(await seriousAxeViolations(alice!.page), 'the approval prompt').toEqual([]);
  expect(await seriousAxeViolations(bob!.page), 'waiting for approval').toEqual([]);
  // Carol is not asked.
  await expect(carol!.page.getByTestId('test-sign-approval')).toHaveCount(0);

  // Nothing of Alice's signing has left her browser: no commitment, no share.
  expect(aliceSent.filter((t) => t.startsWith('sign-'))).toEqual([]);

  await alice!.page.getByRole('button', { name: 'Sign this test text' }).click();
  await expect(bob!.page.getByTestId('test-sign-result')).toHaveAttribute('data-status', 'ok');
  await expect(bob!.page.getByTestId('test-sign-result')).toContainText('Signed by Alice, Bob');
  await expect(alice!.page.getByTestId('test-sign-result')).toContainText('The test signature Bob asked for is valid');
  await expect(prompt).toHaveCount(0);
  await expect
    .poll(() => aliceSent.filter((t) => t.startsWith('sign-')))
    .toEqual(expect.arrayContaining(['sign-commit', 'sign-share']));
  await snap(bob!, 'test-sign-ok');
  await snap(alice!, 'test-sign-approved');
  await expect(notice).toHaveCount(0);

  // Bob asks again; this time Alice declines. Her signed "no" reaches Bob at once: his screen says
  // so in plain words, and he is not left waiting for the end of the approval window.
  await bob!.page.getByLabel('Test text').fill('second try');
  await bob!.page.getByRole('button', { name: 'Sign a test message' }).click();
  await expect(alice!.page.getByTestId('test-sign-request-text')).toHaveText('second try');
  const beforeDecline = aliceSent.length;
  await alice!.page.getByRole('button', { name: 'Decline' }).click();
  await expect(bob!.page.getByTestId('test-sign-declined')).toContainText('Alice declined to sign the test text');
  await expect(bob!.page.getByTestId('test-sign-result')).toHaveAttribute('data-status', 'failed');
  await expect(carol!.page.getByTestId('test-sign-declined')).toContainText('Alice declined to sign the test text');
  await expect(alice!.page.getByTestId('test-sign-result')).toContainText('You declined Bob’s test signing request');
  // What left Alice's browser for it: her decline, and no share.
  await expect.poll(() => aliceSent.slice(beforeDecline)).toContain('sign-decline');
  expect(aliceSent.slice(beforeDecline)).not.toContain('sign-share');
  await bob!.page.getByTestId('test-sign-declined').scrollIntoViewIfNeeded();
  await snap(bob!, 'test-sign-declined');
  await snap(bob!, 'test-sign-declined', 'phone');
  expect(await seriousAxeViolations(bob!.page), 'a declined request').toEqual([]);
  expect(await seriousAxeViolations(alice!.page), 'after declining').toEqual([]);
});
