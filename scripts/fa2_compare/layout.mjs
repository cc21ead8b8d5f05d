// Lays out an edge list written by `poolscope convert` with graphology-layout-forceatlas2,
// using the settings graphology infers for the graph, and writes `id,x,y` plus the time.
// Usage: node layout.mjs edges.csv iterations out.csv
import fs from "node:fs";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

const [file, iterationsArg, out] = process.argv.slice(2);
const iterations = Number(iterationsArg ?? 500);
const graph = new Graph({ type: "undirected", multi: false });
// A fixed seed for the starting square, so runs repeat.
let seed = 1;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
  if (!line) continue;
  const [s, t] = line.split(",");
  for (const v of [s, t]) {
    if (!graph.hasNode(v)) graph.addNode(v, { x: random() * 1000, y: random() * 1000 });
  }
  if (s !== t && !graph.hasEdge(s, t)) graph.addEdge(s, t);
}
const settings = forceAtlas2.inferSettings(graph);
const start = performance.now();
forceAtlas2.assign(graph, { iterations, settings });
const ms = performance.now() - start;
const rows = ["id,x,y"];
graph.forEachNode((id, a) => rows.push(`${id},${a.x},${a.y}`));
fs.writeFileSync(out, rows.join("\n") + "\n");
console.log(JSON.stringify({ nodes: graph.order, edges: graph.size, ms, settings }));
