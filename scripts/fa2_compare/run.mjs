// Runs graphology-layout-forceatlas2 (Barnes-Hut on) on an edge list written by
// `poolscope convert`, and prints milliseconds per iteration as JSON.
// Usage: node run.mjs edges.csv iterations
import fs from "node:fs";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";

const [file, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg ?? 30);
const graph = new Graph({ type: "undirected", multi: false });
const lines = fs.readFileSync(file, "utf8").split("\n").slice(1);
for (const line of lines) {
  if (!line) continue;
  const [s, t] = line.split(",");
  if (!graph.hasNode(s)) graph.addNode(s, { x: Math.random() * 1000, y: Math.random() * 1000 });
  if (!graph.hasNode(t)) graph.addNode(t, { x: Math.random() * 1000, y: Math.random() * 1000 });
  if (s !== t && !graph.hasEdge(s, t)) graph.addEdge(s, t);
}
const settings = { barnesHutOptimize: true, barnesHutTheta: 1.2, scalingRatio: 2, gravity: 1 };
forceAtlas2.assign(graph, { iterations: 20, settings });
const start = performance.now();
forceAtlas2.assign(graph, { iterations, settings });
const ms = (performance.now() - start) / iterations;
console.log(JSON.stringify({ nodes: graph.order, edges: graph.size, ms_per_iteration: ms }));
