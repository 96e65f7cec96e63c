/**
 * Rehearsal mode in a real browser: one tab, simulated people, each fault the setup screen
 * offers. The failure (or the waiting list, for a person who vanishes) names the simulated
 * person; restarting without them ends in success.
 */
import { expect, gotoStart, sameCodeEverywhere, snap, test } from '../fixtures/ceremony-actors';

test.describe.configure({ timeout: 120_000 });

const BLAMED: { kind: 'bad-share' | 'bad-proof' | 'equivocation' | 'wrong-key'; finding: string }[] = [
  { kind: 'bad-share', finding: 'bad-share' },
  { kind: 'bad-proof', finding: 'bad-proof' },
  { kind: 'equivocation', finding: 'equivocation' },
  // Offered in test builds only (the e2e build); Carol's browser confirms another key.
  { kind: 'wrong-key', finding: 'confirmation-mismatch' },
];

for (const { kind, finding } of BLAMED) {
  test(`rehearsal: a simulated ${kind} is blamed on that person; restart without them succeeds`, async ({ cast }) => {
    const [me] = await cast.open(['You']);
    await gotoStart(me!);
    await me!.ui.rehearse({ n: 3, t: 2, faults: { [kind]: 3 } });
    await expect(me!.page.getByTestId('rehearsal-banner')).toBeVisible();
    await me!.ui.pickAndLock(['You', 'Bob', 'Carol']);
    const firstCode = await sameCodeEverywhere([me!]);
    await me!.ui.confirmCode(true);

    await me!.ui.waitForPhase('failed');
    await expect(me!.page.getByTestId('failure-title')).toHaveText('The ceremony stopped because of Carol.');
    expect(await me!.ui.culprits()).toEqual(['Carol']);
    await expect(me!.page.locator(`[data-testid="failure-finding"][data-code="${finding}"]`).first()).toContainText(
      'Carol',
    );
    await snap(me!, `rehearsal-${kind}`);

    await me!.ui.restartWithoutCulprits();
    await expect(me!.page.getByTestId('roster-member')).toHaveCount(2);
    expect(await sameCodeEverywhere([me!])).not.toBe(firstCode);
    await me!.ui.confirmCode(true);
    await me!.ui.waitForPhase('success');
    await expect(me!.page.getByTestId('group-key')).toHaveText(/^[0-9a-f]{64}$/);
  });
}

test('rehearsal: a simulated person who vanishes is waited for by name; restart without them succeeds and test-signs', async ({
  cast,
}) => {
  const [me] = await cast.open(['You']);
  await gotoStart(me!);
  await me!.ui.rehearse({ n: 3, t: 2, faults: { vanish: 3 } });
  await me!.ui.pickAndLock(['You', 'Bob', 'Carol']);
  const firstCode = await sameCodeEverywhere([me!]);
  await me!.ui.confirmCode(true);

  // A vanished simulated person leaves the room, and the waiting box says so (issue 15.3).
  await expect(
    me!.page
      .getByTestId('waiting-item')
      .filter({ hasText: /Waiting for Carol|Carol left the room/ })
      .first(),
  ).toBeVisible();
  expect(await me!.ui.phase()).toMatch(/^(round1|echo|round2|confirm)$/);
  await snap(me!, 'rehearsal-vanish');
  await me!.ui.restartWithout('Carol');
  await me!.ui.waitForPhase('verify');
  expect(await sameCodeEverywhere([me!])).not.toBe(firstCode);
  await me!.ui.confirmCode(true);
  await me!.ui.waitForPhase('success');

  // Test signing by t simulated people works in a rehearsal.
  await me!.page.getByRole('button', { name: 'Sign a test message' }).click();
  await expect(me!.page.getByTestId('test-sign-result')).toHaveAttribute('data-status', 'ok');
  await snap(me!, 'rehearsal-success');
});
