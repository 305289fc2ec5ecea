import { type CompiledJourney, compileJourney } from '@stagecraft/compiler';
import { createSimulation, type Simulation, SimulationLimitError } from '@stagecraft/engine';
import { builtinRegistry } from '@stagecraft/nodes';
import { parseArgs, type SimulateArgs, USAGE } from './args';
import { parseEventsFile, type ScriptedEvent } from './events-file';
import { nodeTable, summary } from './table';

/** File access and output, injected so the command runs in tests without touching the disk. */
export interface CliIo {
  readFile(path: string): string;
  out(text: string): void;
  err(text: string): void;
}

const DAY = 86_400_000;

/** A command run on the operator's own machine may do ten times what the server allows one request. */
const CLI_LIMITS = { steps: 1_000_000, timers: 1_000_000, effects: 500_000 };

/** `pnpm simulate`: returns the exit code (0 done, 1 bad input or a journey with errors). */
export function runSimulate(argv: readonly string[], io: CliIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.err(`${parsed.error}\n\n${USAGE}`);
    return 1;
  }
  const { args } = parsed;
  const journeyText = read(io, args.journeyPath);
  if (journeyText === null) return 1;
  let document: unknown;
  try {
    document = JSON.parse(journeyText);
  } catch (error) {
    io.err(`${args.journeyPath}: not valid JSON (${(error as Error).message}).`);
    return 1;
  }

  const journeyId = args.journeyPath.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  const compiled = compileJourney(document, builtinRegistry, { journeyId, version: 1 });
  for (const diagnostic of compiled.diagnostics) {
    const where = diagnostic.nodeId ?? diagnostic.edgeId ?? diagnostic.path;
    io.err(`${diagnostic.severity}${where ? ` [${where}]` : ''}: ${diagnostic.message}`);
  }
  if (!compiled.ok) {
    io.err(`${args.journeyPath} has errors; fix them to simulate it.`);
    return 1;
  }
  const journey = compiled.journey;

  let events = null;
  if (args.eventsPath !== null) {
    const text = read(io, args.eventsPath);
    if (text === null) return 1;
    const result = parseEventsFile(text, args.eventsPath);
    if (!result.ok) {
      io.err(result.error);
      return 1;
    }
    events = result.events;
  }

  const sim = createSimulation(journey, { start: args.start, budget: { limits: CLI_LIMITS } });
  try {
    play(sim, journey, args, events, io);
  } catch (error) {
    if (!(error instanceof SimulationLimitError)) throw error;
    io.err(`${error.message} Simulate fewer customers or days, or add a longer wait to the loop.`);
    return 1;
  }
  const report = sim.report();
  io.out(`${nodeTable(journey, report)}\n\n${summary(report, args.customers, args.start)}`);
  return 0;
}

/** Identifies the customers, then plays the events (or enters everyone) and runs the clock to the end. */
function play(
  sim: Simulation,
  journey: CompiledJourney,
  args: SimulateArgs,
  events: ScriptedEvent[] | null,
  io: CliIo,
): void {
  const ids = Array.from({ length: args.customers }, (_, index) => `c${index + 1}`);
  for (const id of ids)
    sim.identify(id, { email: `${id}@example.com`, phone: '+15555550100', first_name: id });
  if (events === null) {
    const [first] = journey.triggers;
    if (first) {
      io.err(`No --events given: every customer enters at "${first.nodeId}" as if added by hand.`);
      for (const id of ids) sim.enter(id, first.nodeId);
    }
  } else {
    const ordered = events
      .map((event, order) => ({ event, order }))
      .sort((a, b) => a.event.afterSeconds - b.event.afterSeconds || a.order - b.order);
    for (const { event } of ordered) {
      sim.advanceTo(args.start + event.afterSeconds * 1000);
      for (const id of event.customerId === null ? ids : [event.customerId]) {
        if (event.name === 'identify') sim.identify(id, event.properties);
        else sim.track(id, event.name, event.properties);
      }
    }
  }
  sim.advanceTo(args.start + args.days * DAY);
}

function read(io: CliIo, path: string): string | null {
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    io.err(
      code === 'ENOENT' ? `${path}: no such file.` : `${path}: cannot be read (${(error as Error).message}).`,
    );
    return null;
  }
}
