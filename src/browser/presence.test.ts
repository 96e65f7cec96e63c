import { describe, expect, it } from 'vitest';
import { PresenceTracker, presenceStateOf } from './presence';

describe('presence (issue 15.3)', () => {
  it('a person out of the room has left; in the room with the link down, the connection is lost', () => {
    expect(presenceStateOf({ inRoom: false, link: 'direct' })).toBe('left');
    expect(presenceStateOf({ inRoom: true, link: 'down' })).toBe('connection-lost');
    expect(presenceStateOf({ inRoom: true, link: 'relayed' })).toBe('connected');
    expect(presenceStateOf({ inRoom: true, link: undefined })).toBe('connected');
  });

  it('keeps since when each state holds, and restarts it on a change', () => {
    const t = new PresenceTracker();
    expect(t.update([{ id: 'c', inRoom: true, link: 'direct' }], 1000, true)).toEqual({
      c: { state: 'connected', since: 1000 },
    });
    expect(t.update([{ id: 'c', inRoom: true, link: 'direct' }], 2000, true)).toEqual({
      c: { state: 'connected', since: 1000 },
    });
    expect(t.update([{ id: 'c', inRoom: false, link: 'direct' }], 3000, true)).toEqual({
      c: { state: 'left', since: 3000 },
    });
    expect(t.update([{ id: 'c', inRoom: false, link: 'down' }], 9000, true)).toEqual({
      c: { state: 'left', since: 3000 },
    });
    expect(t.update([{ id: 'c', inRoom: true, link: 'direct' }], 9500, true)).toEqual({
      c: { state: 'connected', since: 9500 },
    });
  });

  it('does not call everyone gone while my own server connection is down', () => {
    const t = new PresenceTracker();
    t.update([{ id: 'c', inRoom: true, link: 'direct' }], 1000, true);
    expect(t.update([{ id: 'c', inRoom: false, link: 'down' }], 2000, false)).toEqual({
      c: { state: 'connected', since: 1000 },
    });
  });
});
