// Reducer: lines/s through masking, tokenizing and clustering on one core, against splitting each line on
// spaces and dropping it, measured in the same run. BENCH_REDUCER_LINES sets the line count (default 200,000).
import { it } from 'vitest';
import { format, report } from './report';
import { runReducerBench } from './reducer';

const LINES = Number(process.env.BENCH_REDUCER_LINES ?? 200_000);

it('reducer', () => {
  const result = runReducerBench(LINES);
  const baseline = { name: 'split on spaces and drop', value: result.baselineLinesPerSecond };
  const context = `${result.lines} generated lines of ${result.averageLineLength} chars, ${result.patterns} patterns; CPU time, best of 5`;
  report('reducer: mask + tokenize + cluster', result.clusterLinesPerSecond, 'lines/s', baseline, `target ≥ 1,000,000 lines/s; ${context}`);
  report('reducer: whole operator (windows, samples, summaries)', result.operatorEventsPerSecond, 'events/s', baseline);
  console.log(
    `[bench] reducer: for context, JSON.parse of ${result.averageEventBytes}-byte events runs at ${format(result.jsonParseFloorPerSecond)}/s on this machine now`,
  );
});
