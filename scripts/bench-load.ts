/**
 * `npm run bench:load [-- --rate 200 --duration 30 --users 2000 --db pglite|postgres|both --workers N --split]`:
 * sustained signed LINE webhook traffic, sent open-loop at a steady rate, against the real server (a child
 * process running src/main.ts) on 127.0.0.1, with the LINE emulator answering. Reports accepted events per
 * second, response latency p50/p99 (client side and the server's own histogram), end-to-end reply latency
 * p50/p95 (the emulator's receipt time minus the send time, on the offline path: no model), processing
 * throughput, the server's CPU per event and memory (RSS), event-loop delay, and whether anything was lost
 * or sent twice; and, as the floor under all of it, a trivial HTTP server at the same rate on the same
 * machine. PostgreSQL runs when DATABASE_URL or TEST_DATABASE_URL is set (a throwaway database on it).
 */
import { runLoadBench } from '../tests/chaos/support/load-bench.ts';

const results = await runLoadBench(process.argv.slice(2));
console.log(JSON.stringify(results, null, 2));
process.exitCode = results.every((r) => r.lost === 0 && r.duplicates === 0) ? 0 : 1;
