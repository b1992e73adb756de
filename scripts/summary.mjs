// Prints the summary line CI reads, last and exactly `N passed, N failed`, summed over every vitest JSON report
// given (one per pass: Node 24, Node 22, ...); skipped tests, when any, on the line before it, never as passed.
// A missing or unreadable report counts as a failure.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
  let results;
  try {
    results = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    failed += 1;
    continue;
  }
  // A file that failed to load has no failed tests of its own; count it so it is never silent.
  const brokenFiles = (results.testResults ?? []).filter(
    (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
  passed += results.numPassedTests ?? 0;
  failed += (results.numFailedTests ?? 0) + brokenFiles;
  skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
}
if (skipped) console.log(`${skipped} skipped (not counted as passed)`);
console.log(`${passed} passed, ${failed} failed`);
