import { expect, test } from '@playwright/test';

test('the app loads under its strict Content-Security-Policy with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  await expect(page.locator('[data-phase]').first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('the signalling server answers its health check', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.ok()).toBe(true);
  expect(await res.json()).toMatchObject({ ok: true });
});
