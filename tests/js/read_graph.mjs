// Reads a GEXF or GraphML file with graphology's own parsers (those of Gephi Lite and sigma.js)
// and prints the graph as graphology serializes it: {options, attributes, nodes, edges}.
// Usage: node read_graph.mjs gexf|graphml FILE
import {readFileSync} from 'node:fs';
import Graph from 'graphology';
import gexf from 'graphology-gexf';
import graphml from 'graphology-graphml';

const [format, path] = process.argv.slice(2);
const parsers = {gexf, graphml};
if (!parsers[format] || !path) {
  console.error('usage: node read_graph.mjs gexf|graphml FILE');
  process.exit(2);
}
const graph = parsers[format].parse(Graph, readFileSync(path, 'utf-8'));
console.log(JSON.stringify(graph.export()));
