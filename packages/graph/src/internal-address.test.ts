import { describe, expect, it } from 'vitest';
import { blockedReason, internalAddressClass, literalInternalHost } from './internal-address';

describe('internalAddressClass', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'cloud metadata'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'cloud metadata'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b:1::a00:1', 'NAT64 local-use'],
    ['2002:7f00:1::', 'loopback'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, expected) => {
    expect(internalAddressClass(address)).toBe(expected);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '2606:4700::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    'example.com',
    '127.1',
  ])('%s is not internal', (address) => {
    expect(internalAddressClass(address)).toBeNull();
  });

  it('words the refusal with the address and its class', () => {
    expect(blockedReason('127.0.0.1', 'loopback')).toBe('blocked: 127.0.0.1 is a loopback address');
    expect(blockedReason('::', 'unspecified')).toBe('blocked: :: is an unspecified address');
  });
});

describe('literalInternalHost', () => {
  it.each([
    ['http://127.0.0.1:8080/x', '127.0.0.1'],
    ['http://0x7f000001/x', '127.0.0.1'],
    ['http://2130706433/x', '127.0.0.1'],
    ['http://127.1/x', '127.0.0.1'],
    ['http://[::1]:9/x', '[::1]'],
    ['http://localhost:3000/', 'localhost'],
    ['http://api.localhost/', 'api.localhost'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['https://10.0.0.5/users/{{ profile.id }}', '10.0.0.5'],
  ])('%s is internal', (url, host) => {
    expect(literalInternalHost(url)?.host).toBe(host);
  });

  it.each(['https://api.example.com/x', 'https://8.8.8.8/', 'not a url', 'https://{{ profile.host }}/'])(
    '%s is not literally internal',
    (url) => {
      expect(literalInternalHost(url)).toBeNull();
    },
  );
});
