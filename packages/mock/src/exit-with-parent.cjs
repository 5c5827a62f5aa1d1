// Preloaded into the Prism process that @dashly/mock starts: Prism leaves when the process that started it
// goes, even when that one is killed without a chance to call stop() (the IPC channel closes either way).
"use strict";
if (process.send) {
  process.on("disconnect", () => process.exit(0));
}
