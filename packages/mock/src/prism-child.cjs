// Preloaded into the Prism process that @dashly/mock starts: its link to the process that started it.
// Prism leaves when that process goes, even when it is killed without a chance to call stop() (the IPC
// channel closes either way). And Prism, started on port 0, says which port the system gave it: the server
// takes its own port, so no other process can take it between a probe and the listen.
"use strict";
const { Server } = require("node:net");

if (process.send) {
  process.on("disconnect", () => process.exit(0));
  const listen = Server.prototype.listen;
  Server.prototype.listen = function listenAndReport(...args) {
    this.once("listening", () => {
      const address = this.address();
      if (address && typeof address === "object") process.send({ dashlyMockListening: address.port });
    });
    return listen.apply(this, args);
  };
}
