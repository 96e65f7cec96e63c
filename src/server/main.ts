/** Standalone entry: `node bin/tsx.mjs src/server/main.ts [--port P] [--host H] [--static DIR]`. */
import { serveCommand } from './serve';

process.exitCode = await serveCommand(process.argv.slice(2));
