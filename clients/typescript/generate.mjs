// Generates src/schema.d.ts from an OpenAPI document with openapi-typescript, reading binary
// strings (a picture upload or download) as Blob.
//   node generate.mjs <openapi.json> <out.d.ts>
import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const [input, output] = process.argv.slice(2);
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const ast = await openapiTS(JSON.parse(readFileSync(input, "utf8")), {
  transform(schema) {
    if (schema.format === "binary") {
      return BLOB;
    }
    return undefined;
  },
});
writeFileSync(output, astToString(ast));
