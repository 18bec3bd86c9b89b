/** Team settings on both stores: defaults until an admin sets them, the later choice wins. */
import { expect, it } from 'vitest';
import { describeStores } from './stores.js';

describeStores('team settings', ({ open }) => {
  it('gives the defaults on a new hub, then what was set last', async () => {
    const store = await open();
    expect(await store.teamSettings.get()).toEqual({ assignOnReply: true });
    await store.teamSettings.set({ assignOnReply: false });
    expect(await store.teamSettings.get()).toEqual({ assignOnReply: false });
    await store.teamSettings.set({ assignOnReply: true });
    expect(await store.teamSettings.get()).toEqual({ assignOnReply: true });
  });
});
