/**
 * How parts outside the core plug into a hub: the provider integration
 * (webhook routes, the outbound dispatcher, the media fetcher, Telegram
 * polling) and demo mode. `register` runs before the server listens (add
 * routes, set the dispatcher), `start` after it listens, `stop` on shutdown
 * before the database closes.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { HubConfig } from '../config.js';
import type { HubServices } from '../services/hub-services.js';
import type { BlobStore } from '../store/ports/blobs.js';
import type { Store } from '../store/store.js';

export interface HubRuntime {
  readonly config: HubConfig;
  readonly services: HubServices;
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly app: FastifyInstance;
  readonly log: Logger;
  readonly now: () => number;
  /** The address the hub listens on (http://127.0.0.1:port); valid once started. */
  readonly url: string;
}

export interface HubExtension {
  readonly name: string;
  register?(hub: HubRuntime): void | Promise<void>;
  start?(hub: HubRuntime): void | Promise<void>;
  stop?(hub: HubRuntime): void | Promise<void>;
}
