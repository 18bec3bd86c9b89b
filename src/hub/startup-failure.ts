/**
 * Start-up refusals an operator can act on: one line saying what failed,
 * where (the file, folder, port or variable), and what to do. The CLI
 * prints the message as it is; a hub created in-process throws the same
 * AppError. Node's own errors are translated here so no stack trace and no
 * bare errno reaches the terminal.
 */
import { AppError } from '../shared/errors.js';

/** What failed and where, then what to do: the shape of every start-up refusal. */
export function refuseStart(what: string, todo: string): AppError {
  return new AppError('INTERNAL', `${what}: ${todo}`);
}

/** A bad setting: the value, where it came from and what is expected. */
export function refuseSetting(what: string, todo: string): AppError {
  return new AppError('VALIDATION_FAILED', `${what}: ${todo}`);
}

export function errorCode(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

const FS_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file is in the way',
  ENOENT: 'it does not exist',
  EISDIR: 'it is a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/** "permission denied (EACCES)" — why a file operation failed, in words, with the code to search for. */
export function fsReason(error: unknown): string {
  const code = errorCode(error);
  if (code === null) return error instanceof Error ? error.message : String(error);
  const reason = FS_REASONS[code];
  return reason ? `${reason} (${code})` : code;
}

/** Why listening failed, for the host and port the operator chose. */
export function listenFailure(error: unknown, host: string, port: number): AppError {
  const where = `${host}:${port}`;
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return refuseStart(
        `port ${port} on ${host} is already in use (another hub or program listens there)`,
        'stop that program, or choose another port with --port (or SWITCHBOARD_PORT)',
      );
    case 'EACCES':
    case 'EPERM':
      return refuseStart(
        `not allowed to listen on ${where} (ports below 1024 need privileges)`,
        'choose a port from 1024 up with --port (or SWITCHBOARD_PORT)',
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return refuseStart(
        `cannot listen on ${host}: this machine has no such address`,
        'use --host 0.0.0.0 (every address), 127.0.0.1 (this machine only) or one of its own addresses',
      );
    default:
      return refuseStart(`cannot listen on ${where} (${fsReason(error)})`, 'check --host and --port');
  }
}

/** The one line for a failure nobody foresaw: its message, without the stack. */
export function unexpectedFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = errorCode(error);
  const firstLine = message.split('\n')[0] ?? message;
  return `could not start: ${firstLine}${code && !firstLine.includes(code) ? ` (${code})` : ''}`;
}
