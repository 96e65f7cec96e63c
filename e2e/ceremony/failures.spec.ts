/**
 * Failures in real browsers: a participant whose browser sends a bad share (the test build's
 * `?fault=bad-share` switch), one who closes their tab for good mid-ceremony, and one who
 * reloads mid-ceremony. Each story ends with a successful ceremony among those left.
 */
import {
  allReach,
  confirmCodes,
  createAndLock,
  expect,
  onRoundOneStart,
  sameCodeEverywhere,
  sameGroupKeyEverywhere,
  snap,
  test,
} from '../fixtures/ceremony-actors';

test.describe.configure({ timeout: 150_000 });

test('a bad share is blamed on its sender by every other screen; restart without them succeeds', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol'], { Carol: { query: { fault: 'bad-share' } } });
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  const firstCode = await confirmCodes([alice!, bob!, carol!]);

  // Every honest screen stops and names Carol, in plain words.
  for (const a of [alice!, bob!]) {
    await a.ui.waitForPhase('failed');
    await expect(a.page.getByTestId('failure-title'), `${a.name}'s headline`).toHaveText(
      'The ceremony stopped because of Carol.',
    );
    await expect.poll(() => a.ui.culprits(), { message: `${a.name}'s culprits` }).toEqual(['Carol']);
    await expect(a.page.getByTestId('failure-finding').filter({ hasText: 'Carol' }).first()).toBeVisible();
    await expect(a.page.getByTestId('download-evidence')).toBeVisible();
  }
  // Only the coordinator may restart; Bob is told that Alice can.
  await expect(bob!.page.getByTestId('restart-without')).toHaveCount(0);
  await expect(bob!.page.getByTestId('waiting-for-restart')).toContainText('Alice can restart without Carol');
  await snap(alice!, 'failure');
  await snap(bob!, 'failure-guest');

  await expect(alice!.page.getByTestId('restart-without')).toHaveText('Restart without Carol');
  await alice!.ui.restartWithoutCulprits();
  await allReach([alice!, bob!], 'verify');
  await expect(alice!.page.getByTestId('new-attempt')).toContainText('Compare it again');
  await expect(alice!.page.getByTestId('roster-member')).toHaveCount(2);
  const secondCode = await sameCodeEverywhere([alice!, bob!]);
  expect(secondCode, 'a new attempt has a new code').not.toBe(firstCode);
  await confirmCodes([alice!, bob!]);
  await sameGroupKeyEverywhere([alice!, bob!]);
  // Carol's browser learns that the others went on without her.
  await expect(carol!.page.getByTestId('failure-title')).toHaveText('The others continue without you');
  await snap(carol!, 'excluded');
});

test('a participant who closes their tab for good is waited for by name; restart without them succeeds', async ({
  cast,
}) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  // Carol's tab goes away the moment round 1 starts for her (after everyone confirmed the code).
  await onRoundOneStart(carol!, 'leave');
  const firstCode = await confirmCodes([carol!, alice!, bob!]);
  await carol!.page.waitForURL('about:blank');
  await carol!.page.close();

  for (const a of [alice!, bob!]) {
    // She is gone, not slow: the waiting box says so (issue 15.3).
    await expect(
      a.page
        .locator('[data-testid="waiting-item"][data-presence="left"]')
        .filter({ hasText: 'Carol left the room' })
        .first(),
      `${a.name} sees Carol gone`,
    ).toBeVisible();
    expect(await a.ui.phase()).toMatch(/^(round1|echo|round2|confirm)$/);
  }
  await snap(alice!, 'progress-waiting');
  await snap(alice!, 'progress-waiting', 'phone');
  await expect(bob!.page.getByRole('button', { name: 'Restart without Carol' })).toHaveCount(0);

  await alice!.ui.restartWithout('Carol');
  await allReach([alice!, bob!], 'verify');
  const secondCode = await sameCodeEverywhere([alice!, bob!]);
  expect(secondCode).not.toBe(firstCode);
  await expect(bob!.page.getByTestId('roster-member')).toHaveCount(2);
  await confirmCodes([alice!, bob!]);
  await sameGroupKeyEverywhere([alice!, bob!]);
});

test('a participant who reloads mid-ceremony resumes the same session and the ceremony completes', async ({ cast }) => {
  const [alice, bob, carol] = await cast.open(['Alice', 'Bob', 'Carol']);
  await createAndLock(alice!, [bob!, carol!], { label: cast.label, t: 2, n: 3 });
  // Bob's page reloads itself the moment round 1 starts for him (his round-1 secret is saved then).
  await onRoundOneStart(bob!, 'reload');
  const code = await confirmCodes([bob!, alice!, carol!]);

  await expect(bob!.page.getByTestId('notice')).toContainText('Resumed your ceremony where you left off.');
  const phaseAtReload = await bob!.page.evaluate(() => sessionStorage.getItem('e2e-phase-at-trigger'));
  expect(phaseAtReload, 'the reload happened after round 1 started').toMatch(/^(round1|echo|round2|confirm|success)$/);
  cast.mark(`reloaded at ${phaseAtReload}`);
  // Same session: the same code in the header after the reload.
  await expect(bob!.page.getByTestId('header-code')).toHaveText(code);
  await sameGroupKeyEverywhere([alice!, bob!, carol!]);
  await expect(bob!.page.getByTestId('header-code')).toHaveText(code);
});
