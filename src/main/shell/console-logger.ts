/**
 * The shell's logger: warnings and errors go to the console, where Electron
 * keeps them in the terminal or the OS log; the core's debug and info lines
 * are dropped (the core itself never writes to the console).
 */
import { silentLogger, type Logger } from '../core/logger.js';

export const consoleLogger: Logger = {
  ...silentLogger,
  warn: (fields, message) => console.warn(message ?? '', fields),
  error: (fields, message) => console.error(message ?? '', fields),
};
