// Builds the panel bundle: one minified ES module, no source map, byte-identical between runs.
// `node build.mjs [outfile]` (default: the integration's committed bundle).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = process.argv[2] ?? `${root}custom_components/housekey/frontend/housekey-panel.js`;

await build({
  entryPoints: [fileURLToPath(new URL("src/housekey-panel.ts", import.meta.url))],
  outfile,
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2022",
  sourcemap: false,
  legalComments: "none",
  charset: "utf8",
  logLevel: "warning",
});
