/** Electron main entry: everything happens in the shell, which forwards to the core. */
import { runShell } from './shell/app.js';

runShell();
