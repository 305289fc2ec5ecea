import { readFileSync } from 'node:fs';
import { runSimulate } from './run-simulate';

/** Entry point of `pnpm simulate`; everything but the file system and the exit code lives in runSimulate. */
process.exitCode = runSimulate(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
