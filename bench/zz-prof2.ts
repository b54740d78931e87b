import { generateLines } from './reducer';
import { DEFAULT_DELIMITERS } from '../server/operations/transforms/log-reducer';
import { DEFAULT_ENABLED_MASKS, builtinMask } from '../server/reducer/builtin-masks';
import { MessageScanner } from '../server/reducer/scanner';
import { LogReducer } from '../server/reducer/log-reducer';
const lines: string[] = JSON.parse(JSON.stringify(generateLines(200000)));
const mk = () => new MessageScanner({ delimiters: DEFAULT_DELIMITERS, masks: DEFAULT_ENABLED_MASKS.map((name) => ({ name, builtin: builtinMask(name)! })) });
const r = new LogReducer({ scanner: mk(), similarityThreshold: 70, dedupThreshold: 4, windowMs: 120000, logarithmBase: null, repeatCountInSummaryMessage: true, partitionByTags: [], partitionByAttributes: [], isException: null, now: () => 0 });
const sc = mk();
for (let round = 0; round < 5; round++) {
  let t = performance.now(); let s = 0;
  for (const l of lines) s += sc.scan(l);
  const a = performance.now() - t; t = performance.now();
  for (const l of lines) r.cluster(l);
  const b = performance.now() - t;
  t = performance.now(); for (const l of lines) s += l.split(' ').length; const c = performance.now() - t;
  console.log(`scan ${(lines.length/a/1e3).toFixed(2)} cluster ${(lines.length/b/1e3).toFixed(2)} split ${(lines.length/c/1e3).toFixed(2)} M/s`);
}
console.log(r.stats());
const counts = new Map<number, number>();
for (const p of r.patternsOf('')) { }
console.log(r.patternsOf('').slice(0, 60).map(p => p.template).join('\n'));
