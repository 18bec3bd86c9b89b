/** What every service gets: storage, the writer, the clock, the logger and the config. */
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { Store } from '../store/store.js';
import type { SignalBus } from './signals.js';
import type { Writer } from './writer.js';

export interface HubContext {
  readonly store: Store;
  readonly writer: Writer;
  readonly bus: SignalBus;
  readonly now: () => number;
  readonly log: Logger;
  readonly config: HubConfig;
}
