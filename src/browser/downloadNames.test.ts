import { describe, expect, it } from 'vitest';
import { downloadName, fileSlug, MAX_SLUG_LENGTH } from './downloadNames';

describe('download names (issue 15.5)', () => {
  it('names files after the label and the person', () => {
    expect(downloadName('key-package-backup', { label: 'Treasury 2026', person: 'Carol' })).toBe(
      'treasury-2026.carol.key-package.json.age',
    );
    expect(downloadName('key-package', { label: 'Treasury 2026', person: 'Carol' })).toBe(
      'treasury-2026.carol.key-package.json',
    );
    expect(downloadName('certificate', { label: 'Treasury 2026', person: 'Carol' })).toBe(
      'treasury-2026.certificate.json',
    );
    expect(downloadName('public-key-package', { label: 'Treasury 2026' })).toBe(
      'treasury-2026.public-key-package.json',
    );
    expect(downloadName('failure-record', { label: 'Treasury 2026', attempt: 2 })).toBe(
      'treasury-2026.attempt-2.failure.json',
    );
  });

  it('two keys or two people never share a name', () => {
    const a = downloadName('key-package-backup', { label: 'Treasury 2026', person: 'Carol' });
    expect(downloadName('key-package-backup', { label: 'Payroll 2026', person: 'Carol' })).not.toBe(a);
    expect(downloadName('key-package-backup', { label: 'Treasury 2026', person: 'Bob' })).not.toBe(a);
  });

  it('keeps only characters every file system accepts', () => {
    const hostile = [
      '../../etc/passwd',
      'C:\\x',
      'a/b',
      'tab\there',
      'new\nline',
      'rtl\u202Egnp.exe',
      'ünïcödé',
      '日本',
      '   ',
      '...',
      'a:b*c?"<>|',
      'CON',
      'lpt1',
      'x'.repeat(500),
    ];
    for (const h of hostile) {
      const name = downloadName('key-package-backup', { label: h, person: h });
      expect(name, h).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+\.key-package\.json\.age$/);
      expect(name.length, h).toBeLessThanOrEqual(2 * MAX_SLUG_LENGTH + 30);
      for (const part of name.split('.')) expect(part, h).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/);
    }
    expect(fileSlug('ünïcödé', 'x')).toBe('unicode');
    expect(fileSlug('日本', 'custodian')).toBe('custodian');
    expect(fileSlug('CON', 'custodian')).toBe('con-custodian');
  });
});
