// One Chromium served on loopback for a `--parallel` run (Playwright's launchServer),
// alive exactly as long as the run: when the run's end of standard input closes (the
// run ended, or was killed, on any OS), the browser is closed and this process exits.
// Arguments: the Playwright driver's package folder, then the launch options (JSON file).
"use strict";

const fs = require("fs");

const [packageFolder, optionsFile] = process.argv.slice(2);

async function serve() {
  const { chromium } = require(packageFolder);
  const options = JSON.parse(fs.readFileSync(optionsFile, "utf8"));
  const server = await chromium.launchServer(options);
  process.stdout.write(server.wsEndpoint() + "\n");
  const stop = () => server.close().finally(() => process.exit(0));
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}

serve().catch((error) => {
  process.stderr.write(String((error && error.message) || error) + "\n");
  process.exit(1);
});
