/** Which URLs a tenant may register for our servers to call: https on public hosts only. */
import { describe, expect, it } from 'vitest';
import { isPublicHttpsUrl } from '#shared/validation/public-url.ts';

describe('isPublicHttpsUrl', () => {
  it.each([
    'https://hooks.example.com/tenantkit',
    'https://hooks.example.com:8443/a?b=c',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
  ])('accepts %s', (url) => {
    expect(isPublicHttpsUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://hooks.example.com/'],
    ['another scheme', 'ftp://hooks.example.com/'],
    ['no URL at all', 'hooks.example.com'],
    ['credentials', 'https://user:secret@hooks.example.com/'],
    ['loopback', 'https://127.0.0.1/'],
    ['loopback as one number', 'https://2130706433/'],
    ['loopback in hex', 'https://0x7f.1/'],
    ['the unspecified address', 'https://0.0.0.0/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['a 10/8 address', 'https://10.20.30.40/'],
    ['a 172.16/12 address', 'https://172.31.0.1/'],
    ['a 192.168/16 address', 'https://192.168.1.1/'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 unique-local', 'https://[fd00::1]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['localhost', 'https://localhost/'],
    ['a name under localhost', 'https://api.localhost/'],
    ['localhost with a trailing dot', 'https://localhost./'],
    ['an .internal name', 'https://metadata.google.internal/'],
    ['a .local name', 'https://printer.local/'],
    ['a single label', 'https://intranet/'],
  ])('refuses %s', (_case, url) => {
    expect(isPublicHttpsUrl(url)).toBe(false);
  });
});
