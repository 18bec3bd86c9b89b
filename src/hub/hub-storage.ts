/**
 * What the hub opens in its data folder before it serves, in order: the
 * folder (created if missing, and it must be writable), hub.sqlite (checked,
 * then migrated), blobs/, and the secret key, which must open the channel
 * credentials already sealed. Media files are kept in <dataDir>/blobs on
 * SQLite, in the database on PostgreSQL, or in the folder --blob-dir names
 * (a folder every hub node shares, docs/scaling.md). Each refusal is one
 * line naming the file and what to do; whatever opened is closed again when a
 * later step fails, so a process that embeds the hub (tests) is left with
 * nothing open.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { HubConfig } from './config.js';
import { CredentialVault, type SealedCredentials } from './services/vault.js';
import { fsReason, refuseStart } from './startup-failure.js';
import { FileBlobStore } from './store/blob-files.js';
import type { BlobStore } from './store/ports/blobs.js';
import { PostgresBlobStore } from './store/postgres/blobs.js';
import type { Store } from './store/store.js';
import { openSqliteStore } from './store/sqlite/store.js';
import { openPostgresStore } from './store/postgres/store.js';

export interface HubStorage {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly vault: CredentialVault;
}

const WRITABLE =
  'choose a folder the hub can write with --data-dir (or SWITCHBOARD_DATA_DIR), or give the user running the hub write access to it';

export async function openHubStorage(config: HubConfig, log: Pick<Logger, 'error'>): Promise<HubStorage> {
  prepareFolder(config.dataDir, 'the data folder');
  // SQLite in the data folder by default; a shared Postgres when SWITCHBOARD_DATABASE_URL names one (docs/scaling.md).
  const store = config.databaseUrl
    ? await openPostgresStore({ url: config.databaseUrl, applicationName: 'switchboard-hub' })
    : await openSqliteStore(config.dataDir);
  try {
    const blobs = await openBlobs(config);
    try {
      const vault = await openVault(store, config, log);
      return { store, blobs, vault };
    } catch (error) {
      await blobs.close();
      throw error;
    }
  } catch (error) {
    await store.close();
    throw error;
  }
}

function prepareFolder(dir: string, what: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw refuseStart(`cannot use ${what} ${dir}: ${fsReason(error)}`, WRITABLE);
  }
}

async function openBlobs(config: HubConfig): Promise<BlobStore> {
  if (config.databaseUrl !== undefined && config.blobDir === undefined) {
    return PostgresBlobStore.connect({ url: config.databaseUrl });
  }
  const dir = config.blobDir ?? path.join(config.dataDir, 'blobs');
  prepareFolder(dir, 'the media folder');
  try {
    return new FileBlobStore(dir);
  } catch (error) {
    throw refuseStart(`cannot use the media folder ${dir}: ${fsReason(error)}`, WRITABLE);
  }
}

/**
 * The vault, checked against every live channel's sealed credentials: a key that opens none of them is the
 * wrong key (refused); one that opens some leaves the others damaged (logged, so an admin re-enters them
 * through the API, which a refusal to start would make impossible).
 */
async function openVault(store: Store, config: HubConfig, log: Pick<Logger, 'error'>): Promise<CredentialVault> {
  const sealed: SealedCredentials[] = (
    await Promise.all(
      (await store.channels.list()).flatMap(async (channel) => {
        const credentials = await store.channels.sealedCredentials(channel.id);
        return credentials ? [{ channelId: channel.id, sealed: credentials }] : [];
      }),
    )
  ).flat();
  const vault = CredentialVault.open(config.dataDir, config.secretKey, sealed.length > 0);
  const unopenable = vault.unopenable(sealed);
  if (sealed.length > 0 && unopenable.length === sealed.length) throw vault.wrongKey();
  if (unopenable.length > 0) {
    log.error(
      { channelIds: unopenable, key: vault.source },
      'the secret key opens the other channels’ credentials but not these (damaged?): an admin must enter them again',
    );
  }
  return vault;
}
