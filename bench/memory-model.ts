/** `npm run bench:memory`: the memory-model rows of `npm run bench` alone (no server, no database). */
import { memoryModelBench } from "./lib/memory-model";
import { formatTable } from "./lib/report";

const quick = process.argv.includes("--quick");
const rows = await memoryModelBench({ quick });
console.log(formatTable(rows));
